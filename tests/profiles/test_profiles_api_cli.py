"""The profile routes over HTTP in-process and the CLI commands through Typer's runner."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from destinai.catalog.db import Catalog
from destinai.cli import app
from destinai.config import Settings
from destinai.web.app import create_app
from tests.fixtures.release import DIPLOMAT


def client_for(catalog: Catalog) -> TestClient:
    return TestClient(create_app(Settings(sources=catalog.path.parent, db=catalog.path)))


def test_api_profiles(mini_catalog: Catalog):
    client = client_for(mini_catalog)
    occ = client.get("/api/v1/occupations/diplomat").json()
    assert occ["uri"] == DIPLOMAT and occ["skills"]["summary"].startswith("5 total")
    skill = client.get("/api/v1/skills/work in teams", params={"sort": "employment"}).json()
    assert skill["sorted_by"] == "employment"
    job = client.get("/api/v1/jobprofiles/welder", params={"sector": "private"}).json()
    assert job["sector"] == "private" and job["title"] == "Welder"
    md = client.get("/api/v1/jobprofiles/welder", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Welder")
    guide = client.get(f"/api/v1/interviews/{DIPLOMAT}").json()
    assert len(guide["competencies"]) == 2  # languages go to the specification
    assert client.get("/api/v1/interviews/welder", params={"format": "md"}).text.startswith(
        "# Interview guide")


def test_api_bad_input(mini_catalog: Catalog):
    client = client_for(mini_catalog)
    assert client.get("/api/v1/jobprofiles/weldr qqq").status_code == 404
    assert client.get("/api/v1/interviews/nothing-like-this").status_code == 404
    assert client.get("/api/v1/jobprofiles/welder", params={"sector": "army"}).status_code == 422
    assert client.get("/api/v1/skills/diplomacy", params={"sort": "x"}).status_code == 422
    assert client.get("/api/v1/jobprofiles/welder", params={"format": "pdf"}).status_code == 422


def run(catalog: Catalog, *args: str):
    return CliRunner().invoke(app, [*args, "--db", str(catalog.path)])


def test_cli_commands(mini_catalog: Catalog):
    occ = run(mini_catalog, "occupation", "diplomat", "--json")
    assert occ.exit_code == 0 and json.loads(occ.stdout)["pay"]["primary"]["soc_code"] \
        == "11-1011"
    text = run(mini_catalog, "occupation", "welder")
    assert "5 total" not in text.stdout and "Skills: 3 total" in text.stdout
    skill = run(mini_catalog, "skill", "work in teams", "--sort", "wage")
    assert skill.exit_code == 0 and "sorted by wage" in skill.stdout
    job = run(mini_catalog, "jobprofile", "welder", "--sector", "public")
    assert job.exit_code == 0 and job.stdout.startswith("# Welder")
    job_json = run(mini_catalog, "jobprofile", "welder", "--format", "json")
    assert json.loads(job_json.stdout)["title"] == "Welder"
    guide = run(mini_catalog, "interview", "welder", "--json")
    assert json.loads(guide.stdout)["title"] == "Welder"


def test_cli_bad_input_exits_2_without_traceback(mini_catalog: Catalog):
    for args in (("jobprofile", "welder", "--sector", "army"),
                 ("jobprofile", "welder", "--format", "pdf"),
                 ("skill", "diplomacy", "--sort", "salary"),
                 ("interview", "weldr qqq"), ("occupation", "")):
        result = run(mini_catalog, *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_sector_api_and_cli(mini_catalog: Catalog):
    client = client_for(mini_catalog)
    found = client.get("/api/v1/sectors/welder")
    assert found.status_code == 200
    body = found.json()
    assert body["sector"]["kind"] == "field" and body["sector"]["members"] >= 1
    assert body["releases"]["wages"] == "OEWS May 2024"
    missing = client.get("/api/v1/sectors/zzqx nothing")
    assert missing.status_code == 404 and "zzqx" in missing.json()["detail"]
    cli = run(mini_catalog, "sector", "welder", "--json")
    assert cli.exit_code == 0 and json.loads(cli.stdout)["sector"]["label"] == "Welder"
    text = run(mini_catalog, "sector", "welder")
    assert text.exit_code == 0 and "occupations" in text.stdout
    bad = run(mini_catalog, "sector", "99")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
