"""Tokens of English text: one word pattern, one stop-word list, the Snowball stemmer."""

from __future__ import annotations

import importlib
import re
import sys
import types
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from typing import Any

# A word: letters and digits, with a trailing "+"/"#" kept ("c++", "c#"); at least one letter.
WORD = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*[+#]*")
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "other", "others", "such", "that", "the", "their", "them", "they",
    "this", "to", "with", "within", "without", "all", "etc", "including", "e", "g", "i",
    "various", "use", "using", "your", "you", "related", "relevant", "also"))

Analyser = Callable[[str], list[str]]

_PRIVATE = "destinai._snowball_english"      # the English stemmer's modules, loaded alone


@lru_cache(maxsize=1)
def english_stemmer() -> Any:
    """snowballstemmer's English stemmer (made on the first :func:`stem`).

    ``import snowballstemmer`` runs the package's ``__init__``, which imports the stemmers of
    all 36 languages (~14 ms and 8,000 objects at every start). Where that package is the
    pure-Python one (no PyStemmer) and not imported yet, its ``english_stemmer`` module and the
    two it imports are loaded from the same files under a private package name: the same code,
    so the same stems (``tests/lean/test_text_start.py``)."""
    spec = find_spec("snowballstemmer")          # locates the package without importing it
    if ("snowballstemmer" in sys.modules or find_spec("Stemmer") is not None or spec is None
            or not spec.submodule_search_locations):
        import snowballstemmer

        return snowballstemmer.stemmer("english")
    return private_english_stemmer(list(spec.submodule_search_locations))


def private_english_stemmer(locations: list[str]) -> Any:
    """A new ``EnglishStemmer`` from the snowballstemmer files at ``locations``, loaded under
    a private package name without the package's ``__init__``."""
    if _PRIVATE not in sys.modules:
        package = types.ModuleType(_PRIVATE)
        package.__path__ = locations
        sys.modules[_PRIVATE] = package
    return importlib.import_module(f"{_PRIVATE}.english_stemmer").EnglishStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word: welding, welds -> weld."""
    return str(english_stemmer().stemWord(word))


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
