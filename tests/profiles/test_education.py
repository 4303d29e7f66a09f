"""Education mapping, experience ranges and the wage median helper."""

from __future__ import annotations

from destinai.catalog.db import Catalog
from destinai.profiles.education import (
    RL_TO_ISCED,
    education_distribution,
    experience_years,
    fields_of_study,
)
from destinai.profiles.wages import pay, weighted_median


def test_every_onet_category_maps_to_an_isced_level_in_order():
    assert sorted(RL_TO_ISCED) == list(range(1, 13))
    levels = [RL_TO_ISCED[c] for c in range(1, 13)]
    assert levels == sorted(levels) and levels[0] == 2 and levels[-1] == 8
    assert RL_TO_ISCED[6] == 6 and RL_TO_ISCED[8] == 7 and RL_TO_ISCED[11] == 8


def test_experience_years_from_job_zone():
    assert experience_years(1)["text"] == "no previous experience required"
    assert experience_years(2)["text"] == "up to 1 year of related experience"
    assert (experience_years(4)["min_years"], experience_years(4)["max_years"]) == (2, 4)
    assert experience_years(None)["available"] is False


def test_education_without_codes_says_so(mini_catalog: Catalog):
    assert education_distribution(mini_catalog, [])["available"] is False
    assert "no education data" in education_distribution(mini_catalog, ["51-4121.00"])["note"]


def test_fields_of_study_come_from_the_knowledge_skills(mini_catalog: Catalog):
    uri = "http://data.europa.eu/esco/skill/diplomacy"
    fields = fields_of_study(mini_catalog, [{"uri": uri, "label": "diplomatic principles",
                                             "relation": "essential"}])
    assert [(f["isced_f"], f["skills"]) for f in fields] == [("031", ["diplomatic principles"])]
    # one optional skill alone is not enough evidence for a field
    assert fields_of_study(mini_catalog, [{"uri": uri, "label": "x", "relation": "optional"}]) \
        == []


def test_weighted_median():
    assert weighted_median([(10, 1), (20, 1), (30, 5)]) == 30
    assert weighted_median([(10, 5), (20, 1)]) == 10
    assert weighted_median([(None, 3)]) is None


def test_pay_without_link_or_mapping_says_so(mini_catalog: Catalog):
    found = pay(mini_catalog, [], "9999")
    assert found["available"] is False and found["basis"] == "none"
