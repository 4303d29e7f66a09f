"""Best cosine per (group, group) pair, for the crosswalk's title features.

The same results as :func:`destinai.text.grouped_max`, to the bit (each cosine is the same
sparse product's entry, and a maximum does not depend on the order it is taken in), computed
with fewer and smaller temporary arrays: an empty-cache build spends several seconds here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp


def grouped_max(a: sp.csr_matrix, a_group: np.ndarray, n_a: int, b: sp.csr_matrix,
                b_group: np.ndarray, n_b: int, chunk: int = 4000) -> np.ndarray:
    """Best cosine between any row of group i in ``a`` and any row of group j in ``b``.

    A dense (n_a, n_b) float32 array; 0 where no row pair shares a term. Each product's
    entries are placed by one int32 cell number (``n_a * n_b`` must stay below 2**31) read
    from the CSR arrays, instead of a COO copy and int64 row and column arrays.
    """
    import scipy.sparse as sp

    if n_a * n_b >= 2**31:
        raise ValueError("grouped_max: too many cells for int32 cell numbers")
    best = np.zeros(n_a * n_b, dtype=np.float32)
    bt = sp.csr_matrix(b.T)
    col_group = np.asarray(b_group, dtype=np.int32)
    row_base = np.asarray(a_group, dtype=np.int32) * np.int32(n_b)
    for start in range(0, a.shape[0], chunk):
        product = a[start:start + chunk] @ bt
        cells = np.repeat(row_base[start:start + product.shape[0]], np.diff(product.indptr))
        cells += col_group[product.indices]
        np.maximum.at(best, cells, product.data)
    return best.reshape(n_a, n_b)


def row_grouped_max(a: sp.csr_matrix, b: sp.csr_matrix, b_group: np.ndarray, n_b: int,
                    chunk: int = 300) -> np.ndarray:
    """:func:`grouped_max` where each row of ``a`` is its own group and ``b_group`` is sorted
    with every group present: each block of products is made dense and reduced by column
    ranges (``np.maximum.reduceat``), which is faster when most cells are filled."""
    import scipy.sparse as sp

    groups = np.asarray(b_group)
    if len(groups) and (np.any(np.diff(groups) < 0) or len(np.unique(groups)) != n_b
                        or groups[0] != 0 or groups[-1] != n_b - 1):
        raise ValueError("row_grouped_max: b_group must be sorted and hold every group")
    best = np.zeros((a.shape[0], n_b), dtype=np.float32)
    if not len(groups):
        return best
    starts = np.searchsorted(groups, np.arange(n_b))
    bt = sp.csr_matrix(b.T)
    for start in range(0, a.shape[0], chunk):
        product = (a[start:start + chunk] @ bt).toarray()
        np.maximum(np.maximum.reduceat(product, starts, axis=1), 0.0,
                   out=best[start:start + product.shape[0]])
    return best
