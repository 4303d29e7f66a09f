"""Integration: the crosswalk in the catalog built from the real release files."""

from __future__ import annotations

import json

import pytest

from destinai.catalog.db import Catalog
from destinai.crosswalk.lookup import crosswalk_for

pytestmark = pytest.mark.integration


def test_every_occupation_has_a_code(real_catalog: Catalog):
    cov = real_catalog.build_record()["crosswalk_coverage"]
    assert cov["onet_any"]["share"] == 1.0
    assert cov["onet_reviewed"]["count"] + cov["onet_derived"]["count"] == cov["occupations"]
    assert cov["wage_any"]["share"] > 0.98
    missing = real_catalog.scalar(
        "SELECT count(*) FROM occupations o WHERE NOT EXISTS "
        "(SELECT 1 FROM occupation_onet l WHERE l.esco_uri = o.uri)")
    assert missing == 0


def test_derived_links_carry_evidence_and_confidence(real_catalog: Catalog):
    rows = real_catalog.rows("SELECT confidence, evidence FROM occupation_onet "
                             "WHERE method = 'derived'")
    assert len(rows) > 1300
    assert all(0 < r["confidence"] <= 1 for r in rows)
    evidence = [json.loads(r["evidence"]) for r in rows]
    assert all(e["features"] and e["probability"] == pytest.approx(r["confidence"], abs=1e-3)
               for e, r in zip(evidence, rows, strict=True))
    assert sum(1 for e in evidence if e["matching_titles"]) > 0.95 * len(rows)


def test_reviewed_links_are_nestas_and_never_mixed_with_derived(real_catalog: Catalog):
    nesta = real_catalog.scalar("SELECT count(DISTINCT esco_uri) FROM xw_esco_onet_2010 x "
                                "WHERE x.esco_uri IN (SELECT uri FROM occupations)")
    reviewed = real_catalog.rows("SELECT DISTINCT esco_uri FROM occupation_onet "
                                 "WHERE method = 'reviewed'")
    assert len(reviewed) == nesta
    mixed = real_catalog.scalar(
        "SELECT count(*) FROM (SELECT esco_uri FROM occupation_onet GROUP BY esco_uri "
        "HAVING count(DISTINCT method) > 1)")
    assert mixed == 0
    record = real_catalog.build_record()["step:crosswalk"]
    assert record["model"]["fitted_on_occupations"] > 1500


@pytest.mark.parametrize(("label", "soc_major"), [
    ("head chef", "35"), ("biomedical engineer", "17"), ("furniture upholsterer", "51"),
    ("mine surveyor", "17"), ("biochemistry technician", "19")])
def test_unlinked_occupations_get_a_sensible_soc_major_group(real_catalog: Catalog, label,
                                                             soc_major):
    result = crosswalk_for(real_catalog, label)
    assert result["label"] == label and result["method"] == "derived"
    assert result["links"][0]["soc_code"].startswith(soc_major)
    assert len(result["runners_up"]) >= 2
