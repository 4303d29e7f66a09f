"""Explicit mentions: ESCO skill labels (preferred and alternative) found verbatim in a text."""

from __future__ import annotations

import re

from destinai.search.index import KindIndex

ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")

MAX_WORDS = 6
# single words that are skill labels but mostly ordinary words in CVs and ads
AMBIGUOUS = {"go", "act", "lead", "sell", "drive", "read", "write", "listen", "teach", "cook",
             "work", "plan", "care", "test", "design", "manage", "support", "service", "order",
             "present", "report", "record", "check", "control", "monitor", "train", "use",
             "build", "run", "make", "help", "advise", "inform", "assist", "process", "handle",
             "operate", "maintain", "prepare", "develop", "create", "organise", "organize",
             "communicate", "coordinate", "negotiate", "perform", "apply", "analyse", "analyze",
             "evaluate", "ensure", "provide", "deliver", "promote", "protect", "repair",
             "clean", "install", "measure", "calculate", "inspect", "sing", "dance", "swim",
             "speak", "management", "languages", "language", "literature", "art", "music",
             "history", "spring", "access", "word", "pascal", "scheme", "data", "team",
             "experience", "customer", "customers", "results", "people", "time", "information",
             "business", "project", "projects", "office", "product", "products", "quality"}


class PhraseMatcher:
    """Longest-first, non-overlapping matching of folded skill labels over folded words."""

    def __init__(self, skills: KindIndex) -> None:
        self.skills = skills
        strings = skills.fuzzy_choices.strings
        self.position = dict(zip(strings, range(len(strings)), strict=True))
        # how short labels are written: an acronym in the text must match one exactly
        self.written: dict[str, set[str]] = {}
        for text in [t for t in skills.texts if len(t) <= 8 and " " not in t]:
            self.written.setdefault(text.lower(), set()).add(text)

    def written_as(self, token: str) -> bool:
        """Whether a one-word label is written exactly like ``token`` (case included)."""
        return token in self.written.get(token.lower(), set())

    def owners(self, words: tuple[str, ...]) -> list[int]:
        """Skills with a label equal to these words (ambiguous single words excluded)."""
        if len(words) == 1:
            word = words[0]
            if word in AMBIGUOUS or (len(word) < 3 and not any(c in word for c in "+#")):
                return []
        i = self.position.get(" ".join(words))
        if i is None:
            return []
        lo, hi = self.skills.fuzzy_ptr[i], self.skills.fuzzy_ptr[i + 1]
        return self.skills.fuzzy_owner[lo:hi].tolist()

    def find(self, words: list[str], tokens: list[str] | None = None
             ) -> list[tuple[int, int, list[int]]]:
        """(first word, last word inclusive, skill owners) for each match; with the
        ``tokens`` as written, an acronym ("POS") does not match a label that writes the
        same letters in mixed case ("PoS")."""
        out = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                owners = self.owners(tuple(words[i:i + n]))
                if owners and n == 1 and tokens is not None and not self._case_fits(tokens[i]):
                    owners = []
                if owners:
                    out.append((i, i + n - 1, owners))
                    i += n
                    break
            else:
                i += 1
        return out

    def _case_fits(self, token: str) -> bool:
        # "POS" is not "PoS": an acronym never matches a label that writes it in mixed case
        forms = self.written.get(token.lower())
        if not forms or token in forms or ACRONYM.match(token) is None:
            return True
        return not any(sum(c.isupper() for c in f) >= 2 and not f.isupper() for f in forms)
