"""Search, titles and extraction on the real catalog (integration: runs in CI)."""

from __future__ import annotations

import json

import pytest

from destinai.extract import extract_skills
from destinai.extract.batch import run_batch
from destinai.search.hybrid import search_hybrid
from destinai.search.titles import normalize_title

pytestmark = pytest.mark.integration

CV = """Jane Doe - Data Scientist
Experience: built machine learning models in Python and SQL for demand forecasting.
Presented results to management and led a team of three analysts.
Languages: fluent English and German."""


@pytest.mark.parametrize(("query", "kind", "expected"), [
    ("data scientst", "occupation", "data scientist"),
    ("snr. diplomat", "occupation", "diplomat"),
    ("pyhton", "skill", "Python (computer programming)"),
    ("javascrpt", "skill", "JavaScript"),
])
def test_typo_queries_find_the_concept_first(real_catalog, query, kind, expected):
    assert search_hybrid(real_catalog, query, kind, 5)[0]["label"] == expected


def test_onet_alternate_titles_reach_esco_through_the_crosswalk(real_catalog):
    # "RN" style US titles are O*NET alternate titles, not ESCO labels
    results = search_hybrid(real_catalog, "Registered Nurse", "occupation", 5)
    assert any("nurse" in r["label"] for r in results[:3])


@pytest.mark.parametrize(("title", "expected"), [
    ("Senior Software Engineer (m/f/d)", "software developer"),
    ("Snr. Diplomat", "diplomat"),
    ("HR mgr", "human resources manager"),
    ("data scientst", "data scientist"),
])
def test_normalize_title_top_five(real_catalog, title, expected):
    results = normalize_title(real_catalog, title, limit=5)
    assert expected in [r["label"] for r in results]
    assert all(r["onet"] for r in results[:1]), "the best match carries O*NET codes"


def test_cv_yields_expected_skills_with_evidence(real_catalog):
    found = {s["label"]: s for s in extract_skills(real_catalog, CV)}
    for label in ("Python (computer programming)", "SQL", "machine learning", "English",
                  "German"):
        assert label in found, sorted(found)
        assert found[label]["explicit"] is True
    evidence = found["Python (computer programming)"]["evidence"][0]
    assert CV[evidence["start"]:evidence["end"]] == evidence["text"] == "Python"
    assert any(not s["explicit"] for s in found.values()), "implied skills too"


def test_batch_order_is_preserved_on_real_data(real_catalog):
    import io

    lines = [json.dumps({"title": t, "id": i}) for i, t in
             enumerate(["welder", "Snr. Diplomat", "", "nurses"])]
    out = io.StringIO()
    run_batch(lines, "title", "occupations",
              lambda item: normalize_title(real_catalog, item["title"], limit=3), out,
              progress=False)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in records] == [0, 1, 2, 3]
    assert records[1]["occupations"][0]["label"] == "diplomat"
    assert records[2]["occupations"] == []
