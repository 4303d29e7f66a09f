"""Occupation profiles on the miniature release (tests/fixtures/release.py)."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog, NotFound
from destinai.profiles.occupation_profile import occupation_profile
from tests.fixtures.release import DIPLOMAT, WELDER


def labels(items: list[dict]) -> list[str]:
    return [i["label"] for i in items]


def test_profile_keeps_the_catalog_keys_and_splits_skills(mini_catalog: Catalog):
    # GIVEN the diplomat: 3 essential (knowledge, competence, language), 2 optional
    p = occupation_profile(mini_catalog, "diplomat")
    # THEN the stable catalog keys are still there
    assert p["uri"] == DIPLOMAT and p["code"] == "1112.3"
    assert p["counts"] == {**p["counts"], "total": 5, "essential": 3, "optional": 2}
    # AND skills are split with language and transversal skills shown apart
    ess, opt = p["skills"]["essential"], p["skills"]["optional"]
    assert labels(ess["knowledge"]) == ["diplomatic principles"]
    assert labels(ess["skill_competence"]) == ["negotiate agreements"]
    assert labels(ess["language"]) == ["speak different languages"]
    assert labels(opt["transversal"]) == ["work in teams"]
    assert labels(opt["knowledge"]) == ["international law"]
    assert p["skills"]["summary"] == "5 total · 3 essential · 2 optional"
    assert set(ess["language"][0]["flags"]) == {"language", "transversal"}
    assert ess["knowledge"][0]["reuse_level"] == "sector-specific"


def test_identity_names_isco_chain_onet_link_soc_and_esco_page(mini_catalog: Catalog):
    p = occupation_profile(mini_catalog, DIPLOMAT)
    assert [g["code"] for g in p["isco_chain"]] == ["1", "11", "111", "1112"]
    assert p["onet"][0]["code"] == "11-1011.00" and p["onet"][0]["method"] == "reviewed"
    assert p["soc_2018"] == ["11-1011"]
    assert p["esco_page"].endswith(DIPLOMAT)
    assert p["titles"]["alternative"] == ["ambassador", "envoy"]
    assert p["regulation"] == {**p["regulation"], "regulated": False}


def test_onet_content_of_a_linked_occupation(mini_catalog: Catalog):
    o = occupation_profile(mini_catalog, "diplomat")["onet_profile"]
    assert o["available"] and o["codes"] == ["11-1011.00"]
    # tasks are kept only where they fit the ESCO occupation; nothing is invented
    shown = {t["task_id"] for t in o["ranked_tasks"]}
    assert shown <= {8823, 8824} and len(shown) + o["tasks_left_out"]["count"] >= 1
    for t in o["technology_skills"]:  # kept only where they fit, each with its fit
        assert t["onet_codes"] == ["11-1011.00"] and 0 <= t["fit"] <= 1
    assert o["skills"][0]["name"] == "Reading Comprehension"
    assert o["skills"][0]["importance"] == 3.5
    assert o["knowledge"][0]["by_code"] == {"11-1011.00": {"importance": 2.5, "level": 3.0}}
    assert o["work_styles"][0]["name"] == "Achievement/Effort"
    assert o["interests"]["holland_code"] == "E"
    assert o["job_zone"]["job_zone"] == 5 and o["job_zone"]["name"] == "Job Zone 5"
    assert o["experience"]["min_years"] == 4


def test_several_onet_codes_are_merged_and_each_item_names_its_code(mini_catalog: Catalog):
    # GIVEN the welder, linked to 51-4121.00 and 51-4121.06 through the 2010->2019 crosswalk
    p = occupation_profile(mini_catalog, WELDER)
    o = p["onet_profile"]
    assert o["codes"] == ["51-4121.00", "51-4121.06"]
    # THEN core tasks come before supplemental ones and name their O*NET code
    shown = [t["task"] for g in o["tasks"].values() for t in g]
    assert set(shown) <= {"Weld components.", "Clean work area."}
    assert {t["onet_code"] for g in o["tasks"].values() for t in g} <= {"51-4121.00"}
    assert o["tools"][0]["onet_codes"] == ["51-4121.00"]
    # AND both codes give one OEWS row (same SOC), not two
    assert [r["soc_code"] for r in p["pay"]["rows"]] == ["51-4121"]
    assert p["pay"]["primary"]["annual_median"] == 51000
    assert p["projections"]["rows"][0]["employment_2034"] == 425.0


def test_education_distribution_maps_to_isced(mini_catalog: Catalog):
    e = occupation_profile(mini_catalog, "diplomat")["onet_profile"]["education"]
    assert [(x["label"], x["isced_level"], x["percent"]) for x in e["levels"]] == [
        ("Bachelor's Degree", 6, 60.0), ("Master's Degree", 7, 40.0)]
    assert e["typical"]["category"] == 6 and e["minimum"]["category"] == 6


def test_wages_of_a_linked_occupation_equal_the_oews_row(mini_catalog: Catalog):
    pay = occupation_profile(mini_catalog, "diplomat")["pay"]
    assert pay["basis"] == "onet_link" and not pay["approximate"]
    row = pay["primary"]
    assert (row["annual_p10"], row["annual_p25"], row["annual_median"]) == (
        73710, 126080, 206420)
    assert row["annual_p75"] is None and row["flags"]["annual_p75"] == "#"
    assert row["year"] == 2024 and row["soc_code"] == "11-1011"


def test_unlinked_occupation_falls_back_to_its_isco_group_labelled_approximate(
        reviewed_only_catalog: Catalog):
    # GIVEN the specialist nurse: no O*NET link, ISCO 2221 -> SOC 29-1141 in the BLS crosswalk
    p = occupation_profile(reviewed_only_catalog, "specialist nurse")
    assert p["onet"] == []
    pay = p["pay"]
    # THEN the pay is the OEWS row of the mapped SOC code, labelled approximate
    assert pay["basis"] == "isco_fallback" and pay["approximate"]
    assert pay["summary"]["annual_median"] == 91620
    assert [r["soc_code"] for r in pay["rows"]] == ["29-1141"]
    assert "approximate" in pay["note"]
    # AND the sections without data say so instead of being empty
    o = p["onet_profile"]
    assert not o["available"] and o["note"]
    for section in (o["job_zone"], o["education"], o["experience"], o["interests"],
                    p["projections"], p["career_paths"]):
        assert section["available"] is False and section["note"]


def test_a_derived_link_makes_the_wage_approximate(mini_catalog: Catalog):
    # GIVEN the crosswalk builder links the specialist nurse (method derived)
    p = occupation_profile(mini_catalog, "specialist nurse")
    if not p["onet"] or p["onet"][0]["method"] == "reviewed":
        pytest.skip("this build has no derived link for the specialist nurse")
    pay = p["pay"]
    # a derived link is coarse: a range over candidates, never one number
    assert pay["basis"] == "candidates" and pay["approximate"]
    assert "primary" not in pay and pay["range"]["soc_codes"] >= 1
    assert any("not reviewed" in r for r in pay["approximate_reasons"])


def test_a_reviewed_link_is_not_approximate(mini_catalog: Catalog):
    pay = occupation_profile(mini_catalog, "welder")["pay"]
    assert pay["link_method"] == "reviewed"
    assert pay["approximate"] is False and pay["approximate_reasons"] == []


def test_related_occupations(mini_catalog: Catalog):
    rel = occupation_profile(mini_catalog, "attaché")["related"]
    assert labels(rel["broader"]) == ["diplomat"]
    assert labels(rel["same_isco_group"]["items"]) == ["diplomat"]
    assert occupation_profile(mini_catalog, "diplomat")["related"]["narrower"][0]["uri"] \
        .endswith("attache-2")


@pytest.mark.parametrize("query", ["", "   ", "zzzz qqqq", "'); DROP TABLE occupations; --"])
def test_bad_queries_raise_not_found(mini_catalog: Catalog, query):
    with pytest.raises(NotFound):
        occupation_profile(mini_catalog, query)


def test_career_paths_hook(mini_catalog: Catalog):
    # GIVEN the default profile: career paths are pointed to, not loaded
    hook = occupation_profile(mini_catalog, "welder")["career_paths"]
    assert hook["available"] is False and hook["api"] == f"/api/v1/paths/{WELDER}"
    # WHEN they are asked for, THEN they come from the paths feature or say why not
    paths = occupation_profile(mini_catalog, "welder", paths=True)["career_paths"]
    assert paths["included"] is True
    # the mini catalog is built with the paths step: the summary must be there, and be the
    # paths engine's own answer (a failure inside the engine must not pass as "not available")
    assert paths["available"] is True, paths.get("note")
    from destinai.paths.engine import career_paths

    engine = career_paths(mini_catalog, WELDER, limit=5)
    for key in ("entry_points", "lateral_moves", "advancement"):
        assert [m["uri"] for m in paths[key]] == [m["occupation"]["uri"] for m in engine[key]]
    diplomat = occupation_profile(mini_catalog, "diplomat", paths=True)["career_paths"]
    assert any(diplomat[key] for key in ("entry_points", "lateral_moves", "advancement"))
