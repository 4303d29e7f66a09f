"""The re-ranker's similarity features (soft word cover, description cosine, label heads)."""

from __future__ import annotations

import numpy as np
import pytest

from destinai.search import rerank, title_similarity
from destinai.search.embedder import get_embedder
from destinai.search.index import get_index
from tests.fixtures.release import DIPLOMAT, WELDER


def test_label_head_is_the_word_before_the_first_preposition():
    head = title_similarity.label_head
    assert head(("import", "export", "manager", "in", "office", "furniture")) == "manager"
    assert head(("chemistry", "teacher", "secondary", "school")) == "school"
    assert head(("welder",)) == "welder" and head(()) == ""


def test_word_vectors_are_unit_vectors_and_cached():
    vectors = title_similarity.word_vectors(["welder", "nurse", "welder"])
    assert vectors.shape[0] == 3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2])
    assert title_similarity.word_vectors([]).shape[0] == 0


def _similarity(mini, query):
    k = get_index(mini).kinds["occupation"]
    owners = [k.uris.index(DIPLOMAT), k.uris.index(WELDER)]
    vector = get_embedder().encode([query])[0]
    fused = [(o, 0.5, {"lexical": {"rank": n + 1, "score": 1.0}}) for n, o in enumerate(owners)]
    x = rerank.features(k, query, vector, fused)
    return {name: x[:, rerank.FEATURES.index(name)] for name in title_similarity.NAMES}


def test_soft_cover_is_full_for_a_label_word_and_partial_for_another_word(mini):
    f = _similarity(mini, "envoy")
    assert f["soft_cover"][0] == pytest.approx(1.0, abs=1e-4)   # "envoy" labels the diplomat
    assert f["soft_cover"][1] < 0.9
    assert f["prep_head"][0] == 1.0 and f["prep_head"][1] == 0.0


def test_description_cosine_prefers_the_occupation_described(mini):
    f = _similarity(mini, "joins metal")
    assert -1.0 <= f["description_cosine"].min() <= f["description_cosine"].max() <= 1.0
    assert f["description_cosine"][1] > f["description_cosine"][0]
    assert (f["onet_link_cosine"] == 0.0).all() or f["onet_link_cosine"].max() <= 1.0
