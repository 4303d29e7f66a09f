"""Unit tests of the crosswalk's text similarity, ranking model and confidence words."""

import numpy as np
import scipy.sparse as sp

from destinai.crosswalk.confidence import confidence_band, confidence_words
from destinai.crosswalk.evaluate import calibration, summarise
from destinai.crosswalk.model import keep_count
from destinai.crosswalk.rank import CandidateSet, fit_weights, probabilities
from destinai.text import TfidfSpace, char_ngrams, grouped_max, stem, title_words, words


def test_stems_make_title_words_meet():
    # the Snowball English stemmer (destinai.text): plurals and verb forms meet
    assert stem("welders") == stem("welder") == "welder"
    assert stem("welding") == stem("welds") == stem("welded") == "weld"
    assert stem("transportation") == stem("transport")
    assert words("Welders, Cutters and the Brazers") == ["welder", "cutter", "brazer"]
    # Snowball keeps agent nouns; the title analyser folds them onto the activity
    assert title_words("Welders and welding operators") == ["weld", "weld", "oper"]
    assert title_words("Teacher") == title_words("teaching") == ["teach"]
    assert " we" in char_ngrams("welder") and " we" in char_ngrams("welding")
    assert "the" not in "".join(char_ngrams("the"))


def test_tfidf_cosine_prefers_the_shared_rare_word():
    space = TfidfSpace(title_words, ["welder", "nurse", "welding operator", "operator"])
    a = space.transform(["welder"])
    b = space.transform(["welding operator", "machine operator", ""])
    sims = (a @ b.T).toarray().ravel()
    assert sims[0] > 0.5 and sims[1] == 0 and sims[2] == 0
    assert np.isclose((a @ a.T).toarray()[0, 0], 1.0)


def test_grouped_max_takes_the_best_row_of_each_group():
    # GIVEN two ESCO groups of rows and three O*NET groups of rows
    a = sp.csr_matrix(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32))
    b = sp.csr_matrix(np.array([[1, 0], [0.5, 0.5], [0, 1], [0, 0]], dtype=np.float32))
    # WHEN reducing to the best pair per group
    best = grouped_max(a, np.array([0, 0, 1]), 2, b, np.array([0, 0, 1, 2]), 3)
    # THEN each cell holds the maximum dot product over its rows
    assert best.tolist() == [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]


def _synthetic(n: int = 300, k: int = 5, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, k, 2))
    gold_index = rng.integers(0, k, n)
    x[np.arange(n), gold_index, 0] += 0.8   # feature 0 tells the right code, feature 1 is noise
    gold = np.zeros((n, k), dtype=bool)
    gold[np.arange(n), gold_index] = True
    cands = CandidateSet(np.arange(n), np.tile(np.arange(k), (n, 1)), np.ones((n, k), bool), x)
    return cands, gold


def test_fitted_weights_favour_the_informative_feature(monkeypatch):
    from destinai.crosswalk import rank

    monkeypatch.setattr(rank, "DEFAULT_WEIGHTS", {"a": 0.0, "b": 0.0})
    monkeypatch.setattr(rank, "MODEL_FEATURES", ("a", "b"))
    cands, gold = _synthetic()
    w = fit_weights(cands, gold, l2=0.0001)
    assert w[0] > 3 and abs(w[1]) < 1
    p = probabilities(cands, w)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert (p.argmax(axis=1) == gold.argmax(axis=1)).mean() > 0.8


def test_runners_up_are_kept_only_when_close():
    assert keep_count([0.9, 0.05]) == 1
    assert keep_count([0.45, 0.4, 0.1]) == 2
    assert keep_count([0.35, 0.3, 0.3]) == 3
    assert keep_count([0.5, 0.15]) == 1


def test_confidence_words():
    assert confidence_words("reviewed", 0.5) == "reviewed link"
    assert confidence_words("derived", 0.93) == "derived, high confidence"
    assert confidence_words("derived", 0.6) == "derived, medium confidence"
    assert confidence_words("derived", 0.2) == "derived, low confidence — check"
    assert confidence_band("derived", None) == "low"


def test_calibration_counts_agreement_by_band():
    rows = [{"confidence": c, "code_top1": ok, "soc_top1": ok, "code_top3": 1.0,
             "soc_top3": 1.0, "code_kept": ok, "kept": 1.0}
            for c, ok in ((0.95, 1.0), (0.92, 0.0), (0.1, 0.0), (0.55, 1.0))]
    bands = {b["band"]: b for b in calibration(rows)}
    assert bands["0.9–1.0"]["occupations"] == 2 and bands["0.9–1.0"]["code_agreement"] == 0.5
    summary = summarise(rows)
    assert summary["below_threshold"] == 1 and summary["soc_top1"] == 0.5
