"""Acronyms learned from the labels themselves: "Registered Nurse (RN)", "CEO (Chief Executive
Officer)", "BD Executive" beside "Business Development Executive".

O*NET files thousands of alternate titles with their short forms, and ESCO labels carry many
"long form (ACRONYM)" pairs. An acronym's expansion is the run of consecutive words whose
initials spell it ("and", "of", "&" may sit in between); the most frequent expansion wins.
At query time an all-capital token (or a token that is a known acronym and not a label word)
is replaced by its expansion in one more query variant, so "MEAL Officer" is also searched as
"monitoring evaluation accountability and learning officer".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from destinai.search.text import fold

PAREN = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
SKIP = {"and", "of", "&", "the", "for", "in"}
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")
# Job-ad acronyms that no ESCO or O*NET label spells out (humanitarian programmes, FMCG,
# banking). Some are English words too ("WASH"), so they are expanded only when written in
# capitals; a learned acronym wins over this table.
JOB_AD_ACRONYMS = {
    "wash": "water sanitation and hygiene", "gbv": "gender based violence",
    "sgbv": "sexual and gender based violence", "nfi": "non food items",
    "fsl": "food security and livelihoods", "ecd": "early childhood development",
    "ece": "early childhood education", "kg": "kindergarten",
    "idp": "internally displaced persons", "mhpss": "mental health and psychosocial support",
    "srh": "sexual and reproductive health", "chw": "community health worker",
    "cmam": "community management of acute malnutrition",
    "iycf": "infant and young child feeding", "drr": "disaster risk reduction",
    "psea": "protection from sexual exploitation and abuse",
    "fmcg": "fast moving consumer goods", "fb": "food and beverage",
    "sme": "small and medium enterprises", "kyc": "know your customer",
    "aml": "anti money laundering", "hrbp": "human resources business partner",
    "ld": "learning and development", "bdm": "business development manager",
    "bdo": "business development officer", "gm": "general manager",
    "dgm": "deputy general manager", "cdl": "commercial driver licence", "pv": "photovoltaic",
    "qhse": "quality health safety and environment", "ehs": "environment health and safety",
    "ohs": "occupational health and safety", "mel": "monitoring evaluation and learning",
    "merl": "monitoring evaluation research and learning",
}


def expansion(acronym: str, words: list[str]) -> list[str] | None:
    """The consecutive words of ``words`` whose initials spell ``acronym``, if any."""
    letters = acronym.lower().replace("&", "")
    for start in range(len(words)):
        i, j, taken = start, 0, []
        while i < len(words) and j < len(letters):
            w = words[i].lower()
            if w[:1] == letters[j]:
                taken.append(w)
                j += 1
            elif w in SKIP and taken:
                taken.append(w)
            else:
                break
            i += 1
        if j == len(letters) and len(taken) >= 2:
            return taken
    return None


def learn(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """acronym (folded) -> expansion (folded) from (title, short title) pairs and from
    labels written "long form (SHORT)" or "SHORT (long form)"."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for title, short in pairs:
        texts = [(title, short)] if short else []
        match = PAREN.match(title)
        if match:
            texts += [(match.group(1), match.group(2)), (match.group(2), match.group(1))]
        for long_form, short_form in texts:
            words = re.findall(r"[\w&]+", long_form)
            for token in re.findall(r"[\w&]+", short_form):
                if ACRONYM.match(token) and not token.isdigit():
                    expanded = expansion(token, words)
                    if expanded:
                        found[fold(token)][" ".join(expanded)] += 1
    return {acronym: counts.most_common(1)[0][0] for acronym, counts in found.items()
            if acronym and " " not in acronym}


def expand(title: str, acronyms: dict[str, str]) -> str | None:
    """``title`` folded with its acronyms expanded, or None when it has none."""
    out, changed = [], False
    for token in re.findall(r"[\w&]+", title):
        folded = fold(token.replace("&", ""))
        if folded in acronyms and (ACRONYM.match(token) or len(folded) <= 4):
            out.append(acronyms[folded])
            changed = True
        else:
            out.append(fold(token))
    return " ".join(w for w in out if w) if changed else None


def expand_job_ad(title: str) -> str | None:
    """``title`` with the capitalised job-ad acronyms of :data:`JOB_AD_ACRONYMS` spelled out
    ("WASH Officer" -> "water sanitation and hygiene Officer"), or None when it has none."""
    changed = False

    def spell(match: re.Match[str]) -> str:
        nonlocal changed
        token = match.group(0)
        folded = fold(token.replace("&", ""))
        if ACRONYM.match(token) and folded in JOB_AD_ACRONYMS:
            changed = True
            return JOB_AD_ACRONYMS[folded]
        return token

    spelled = re.sub(r"[\w&]+", spell, title)
    return spelled if changed else None
