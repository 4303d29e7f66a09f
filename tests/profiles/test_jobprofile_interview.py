"""Job profiles and interview guides on the miniature release."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog
from destinai.profiles.interview import interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.render_md import interview_md, job_profile_md


def test_job_profile_is_grounded_in_the_data(mini_catalog: Catalog):
    j = job_profile(mini_catalog, "welder")
    assert j["title"] == "Welder"
    assert j["key_phrases"][:2] == ["welder", "welding operator"]
    # one O*NET task cannot describe the job: responsibilities come from ESCO, tasks follow
    assert j["responsibilities"]["primary"] == ["Use welding equipment"]
    assert "ESCO essential skills" in j["responsibilities"]["primary_source"]
    assert j["skills"]["hard"] == []  # not listed twice
    assert j["skills"]["knowledge"] == ["Health and safety regulations"]
    assert j["salary"]["p25"] == 43260 and j["salary"]["p75"] == 62000
    assert j["salary"]["p90"] is None  # '*' in OEWS: not published, not invented
    assert j["experience"]["text"] == "up to 1 year of related experience"
    assert {s["release"] for s in j["sources"]} >= {"ESCO v1.1.1", "O*NET 29.2",
                                                   "OEWS May 2024"}


def test_job_profile_markdown_reads_like_a_posting(mini_catalog: Catalog):
    md = job_profile_md(job_profile(mini_catalog, "diplomat"))
    for heading in ("# Diplomat", "## About the role", "## Key responsibilities",
                    "## What you bring", "## Education and experience", "## Salary",
                    "## Career progression", "## Sources"):
        assert heading in md
    assert "**$126,080 – n/a** per year" in md
    assert "$239,200" in md  # the top-coded 75th and 90th percentiles are explained
    assert "Bachelor's Degree (ISCED 2011 level 6" in md
    assert "social and behavioural sciences (ISCED-F 031)" in md
    # no empty sections: nothing is announced as missing
    assert "_No " not in md and "Secondary functions" not in md


def test_sector_changes_wording_and_emphasis_not_facts(mini_catalog: Catalog):
    neutral = job_profile(mini_catalog, "diplomat")
    public = job_profile(mini_catalog, "diplomat", "public")
    ngo = job_profile(mini_catalog, "diplomat", "ngo")
    assert len({neutral["intro"], public["intro"], ngo["intro"]}) == 3
    assert "public" in public["intro"]
    assert public["salary"] == neutral["salary"]
    assert sorted(public["skills"]["hard"]) == sorted(neutral["skills"]["hard"])
    with pytest.raises(ValueError, match="sector"):
        job_profile(mini_catalog, "diplomat", "military")


def test_job_profile_without_onet_uses_esco_and_says_so(reviewed_only_catalog: Catalog):
    j = job_profile(reviewed_only_catalog, "specialist nurse")
    assert j["responsibilities"]["primary"] == ["Provide nursing care"]
    assert "ESCO essential skills" in j["responsibilities"]["primary_source"]
    assert j["salary"]["approximate"] and j["salary"]["median"] is None
    assert j["salary"]["basis"] == "isco_fallback" and j["salary"]["range_of_medians"][0]
    md = job_profile_md(j)
    assert "US median pay of the closest US occupations" in md
    assert "No education data" not in md and "no job zone" not in md


def test_interview_guide_sets_each_question_in_the_occupation(mini_catalog: Catalog):
    g = interview_guide(mini_catalog, "diplomat")
    # languages are listed in the specification, not interviewed as competencies
    assert {c["competency"] for c in g["competencies"]} == {
        "diplomatic principles", "negotiate agreements"}
    for c in g["competencies"]:
        assert c["question"].startswith(("As a diplomat you would ",
                                         "Think of your work as a diplomat"))
        assert sorted(c["rubric"]) == [1, 2, 3, 4] and len(c["follow_ups"]) == 2
        assert c["strong_answer"]
    negotiate = next(c for c in g["competencies"] if c["competency"] == "negotiate agreements")
    assert "you had to negotiate agreements in that kind of work" in negotiate["question"]
    assert "Description of negotiate agreements" in " ".join(negotiate["strong_answer"])
    assert "negotiate agreements" in negotiate["rubric"][4]
    spec = g["candidate_specification"]
    assert spec["must_have"] == ["Negotiate agreements"]
    assert spec["must_have_knowledge"] == ["Diplomatic principles"]


def test_interview_markdown(mini_catalog: Catalog):
    md = interview_md(interview_guide(mini_catalog, "welder"))
    assert md.startswith("# Interview guide: Welder")
    assert "Use welding equipment" in md and "Follow-ups:" in md
    assert "- **1:**" in md and "- **4:**" in md
