"""The crosswalk build step on the miniature release: derived links with evidence."""

import json

import pytest
from typer.testing import CliRunner

from destinai.catalog.build import build_catalog
from destinai.catalog.db import Catalog
from destinai.cli import app
from destinai.crosswalk.lookup import crosswalk_for
from tests.fixtures.release import ATTACHE, DIPLOMAT, NURSE, WELDER, write_release
from tests.test_api import client_for


def test_unlinked_occupations_get_derived_links_with_evidence(mini_catalog: Catalog):
    # GIVEN Nesta links for diplomat and welder only
    # THEN attaché and specialist nurse get derived links, with confidence and evidence
    rows = mini_catalog.rows("SELECT esco_uri, onet_code, confidence, evidence FROM "
                             "occupation_onet WHERE method = 'derived'")
    assert {r["esco_uri"] for r in rows} == {ATTACHE, NURSE}
    for r in rows:
        assert 0 < r["confidence"] <= 1
        evidence = json.loads(r["evidence"])
        assert evidence["source"] == "DestinAI crosswalk builder"
        assert evidence["features"] and "probability" in evidence
    best = {r["esco_uri"]: r["onet_code"] for r in
            sorted(rows, key=lambda r: r["confidence"])}
    # the nurse reaches Clinical Nurse Specialists through ISCO 2221 → SOC 29-1141
    assert best[NURSE] == "29-1141.04"
    nurse = json.loads(next(r["evidence"] for r in rows if r["onet_code"] == "29-1141.04"))
    assert nurse["isco_soc_path"] == "ISCO 2221 → SOC 2010 29-1141 → O*NET 29-1141.04"
    assert nurse["matching_titles"][0]["onet_title"] == "Clinical Nurse Specialists"
    # the attaché, narrower than the diplomat, follows its reviewed link
    assert best[ATTACHE] == "11-1011.00"
    assert DIPLOMAT in json.loads(next(
        r["evidence"] for r in rows if r["esco_uri"] == ATTACHE
        and r["onet_code"] == "11-1011.00"))["reviewed_relatives"]


def test_reviewed_links_are_untouched(mini_catalog: Catalog):
    rows = mini_catalog.rows("SELECT esco_uri, onet_code, method FROM occupation_onet "
                             "WHERE esco_uri IN (?, ?) ORDER BY onet_code", (DIPLOMAT, WELDER))
    assert [(r["onet_code"], r["method"]) for r in rows] == [
        ("11-1011.00", "reviewed"), ("51-4121.00", "reviewed"), ("51-4121.06", "reviewed")]


def test_coverage_reports_reviewed_and_derived(mini_catalog: Catalog):
    record = mini_catalog.build_record()
    cov = record["crosswalk_coverage"]
    assert cov["onet_any"] == {"count": 4, "share": 1.0}
    assert cov["onet_reviewed"]["count"] == 2 and cov["onet_derived"]["count"] == 2
    step = record["step:crosswalk"]
    assert step["derived_occupations"] == 2 and step["model"]["fitted_on_occupations"] == 0


def test_lookup_shows_links_and_runners_up(mini_catalog: Catalog):
    result = crosswalk_for(mini_catalog, "specialist nurse")
    assert result["method"] == "derived" and result["uri"] == NURSE
    assert result["links"][0]["confidence_words"].startswith("derived")
    assert result["runners_up"] and all(not c["chosen"] for c in result["runners_up"])
    ranks = [c["rank"] for c in result["runners_up"]]
    assert ranks == sorted(ranks)
    assert crosswalk_for(mini_catalog, "diplomat")["links"][0]["confidence_words"] == \
        "reviewed link"


def test_cli_and_api(mini_catalog: Catalog):
    runner = CliRunner()
    db = ["--db", str(mini_catalog.path)]
    ok = runner.invoke(app, ["crosswalk", "specialist nurse", "--json", *db])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["links"][0]["code"] == "29-1141.04"
    text = runner.invoke(app, ["crosswalk", "attaché", *db])
    assert text.exit_code == 0 and "11-1011.00" in text.stdout
    for bad in ("", "   ", "no such job zzz", "<script>alert(1)</script>"):
        assert runner.invoke(app, ["crosswalk", bad, *db]).exit_code == 2
    client = client_for(mini_catalog)
    body = client.get("/api/v1/crosswalk/specialist nurse").json()
    assert body["links"][0]["code"] == "29-1141.04"
    assert client.get("/api/v1/crosswalk/zzzz qqq").status_code == 404


def test_second_build_reuses_the_cache(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DESTINAI_CACHE", str(tmp_path / "cache"))
    sources = write_release(tmp_path / "src")
    first = build_catalog(sources, tmp_path / "a.sqlite").record["step:crosswalk"]
    second = build_catalog(sources, tmp_path / "b.sqlite").record["step:crosswalk"]
    assert first["cached"] is False and second["cached"] is True
    links = [Catalog(tmp_path / name).rows(
        "SELECT * FROM occupation_onet ORDER BY esco_uri, onet_code")
        for name in ("a.sqlite", "b.sqlite")]
    assert links[0] == links[1]
