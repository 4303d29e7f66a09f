"""The one resolver's rules (docs/search.md "Resolving a query"), on the miniature catalog."""

from __future__ import annotations

import pytest

from destinai.catalog.db import NotFound
from destinai.search import resolve as resolver
from destinai.search.hybrid import search_hybrid
from destinai.search.resolve import resolve, resolve_occupation, resolve_skill
from destinai.search.text import key, keys, singular
from tests.fixtures.release import ATTACHE, DIPLOMAT, NURSE, WELDER, S


@pytest.mark.parametrize(("word", "expected"), [
    ("nurses", "nurse"), ("secretaries", "secretary"), ("process", "process"),
    ("status", "status"), ("analysis", "analysis"),
    ("logistics", "logistics"), ("gas", "gas"),
])
def test_singular(word, expected):
    assert singular(word) == expected


def test_exact_key_folds_case_accents_punctuation_and_plurals():
    assert key("Attachés") == key("attaché") == "attache"
    assert key("Welding-Operators!") == "welding operator"
    assert keys("Coaches") == ["coache", "coach"]
    assert keys("attachés")[0] == "attache"


@pytest.mark.parametrize(("query", "uri", "how"), [
    ("diplomat", DIPLOMAT, "preferred_label"),
    ("DIPLOMATS", DIPLOMAT, "preferred_label"),
    ("Attachés", ATTACHE, "preferred_label"),
    ("envoy", DIPLOMAT, "alternative_label"),
    ("welding operators", WELDER, "alternative_label"),
    ("nurse specialist", NURSE, "alternative_label"),
    (DIPLOMAT, DIPLOMAT, "uri"),
    ("1112.3.1", ATTACHE, "esco_code"),
])
def test_identifiers_and_exact_labels(mini, query, uri, how):
    assert resolve_occupation(mini, query) == (uri, how)


def test_exact_label_ranks_first_in_search_too(mini):
    # "envoy" is only an alternative label; whatever else matches, it comes first
    top = search_hybrid(mini, "Envoys", "occupation", 5)[0]
    assert top["uri"] == DIPLOMAT
    assert top["retrievers"]["exact"]["label"] == "alt"


def test_preferred_label_beats_an_alternative_label_of_another_concept(mini):
    # "diplomat" is diplomat's preferred label; no other concept may win it
    assert search_hybrid(mini, "diplomat", "occupation", 5)[0]["uri"] == DIPLOMAT


def test_typos_resolve_through_search(mini):
    uri, how = resolve_occupation(mini, "diplomatt")
    assert (uri, how) == (DIPLOMAT, "search")
    assert resolve_skill(mini, "use weldng equipment") == (S["weld"], "search")


@pytest.mark.parametrize("junk", ["<script>alert(1)</script>", "qwertyuiop", "lorem ipsum",
                                  "' OR 1=1 --"])
def test_junk_is_refused_with_suggestions(mini, junk):
    with pytest.raises(NotFound) as caught:
        resolve_occupation(mini, junk)
    assert "no occupation matches" in str(caught.value)
    assert isinstance(caught.value.suggestions, list)


def test_refusal_threshold_is_the_documented_value(mini, monkeypatch):
    assert resolver.ACCEPT == 0.8
    found = resolve(mini, "diplomatt", "occupation")
    assert found.matched_by == "search" and found.closeness >= resolver.ACCEPT
    # above any closeness, search matches are refused; exact labels never are
    monkeypatch.setattr(resolver, "ACCEPT", 1.01)
    with pytest.raises(NotFound):
        resolve(mini, "diplomatt", "occupation")
    assert resolve(mini, "envoy", "occupation").uri == DIPLOMAT


@pytest.mark.parametrize("query", ["", "   ", "http://data.europa.eu/esco/occupation/none",
                                   "9999.9"])
def test_empty_or_unknown_identifiers(mini, query):
    with pytest.raises(NotFound):
        resolve_occupation(mini, query)
