"""Vectors of a sentence's n-gram windows (from cumulative sums of token vectors), z-scores."""

from __future__ import annotations

import numpy as np

from destinai.extract.sentences import Sentence
from destinai.search.embedder import get_embedder, normalize

WINDOW_WORDS = 5


def zscore(matrix: np.ndarray) -> np.ndarray:
    """Per-row z-scores."""
    return (matrix - matrix.mean(axis=1, keepdims=True)) / (
        matrix.std(axis=1, keepdims=True) + 1e-9)


def windows(sentence: Sentence, tokens: np.ndarray, offsets: list[tuple[int, int]]
            ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Unit vectors of every 1..WINDOW_WORDS-word window, and (first, last) word of each."""
    starts = np.array([o[0] for o in offsets]) if offsets else np.zeros(0, dtype=int)
    ends = np.array([o[1] for o in offsets]) if offsets else np.zeros(0, dtype=int)
    cumulative = np.vstack([np.zeros((1, tokens.shape[1]), np.float32),
                            np.cumsum(tokens, axis=0)]) if len(tokens) else None
    if cumulative is None:
        return np.zeros((0, get_embedder().dim), np.float32), []
    # token range of each word: tokens overlapping the word's characters
    first_token = np.searchsorted(ends, [w[0] + 1 for w in sentence.words])
    last_token = np.searchsorted(starts, [w[1] for w in sentence.words])
    count = len(sentence.words)
    # every (first, last) word pair at most WINDOW_WORDS apart, first-major order
    firsts = np.repeat(np.arange(count), WINDOW_WORDS)
    lasts = firsts + np.tile(np.arange(WINDOW_WORDS), count)
    inside = lasts < count
    firsts, lasts = firsts[inside], lasts[inside]
    lo, hi = first_token[firsts], last_token[lasts]
    kept = hi > lo
    if not kept.any():
        return np.zeros((0, tokens.shape[1]), np.float32), []
    lo, hi = lo[kept], hi[kept]
    vectors = (cumulative[hi] - cumulative[lo]) / (hi - lo)[:, None].astype(np.float32)
    spans = list(zip(firsts[kept].tolist(), lasts[kept].tolist(), strict=True))
    return normalize(vectors.astype(np.float32, copy=False)), spans
