"""Job-title cleaning and normalisation."""

from __future__ import annotations

import pytest

from destinai.search.titles import (
    clean_title,
    normalize_title,
    title_head,
    title_reading,
    title_variants,
)
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
    ("Accountant 2", "accountant"),
    ("Programme Officer P3", "programme officer"),
    ("BSc Nurse", "nurse"),
    ("Part-Time Cashier", "cashier"),
    ("Remote Sensing Specialist", "remote sensing specialist"),
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


@pytest.mark.parametrize(("title", "head"), [
    ("Procurement Head – Packaging Materials", "manager"),
    ("Executive Assistant to the CEO", "assistant"),
    ("Lecturer in Economics", "lecturer"),
    ("Director of Nursing", "director"),
    ("Software Engineer, Backend", "engineer"),
    ("(Junior) Graphic Designer", "designer"),
    ("Registered Nurses (ICU)", "nurse"),
])
def test_title_head_is_the_noun_before_qualifiers(title, head):
    assert title_head(title) == head


def test_x_to_the_y_is_read_as_x():
    assert title_reading("Executive Assistant to the CEO") == "executive assistant"
    variants = title_variants("Executive Assistant to the CEO", {})
    assert variants[0] == ("executive assistant", 1.0)
    assert all(weight < 1.0 for _, weight in variants[1:])
    assert title_reading("Lecturer in Economics") == "lecturer in economics"


def test_job_ad_acronyms_are_spelled_out_only_in_capitals():
    assert ("water sanitation and hygiene officer", 1.0) in title_variants("WASH Officer", {})
    assert title_variants("Car wash attendant", {}) == [("car wash attendant", 1.0)]
    assert ("food and beverage manager", 1.0) in title_variants("F&B Manager", {})
