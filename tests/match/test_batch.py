"""Batched reading gives exactly the engines' phrase-by-phrase answers (destinai.match.batch)."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog
from destinai.extract import extract_skills
from destinai.extract.skills import extract_skills_many
from destinai.match.batch import search_each
from destinai.match.reading import cv_clauses, read_skill, read_skills
from destinai.search.hybrid import search_hybrid

pytestmark = pytest.mark.integration

PHRASES = ["patient care", "giving medication", "wound dressing", "IV lines",
           "night shifts on a ward", "talking to families", "MOT checks", "Photoshop",
           "", "!!", "cash handling"]
CV = ("Sous chef, Italian restaurant. Prepared fresh pasta and sauces, planned weekly "
      "specials, ordered produce from suppliers and trained two commis chefs.")


def _keys(results: list[dict]) -> list[tuple[str, float]]:
    return [(r["uri"], r["score"]) for r in results]


def test_search_each_equals_search_hybrid_phrase_by_phrase(real_catalog: Catalog) -> None:
    batched = search_each(real_catalog, PHRASES, "skill", 6)
    assert [_keys(b) for b in batched] == [
        _keys(search_hybrid(real_catalog, p, "skill", 6)) for p in PHRASES]
    assert batched[0] and not batched[8] and not batched[9]


def test_extract_skills_many_equals_extract_skills_phrase_by_phrase(real_catalog: Catalog) -> None:
    texts = PHRASES + cv_clauses(CV) + [CV]
    assert extract_skills_many(real_catalog, texts, 5) == [
        extract_skills(real_catalog, t, 5) for t in texts]


def test_read_skills_equals_read_skill(real_catalog: Catalog) -> None:
    assert read_skills(real_catalog, PHRASES[:4]) == [
        read_skill(real_catalog, p) for p in PHRASES[:4]]
    assert read_skills(real_catalog, []) == []
