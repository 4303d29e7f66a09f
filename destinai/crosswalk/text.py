"""Lexical text similarity for the crosswalk: TF-IDF vectors over scipy sparse matrices.

Two analysers: ``words`` (lower-cased word stems without stop words, for descriptions, tasks
and skills) and ``char_ngrams`` (3-grams inside words, for job titles, robust to
"welder"/"welding"). Vectors are L2-normalised, so a sparse product gives cosine similarity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "other", "such", "that", "the", "their", "them", "they", "this",
    "to", "with", "within", "all", "etc", "including", "e", "g", "i", "various"))
# Longest first: a crude stemmer that only has to make related title words meet.
SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ists", "ist", "ors", "ies", "er", "or",
            "es", "s")

Analyser = Callable[[str], list[str]]


def stem(word: str) -> str:
    """Strip one common English suffix, keeping at least a three-letter stem."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """Word stems of ``text``, stop words dropped."""
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def char_ngrams(text: str, n: int = 3) -> list[str]:
    """Character ``n``-grams inside each word (padded with spaces), stop words dropped."""
    grams: list[str] = []
    for w in WORD.findall(text.lower()):
        if w in STOP_WORDS:
            continue
        padded = f" {w} "
        grams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


class TfidfSpace:
    """A vocabulary with inverse document frequencies, fitted on a list of texts."""

    def __init__(self, analyser: Analyser, texts: Iterable[str], min_df: int = 1) -> None:
        self.analyser = analyser
        counts: dict[str, int] = {}
        n_docs = 0
        for text in texts:
            n_docs += 1
            for term in set(analyser(text)):
                counts[term] = counts.get(term, 0) + 1
        terms = sorted(t for t, c in counts.items() if c >= min_df)
        self.index = {t: i for i, t in enumerate(terms)}
        df = np.array([counts[t] for t in terms], dtype=np.float64)
        self.idf = np.log((1 + n_docs) / (1 + df)) + 1.0

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows (sublinear term frequency) for ``texts``."""
        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            tf: dict[int, int] = {}
            for term in self.analyser(text):
                j = self.index.get(term)
                if j is not None:
                    tf[j] = tf.get(j, 0) + 1
            for j, c in tf.items():
                rows.append(r)
                cols.append(j)
                vals.append((1.0 + np.log(c)) * self.idf[j])
        matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.index)),
                               dtype=np.float32)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ matrix)


def cosine(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Dense cosine similarities between the rows of two normalised matrices."""
    return np.asarray((a @ b.T).todense(), dtype=np.float32)


def grouped_max(a: sp.csr_matrix, a_group: np.ndarray, n_a: int, b: sp.csr_matrix,
                b_group: np.ndarray, n_b: int, chunk: int = 4000) -> np.ndarray:
    """Best cosine between any row of group i in ``a`` and any row of group j in ``b``.

    Returns a dense (n_a, n_b) array; 0 where no row pair shares a term.
    """
    best = np.zeros(n_a * n_b, dtype=np.float32)
    bt = sp.csr_matrix(b.T)
    for start in range(0, a.shape[0], chunk):
        product = sp.coo_matrix(a[start:start + chunk] @ bt)
        cells = a_group[start + product.row] * n_b + b_group[product.col]
        np.maximum.at(best, cells, product.data)
    return best.reshape(n_a, n_b)


def pair_cosines(a: sp.csr_matrix, b: sp.csr_matrix, pairs_a: np.ndarray,
                 pairs_b: np.ndarray) -> np.ndarray:
    """Cosine of row ``pairs_a[k]`` of ``a`` with row ``pairs_b[k]`` of ``b``, for each k."""
    if len(pairs_a) == 0:
        return np.zeros(0, dtype=np.float32)
    product = a[pairs_a].multiply(b[pairs_b])
    return np.asarray(product.sum(axis=1), dtype=np.float32).ravel()
