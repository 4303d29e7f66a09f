"""TF-IDF over scipy sparse matrices: sublinear term frequency, smoothed IDF, L2 rows.

The weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True, smooth_idf=True)``;
written here on numpy/scipy because the analysers are ours and the build needs no more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from destinai.text.words import Analyser, words

if TYPE_CHECKING:  # scipy costs 0.3 s to import; commands that never vectorise skip it
    import scipy.sparse as sp


class TfidfSpace:
    """A vocabulary with inverse document frequencies, fitted on a list of texts.

    Terms in fewer than ``min_df`` texts, or (with ``max_df_share``) in more than that share
    of them (but never fewer than 2), are left out. With ``remember``, the terms of the fitted
    texts are kept, so transforming them again does not analyse them again (the build's
    crosswalk transforms its fitted texts several times).
    """

    def __init__(self, analyser: Analyser, texts: Iterable[str], min_df: int = 1,
                 max_df_share: float | None = None,
                 analysed: Iterable[Sequence[str]] | None = None,
                 remember: bool = False) -> None:
        self.analyser = analyser
        self.known: dict[str, Sequence[str]] = {}
        counts: dict[str, int] = {}
        n_docs = 0
        if analysed is None and remember:
            analysed = (self._remembered(t) for t in texts)
        for terms in analysed if analysed is not None else map(analyser, texts):
            n_docs += 1
            for term in set(terms):
                counts[term] = counts.get(term, 0) + 1
        max_df = max(2.0, max_df_share * n_docs) if max_df_share is not None else float("inf")
        terms = sorted(t for t, c in counts.items() if min_df <= c <= max_df)
        self.index = {t: i for i, t in enumerate(terms)}
        df = np.array([counts[t] for t in terms], dtype=np.float64)
        self.idf = np.log((1 + n_docs) / (1 + df)) + 1.0

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows (sublinear term frequency) for ``texts``."""
        if self.known:
            return self.transform_terms([self._remembered(t) for t in texts])
        return self.transform_terms([self.analyser(t) for t in texts])

    def _remembered(self, text: str) -> Sequence[str]:
        terms = self.known.get(text)
        if terms is None:
            terms = self.known[text] = self.analyser(text)
        return terms

    def transform_terms(self, analysed: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """:meth:`transform` of texts already split into terms by the analyser."""
        import scipy.sparse as sp

        index = self.index
        cols: list[int] = []
        counts: list[int] = []
        lengths: list[int] = []
        for terms in analysed:
            tf: dict[int, int] = {}
            for term in terms:
                j = index.get(term)
                if j is not None:
                    tf[j] = tf.get(j, 0) + 1
            cols.extend(tf)
            counts.extend(tf.values())
            lengths.append(len(tf))
        col = np.array(cols, dtype=np.int64)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        vals = _sublinear(np.array(counts, dtype=np.int64)) * self.idf[col]
        matrix = sp.csr_matrix((vals, (rows, col)), shape=(len(lengths), len(index)),
                               dtype=np.float32)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ matrix)


def _sublinear(counts: np.ndarray) -> np.ndarray:
    """1 + log(count), each distinct count computed as the scalar formula does (bit for bit)."""
    if not len(counts):
        return np.zeros(0, dtype=np.float64)
    table = np.array([1.0 + np.log(c) if c else 0.0 for c in range(int(counts.max()) + 1)],
                     dtype=np.float64)
    return table[counts]


def tfidf(texts: Sequence[str], min_df: int = 1, max_df_share: float = 0.2,
          analyser: Analyser = words) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Fit on ``texts`` and transform them: (L2-normalised rows, term -> column)."""
    analysed = [analyser(t) for t in texts]          # once, for fitting and transforming
    space = TfidfSpace(analyser, (), min_df=min_df, max_df_share=max_df_share, analysed=analysed)
    return space.transform_terms(analysed), space.index


def cosine(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Dense cosine similarities between the rows of two normalised matrices."""
    return np.asarray((a @ b.T).todense(), dtype=np.float32)


def grouped_max(a: sp.csr_matrix, a_group: np.ndarray, n_a: int, b: sp.csr_matrix,
                b_group: np.ndarray, n_b: int, chunk: int = 4000) -> np.ndarray:
    """Best cosine between any row of group i in ``a`` and any row of group j in ``b``.

    Returns a dense (n_a, n_b) array; 0 where no row pair shares a term.
    """
    import scipy.sparse as sp

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


def top_k_neighbours(x: sp.csr_matrix, k: int, min_similarity: float,
                     chunk: int = 1500) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, neighbour, cosine) for each row's ``k`` most similar other rows above a floor."""
    xt = x.T.tocsc()
    out_r, out_c, out_v = [], [], []
    for start in range(0, x.shape[0], chunk):
        block = (x[start:start + chunk] @ xt).toarray()
        idx = np.arange(block.shape[0])
        block[idx, idx + start] = 0  # not its own neighbour
        part = np.argpartition(-block, min(k, block.shape[1] - 1), axis=1)[:, :k]
        vals = np.take_along_axis(block, part, axis=1)
        mask = vals >= min_similarity
        out_r.append(np.repeat(idx + start, k).reshape(-1, k)[mask])
        out_c.append(part[mask])
        out_v.append(vals[mask])
    return (np.concatenate(out_r), np.concatenate(out_c),
            np.concatenate(out_v).astype(np.float32))
