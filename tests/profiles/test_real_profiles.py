"""Integration: profiles on the catalog built from the real release files.

Expected facts are read from the release files themselves (ESCO relations CSV, O*NET task
statements, the OEWS national spreadsheet), so the tests check the profiles, not a copy of
their output. One occupation of each kind: a manager, a trade, a health professional and a
public-administration professional.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook

from destinai.catalog.db import Catalog
from destinai.profiles.interview import interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.render_md import interview_md, job_profile_md, money
from destinai.profiles.skill_profile import skill_profile
from destinai.profiles.wages import pay

pytestmark = pytest.mark.integration
KINDS = {"manager": "chief executive officer", "trade": "welder",
         "health": "general practitioner", "public administration": "policy officer"}
OEWS_FIELDS = {"annual_p10": "A_PCT10", "annual_p25": "A_PCT25", "annual_median": "A_MEDIAN",
               "annual_p75": "A_PCT75", "annual_p90": "A_PCT90", "annual_mean": "A_MEAN",
               "employment": "TOT_EMP"}


@cache
def relation_counts(sources: Path) -> Counter:
    for archive in sorted((sources / "esco").rglob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            if "occupationSkillRelations.csv" in z.namelist():
                text = z.read("occupationSkillRelations.csv").decode("utf-8-sig")
                return Counter((r["occupationUri"], r["relationType"]) for r in
                               csv.DictReader(io.StringIO(text)))
    raise AssertionError("occupationSkillRelations.csv not found")


def _sheet(path: Path) -> list[dict]:
    rows = load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, r, strict=False)) for r in rows]


@cache
def onet_tasks(sources: Path) -> dict[str, dict[int, tuple[str, str | None]]]:
    tasks: dict[str, dict[int, tuple[str, str | None]]] = {}
    for r in _sheet(sources / "onet" / "29.2" / "Task Statements.xlsx"):
        tasks.setdefault(r["O*NET-SOC Code"], {})[int(r["Task ID"])] = (
            r["Task"], r["Task Type"] or None)
    return tasks


@cache
def oews_rows(sources: Path) -> dict[str, dict]:
    return {r["OCC_CODE"]: r for r in _sheet(sources / "oews" / "2024" /
                                             "national_M2024_dl.xlsx")}


def _published(value):
    return None if value in ("#", "*", "", None) else float(value)


@pytest.mark.parametrize("kind", KINDS)
def test_skill_counts_equal_the_relations_in_the_release(real_catalog: Catalog, real_sources,
                                                         kind):
    p = occupation_profile(real_catalog, KINDS[kind])
    counts = relation_counts(real_sources)
    assert p["counts"]["essential"] == counts[(p["uri"], "essential")] > 0
    assert p["counts"]["optional"] == counts[(p["uri"], "optional")]
    shown = sum(len(v) for rel in ("essential", "optional")
                for v in p["skills"][rel].values())
    assert shown == p["counts"]["total"]
    assert p["skills"]["summary"].startswith(f"{p['counts']['total']} total")


@pytest.mark.parametrize("kind", KINDS)
def test_wages_equal_the_oews_row_of_the_linked_soc_code(real_catalog, real_sources, kind):
    p = occupation_profile(real_catalog, KINDS[kind])
    assert p["onet"] and p["onet"][0]["method"] == "reviewed"
    primary = p["pay"].get("primary") or p["pay"]["rows"][0]  # close link, else candidates
    assert primary["soc_code"] == p["onet"][0]["code"][:7] == p["soc_2018"][0]
    row = oews_rows(real_sources)[primary["soc_code"]]
    for ours, theirs in OEWS_FIELDS.items():
        assert primary[ours] == _published(row[theirs]), ours
    assert primary["year"] == 2024
    assert p["pay"]["approximate"] == (p["pay"]["basis"] != "onet_link")


@pytest.mark.parametrize("kind", KINDS)
def test_tasks_belong_to_the_linked_onet_code(real_catalog, real_sources, kind):
    p = occupation_profile(real_catalog, KINDS[kind])
    file_tasks = onet_tasks(real_sources)
    groups = p["onet_profile"]["tasks"]
    assert groups["core"], "every one of these occupations has core tasks"
    for group, tasks in groups.items():
        for t in tasks:
            text, task_type = file_tasks[t["onet_code"]][t["task_id"]]
            assert t["task"] == text
            assert (task_type or "other").lower() == group
    assert {t["onet_code"] for g in groups.values() for t in g} <= set(
        p["onet_profile"]["content_codes"])
    code = p["onet"][0]["code"]
    if len(p["onet_profile"]["content_codes"]) == 1:
        core = {i for i, (_, ty) in file_tasks[code].items() if ty == "Core"}
        assert {t["task_id"] for t in groups["core"]} <= core  # only those that fit


@pytest.mark.parametrize("kind", KINDS)
def test_job_profile_and_interview_read_cleanly(real_catalog, kind):
    j = job_profile(real_catalog, KINDS[kind], "public")
    md = job_profile_md(j)
    assert md.startswith(f"# {j['title']}")
    assert "None" not in md and "{" not in md and "\n\n\n" not in md
    s = j["salary"]
    if s["basis"] == "onet_link":
        assert money(s["p10"]) in md and money(s["median"]) in md
    else:  # coarse link: the candidates' range, never one number
        assert s["median"] is None and money(s["range_of_medians"][1]) in md
    assert j["responsibilities"]["primary"]
    if j["education"].get("minimum"):
        assert j["education"]["minimum"]["isced_level"] in range(2, 9)
    guide = interview_guide(real_catalog, KINDS[kind])
    assert 8 <= len(guide["competencies"]) <= 12
    assert "None" not in interview_md(guide)


def test_several_linked_codes_are_merged_with_their_sources(real_catalog: Catalog):
    uri = real_catalog.scalar(
        "SELECT esco_uri FROM occupation_onet WHERE method = 'reviewed' GROUP BY esco_uri "
        "HAVING count(*) >= 3 ORDER BY esco_uri LIMIT 1")
    p = occupation_profile(real_catalog, uri)
    codes = set(p["onet_profile"]["codes"])
    assert len(codes) >= 3
    assert {t["onet_code"] for g in p["onet_profile"]["tasks"].values() for t in g} <= codes
    assert all(set(t["onet_codes"]) <= codes for t in p["onet_profile"]["technology_skills"])
    assert all(set(r["by_code"]) <= codes for r in p["onet_profile"]["skills"])


def test_isco_fallback_follows_changed_soc_codes(real_catalog: Catalog):
    # ISCO 2512 maps to SOC 2010 15-1132/15-1133, which SOC 2018 merged into 15-1252
    found = pay(real_catalog, [], "2512")
    assert found["basis"] == "isco_fallback" and found["approximate"]
    assert "15-1252" in {r["soc_code"] for r in found["rows"]}
    medians = [r["annual_median"] for r in found["rows"] if r["annual_median"]]
    assert min(medians) <= found["summary"]["annual_median"] <= max(medians)


def test_skill_profile_counts_and_wage_order(real_catalog: Catalog, real_sources: Path):
    s = skill_profile(real_catalog, "manage budgets", "wage")
    assert s["counts"]["total"] == len(s["essential_for"]) + len(s["optional_for"]) > 50
    wages = [o["annual_median"] for o in s["essential_for"] if o["annual_median"]]
    assert wages == sorted(wages, reverse=True)
    k = skill_profile(real_catalog, "Python (computer programming)")
    assert k["isced_f_field"]["code"] == "0613"


def test_job_profile_career_progression_uses_the_paths_feature(real_catalog: Catalog):
    j = job_profile(real_catalog, "welder")
    progression = j["career_progression"]
    assert progression["career_paths"]["available"] is True
    assert progression["entry_points"] or progression["lateral"] or progression["advancement"]
    assert "DestinAI career paths" in job_profile_md(j)
