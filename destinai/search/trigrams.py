"""Character-trigram candidate retrieval for typo-tolerant matching of short labels.

Trigrams are taken over UTF-8 bytes and hashed to integers with numpy, so indexing 100,000
labels takes a fraction of a second; Dice overlap picks candidates, rapidfuzz re-scores them.
The index is a column-major (trigram -> strings) pair of flat arrays, so it is stored by the
build and loaded without recomputation, and a query needs numpy only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from rapidfuzz import fuzz

BUCKETS = 1 << 18          # hashed trigrams; collisions only add candidates
# attribute -> stored array name (see TrigramIndex.arrays)
_ARRAYS = {"indices": "trigram_indices", "indptr": "trigram_indptr", "sizes": "trigram_sizes"}


def _codes(data: np.ndarray) -> np.ndarray:
    """Hashed trigram code at every byte position but the last two."""
    d = data.astype(np.int64)
    return (d[:-2] * 65599 * 65599 + d[1:-1] * 65599 + d[2:]) % BUCKETS


def query_codes(text: str) -> np.ndarray:
    """The distinct hashed trigrams of `` text ``."""
    data = np.frombuffer(f" {text} ".encode(), dtype=np.uint8)
    return distinct(_codes(data)) if len(data) >= 3 else np.zeros(0, dtype=np.int64)


def distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` (sorted distinct values) without its first call importing
    ``numpy.ma`` (~16 ms of a cold command)."""
    ordered = np.sort(values, axis=None)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by sorting (numpy's hash-based unique is ~5x slower here)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


class TrigramIndex:
    """Strings indexed by trigram: Dice overlap finds candidates, rapidfuzz re-scores them."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        encoded = [f" {s} ".encode() for s in strings]
        lengths = np.array([len(e) for e in encoded], dtype=np.int64)
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        codes = _codes(data) if len(data) >= 3 else np.zeros(0, dtype=np.int64)
        ends = np.cumsum(lengths)
        owner = np.repeat(np.arange(len(strings)), lengths)[:len(codes)]
        # keep trigrams that lie inside one string, each (string, trigram) pair once
        valid = np.arange(len(codes)) + 2 < ends[owner]
        pairs = _sorted_unique(codes[valid] * len(strings) + owner[valid]) if len(strings) \
            else np.zeros(0, dtype=np.int64)
        columns, rows = np.divmod(pairs, max(len(strings), 1))
        self.indices = rows.astype(np.int32)                      # strings, trigram-major
        self.indptr = np.searchsorted(columns, np.arange(BUCKETS + 1)).astype(np.int32)
        self.sizes = np.bincount(rows, minlength=len(strings)).astype(np.float32)

    def arrays(self) -> dict[str, np.ndarray]:
        """The index as flat arrays (stored by the build, see :meth:`from_arrays`)."""
        return {"trigram_indices": self.indices, "trigram_indptr": self.indptr,
                "trigram_sizes": self.sizes}

    @classmethod
    def from_arrays(cls, strings: list[str], arrays: dict) -> TrigramIndex:  # type: ignore[type-arg, unused-ignore]
        """The index of ``strings`` from :meth:`arrays` output, without recomputing it."""
        index = cls.__new__(cls)
        index.strings = strings
        index.indices = arrays["trigram_indices"]
        index.indptr = arrays["trigram_indptr"]
        index.sizes = arrays["trigram_sizes"]
        return index

    @classmethod
    def deferred(cls, strings: list[str], load: Callable[[], dict[str, Any]]) -> TrigramIndex:
        """The index of ``strings`` whose arrays are read by ``load()`` (:meth:`arrays`
        output) on first use: a command that never searches fuzzily (``extract``) does not
        decompress them (~35 ms for the skills)."""
        index = cls.__new__(cls)
        index.strings = strings
        index.__dict__.update(_load=load, _lock=threading.Lock())
        return index

    def __getattr__(self, name: str) -> np.ndarray:
        # only called for a missing attribute: the arrays of a deferred index, read once
        if name not in _ARRAYS or "_load" not in self.__dict__:
            raise AttributeError(name)
        with self.__dict__["_lock"]:
            if name not in self.__dict__:
                arrays = self.__dict__["_load"]()
                for attribute, key in _ARRAYS.items():
                    setattr(self, attribute, arrays[key])
        value: np.ndarray = self.__dict__[name]
        return value

    def search(self, query: str, limit: int, cutoff: float = 70.0) -> list[tuple[int, float]]:
        """(string index, rapidfuzz ratio 0..100) of the closest strings, best first."""
        grams = query_codes(query)
        if not len(grams) or not self.strings:
            return []
        hits = np.concatenate([self.indices[self.indptr[g]:self.indptr[g + 1]] for g in grams])
        shared = np.bincount(hits, minlength=len(self.strings))
        dice = 2 * shared / (self.sizes + len(grams))
        count = min(limit * 4, len(dice))
        top = np.argpartition(-dice, count - 1)[:count]
        top = top[dice[top] > 0]
        scored = [(int(i), fuzz.ratio(query, self.strings[i])) for i in top]
        return sorted((s for s in scored if s[1] >= cutoff), key=lambda s: -s[1])[:limit]
