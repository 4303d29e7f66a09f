"""The resolver on the real catalog: exact labels first, junk refused, every command agrees."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from destinai.catalog.db import NotFound
from destinai.search.hybrid import search_hybrid
from destinai.search.index import get_index
from destinai.search.resolve import resolve_occupation, resolve_skill
from destinai.search.text import key
from destinai.search.titles import normalize_title

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("kind", ["occupation", "skill"])
def test_every_preferred_label_finds_its_concept_first(real_catalog, kind):
    """The exact-match table puts each concept first for its own preferred label (the rule
    that search, titles and the resolver all apply), for every concept of the catalog."""
    k = get_index(real_catalog).kinds[kind]
    by_key: dict[str, set[int]] = {}
    for owner, label in enumerate(k.labels):
        by_key.setdefault(key(label), set()).add(owner)
    wrong = [label for owner, label in enumerate(k.labels)
             if not k.exact_owners(label) or k.exact_owners(label)[0][0] not in by_key[key(label)]
             or k.exact_owners(label)[0][1] != 0]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("kind", ["occupation", "skill"])
def test_sampled_preferred_labels_rank_first_in_search(real_catalog, kind):
    k = get_index(real_catalog).kinds[kind]
    rng = random.Random(7)
    for owner in rng.sample(range(len(k.uris)), 40):
        label = k.labels[owner]
        same = {k.uris[o] for o, lab in enumerate(k.labels) if lab.casefold() == label.casefold()}
        assert search_hybrid(real_catalog, label, kind, 3)[0]["uri"] in same, label
        folded = {k.uris[o] for o, lab in enumerate(k.labels) if key(lab) == key(label)}
        assert search_hybrid(real_catalog, label.upper() + "!", kind, 3)[0]["uri"] in folded


@pytest.mark.parametrize(("query", "expected"), [
    ("Accountant", "accountant"),
    ("geologist", "geologist"),
    ("data scientst", "data scientist"),
    ("nurse", "nurse responsible for general care"),
    ("programmer", "software developer"),
])
def test_obvious_esco_occupation_first(real_catalog, query, expected):
    assert search_hybrid(real_catalog, query, "occupation", 3)[0]["label"] == expected
    assert normalize_title(real_catalog, query, limit=3)[0]["label"] == expected


def test_distant_onet_alternate_title_does_not_win(real_catalog):
    # O*NET files "Full Stack Developer" under photographic process workers too
    found = normalize_title(real_catalog, "Full Stack Developer", limit=5)
    assert not any("photographic" in r["label"] for r in found)
    # the first three are ICT professionals (ISCO 25: software and applications developers)
    assert all(r["code"].startswith("25") for r in found[:3]), [r["label"] for r in found]
    assert any("developer" in r["label"] for r in found[:3])
    assert {"software developer", "web developer"} & {r["label"] for r in found}


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "qwerty asdf", "lorem ipsum"])
def test_junk_is_refused(real_catalog, query):
    for resolve in (resolve_occupation, resolve_skill):
        with pytest.raises(NotFound) as caught:
            resolve(real_catalog, query)
        assert caught.value.suggestions, "a refusal still offers suggestions"


@pytest.mark.parametrize(("query", "expected"), [
    ("data scientst", "data scientist"),
    ("nurse", "nurse responsible for general care"),
    ("programmer", "software developer"),
])
def test_every_command_agrees_with_search(real_catalog, query, expected):
    from destinai.crosswalk.lookup import crosswalk_for
    from destinai.paths.engine import career_paths
    from destinai.profiles.interview import interview_guide
    from destinai.profiles.jobprofile import job_profile
    from destinai.profiles.occupation_profile import occupation_profile

    uri = search_hybrid(real_catalog, query, "occupation", 1)[0]["uri"]
    assert resolve_occupation(real_catalog, query)[0] == uri
    assert occupation_profile(real_catalog, query)["label"] == expected
    assert occupation_profile(real_catalog, query)["uri"] == uri
    assert crosswalk_for(real_catalog, query)["uri"] == uri
    assert career_paths(real_catalog, query)["occupation"]["uri"] == uri
    assert job_profile(real_catalog, query)["uri"] == uri
    assert interview_guide(real_catalog, query)["uri"] == uri


def test_skill_command_agrees_with_search(real_catalog):
    from destinai.profiles.skill_profile import skill_profile

    uri = search_hybrid(real_catalog, "pyhton", "skill", 1)[0]["uri"]
    assert skill_profile(real_catalog, "pyhton")["uri"] == uri


def test_api_refuses_junk_occupation_with_404(real_catalog):
    from fastapi.testclient import TestClient

    from destinai.config import Settings
    from destinai.web.app import create_app

    client = TestClient(create_app(Settings(real_catalog.path.parent, real_catalog.path)))
    response = client.get("/api/occupations/<script>alert(1)</script>")
    assert response.status_code == 404
    assert "script supervisor" not in response.text.split("suggestions")[0]
    assert client.get("/api/occupations/data scientst").json()["label"] == "data scientist"


def cli(real_catalog, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DESTINAI_DB": str(real_catalog.path)}
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args], capture_output=True,
                          text=True, input=stdin, env=env, timeout=120)


def test_cli_search_and_occupation_agree(real_catalog):
    found = cli(real_catalog, "search", "data scientst", "--json")
    assert found.returncode == 0, found.stderr
    top = json.loads(found.stdout)["data"][0]
    shown = cli(real_catalog, "occupation", "data scientst", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["uri"] == top["uri"]


def test_cli_occupation_junk_exits_2_with_suggestions(real_catalog):
    result = cli(real_catalog, "occupation", "<script>alert(1)</script>", "--json")
    assert result.returncode == 2
    body = json.loads(result.stdout)
    assert "no occupation matches" in body["error"] and body["suggestions"]


def test_cli_normalize_title(real_catalog):
    result = cli(real_catalog, "normalize-title", "Senior Accountant II", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["data"][0]["label"] == "accountant"


def test_cli_extract_min_score(real_catalog):
    text = "Develop web applications in Python and SQL."
    default = cli(real_catalog, "extract", "-", "--json", stdin=text)
    everything = cli(real_catalog, "extract", "-", "--json", "--min-score", "0", stdin=text)
    strict = cli(real_catalog, "extract", "-", "--json", "--min-score", "0.99", stdin=text)
    assert default.returncode == everything.returncode == strict.returncode == 0
    counts = [json.loads(r.stdout)["count"] for r in (strict, default, everything)]
    assert counts[0] <= counts[1] < counts[2]
    scores = [s["score"] for s in json.loads(strict.stdout)["data"]]
    assert all(s >= 0.99 for s in scores)


def test_preferred_label_typed_in_other_case_resolves_without_the_index(real_catalog):
    """A preferred label typed as such (case aside) is answered from the catalog table: the
    same concept the index would give, and the index is never loaded for it."""
    from destinai.catalog.db import Catalog

    fresh = Catalog(real_catalog.path)
    uri, how = resolve_occupation(fresh, "CHEF")
    assert how == "preferred_label"
    assert fresh.row("SELECT label FROM occupations WHERE uri = ?", (uri,))["label"] == "chef"
    assert "occupation" not in dict(get_index(fresh).kinds)
    assert resolve_occupation(real_catalog, "chef")[0] == uri


def test_occupation_acronyms_read_alone_match_the_loaded_index(real_catalog):
    from destinai.catalog.db import Catalog

    fresh = Catalog(real_catalog.path)
    alone = get_index(fresh).acronyms_of("occupation")
    assert "occupation" not in dict(get_index(fresh).kinds)
    assert alone and alone == get_index(real_catalog).kinds["occupation"].acronyms
    assert get_index(fresh).acronyms_of("no such kind") == {}


def test_an_ad_text_orders_but_does_not_lower_the_title_s_confidence(real_catalog):
    alone = normalize_title(real_catalog, "Marketing manager", limit=3)
    with_text = normalize_title(real_catalog, "Marketing manager", limit=3,
                                text="Designed and ran campaigns, managed the brand budget")
    assert with_text[0]["uri"] == alone[0]["uri"]
    assert with_text[0]["score"] == pytest.approx(alone[0]["score"])   # was 0.90 vs 1.00
