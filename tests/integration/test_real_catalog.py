"""Integration: the catalog built from the real release files (CI has them; never skipped there).

Expected figures are recomputed from the files themselves where practical, so the test checks
the importer rather than repeating its output.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from destinai.catalog.db import Catalog
from destinai.catalog.occupations import get_occupation
from destinai.catalog.search import search
from destinai.catalog.skills import get_skill

pytestmark = pytest.mark.integration
DIPLOMAT = "http://data.europa.eu/esco/occupation/1fb92021-9576-4c85-8759-f6918e9f0ad4"


def _esco_csv(sources: Path, member: str) -> list[dict[str, str]]:
    for archive in sorted((sources / "esco").rglob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            if member in z.namelist():
                return list(csv.DictReader(io.StringIO(z.read(member).decode("utf-8-sig"))))
    raise AssertionError(f"{member} not found")


def test_counts_match_the_release(real_catalog: Catalog, real_sources: Path):
    record = real_catalog.build_record()
    counts = record["row_counts"]
    assert counts["occupations"] == len(_esco_csv(real_sources, "occupations_en.csv")) == 3007
    assert counts["skills"] == 13896
    relations = _esco_csv(real_sources, "occupationSkillRelations.csv")
    skipped = record["import"]["skipped"]
    dangling = skipped.get("occupationSkillRelations: occupation not in occupations", 0) + \
        skipped.get("occupationSkillRelations: skill not in skills", 0)
    assert counts["occupation_skills"] + dangling == len(relations)
    assert counts["onet_occupations"] == 1016
    assert counts["oews_wages"] == 1403
    assert all(check["ok"] for check in record["validation"].values())
    assert counts["isco_groups"] == 619
    assert {r["level"] for r in real_catalog.rows("SELECT DISTINCT level FROM isco_groups")} \
        == {1, 2, 3, 4}


def test_diplomat_skills_equal_the_relations_in_the_release(real_catalog, real_sources):
    relations = [r for r in _esco_csv(real_sources, "occupationSkillRelations.csv")
                 if r["occupationUri"] == DIPLOMAT]
    occ = get_occupation(real_catalog, "diplomat")
    assert occ["uri"] == DIPLOMAT
    assert occ["counts"]["essential"] == sum(r["relationType"] == "essential" for r in relations)
    assert occ["counts"]["optional"] == sum(r["relationType"] == "optional" for r in relations)
    assert [g["code"] for g in occ["isco_chain"]] == ["1", "11", "111", "1112"]


def test_wages_equal_the_oews_row(real_catalog: Catalog):
    occ = get_occupation(real_catalog, "11-1011.00")
    wage = next(w for w in occ["wages"] if w["soc_code"] == "11-1011")
    assert wage["annual_median"] == 206420
    assert wage["annual_p10"] == 73710
    assert wage["annual_p90"] is None and wage["flags"]["annual_p90"] == "#"


def test_nesta_link_resolved(real_catalog: Catalog):
    occ = get_occupation(real_catalog, "member of parliament")
    assert "11-1031.00" in [link["code"] for link in occ["onet"]]
    cov = real_catalog.build_record()["crosswalk_coverage"]
    assert cov["onet_reviewed"]["count"] >= 1670


def test_skill_profile_and_search(real_catalog: Catalog):
    skill = get_skill(real_catalog, "Python (computer programming)")
    assert skill["skill_type"] == "knowledge"
    assert "digital" in skill["collections"]
    assert skill["counts"]["total"] == skill["counts"]["essential"] + skill["counts"]["optional"]
    assert search(real_catalog, "diplomat")[0]["uri"] == DIPLOMAT


def test_label_fixes_are_counted(real_catalog: Catalog):
    fixes = real_catalog.build_record()["import"]["label_fixes"]
    assert fixes["whitespace_normalised"] > 0
    assert fixes["duplicate_alt_label_removed"] > 0
    assert fixes["preferred_label_added_to_alt_labels"] > 0
