"""The vectorised TF-IDF transform stores exactly what the per-term loop it replaced stored."""

import numpy as np
import scipy.sparse as sp

from destinai.text.tfidf import TfidfSpace, tfidf
from destinai.text.words import char_ngrams, words

TEXTS = ["weld metal parts; welding welds welded", "manage budgets and manage staff",
         "", "the of and", "Python (computer programming) python python",
         "use welding equipment", "negotiate international agreements", "c++ c# programming"]


def reference(space: TfidfSpace, texts: list[str]) -> sp.csr_matrix:
    """The loop the build used before (one np.log per stored term)."""
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        tf: dict[int, int] = {}
        for term in space.analyser(text):
            j = space.index.get(term)
            if j is not None:
                tf[j] = tf.get(j, 0) + 1
        for j, c in tf.items():
            rows.append(r)
            cols.append(j)
            vals.append((1.0 + np.log(c)) * space.idf[j])
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(space.index)),
                           dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ matrix)


def same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices) and a.data.tobytes() == b.data.tobytes())


def test_transform_equals_the_reference_loop_bit_for_bit():
    for analyser in (words, char_ngrams):
        space = TfidfSpace(analyser, TEXTS[:5])
        assert same(space.transform(TEXTS), reference(space, TEXTS))
        assert space.transform([]).shape == (0, len(space.index))


def test_tfidf_analyses_once_and_fits_the_same_space():
    matrix, index = tfidf(TEXTS, max_df_share=0.5)
    space = TfidfSpace(words, TEXTS, max_df_share=0.5)
    assert index == space.index
    assert same(matrix, reference(space, TEXTS))
