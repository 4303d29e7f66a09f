"""The one text layer: tokeniser, Snowball stemmer, stop words, TF-IDF."""

from __future__ import annotations

import math

import numpy as np
import pytest

from destinai import text
from destinai.paths import text as paths_text


def test_words_are_snowball_stems_without_stop_words() -> None:
    assert text.words("Managing the nurses and using C++ or C#") == ["manag", "nurs", "c++",
                                                                      "c#"]
    assert text.words("3D modelling, 2 years") == ["3d", "model", "year"]   # digits alone go
    assert text.stem("regulations") == text.stem("regulation")


def test_char_ngrams_pad_each_word() -> None:
    assert text.char_ngrams("weld") == [" we", "wel", "eld", "ld "]
    assert text.char_ngrams("the of") == []


def test_tfidf_is_sublinear_smoothed_and_normalised() -> None:
    docs = ["weld weld pipe", "pipe", "nurse"]
    space = text.TfidfSpace(text.words, docs)
    row = space.transform(["weld weld pipe"]).toarray()[0]
    n = 3
    idf = {"weld": math.log((1 + n) / (1 + 1)) + 1, "pipe": math.log((1 + n) / (1 + 2)) + 1}
    expected = np.array([(1 + math.log(2)) * idf["weld"], idf["pipe"]])
    expected /= np.linalg.norm(expected)
    assert row[space.index["weld"]] == pytest.approx(expected[0], rel=1e-5)
    assert row[space.index["pipe"]] == pytest.approx(expected[1], rel=1e-5)
    assert space.transform([""]).nnz == 0


def test_max_df_share_drops_terms_in_too_many_texts() -> None:
    docs = ["common alpha", "common beta", "common gamma", "common delta", "common epsilon"]
    matrix, vocab = text.tfidf(docs, max_df_share=0.5)
    assert "common" not in vocab and "alpha" in vocab
    assert np.allclose(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel(), 1.0)


def test_top_k_neighbours_skip_self_and_respect_the_floor() -> None:
    matrix, _ = text.tfidf(["welding pipes", "pipe welding", "nursing care"], max_df_share=1)
    rows, cols, sims = text.top_k_neighbours(matrix, k=1, min_similarity=0.5)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 1), (1, 0)]
    assert np.all(sims >= 0.5)


def test_paths_uses_the_shared_layer() -> None:
    assert paths_text.tfidf is text.tfidf and paths_text.tokens is text.words
