"""Study → careers on the real catalog: fields read as students mean them, direct preparation
first, no full field fit without field knowledge (docs/matching.md, "Study → careers")."""

from __future__ import annotations

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.match.study import study

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("field", "code"), [
    ("law", "0421"), ("medicine", "0912"), ("computer science", "0613"), ("nursing", "0913"),
    ("fine arts", "0213"), ("international relations", "0312"), ("0913", "0913"),
    ("teacher training primary", "0113")])
def test_fields_read_as_students_mean_them(real_catalog: Catalog, field: str, code: str) -> None:
    result = study(real_catalog, field, limit=5)
    assert result["field_used"]["code"] == code
    assert all(g.get("related") for g in result["isced_f"][1:])


def test_study_ranks_direct_preparation_first(real_catalog: Catalog) -> None:
    result = study(real_catalog, "law", limit=30)
    tiers = [o["prepares"] for o in result["ranked"]]
    assert tiers == sorted(tiers, key=lambda t: t != "directly") and tiers[0] == "directly"
    top = [o["label"] for o in result["ranked"][:10]]
    assert "lawyer" in top and "naval architect" not in top
    assert sum(len(s["occupations"]) for s in result["sectors"]) == len(result["ranked"])
    assert all(o["typical_education"]["label"] for o in result["ranked"])


def test_no_field_knowledge_means_no_full_field_fit(real_catalog: Catalog) -> None:
    result = study(real_catalog, "international relations", limit=200)
    assert not {"prop master/prop mistress", "fight director"} & {
        o["label"] for o in result["ranked"][:20]}
    for o in result["ranked"]:
        if o["parts"]["share"] == 0:
            assert o["parts"]["field_fit"] < 1
    fits = np.array([o["parts"]["field_fit"] for o in result["ranked"]])
    assert (fits <= 1).all()


def test_study_shows_regulated_professions(real_catalog: Catalog) -> None:
    result = study(real_catalog, "nursing", limit=20)
    assert any(o["regulated"] for o in result["ranked"])


def test_an_occupation_named_by_the_field_is_prepared_for_directly(real_catalog: Catalog
                                                                    ) -> None:
    result = study(real_catalog, "physiotherapy", limit=30)
    by_label = {o["label"]: o for o in result["ranked"]}
    assistant = by_label["physiotherapy assistant"]        # ESCO files no 0915 knowledge
    assert assistant["prepares"] == "directly" and assistant["prepares_by"] == "name"
    assert assistant["parts"]["field_fit"] < 1 and assistant["score"] > 0
    assert all(o["prepares_by"] in ("knowledge", "name", "knowledge_profile")
               for o in result["ranked"] if o["prepares"] == "directly")


def test_the_knowledge_a_field_shares_with_its_occupations_prepares_directly(
        real_catalog: Catalog) -> None:
    # ESCO files a composer's and a general practitioner's knowledge under no music or medicine
    # field; their O*NET knowledge profiles are close to those of the fields' own occupations
    for field, wanted in (("music", "composer"), ("medicine", "general practitioner")):
        result = study(real_catalog, field, limit=20)
        by_label = {o["label"]: o for o in result["ranked"]}
        assert wanted in by_label, (field, list(by_label))
        assert by_label[wanted]["prepares"] == "directly"
        assert by_label[wanted]["parts"]["share"] == 0
        assert by_label[wanted]["parts"]["knowledge_profile"] >= 0.7
    # "directly" by knowledge profile: a close profile, with some field knowledge or the name
    result = study(real_catalog, "physiotherapy", limit=60)
    by_profile = [o for o in result["ranked"] if o["prepares_by"] == "knowledge_profile"]
    assert by_profile
    for o in by_profile:
        assert o["parts"]["knowledge_profile"] >= 0.8
    # an occupation far from the field keeps a low knowledge-profile fit
    far = {o["label"]: o for o in study(real_catalog, "music", limit=3000)["ranked"]}
    assert far.get("welder") is None or far["welder"]["parts"]["knowledge_profile"] < 0.5


def test_a_name_alike_whose_knowledge_lies_in_another_field_is_lifted_less(
        real_catalog: Catalog) -> None:
    from destinai.match.data import match_data
    from destinai.match.fields import resolve_field, share_elsewhere

    result = study(real_catalog, "medicine", limit=40)
    rank = {o["label"]: o["rank"] for o in result["ranked"]}
    # herbal therapist's knowledge lies mostly under 0917 traditional and complementary
    # medicine: the word "medicine" lifts it less than the doctors
    assert rank["herbal therapist"] > max(rank["general practitioner"],
                                          rank["specialised doctor"])
    data = match_data(real_catalog)
    other = share_elsewhere(real_catalog, data, resolve_field(real_catalog, "medicine"))
    herbal = data.index.occupation_labels.index("herbal therapist")
    doctor = data.index.occupation_labels.index("specialised doctor")
    assert other[herbal] >= 0.4 > other[doctor]


def test_a_wage_borrowed_from_a_linked_management_occupation_is_flagged(
        real_catalog: Catalog) -> None:
    # an international relations officer (ISCO 2422) is linked to O*NET public relations
    # managers (11-2032): the wage shown is theirs; a diplomat (ISCO 1112) is a manager itself
    by_label = {o["label"]: o for o in study(real_catalog, "international relations",
                                             limit=60)["ranked"]}
    assert by_label["international relations officer"]["wage_of_linked_manager"] is True
    managers = [o for o in by_label.values() if (o["isco_group"] or "")[:1] == "1"]
    assert managers and not any(o["wage_of_linked_manager"] for o in managers)
