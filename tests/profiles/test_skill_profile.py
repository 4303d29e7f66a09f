"""Skill profiles on the miniature release."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog, NotFound
from destinai.profiles.skill_profile import skill_profile


def test_occupations_sort_by_wage_employment_and_label(reviewed_only_catalog: Catalog):
    # GIVEN "work in teams": essential for the nurse (no link), optional for diplomat and welder
    catalog = reviewed_only_catalog
    by_wage = skill_profile(catalog, "work in teams", "wage")
    assert [o["label"] for o in by_wage["optional_for"]] == ["diplomat", "welder"]
    assert [o["annual_median"] for o in by_wage["optional_for"]] == [206420, 51000]
    assert by_wage["essential_for"][0]["annual_median"] is None  # unlinked: no wage
    by_employment = skill_profile(catalog, "work in teams", "employment")
    assert [o["label"] for o in by_employment["optional_for"]] == ["welder", "diplomat"]
    by_label = skill_profile(catalog, "work in teams")
    assert by_label["sorted_by"] == "label"
    assert by_label["counts"] == {"essential": 1, "optional": 2, "total": 3}


def test_knowledge_skill_has_its_isced_f_field_and_hierarchy(mini_catalog: Catalog):
    s = skill_profile(mini_catalog, "diplomatic principles")
    assert s["isced_f_field"]["code"] == "031"
    assert [c["code"] for c in s["isced_f_field"]["chain"]] == ["03", "031"]
    assert [g["label"] for g in s["hierarchy"]["top"]] == [
        "social sciences, journalism and information"]
    assert [r["label"] for r in s["related_skills"]] == ["international law"]
    assert s["alt_labels"] and s["description"]


def test_competence_has_no_isced_field_and_says_so(mini_catalog: Catalog):
    s = skill_profile(mini_catalog, "negotiate agreements")
    assert s["isced_f_field"]["available"] is False and s["isced_f_field"]["note"]


def test_bad_sort_and_unknown_skill(mini_catalog: Catalog):
    with pytest.raises(ValueError, match="sort must be"):
        skill_profile(mini_catalog, "diplomacy", "salary")
    with pytest.raises(NotFound):
        skill_profile(mini_catalog, "qqqq zzzz")
