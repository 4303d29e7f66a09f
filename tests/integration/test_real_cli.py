"""The catalog and profile commands on the real catalog, as a user runs them (``--json`` and
text). Values are checked against the release files or facts stable across builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from destinai.catalog.db import Catalog
from destinai.cli import app

pytestmark = pytest.mark.integration

DIPLOMAT = "http://data.europa.eu/esco/occupation/1fb92021-9576-4c85-8759-f6918e9f0ad4"
WELDING = "http://data.europa.eu/esco/skill/2ee57de4-bffd-4194-b009-0060edec77cc"
ONET_CODE = re.compile(r"^\d\d-\d{4}\.\d\d$")


def run(catalog: Catalog, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--db", str(catalog.path)])
    return result.exit_code, result.output


def run_json(catalog: Catalog, *args: str) -> dict:
    code, output = run(catalog, *args, "--json")
    assert code == 0, output
    return json.loads(output)


def test_stats_reports_the_build(real_catalog: Catalog) -> None:
    stats = run_json(real_catalog, "stats")
    assert stats["row_counts"]["occupations"] == 3007
    assert stats["parameters_current"] is True
    assert stats["catalog_format"]["schema_version"] >= 2
    assert all(re.fullmatch(r"[0-9a-f]{64}", s["sha256"]) for s in stats["sources"])
    code, text = run(real_catalog, "stats")
    assert code == 0 and text.startswith("Catalog built") and "O*NET coverage" in text


def test_sources_lists_every_required_file_with_a_checksum(real_sources: Path) -> None:
    result = CliRunner().invoke(app, ["sources", "--sources", str(real_sources), "--json"])
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    required = [f for f in files if f["required"]]
    assert required and all(f["present"] and len(f["sha256"]) == 64 for f in required)
    assert all(f["download"].startswith("https://") for f in files)


def test_occupation_diplomat(real_catalog: Catalog) -> None:
    occ = run_json(real_catalog, "occupation", "diplomat")
    assert occ["uri"] == DIPLOMAT and occ["code"] == "1112.3"
    assert occ["isco_group"]["code"] == "1112"
    counts = occ["counts"]
    assert counts["total"] == counts["essential"] + counts["optional"]
    assert len(occ["essential_skills"]) == counts["essential"]
    code, text = run(real_catalog, "occupation", "diplomat")
    assert code == 0 and "diplomat" in text.lower()


def test_skill_use_welding_equipment(real_catalog: Catalog) -> None:
    skill = run_json(real_catalog, "skill", "use welding equipment")
    assert skill["uri"] == WELDING and skill["skill_type"] == "skill/competence"
    labels = {o["label"] for o in skill["essential_for"]}
    assert "blacksmith" in labels
    assert skill["counts"]["essential"] == len(skill["essential_for"])


def test_jobprofile_data_scientist(real_catalog: Catalog) -> None:
    job = run_json(real_catalog, "jobprofile", "data scientist")
    assert job["title"] == "Data scientist" and job["code"] == "2511.4"
    assert job["role_definition"].startswith("Data scientists")
    code, text = run(real_catalog, "jobprofile", "data scientist")
    assert code == 0 and text.startswith("# Data scientist")


def test_interview_guide_asks_about_the_occupations_essential_skills(
        real_catalog: Catalog) -> None:
    occupation = "nurse responsible for general care"
    guide = run_json(real_catalog, "interview", occupation)
    occ = run_json(real_catalog, "occupation", occupation)
    essential = {s["uri"] for s in occ["essential_skills"]}
    assert guide["competencies"] and {c["uri"] for c in guide["competencies"]} <= essential
    assert all(c["questions"] and c["rubric"] for c in guide["competencies"])
    assert guide["onet_codes"] == ["29-1141.00"]


def test_crosswalk_reviewed_and_derived_links(real_catalog: Catalog) -> None:
    reviewed = run_json(real_catalog, "crosswalk", "diplomat")
    assert reviewed["method"] == "reviewed"
    assert reviewed["links"][0]["evidence"]["source"].startswith("Nesta")
    derived = run_json(real_catalog, "crosswalk", "asphalt laboratory technician")
    assert derived["method"] == "derived"
    for link in derived["links"]:
        assert ONET_CODE.match(link["code"]) and 0 <= link["confidence"] <= 1


@pytest.mark.parametrize("command", ["occupation", "skill", "jobprofile", "interview",
                                     "crosswalk"])
def test_a_query_that_names_nothing_exits_2(real_catalog: Catalog, command: str) -> None:
    code, output = run(real_catalog, command, "zzqx qqzv")
    assert code == 2 and "Traceback" not in output
