"""Occupation, skill and search queries on the miniature catalog."""

import pytest

from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.occupations import get_occupation
from destinai.catalog.search import fts_query, search
from destinai.catalog.skills import get_skill
from tests.fixtures.release import DIPLOMAT, WELDER


@pytest.mark.parametrize("query", [DIPLOMAT, "1112.3", "diplomat", "DIPLOMAT", "ambassador",
                                   "11-1011.00", "11-1011"])
def test_occupation_resolves_uri_code_onet_code_and_labels(mini_catalog: Catalog, query):
    assert get_occupation(mini_catalog, query)["uri"] == DIPLOMAT


def test_occupation_record_has_chain_skills_counts_and_wages(mini_catalog: Catalog):
    occ = get_occupation(mini_catalog, "diplomat")
    assert [g["code"] for g in occ["isco_chain"]] == ["1", "11", "111", "1112"]
    assert occ["isco_group"]["label"] == "Senior government officials"
    assert occ["counts"]["essential"] == 3 and occ["counts"]["optional"] == 2
    assert occ["counts"]["total"] == 5
    assert occ["counts"]["essential_knowledge"] == 1
    assert {s["label"] for s in occ["essential_skills"]} == {
        "diplomatic principles", "negotiate agreements", "speak different languages"}
    assert set(occ["essential_skills"][0]) >= {"uri", "label", "skill_type"}
    assert occ["onet"][0]["code"] == "11-1011.00"
    assert occ["wages"][0]["annual_median"] == 206420
    assert occ["narrower"][0]["label"] == "attaché"


def test_unknown_occupation_suggests_close_titles(mini_catalog: Catalog):
    with pytest.raises(NotFound) as err:
        get_occupation(mini_catalog, "weldr")
    assert err.value.suggestions[0]["uri"] == WELDER


def test_skill_record_lists_occupations_and_groups(mini_catalog: Catalog):
    skill = get_skill(mini_catalog, "diplomacy")
    assert skill["label"] == "diplomatic principles"
    assert skill["counts"] == {"essential": 2, "optional": 0, "total": 2}
    assert skill["isced_f"]["isced_f"] == "031"
    assert skill["related_skills"][0]["label"] == "international law"
    teamwork = get_skill(mini_catalog, "work in teams")
    assert teamwork["collections"] == ["transversal"]
    assert teamwork["counts"] == {"essential": 1, "optional": 2, "total": 3}


def test_search_ranks_label_matches_first(mini_catalog: Catalog):
    results = search(mini_catalog, "welding", "skill")
    assert results[0]["label"] == "use welding equipment"
    assert search(mini_catalog, "nurse")[0]["label"] == "specialist nurse"


@pytest.mark.parametrize("hostile", ['"', "NEAR(", "a OR", "*", "'); DROP TABLE skills; --",
                                     "\x00\x01", "é" * 2000])
def test_search_is_safe_for_hostile_text(mini_catalog: Catalog, hostile):
    before = {t: mini_catalog.scalar(f"SELECT count(*) FROM {t}") for t in ("skills",
                                                                             "occupations")}
    for kind, table in (("occupation", "occupations"), ("skill", "skills")):
        results = search(mini_catalog, hostile, kind)
        known = {r["uri"] for r in mini_catalog.rows(f"SELECT uri FROM {table}")}
        assert all(r["uri"] in known and r["label"] for r in results)
        if not any(ch.isalnum() for ch in hostile):
            assert results == []               # nothing to look for: nothing found, no error
    assert {t: mini_catalog.scalar(f"SELECT count(*) FROM {t}") for t in before} == before
    assert search(mini_catalog, "welding", "skill")[0]["label"] == "use welding equipment"


@pytest.mark.parametrize("operator", ["OR", "AND", "NOT", "NEAR"])
def test_fts_operators_in_a_query_are_plain_words(mini_catalog: Catalog, operator):
    # "welding OR nurse" as FTS5 syntax would match every welding skill with all its words;
    # quoted, the operator is a word that no label holds, so only the any-word pass matches
    results = search(mini_catalog, f"welding {operator} diplomacy", "skill")
    assert results and all(r["matched"] == "some words" for r in results)
    assert fts_query(f"a {operator} b") == f'"a" "{operator.lower()}" "b"*'


def test_fts_query_quotes_every_word():
    assert fts_query("data scien") == '"data" "scien"*'
    assert fts_query("!!!") is None
