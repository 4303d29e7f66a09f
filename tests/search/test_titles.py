"""Job-title cleaning and normalisation."""

from __future__ import annotations

import pytest

from destinai.search.titles import clean_title, normalize_title
from tests.fixtures.release import DIPLOMAT, NURSE


@pytest.mark.parametrize(("title", "cleaned"), [
    ("Snr. Diplomat", "diplomat"),
    ("Senior Software Engineer (m/f/d)", "software engineer"),
    ("Softwareentwickler (m/w/d)", "softwareentwickler"),
    ("HR mgr", "human resources manager"),
    ("Jr. Java Dev", "java developer"),
    ("Registered Nurses", "registered nurse"),
    ("Lead", "lead"),
    ("Business Analyst II", "business analyst"),
])
def test_clean_title(title, cleaned):
    assert clean_title(title) == cleaned


def test_normalize_title_returns_codes_and_confidence(mini):
    results = normalize_title(mini, "Senior Diplomat (m/w/d)", limit=3)
    top = results[0]
    assert top["uri"] == DIPLOMAT
    assert top["code"] == "1112.3"
    assert 0.9 <= top["score"] <= 1.0
    assert all("code" in o and "title" in o for o in top["onet"])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_ad_text_helps_an_ambiguous_title(mini):
    results = normalize_title(mini, "specialist", text="Care for patients on the ward.",
                              limit=4)
    assert results[0]["uri"] == NURSE


def test_empty_title_gives_nothing(mini):
    assert normalize_title(mini, "  (m/f/d) ") == []
