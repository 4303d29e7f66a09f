"""Matching on the miniature catalog: scores, explanations, unknown names, empty profiles."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog
from destinai.match.engine import match
from destinai.match.gap import gap
from destinai.match.profile import EmptyProfile, build_profile
from tests.fixtures.release import DIPLOMAT, NURSE, WELDER, S


def test_own_essential_skills_rank_the_occupation_first(mini_catalog: Catalog) -> None:
    # GIVEN the diplomat's essential skills WHEN matched THEN the diplomat ranks first,
    # above the attaché whose essential skills are a subset (profile relevance breaks it)
    profile = build_profile(mini_catalog, "diplomatic principles; negotiate agreements; "
                            "speak different languages")
    result = match(mini_catalog, profile, limit=4)
    assert result["results"][0]["occupation"]["uri"] == DIPLOMAT
    top = result["results"][0]
    assert top["parts"]["essential"] == pytest.approx(1.0)
    assert top["why"].startswith("Ranked #1 because you have all 3 of its essential skills")
    assert "Most important to learn" not in top["why"]


def test_unknown_skill_is_reported_with_suggestions(mini_catalog: Catalog) -> None:
    profile = build_profile(mini_catalog, "use welding equipment; xyzzy plugh")
    result = match(mini_catalog, profile)
    assert [u["input"] for u in result["profile"]["unrecognised"]] == ["xyzzy plugh"]
    assert result["results"][0]["occupation"]["uri"] == WELDER


def test_alt_label_and_uri_are_recognised(mini_catalog: Catalog) -> None:
    profile = build_profile(mini_catalog, [S["care"], "operate welding equipment"])
    assert {r["matched_by"] for r in profile.recognised} == {"uri", "label"}


def test_missing_skills_ordered_by_gain(mini_catalog: Catalog) -> None:
    profile = build_profile(mini_catalog, "work in teams")
    nurse = next(r for r in match(mini_catalog, profile, 4)["results"]
                 if r["occupation"]["uri"] == NURSE)
    gains = [s["gain"] for s in nurse["missing_essential"]]
    assert gains == sorted(gains, reverse=True) and len(gains) == 2


def test_empty_profile_is_a_clear_error(mini_catalog: Catalog) -> None:
    with pytest.raises(EmptyProfile, match="profile is empty"):
        build_profile(mini_catalog, "  ;  ")
    with pytest.raises(EmptyProfile, match="none of the given skills"):
        build_profile(mini_catalog, "qqqq zzzz")


def test_title_counts_as_weaker_evidence(mini_catalog: Catalog) -> None:
    profile = build_profile(mini_catalog, titles=["welder"])
    assert {v for v, _ in profile.skills.values()} == {0.6}
    assert match(mini_catalog, profile)["results"][0]["occupation"]["uri"] == WELDER


def test_gap_groups_missing_skills(mini_catalog: Catalog) -> None:
    profile = build_profile(mini_catalog, "work in teams")
    result = gap(mini_catalog, profile, "specialist nurse")
    assert [s["label"] for s in result["gap"]["knowledge"]] == ["health and safety regulations"]
    assert [s["label"] for s in result["gap"]["skills"]] == ["provide nursing care"]
    assert result["essential_covered"] == 1
