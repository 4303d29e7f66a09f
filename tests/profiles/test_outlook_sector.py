"""Outlook phrases against BLS's bands, and sector aggregates recomputed from source rows."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from destinai.catalog.db import Catalog, NotFound
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.outlook import growth_phrase
from destinai.profiles.sector import sector_overview

BANDS = [  # (rounded percent change, phrase) with the 2024-34 average of 3.1 %
    (8, "much faster than average"), (40, "much faster than average"),
    (7, "faster than average"), (5, "faster than average"),
    (4, "about as fast as average"), (2, "about as fast as average"),
    (1, "slower than average"), (0, "little or no change"), (-1, "little or no change"),
    (-2, "decline"), (-15, "decline")]


@pytest.mark.parametrize(("change", "phrase"), BANDS)
def test_growth_phrase_follows_the_bands(change: int, phrase: str):
    assert growth_phrase(change, 3.1) == phrase


def test_growth_phrase_rounds_like_the_handbook():
    assert growth_phrase(7.4) == "faster than average"
    assert growth_phrase(7.6) == "much faster than average"
    assert growth_phrase(-1.4) == "little or no change"


def _projections(sources: Path) -> dict[str, tuple[float, float, float | None]]:
    book = openpyxl.load_workbook(sources / "projections/2024-34/occupation.xlsx",
                                  read_only=True)
    rows = {}
    for r in book["Table 1.2"].iter_rows(min_row=3, values_only=True):
        if r[1] and isinstance(r[3], (int, float)):
            rows[r[1]] = (float(r[3]), float(r[4]), r[8], r[10])
    return rows


def _band(change: float) -> str:
    """The BLS bands written out again, independently of growth_phrase."""
    c = round(change)
    return ("much faster than average" if c >= 8 else "faster than average" if c >= 5 else
            "about as fast as average" if c >= 2 else "slower than average" if c >= 1 else
            "little or no change" if c >= -1 else "decline")


@pytest.mark.parametrize(("query", "soc"), [
    ("accountant", "13-2011"), ("welder", "51-4121"), ("chef", "35-1011"),
    ("nurse responsible for general care", "29-1141"), ("chief executive officer", "11-1011")])
def test_outlook_labels_match_bls_bands(real_catalog: Catalog, real_sources: Path,
                                        query: str, soc: str):
    raw = _projections(real_sources)[soc]
    found = occupation_profile(real_catalog, query)["outlook"]
    row = next(r for r in found["rows"] if r["soc_code"] == soc)
    assert row["change_percent"] == pytest.approx(raw[2])
    assert row["phrase"] == _band(raw[2])
    assert row["annual_openings"] == round(raw[3] * 1000)
    assert row["release"] == "BLS Employment Projections 2024-34"
    assert row["phrase"].replace("average", "the average for all occupations") in \
        found["sentence"] or row["phrase"] in ("decline", "little or no change")


def _essential_counts(sources: Path, members: set[str]) -> dict[str, int]:
    archive = sources / "esco/v1.1.1/ESCO dataset - v1.1.1 - relations - csv.zip"
    counts: dict[str, int] = {}
    with zipfile.ZipFile(archive) as z:
        name = next(n for n in z.namelist() if n.endswith("occupationSkillRelations.csv"))
        with z.open(name) as f:
            for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
                if row["occupationUri"] in members and row["relationType"] == "essential":
                    counts[row["skillUri"]] = counts.get(row["skillUri"], 0) + 1
    return counts


@pytest.mark.parametrize("query", ["22", "construction"])
def test_sector_aggregates_recomputed_from_source_rows(real_catalog: Catalog,
                                                       real_sources: Path, query: str):
    overview = sector_overview(real_catalog, query)
    members = {o["uri"] for o in overview["occupations"]}
    assert overview["sector"]["members"] == len(members) > 20
    # the SOC series: each member's best O*NET link -> its SOC code (catalog link rows)
    socs = {o["soc_code"] for o in overview["occupations"] if o["soc_code"]}
    raw = _projections(real_sources)
    projected = [raw[s] for s in socs if s in raw]
    totals = overview["totals"]
    assert totals["us_series_with_projections"] == len(projected)
    assert totals["employment_2024"] == pytest.approx(sum(round(p[0] * 1000)
                                                          for p in projected))
    assert totals["employment_2034"] == pytest.approx(sum(round(p[1] * 1000)
                                                          for p in projected))
    assert totals["annual_openings"] == pytest.approx(sum(round(p[3] * 1000)
                                                          for p in projected))
    e24, e34 = sum(p[0] for p in projected), sum(p[1] for p in projected)
    assert totals["change_percent"] == pytest.approx(100 * (e34 - e24) / e24, abs=0.06)
    # the most shared essential skill: count and share from occupationSkillRelations.csv
    counts = _essential_counts(real_sources, members)
    for item in overview["skills"]["skills"][:3] + overview["skills"]["knowledge"][:3]:
        assert item["occupations"] == counts[item["uri"]]
        assert item["share"] == pytest.approx(counts[item["uri"]] / len(members), abs=1e-3)
    by_openings = [s["annual_openings"] for s in overview["rankings"]["by_openings"]]
    assert by_openings == sorted(by_openings, reverse=True)
    assert overview["wages"]["release"] == "OEWS May 2024"
    assert overview["wages"]["p25"] <= overview["wages"]["p50"] <= overview["wages"]["p75"]


def test_sector_isco_group_members_and_roles(real_catalog: Catalog):
    overview = sector_overview(real_catalog, "22")
    assert overview["sector"]["kind"] == "isco_group"
    assert all(o["isco_group"].startswith("22") for o in overview["occupations"])
    entry = max(r["seniority"] for r in overview["roles"]["entry"])
    senior = min(r["seniority"] for r in overview["roles"]["senior"])
    assert entry < senior
    assert overview["mobility"]["move_in_from"]["occupations"]
    assert not {o["uri"] for o in overview["mobility"]["move_out_to"]["occupations"]} & {
        o["uri"] for o in overview["occupations"]}


def test_sector_free_text_and_little_us_data(real_catalog: Catalog):
    overview = sector_overview(real_catalog, "international relations")
    labels = {o["label"].casefold() for o in overview["occupations"]}
    assert "international relations officer" in labels
    us = overview["us_data"]
    # the documented rule: little US data = under half the members with a US wage, or fewer
    # than three US series behind the figures
    assert us["little"] == (us["share"] < 0.5 or us["us_series"] < 3)
    assert (us["note"] is not None) == us["little"]


@pytest.mark.parametrize("query", ["zzqx nothing", "99", "  "])
def test_sector_that_matches_nothing_says_so(real_catalog: Catalog, query: str):
    with pytest.raises(NotFound):
        sector_overview(real_catalog, query)
