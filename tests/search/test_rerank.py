"""The learned title re-ranker and title refusals, on the miniature catalog."""

from __future__ import annotations

import numpy as np
import pytest

from destinai.catalog.db import NotFound
from destinai.search import rerank
from destinai.search.embedder import get_embedder
from destinai.search.index import get_index
from destinai.search.titles import normalize_title
from tests.fixtures.release import DIPLOMAT


def test_shipped_weights_match_the_features():
    assert rerank.WEIGHTS is not None and len(rerank.WEIGHTS) == len(rerank.FEATURES)


def _candidates(mini, query):
    k = get_index(mini).kinds["occupation"]
    others = [o for o in range(len(k.uris)) if k.uris[o] != DIPLOMAT]
    diplomat = k.uris.index(DIPLOMAT)
    fused = [(others[0], 0.9, {"lexical": {"rank": 1, "score": 1.0}}),
             (diplomat, 0.5, {"lexical": {"rank": 2, "score": 0.5}})]
    return k, get_embedder().encode([query])[0], fused, diplomat


def test_features_see_word_cover_of_esco_labels(mini):
    k, vector, fused, _ = _candidates(mini, "diplomat")
    x = rerank.features(k, "diplomat", vector, fused)
    assert x.shape == (2, len(rerank.FEATURES))
    cover = rerank.FEATURES.index("word_cover")
    head = rerank.FEATURES.index("head")
    assert x[1, cover] == 1.0 and x[1, head] == 1.0      # "diplomat" is a diplomat label
    assert x[0, cover] < 1.0


def test_head_noun_is_looked_for_in_the_labels_not_the_last_word(mini):
    k, vector, fused, _ = _candidates(mini, "diplomat to the embassy")
    anywhere = rerank.FEATURES.index("head_anywhere")
    with_head = rerank.features(k, "diplomat to the embassy", vector, fused, head="diplomat")
    last_word = rerank.features(k, "diplomat to the embassy", vector, fused)
    assert with_head[1, anywhere] == 1.0 and last_word[1, anywhere] == 0.0


def test_ad_text_gap_is_zero_for_the_best_candidate_and_absent_without_text(mini):
    k, vector, fused, diplomat = _candidates(mini, "diplomat")
    gap = rerank.FEATURES.index("context_gap")
    context = np.zeros(len(k.uris), np.float32)
    context[diplomat] = 0.8
    x = rerank.features(k, "diplomat", vector, fused, context=context)
    assert x[1, gap] == 0.0 and x[0, gap] == pytest.approx(-0.8)
    assert not rerank.features(k, "diplomat", vector, fused)[:, gap].any()


def test_rerank_puts_the_concept_whose_labels_cover_the_title_first(mini):
    k, vector, fused, diplomat = _candidates(mini, "diplomat")
    assert rerank.rerank(k, "diplomat", vector, fused)[0][0] == diplomat
    assert rerank.rerank(k, "diplomat", vector, fused[:1]) == fused[:1]


@pytest.mark.parametrize("junk", ["qwerty asdf", "<script></script>", "zzkq xxv"])
def test_junk_title_is_refused_with_suggestions(mini, junk):
    with pytest.raises(NotFound) as caught:
        normalize_title(mini, junk, refuse=True)
    assert "no occupation matches" in caught.value.message


def test_real_title_is_answered_when_refusing(mini):
    assert normalize_title(mini, "Senior Diplomat (m/w/d)", refuse=True)[0]["uri"] == DIPLOMAT
    assert np.isfinite(normalize_title(mini, "diplomat", refuse=True)[0]["score"])
