"""Character-trigram candidate retrieval for typo-tolerant matching of short labels.

Trigrams are taken over UTF-8 bytes and hashed to integers with numpy, so indexing 100,000
labels takes a fraction of a second; Dice overlap picks candidates, rapidfuzz re-scores them.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

BUCKETS = 1 << 20


def _codes(data: np.ndarray) -> np.ndarray:
    """Hashed trigram code at every byte position but the last two."""
    d = data.astype(np.int64)
    return (d[:-2] * 65599 * 65599 + d[1:-1] * 65599 + d[2:]) % BUCKETS


def query_codes(text: str) -> np.ndarray:
    """The distinct hashed trigrams of `` text ``."""
    data = np.frombuffer(f" {text} ".encode(), dtype=np.uint8)
    return np.unique(_codes(data)) if len(data) >= 3 else np.zeros(0, dtype=np.int64)


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
        # keep trigrams that lie inside one string
        valid = np.arange(len(codes)) + 2 < ends[owner]
        rows, cols = owner[valid], codes[valid]
        self.matrix = sparse.csc_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(strings), BUCKETS))
        self.matrix.data[:] = 1.0        # duplicates summed by the constructor: count once
        self.sizes = np.asarray((self.matrix > 0).sum(axis=1)).ravel().astype(np.float32)

    def search(self, query: str, limit: int, cutoff: float = 70.0) -> list[tuple[int, float]]:
        """(string index, rapidfuzz ratio 0..100) of the closest strings, best first."""
        grams = query_codes(query)
        if not len(grams) or not self.strings:
            return []
        shared = np.asarray(self.matrix[:, grams].sum(axis=1)).ravel()
        dice = 2 * shared / (self.sizes + len(grams))
        count = min(limit * 4, len(dice))
        top = np.argpartition(-dice, count - 1)[:count]
        top = top[dice[top] > 0]
        scored = [(int(i), fuzz.ratio(query, self.strings[i])) for i in top]
        return sorted((s for s in scored if s[1] >= cutoff), key=lambda s: -s[1])[:limit]
