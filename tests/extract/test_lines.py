"""Lines that carry no skill, and acronyms (docs/search.md, "What is not a skill")."""

from __future__ import annotations

import pytest

from destinai.extract.lines import content_sentences, is_header, is_name, is_noise
from destinai.extract.sentences import split_sentences


@pytest.mark.parametrize("line", ["Education", "WORK EXPERIENCE", "Skills:", "Languages",
                                  "Professional Summary", "References"])
def test_section_headers(line):
    assert is_header(line) and is_noise(line)


@pytest.mark.parametrize("line", ["Jan 2016 - present", "2012 – 2015", "03/2019 - 11/2021",
                                  "jane.doe@example.com", "+44 7700 900123",
                                  "www.janedoe.dev", "Phone: 0123 456", "12 Baker Street"])
def test_dates_contacts_and_addresses_are_noise(line):
    assert is_noise(line)


@pytest.mark.parametrize("line", ["Develop web applications in Python.", "Customer service",
                                  "Experience with SQL databases", "Managed a team of 5"])
def test_content_is_not_noise(line):
    assert not is_noise(line)


def test_a_bare_name_on_the_first_line():
    vocabulary = {"data": 1, "scientist": 1}
    assert is_name("Jane Doe", vocabulary)
    assert not is_name("Data Scientist", vocabulary)
    assert not is_name("I like Python", vocabulary)


def test_content_sentences_drop_noise_and_cut_headers():
    text = "Jane Doe\nEducation\nSkills: Python, SQL\n2012 - 2015\nI weld pipes."
    kept = content_sentences(split_sentences(text), {"python": 1})
    assert [s.text for s in kept] == ["Python, SQL", "I weld pipes"]
    cut = kept[0]
    assert text[cut.start:cut.start + len(cut.text)] == "Python, SQL"
    assert [cut.text[a:b] for a, b in cut.words] == ["Python", "SQL"]


def test_min_score_zero_reports_every_ranked_candidate(mini):
    from destinai.extract import extract_skills
    from destinai.extract.skills import default_min_score

    threshold = default_min_score()
    assert 0 < threshold < 0.5
    text = "I operate welding equipment and care for patients."
    every = extract_skills(mini, text, min_score=0)
    default = extract_skills(mini, text)
    strict = extract_skills(mini, text, min_score=0.95)
    assert len(strict) <= len(default) <= len(every)
    assert len(every) > len(default), "min_score 0 adds the low-scoring candidates"
    assert all(s["score"] >= threshold for s in default)
    assert all(s["score"] >= 0.95 for s in strict)


def test_headers_and_contact_lines_yield_no_skills(mini):
    from destinai.extract import extract_skills

    text = "Jane Doe\njane@example.com\nEducation\nExperience\n2019 - 2021"
    assert extract_skills(mini, text, min_score=0) == []


@pytest.mark.parametrize("line", ["Available on request", "References available upon request.",
                                  "References: available on request"])
def test_references_boilerplate_is_noise(line):
    assert content_sentences(split_sentences(line), {"request": 1}) == []


def test_a_header_cut_that_leaves_only_noise_yields_nothing():
    assert content_sentences(split_sentences("Experience: 2016 - 2019"), {}) == []
