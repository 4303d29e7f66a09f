"""Tokens of English text: one word pattern, one stop-word list, the Snowball stemmer."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

# A word: letters and digits, with a trailing "+"/"#" kept ("c++", "c#"); at least one letter.
WORD = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*[+#]*")
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "other", "others", "such", "that", "the", "their", "them", "they",
    "this", "to", "with", "within", "without", "all", "etc", "including", "e", "g", "i",
    "various", "use", "using", "your", "you", "related", "relevant", "also"))

Analyser = Callable[[str], list[str]]

_ENGLISH = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word: welding, welds -> weld."""
    return str(_ENGLISH.stemWord(word))


def _tokens(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def words(text: str) -> list[str]:
    """Word stems of ``text``, stop words dropped."""
    return [stem(w) for w in _tokens(text)]


# Agent-noun endings Snowball keeps ("welder", "operator", "machinist"): folded in job titles so
# that "welder" meets "welding", "teacher" meets "teaching".
AGENT_SUFFIXES = ("ist", "er", "or")


def title_stem(word: str) -> str:
    """:func:`stem`, then an agent-noun ending dropped (keeping at least three letters)."""
    base = stem(word)
    for suffix in AGENT_SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            return base[: -len(suffix)]
    return base


def title_words(text: str) -> list[str]:
    """Word stems of a job title, agent nouns folded onto their activity, stop words dropped."""
    return [title_stem(w) for w in _tokens(text)]


def char_ngrams(text: str, n: int = 3) -> list[str]:
    """Character ``n``-grams inside each word (padded with spaces), stop words dropped."""
    grams: list[str] = []
    for w in _tokens(text):
        padded = f" {w} "
        grams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams
