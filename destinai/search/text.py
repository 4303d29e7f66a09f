"""Text normalisation shared by search, title normalisation and extraction."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+(?:[+#]+|\.(?=net\b))?|[+#]{1,2}", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents, punctuation collapsed to single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(WORD.findall(text.lower()))


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def singular(word: str) -> str:
    """A plural English word made singular ("nurses" -> "nurse", "secretaries" ->
    "secretary"); words that only look plural ("process", "status", "analysis") stay.
    "-es" plurals keep their "e" ("coaches" -> "coache"): see :func:`keys`."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1]


def key(text: str) -> str:
    """The exact-match key: folded (case, accents, punctuation) with every word singular."""
    return " ".join(singular(w) for w in fold(text).split())


ES_PLURAL = ("ches", "shes", "sses", "xes", "zes")


def keys(text: str) -> list[str]:
    """Keys to look a query up by: :func:`key`, then the reading of "-es" plurals without
    their "e" ("coaches" -> "coach"; "attachés" stays "attache" by the first key)."""
    words = fold(text).split()
    first = " ".join(singular(w) for w in words)
    second = " ".join(w[:-2] if w.endswith(ES_PLURAL) and len(w) > 4 else singular(w)
                      for w in words)
    return [first] if second == first else [first, second]
