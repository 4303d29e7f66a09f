"""Rules that need no catalog: outlook words, filter descriptions, CV titles and clauses."""

from __future__ import annotations

import math

import pytest

from destinai.match.filters import Filters, outlook_words
from destinai.match.reading import cv_clauses, cv_titles


@pytest.mark.parametrize(("change", "words"), [
    (12.0, "much faster than average"), (8.0, "much faster than average"),
    (5.0, "faster than average"), (3.1, "about as fast as average"),
    (0.0, "little or no change"), (-4.0, "declining"), (None, None), (math.nan, None)])
def test_outlook_in_bls_words(change: float | None, words: str | None) -> None:
    assert outlook_words(change) == words


def test_filters_describe_themselves_in_words() -> None:
    text = " ".join(Filters(exclude_current=True, min_wage=40000, outlook="growing",
                            max_job_zone=3).describe())
    assert "leaving your current job" in text and "$40,000" in text
    assert "expected to grow" in text and "1–3" in text
    assert Filters().describe() == []


def test_cv_titles_skip_sentences_and_headings() -> None:
    cv = ("Experience\nSous chef, Italian restaurant (60 covers)\nResponsible for ordering.\n"
          "Farm hand on a 300-acre mixed farm")
    assert cv_titles(cv) == ["Sous chef", "Farm hand"]


def test_cv_clauses_are_short_phrases() -> None:
    # one-word fragments ("Checked") are prose, not clauses
    clauses = cv_clauses("Checked and dispensed prescriptions, advised patients on medicines "
                         "and ran the flu vaccination service.")
    assert clauses == ["dispensed prescriptions", "advised patients on medicines",
                       "ran the flu vaccination service"]


def test_cv_titles_follow_the_cv_sections() -> None:
    cv = ("PROFILE\nRegistered midwife with six years on a labour ward.\n"
          "EXPERIENCE\nPayroll administrator\nCity Council, finance department (2015 - now)\n"
          "Ran the monthly payroll for 1,200 staff.\n"
          "EDUCATION\nBSc Midwifery, University of Leeds\nSkills\nTeamwork, Sage payroll")
    # the employer under a bare title, a degree line and the skills list are no job titles
    assert cv_titles(cv) == ["Registered midwife", "Payroll administrator"]


def test_a_heading_run_into_its_line_gives_the_title_after_it() -> None:
    assert cv_titles("Experience: Bricklayer, various housing developers (10 yrs).") == [
        "Bricklayer"]
    assert cv_titles("NVQ Level 2 Trowel Occupations\nEducation: BA History") == []


def test_a_title_line_keeps_its_words_without_dates() -> None:
    from destinai.match.cv import cv_title_lines

    assert cv_title_lines("General manager, 80-room city hotel (2016-2024)") == [
        ("General manager", "General manager, city hotel")]


def test_a_line_about_the_work_is_no_title() -> None:
    cv = ("Sales negotiator, Hamptons estate agents\nValued houses and flats for sale.\n"
          "Run the monthly payroll for 300 staff.\nQualified electrician, 10 years")
    # a past-tense verb or a verb and its object opens a clause; "Qualified" opens a title
    assert cv_titles(cv) == ["Sales negotiator", "Qualified electrician"]


def test_a_hyphen_inside_a_word_does_not_end_the_title() -> None:
    assert cv_titles("Live-out nanny for two families, 2018-2024") == ["Live-out nanny"]
    assert cv_titles("Self-employed plasterer, 12 years") == ["Self-employed plasterer"]
    assert cv_titles("Butcher - family butcher's shop, 9 years") == ["Butcher"]


def test_a_title_reading_s_alternatives_count_for_less() -> None:
    from types import SimpleNamespace

    from destinai.match.score import ALTERNATIVE_TITLE, title_fit

    index = {"a": 0, "b": 1, "c": 2}
    data = SimpleNamespace(index=SimpleNamespace(matrix=SimpleNamespace(
        occupations=list(index), occupation_index=index)))
    reading = {"uri": "a", "confidence": 0.9, "status": "used",
               "alternatives": [{"uri": "b", "confidence": 0.8}]}
    fit = title_fit(data, SimpleNamespace(titles=[reading]))  # type: ignore[arg-type]
    assert fit[0] == pytest.approx(0.9) and fit[2] == 0.0
    assert fit[1] == pytest.approx(0.8 * ALTERNATIVE_TITLE) and fit[1] < fit[0]
    doubtful = title_fit(data, SimpleNamespace(titles=[reading | {"status": "check"}]))  # type: ignore[arg-type]
    assert doubtful[0] < fit[0]
