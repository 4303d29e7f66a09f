"""Per-catalog extraction state: the skill index, phrase matcher, feature tables, acronyms.

Built once per loaded search index and released with it; the per-label tables are read
from the catalog (:mod:`destinai.extract.build`), not computed at start. Acronyms are read as
their expansions here (see lines.py for the rules): the sentence vector and the token
vectors both see "RN" as "registered nurse", never as the label *R*.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from destinai import collector
from destinai.extract.build import KIND, NAMES, tables_from_rows
from destinai.extract.lines import ACRONYM, COMMON_EXPANSIONS
from destinai.extract.phrases import PhraseMatcher
from destinai.extract.ranker import Ranker, load_ranker
from destinai.extract.sentences import Sentence
from destinai.search import compiled
from destinai.search.embedder import get_embedder
from destinai.search.index import SearchIndex


@dataclass
class Extractor:
    """Per-catalog state: the search index, the phrase matcher and the z-score sample."""

    index: SearchIndex
    phrases: PhraseMatcher
    sample: np.ndarray = field(repr=False)
    ranker: Ranker = field(repr=False)
    postings: dict[str, np.ndarray] = field(repr=False)   # label content word -> owners
    content_len: np.ndarray = field(repr=False)            # content words of each label
    owner_features: np.ndarray = field(repr=False)    # label words (log), knowledge, transversal
    expansions: dict[str, np.ndarray | None] = field(default_factory=dict, repr=False)

    @cached_property
    def occupation_acronyms(self) -> dict[str, str]:
        """Acronyms of occupation titles ("RN"), read without loading the occupation index."""
        return self.index.acronyms_of("occupation")

    def expansion(self, token: str) -> str | None:
        """An acronym's expansion: common job-ad usage, else learned from the labels."""
        folded = token.lower()
        index = self.index
        return (COMMON_EXPANSIONS.get(folded) or index.kinds["skill"].acronyms.get(folded)
                or self.occupation_acronyms.get(folded))

    def acronym_vector(self, token: str) -> np.ndarray | None:
        """The embedding of an acronym's expansion (None when none is known)."""
        folded = token.lower()
        if folded not in self.expansions:
            known = self.expansion(token)
            self.expansions[folded] = (get_embedder().token_vectors(known)[0].mean(axis=0)
                                       if known else None)
        return self.expansions[folded]

    def kept_as_written(self, token: str) -> bool:
        """A label written exactly so ("SQL"), unless job ads mean something else by it
        ("POS" is point of sale before it is the proof-of-stake label)."""
        return self.phrases.written_as(token) and token.lower() not in COMMON_EXPANSIONS

    def read_text(self, sentence: Sentence) -> str:
        """The sentence with its acronyms read as :meth:`read_acronyms` reads them: the
        sentence-level vector must not see "RN" as *R* either."""
        if not any(ACRONYM.match(sentence.text[a:b]) for a, b in sentence.words):
            return sentence.text
        vocabulary = self.index.kinds["skill"].vocabulary
        parts, last = [], 0
        for a, b in sentence.words:
            token = sentence.text[a:b]
            if not ACRONYM.match(token) or self.kept_as_written(token):
                continue
            known = self.expansion(token)
            if known is None and token.lower() in vocabulary:
                continue
            parts += [sentence.text[last:a], known or ""]
            last = b
        return "".join(parts) + sentence.text[last:]

    def read_acronyms(self, sentence: Sentence, tokens: list[str], vectors: np.ndarray,
                      offsets: list[tuple[int, int]]) -> np.ndarray:
        """Token vectors with each acronym read as its expansion ("RN" as "registered
        nurse"); without one, left alone when it is a label word ("HACCP"), else silenced."""
        out = vectors
        vocabulary = self.index.kinds["skill"].vocabulary
        for (a, b), token in zip(sentence.words, tokens, strict=True):
            if not ACRONYM.match(token) or self.kept_as_written(token):
                continue                    # not an acronym, or a label as written ("SQL")
            vector = self.acronym_vector(token)
            if vector is None and token.lower() in vocabulary:
                continue
            rows = [n for n, (s, e) in enumerate(offsets) if s < b and e > a]
            if rows:
                if out is vectors:
                    out = vectors.copy()
                out[rows] = 0.0 if vector is None else vector
        return out


# one extractor per loaded index, released with it (the index lives on its Catalog)
_EXTRACTORS: weakref.WeakKeyDictionary[SearchIndex, Extractor] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def get_extractor(index: SearchIndex) -> Extractor:
    """The extractor for a loaded search index (built once per index)."""
    with _LOCK:
        if index not in _EXTRACTORS:
            with collector.paused():
                _EXTRACTORS[index] = _build(index)
        return _EXTRACTORS[index]


def _build(index: SearchIndex) -> Extractor:
    skills = index.kinds["skill"]
    rng = np.random.default_rng(0)
    sample = skills.vectors(rng.choice(skills.vector_count, size=min(
        256, skills.vector_count), replace=False))
    tables = stored_tables(index)
    if tables is None:          # an index written without the build (held-out evaluations)
        tables = tables_from_rows(index.rows, skills.uris, skills.labels)
    keys, ptr, owner = tables["posting_keys"], tables["posting_ptr"], tables["posting_owner"]
    bounds = ptr.tolist()
    return Extractor(
        index, PhraseMatcher(skills), sample, load_ranker(),
        {w: owner[bounds[i]:bounds[i + 1]] for i, w in enumerate(keys)},
        tables["content_len"], tables["owner_features"])


def stored_tables(index: SearchIndex) -> dict[str, Any] | None:
    """The label tables stored by :mod:`destinai.extract.build` (None when absent)."""
    names = ", ".join(f"'{n}'" for n in NAMES)
    tables = compiled.load(index.rows(
        f"SELECT name, dtype, shape, data FROM search_arrays WHERE kind = ? "
        f"AND name IN ({names})", (KIND,)))
    return tables if len(tables) == len(NAMES) else None
