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
    of them (but never fewer than 2), are left out.
    """

    def __init__(self, analyser: Analyser, texts: Iterable[str], min_df: int = 1,
                 max_df_share: float | None = None) -> None:
        self.analyser = analyser
        counts: dict[str, int] = {}
        n_docs = 0
        for text in texts:
            n_docs += 1
            for term in set(analyser(text)):
                counts[term] = counts.get(term, 0) + 1
        max_df = max(2.0, max_df_share * n_docs) if max_df_share is not None else float("inf")
        terms = sorted(t for t, c in counts.items() if min_df <= c <= max_df)
        self.index = {t: i for i, t in enumerate(terms)}
        df = np.array([counts[t] for t in terms], dtype=np.float64)
        self.idf = np.log((1 + n_docs) / (1 + df)) + 1.0

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows (sublinear term frequency) for ``texts``."""
        import scipy.sparse as sp

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


def tfidf(texts: Sequence[str], min_df: int = 1, max_df_share: float = 0.2,
          analyser: Analyser = words) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Fit on ``texts`` and transform them: (L2-normalised rows, term -> column)."""
    space = TfidfSpace(analyser, texts, min_df=min_df, max_df_share=max_df_share)
    return space.transform(texts), space.index


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
