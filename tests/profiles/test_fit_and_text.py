"""Link closeness, per-item fit, honest pay and the wording of generated documents."""

from __future__ import annotations

from itertools import pairwise

import pytest

from destinai.catalog.db import Catalog
from destinai.profiles.interview import MAX_QUESTIONS, MIN_QUESTIONS, interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.render_md import interview_md, job_profile_md
from destinai.profiles.render_text import occupation_text
from destinai.profiles.wording import article


@pytest.mark.parametrize(("phrase", "expected"), [
    ("accountant", "an"), ("international relations officer", "an"), ("welder", "a"),
    ("university lecturer", "a"), ("ICT analyst", "an"), ("European affairs officer", "a"),
    ("hour", "an"), ("nurse", "a"), ("one-man band", "a"), ("SQL developer", "an"),
    ("user experience designer", "a"), ("umpire", "an")])
def test_article(phrase: str, expected: str):
    assert article(phrase) == expected


def test_coarse_link_international_relations_officer(real_catalog: Catalog):
    p = occupation_profile(real_catalog, "international relations officer")
    assert p["link_fit"]["closeness"] == "coarse"
    assert p["pay"]["basis"] == "candidates" and "primary" not in p["pay"]
    assert "Public Relations Managers" in p["pay"]["basis_text"]
    assert "no US series matches this occupation exactly" in p["pay"]["basis_text"]
    j = job_profile(real_catalog, "international relations officer")
    assert j["salary"]["median"] is None and j["salary"]["range_of_medians"][0] is not None
    assert not any("Public Relations" in k or "Fundraising" in k for k in j["key_phrases"])
    text = job_profile_md(j)
    assert "promotional publications" not in text and "corporate image" not in text
    assert "an international relations officer" in text
    assert j["responsibilities"]["primary_source"].startswith("ESCO essential skills")
    assert "No education data" not in text and "No data on work styles" not in text
    terminal = occupation_text(p)
    assert "O*NET link: coarse" in terminal and "US median pay range $" in terminal


def test_software_developer_pay_includes_software_developers(real_catalog: Catalog):
    p = occupation_profile(real_catalog, "software developer")
    socs = {r["soc_code"] for r in p["pay"]["rows"]}
    assert {"15-1251", "15-1252"} <= socs and p["pay"]["basis"] == "candidates"
    assert p["pay"]["range"]["annual_median_max"] == 133080


def test_close_link_keeps_its_figures_and_ranks_tasks(real_catalog: Catalog):
    p = occupation_profile(real_catalog, "welder")
    assert p["link_fit"]["closeness"] == "close" and p["pay"]["basis"] == "onet_link"
    fits = [t["fit"] for t in p["onet_profile"]["ranked_tasks"]]
    assert fits == sorted(fits, reverse=True) and len(fits) >= 10
    assert p["outlook"]["available"] and p["outlook"]["phrase"]


@pytest.mark.parametrize("query", ["nurse responsible for general care", "accountant",
                                   "international relations officer", "software developer",
                                   "welder", "chef"])
def test_documents_are_short_ranked_and_readable(real_catalog: Catalog, query: str):
    j = job_profile(real_catalog, query)
    assert 1 <= len(j["responsibilities"]["primary"]) <= 12
    assert len(j["skills"]["hard"]) <= 10 and j["skills"]["soft"]
    md = job_profile_md(j)
    assert " a accountant" not in md and " a international" not in md
    assert "_No " not in md  # no empty sections announced
    g = interview_guide(real_catalog, query)
    assert MIN_QUESTIONS <= len(g["competencies"]) <= MAX_QUESTIONS
    for c in g["competencies"]:
        assert c["follow_ups"] and set(c["rubric"]) == {1, 2, 3, 4}
        assert not c["question"].startswith("Tell me about a time you used")
        assert c["question"].startswith(("As a", "Think of your work as"))
    assert g["candidate_specification"]["must_have"]
    assert len(interview_md(g).split()) < 4000
    closings = [c["question"].rsplit(". ", 1)[-1] for c in g["competencies"]]
    assert all(a != b for a, b in pairwise(closings))  # no stock phrase twice in a row
