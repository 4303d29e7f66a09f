"""Get started on the real catalog: CV name lines, doubtful titles, abbreviations and the
explanation of a held title (issue 12, fifth session)."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog
from destinai.match.engine import match
from destinai.match.profile import build_profile

pytestmark = pytest.mark.integration


def test_the_job_after_a_name_is_read_and_an_employer_is_not(real_catalog: Catalog) -> None:
    named = build_profile(real_catalog, cv_text="Ion Popescu – poultry farm worker\n"
                          "Fed and checked broiler chickens, cleaned and disinfected sheds.")
    assert any(t["input"] == "poultry farm worker" for t in named.titles), named.titles
    assert "Popescu" not in (named.text or "")     # a name says nothing about the work
    employer = build_profile(real_catalog, cv_text="Warehouse Manager — XPO Logistics\n"
                             "Ran a 24/7 distribution centre with 180 staff.")
    assert [t["input"] for t in employer.titles] == ["Warehouse Manager"]


def test_a_doubtful_title_is_read_in_the_light_of_the_cv(real_catalog: Catalog) -> None:
    cv = ("Médico general, Ambulatorio del Este, Caracas, 2013–2021\n"
          "Consultations in general medicine: diagnosed and treated adults and children, "
          "prescribed medication, referred patients to specialists.")
    title = build_profile(real_catalog, cv_text=cv).titles[0]
    assert title["input"] == "Médico general"
    assert title["label"] == "general practitioner", title
    assert "rest of what you wrote" in title["reason"]
    assert title["status"] == "used"      # its description is among the CV's top 1%


def test_iv_lines_are_intravenous_next_to_nursing(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, ["IV lines", "wound dressing", "care plans"])
    iv = next(r for r in profile.read_as if r["input"] == "IV lines")
    assert "intravenous" in iv["label"], iv
    assert iv["input"] == "IV lines"          # the person still sees their own words


def test_a_held_title_never_says_every_skill_is_covered(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, ["wound dressing", "care plans"], titles=["nurse"])
    result = match(real_catalog, profile, 3)
    own = next(r for r in result["results"]
               if r["occupation"]["label"] == "nurse responsible for general care")
    assert "You already cover every essential skill" not in own["why"]
    assert "are in what you wrote too" in own["why"], own["why"]


def test_the_machine_in_brackets_decides_the_title(real_catalog: Catalog) -> None:
    cv = ("Machine Setter/Operator (Blow moulding), bottle plant, 2018 - 2024\n"
          "- set up and ran blow moulding machines, changed moulds, checked bottles.")
    titles = [t["label"] for t in build_profile(real_catalog, cv_text=cv).titles]
    assert "blow moulding machine operator" in titles, titles
