"""Documented rules of search and titles (docs/search.md), each pinned to its value."""

from __future__ import annotations

import numpy as np

from destinai.search import acronyms, compiled, hybrid, titles
from destinai.search.titles import title_variants


def test_fusion_weights_are_the_documented_ones():
    assert hybrid.WEIGHTS == {"lexical": 1.0, "lexical_corrected": 1.0, "fuzzy": 1.0,
                              "semantic": 1.0, "description": 0.5, "context": 1.0,
                              "learned": 1.0}
    assert hybrid.K == 60 and hybrid.DEPTH == 50
    assert titles.VARIANT_WEIGHT == 0.7
    assert compiled.ONET_WEIGHT == 0.92


def test_fusion_score_is_one_when_every_retriever_ranks_a_concept_first():
    fused = hybrid.fuse({"lexical": [(3, 9.0), (1, 2.0)], "semantic": [(3, 0.9)]})
    assert fused[0][0] == 3 and abs(fused[0][1] - 1.0) < 1e-9
    # owner 1: only lexical, rank 2 -> (1/62) / (2/61)
    assert abs(fused[1][1] - (1 / 62) / (2 / 61)) < 1e-9


def test_onet_title_keeps_full_weight_only_under_the_code_it_fits_best():
    labels = [("occupation", "A", "onet_title", "Web Developers"),
              ("occupation", "B", "onet_title", "Photographic Process Workers"),
              ("occupation", "A", "onet_alt", "Full Stack Developer"),
              ("occupation", "B", "onet_alt", "Full Stack Developer")]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6], [0.8, 0.6]], dtype=np.float32)
    fit = compiled.onet_fit(labels, vectors)
    assert fit[2] == 1.0
    assert abs(fit[3] - (0.6 / 0.8) ** 2) < 1e-6


def test_acronyms_are_learned_from_labels_and_short_titles():
    learned = acronyms.learn([("Registered Nurse (RN)", ""), ("CEO (Chief Executive Officer)",
                                                              ""),
                              ("Business Development Executive", "BD Executive"),
                              ("Health, Safety and Environment (HSE) Officer", "")])
    assert learned["rn"] == "registered nurse"
    assert learned["ceo"] == "chief executive officer"
    assert learned["bd"] == "business development"
    assert acronyms.expand("RN - ICU", {"rn": "registered nurse"}) == "registered nurse icu"
    assert acronyms.expand("Welder", learned) is None


def test_title_variants():
    variants = dict(title_variants("Procurement Head – Packaging Materials", {}))
    assert variants["procurement head packaging material"] == 1.0
    assert variants["procurement manager"] == titles.VARIANT_WEIGHT
    double = dict(title_variants("Cashier/Receptionist", {}))
    assert {"cashier", "receptionist"} <= set(double)
    spelled = dict(title_variants("RN", {"rn": "registered nurse"}))
    assert "registered nurse" in spelled


def test_learned_adapter_maps_labels_towards_their_concept():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 8))
    vectors = np.vstack([c + 0.1 * rng.normal(size=(4, 8)) for c in centres]).astype(np.float32)
    rows = np.arange(12)
    owners = np.repeat(np.arange(3), 4)
    adapter, centroids = compiled.learn_adapter(vectors, rows, owners, np.zeros(12, int), 3)
    mapped = vectors @ adapter
    assert (np.argmax(mapped @ centroids.T, axis=1) == owners).all()
