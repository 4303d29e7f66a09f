"""Titles and search on the real catalog: every exact label first, junk refused, job-ad titles."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from destinai.catalog.db import NotFound
from destinai.search.index import get_index
from destinai.search.resolve import resolve, search_or_refuse
from destinai.search.titles import GENDER, TAGS, normalize_title

pytestmark = pytest.mark.integration


def _labels(real_catalog, kind: str) -> list[tuple[int, str, int]]:
    """(owner, text, source rank) of every ESCO preferred and alternative label of ``kind``."""
    k = get_index(real_catalog).kinds[kind]
    out = []
    for row in range(len(k.row_owner)):
        source = int(k.row_source[row])
        if source <= 1:
            out.append((int(k.row_owner[row]), k.texts[int(k.row_vector[row])], source))
    return out


@pytest.mark.parametrize("kind", ["occupation", "skill"])
def test_every_preferred_and_alternative_label_is_an_exact_match(real_catalog, kind):
    """For every preferred and alternative label, as typed and as the title pipeline reads
    it (tags and gender markers stripped), the exact-match step puts a concept with that label
    at its best source (preferred before alternative) first: the step search, titles and the
    resolver all apply before any ranking."""
    k = get_index(real_catalog).kinds[kind]
    wrong = []
    for owner, text, source in _labels(real_catalog, kind):
        for typed in {text, GENDER.sub(" ", TAGS.sub(" ", text))}:
            found = dict(k.exact_owners(typed))
            best = min(found.values(), default=9)
            if owner not in found or found[owner] > max(best, source):
                wrong.append((text, typed))
    assert not wrong, wrong[:10]


def _expected(real_catalog, kind: str, text: str) -> set[str]:
    """URIs of the concepts that may rank first for label ``text``: the best source's."""
    k = get_index(real_catalog).kinds[kind]
    found = k.exact_owners(text)
    best = found[0][1]
    return {k.uris[o] for o, s in found if s == best}


@pytest.mark.parametrize("kind", ["occupation", "skill"])
def test_sampled_labels_rank_first_everywhere(real_catalog, kind):
    """Preferred and alternative labels (a sample of 15; the rule itself is checked on all
    above), in another case and with punctuation, come first in search, normalize-title and
    the resolver."""
    rng = random.Random(11)
    for _, text, _ in rng.sample(_labels(real_catalog, kind), 15):
        expected = _expected(real_catalog, kind, text)
        typed = text.upper() + "."
        assert search_or_refuse(real_catalog, typed, kind, 3)[0]["uri"] in expected, text
        assert resolve(real_catalog, typed, kind).uri in expected, text
        if kind == "occupation":
            assert normalize_title(real_catalog, typed, limit=3, refuse=True)[0][
                "uri"] in expected, text


def test_label_that_cleaning_would_cut_still_ranks_first(real_catalog):
    # "chief" and "senior" are seniority words, but these are ESCO labels as written
    top = normalize_title(real_catalog, "Chief Executive Officer", limit=1)[0]
    assert top["label"] == "chief executive officer"


JUNK = ["lorem ipsum", "qwerty asdf", "<script>alert(1)</script>", "asdfghjkl",
        "SELECT * FROM users", "1234567", "xyzzy plugh", "blah blah"]


@pytest.mark.parametrize("query", JUNK)
def test_junk_title_is_refused_with_suggestions(real_catalog, query):
    with pytest.raises(NotFound) as caught:
        normalize_title(real_catalog, query, refuse=True)
    assert caught.value.suggestions
    with pytest.raises(NotFound):
        search_or_refuse(real_catalog, query, "occupation", 5)


@pytest.mark.parametrize("query", ["lorem ipsum", "qwerty asdf", "<script>alert(1)</script>"])
def test_junk_skill_search_is_refused(real_catalog, query):
    with pytest.raises(NotFound):
        search_or_refuse(real_catalog, query, "skill", 5)


@pytest.mark.parametrize(("query", "kind"), [
    ("software", "occupation"), ("data", "occupation"), ("sales", "occupation"),
    ("welding", "skill"), ("team work", "skill"), ("data scientst", "occupation"),
    ("pyhton", "skill")])
def test_partial_and_misspelt_searches_still_answer(real_catalog, query, kind):
    assert search_or_refuse(real_catalog, query, kind, 5)


@pytest.mark.parametrize(("title", "acceptable"), [
    ("SDE II", {"software developer"}),
    ("RN - ICU", {"intensive care nurse", "nurse responsible for general care",
                  "specialist nurse"}),
    ("Electrician apprentice", {"electrician", "domestic electrician",
                                "building electrician"}),
    ("Accountant", {"accountant"}),
    ("geologist", {"geologist"}),
    ("MEAL Officer", {"monitoring and evaluation officer"}),
    ("Executive Assistant to the CEO", {"executive assistant"}),
    ("Part-Time Cashier", {"cashier"}),
])
def test_job_board_titles(real_catalog, title, acceptable):
    assert normalize_title(real_catalog, title, limit=1, refuse=True)[0][
        "label"] in acceptable


def test_consular_assistant_is_not_medical(real_catalog):
    labels = [r["label"] for r in normalize_title(real_catalog, "Consular Assistant", limit=3)]
    assert "medical administrative assistant" not in labels[:1]


def _cli(real_catalog, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DESTINAI_DB": str(real_catalog.path)}
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_cli_refuses_junk_with_exit_2(real_catalog):
    for command in (["search", "lorem ipsum"], ["normalize-title", "qwerty asdf"]):
        result = _cli(real_catalog, *command, "--json")
        assert result.returncode == 2, (command, result.stderr)
        body = json.loads(result.stdout)
        assert "no occupation matches" in body["error"] and body["suggestions"]
        assert "did you mean" in result.stderr


def test_api_refuses_junk_with_404(real_catalog):
    from fastapi.testclient import TestClient

    from destinai.config import Settings
    from destinai.web.app import create_app

    client = TestClient(create_app(Settings(real_catalog.path.parent, real_catalog.path)))
    for url in ("/api/v1/search?q=lorem%20ipsum", "/api/v1/normalize-title?title=qwerty%20asdf"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["suggestions"]
    assert client.get("/api/v1/normalize-title?title=MEAL%20Officer").status_code == 200
    assert client.get("/api/v1/search?q=nurse").json()["data"]


def test_cli_jsonl_refuses_one_line_and_goes_on(real_catalog):
    env = {**os.environ, "DESTINAI_DB": str(real_catalog.path)}
    result = subprocess.run(
        [sys.executable, "-m", "destinai.cli", "normalize-title", "--jsonl", "--limit", "1"],
        input='"lorem ipsum"\n"MEAL Officer"\n', capture_output=True, text=True, env=env,
        timeout=120)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "no occupation matches" in first["error"] and "did you mean" in first["error"]
    assert second["occupations"][0]["label"] == "monitoring and evaluation officer"


def test_ad_text_decides_between_candidates(real_catalog):
    gbv = ("Provide case management and psychosocial support to survivors of gender-based "
           "violence; refer survivors to medical and legal services.")
    top = normalize_title(real_catalog, "Protection Officer (GBV)", text=gbv, limit=3)
    assert top[0]["label"] in {"sexual violence counsellor", "social worker",
                               "victim support officer"}
    web = ("Build web applications with React on the front end and Node.js APIs on the back "
           "end; write SQL queries.")
    labels = [r["label"] for r in normalize_title(real_catalog, "Full Stack Developer",
                                                  text=web, limit=3)]
    assert "web developer" in labels and "embedded system designer" not in labels
