"""Hybrid search and its parts on the miniature catalog."""

from __future__ import annotations

import numpy as np
import pytest

from destinai.search.compiled import quantize
from destinai.search.embedder import get_embedder
from destinai.search.hybrid import fuse, search_hybrid
from destinai.search.trigrams import TrigramIndex
from tests.fixtures.release import DIPLOMAT, WELDER, S


def test_exact_title_ranks_its_occupation_first(mini):
    results = search_hybrid(mini, "diplomat", "occupation", 3)
    assert results[0]["uri"] == DIPLOMAT
    assert {"uri", "label", "score", "matched_label", "retrievers"} <= set(results[0])
    assert set(results[0]["retrievers"]) >= {"lexical", "fuzzy", "semantic"}


@pytest.mark.parametrize("query", ["diplomt", "dipolmat", "ambasador", "snr. diplomat"])
def test_typos_and_alternative_labels_find_the_occupation(mini, query):
    # GIVEN a misspelt title or an alternative label WHEN searching THEN diplomat comes first
    assert search_hybrid(mini, query, "occupation", 3)[0]["uri"] == DIPLOMAT


def test_skill_search_uses_alternative_labels(mini):
    results = search_hybrid(mini, "operate welding equipment", "skill", 3)
    assert results[0]["uri"] == S["weld"]
    assert results[0]["matched_label"] == "operate welding equipment"


def test_scores_are_fractions_best_first(mini):
    results = search_hybrid(mini, "welding operator", "occupation", 4)
    assert results[0]["uri"] == WELDER
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


@pytest.mark.parametrize("query", ["", "   ", "!!! ???", "\x00\x01"])
def test_queries_without_words_give_nothing(mini, query):
    assert search_hybrid(mini, query, "skill") == []


def test_unknown_kind_is_refused(mini):
    with pytest.raises(ValueError, match="occupation or skill"):
        search_hybrid(mini, "diplomat", "tool")  # type: ignore[arg-type]


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = fuse({"lexical": [(1, 9.0), (2, 5.0)], "semantic": [(1, 0.9), (3, 0.8)]},
                 {"lexical": 1.0, "semantic": 1.0})
    assert [owner for owner, _, _ in fused] == [1, 2, 3]
    assert fused[0][1] == pytest.approx(1.0)
    assert fused[0][2] == {"lexical": {"rank": 1, "score": 9.0},
                           "semantic": {"rank": 1, "score": 0.9}}


def test_trigram_index_tolerates_typos():
    index = TrigramIndex(["data scientist", "diplomat", "welder"])
    assert [i for i, _ in index.search("data scientst", 2)] == [0]
    assert index.search("zzzz", 2) == []


def test_quantized_vectors_keep_their_direction():
    vectors = get_embedder().encode(["data scientist", "diplomat", "welder"])
    data, scale = quantize(vectors)
    restored = data.astype(np.float32) * scale[:, None]
    cosines = (restored * vectors).sum(axis=1) / np.linalg.norm(restored, axis=1)
    assert cosines.min() > 0.995
