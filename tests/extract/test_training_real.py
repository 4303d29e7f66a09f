"""The ranker's ESCO/O*NET-built training sentences, on the real catalog."""

from __future__ import annotations

import json

import pytest

from destinai.extract.training import candidate_rows, derived_sentences
from destinai.search.index import get_index

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def derived(real_catalog):
    return derived_sentences(real_catalog, per_source=90)


def test_every_derived_source_is_built_with_gold_skills(derived):
    sources = {s.source for s in derived}
    assert sources == {"ONET-TASK", "ESCO-OCC", "ESCO-ALT", "ONET-TECH"}
    assert all(s.gold and s.count == len(s.gold) and s.text.strip() for s in derived)


def test_task_and_description_golds_are_the_linked_occupations_essential_skills(
        real_catalog, derived):
    skills = get_index(real_catalog).kinds["skill"]
    task = next(s for s in derived if s.source == "ONET-TASK")
    code = real_catalog.rows("SELECT code FROM onet_tasks WHERE task = ?", (task.text,))[0]["code"]
    linked = [r["esco_uri"] for r in real_catalog.rows(
        "SELECT esco_uri FROM occupation_onet WHERE onet_code = ? AND method = 'reviewed'",
        (code,))]
    essential = {r["skill_uri"] for r in real_catalog.rows(
        f"SELECT skill_uri FROM occupation_skills WHERE relation = 'essential' AND "
        f"occupation_uri IN ({','.join('?' * len(linked))})", linked)}
    assert {skills.uris[o] for o in task.gold} == essential


def test_alternative_label_sentences_hold_a_real_alternative_label(real_catalog, derived):
    skills = get_index(real_catalog).kinds["skill"]
    for item in [s for s in derived if s.source == "ESCO-ALT"][:10]:
        (owner,) = item.gold
        alts = json.loads(real_catalog.rows("SELECT alt_labels FROM skills WHERE uri = ?",
                                            (skills.uris[owner],))[0]["alt_labels"])
        assert any(alt in item.text for alt in alts), item.text


def test_candidate_rows_mark_the_gold_skills(real_catalog, derived):
    sample = [s for s in derived if s.source == "ESCO-ALT"][:5]
    rows = candidate_rows(real_catalog, sample)
    assert rows.features.shape[0] == len(rows.gold) == len(rows.sentence)
    for i in range(len(sample)):
        assert rows.gold[rows.sentence == i].sum() == 1       # the labelled skill is ranked


def test_gap_features_are_relative_to_the_sentences_best_candidate(real_catalog):
    from destinai.extract.evaluation import whole_sentence
    from destinai.extract.extractor import get_extractor
    from destinai.extract.ranker import FEATURES, RELATIVE
    from destinai.extract.ranking import rank_with_features

    extractor = get_extractor(get_index(real_catalog))
    (ranked,) = rank_with_features(extractor, [whole_sentence(
        "You will maintain our Python services and mentor junior developers.")], depth=10_000)
    rows = [row for _, row in ranked]
    for gap, of in RELATIVE.items():
        values = [row[FEATURES.index(of)] for row in rows]
        gaps = [row[FEATURES.index(gap)] for row in rows]
        assert max(gaps) == pytest.approx(0.0)
        assert all(g == pytest.approx(v - max(values), abs=1e-5) for g, v in zip(
            gaps, values, strict=True))
