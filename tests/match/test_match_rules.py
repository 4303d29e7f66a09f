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
