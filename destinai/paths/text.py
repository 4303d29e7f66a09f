"""Small TF-IDF toolkit (numpy/scipy only): vectorise short texts, find top-k cosine neighbours.

Used at build time for skill↔skill and task-text similarity. It is deliberately tiny and
replaceable: an embedding backend can supply the same ``top_k_neighbours`` output later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

WORD = re.compile(r"[a-z][a-z0-9+#]+")
_STOP_WORDS = ("a an and are as at be by for from in into is it its of on or other others such "
               "that the their this to use using with within without your you etc including "
               "related relevant various also")
STOP = frozenset(_STOP_WORDS.split())


def stem(word: str) -> str:
    """A crude suffix stripper: enough to join 'welding'/'weld', 'regulations'/'regulation'."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed words of ``text``."""
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP]


def tfidf(texts: Sequence[str], min_df: int = 1,
          max_df_share: float = 0.2) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """L2-normalised sublinear TF-IDF rows for ``texts`` and the vocabulary."""
    docs = [tokens(t) for t in texts]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, doc in enumerate(docs):
        for w in doc:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    n = len(texts)
    counts = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                               shape=(n, len(vocab)))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(vocab))
    keep = (df >= min_df) & (df <= max(2, max_df_share * n))
    idf = np.where(keep, np.log((1 + n) / (1 + df)) + 1, 0).astype(np.float32)
    counts.data = (1 + np.log(counts.data)) * idf[counts.indices]
    counts.eliminate_zeros()
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ counts), vocab


def top_k_neighbours(x: sparse.csr_matrix, k: int, min_similarity: float,
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
