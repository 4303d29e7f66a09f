"""Matching, gap and study on the real catalog."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog
from destinai.match.engine import match
from destinai.match.profile import build_profile
from destinai.match.study import study

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("title", ["welder", "diplomat", "software developer"])
def test_own_essential_skills_rank_first(real_catalog: Catalog, title: str) -> None:
    uri = real_catalog.scalar("SELECT uri FROM occupations WHERE label = ?", (title,))
    skills = [r["skill_uri"] for r in real_catalog.rows(
        "SELECT skill_uri FROM occupation_skills WHERE occupation_uri = ? "
        "AND relation = 'essential' ORDER BY skill_uri", (uri,))]
    top = match(real_catalog, build_profile(real_catalog, skills), 10)["results"]
    assert top[0]["occupation"]["uri"] == uri
    half = match(real_catalog, build_profile(real_catalog, skills[::2]), 10)["results"]
    assert uri in [r["occupation"]["uri"] for r in half]


def test_unknown_skills_reported_never_dropped(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, "use welding equipment; qwxzv blorptastic")
    result = match(real_catalog, profile, 3)
    assert [u["input"] for u in result["profile"]["unrecognised"]] == ["qwxzv blorptastic"]
    assert result["profile"]["recognised"][0]["label"] == "use welding equipment"


def test_close_skill_stands_in_and_is_named(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, "perform metal active gas welding; "
                            "perform metal inert gas welding")
    result = match(real_catalog, profile, 5)
    stand_ins = [s for r in result["results"] for s in r["matched_skills"] if "stood_in_by" in s]
    assert stand_ins, "partial credit should name the held skill that stood in"
    assert all(r["why"].startswith(f"Ranked #{r['rank']}") for r in result["results"])


def test_study_international_relations_finds_diplomatic_work(real_catalog: Catalog) -> None:
    result = study(real_catalog, "international relations", limit=15)
    labels = [o["label"] for s in result["sectors"] for o in s["occupations"]]
    assert {"foreign affairs officer", "ambassador"} & set(labels), labels
    assert result["core_knowledge"]


def test_study_by_isced_code(real_catalog: Catalog) -> None:
    result = study(real_catalog, "0913", level=6, limit=10)
    assert result["isced_f"][0]["label"] == "nursing and midwifery"
    labels = [o["label"] for s in result["sectors"] for o in s["occupations"]]
    assert any("nurse" in label for label in labels)


def test_study_refuses_text_that_names_no_field(real_catalog):
    # documented rule: no programme name within cosine 0.45 -> NotFound, not the nearest field
    from destinai.catalog.db import NotFound
    from destinai.match.fields import resolve_field

    for junk in ("qqqq zzzz", "lorem ipsum"):
        with pytest.raises(NotFound):
            resolve_field(real_catalog, junk)
    assert resolve_field(real_catalog, "criminology")  # a real field still resolves
