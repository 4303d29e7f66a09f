"""The JSON API over real HTTP in-process (httpx via Starlette's TestClient)."""

from fastapi.testclient import TestClient

from destinai.config import Settings
from destinai.web.app import create_app
from tests.fixtures.release import DIPLOMAT


def client_for(catalog) -> TestClient:
    return TestClient(create_app(Settings(sources=catalog.path.parent, db=catalog.path)))


def test_occupation_skill_search_and_stats(mini_catalog):
    client = client_for(mini_catalog)
    occ = client.get("/api/v1/occupations/diplomat").json()
    assert occ["uri"] == DIPLOMAT and occ["counts"]["essential"] == 3
    assert client.get(f"/api/v1/occupations/{DIPLOMAT}").json()["code"] == "1112.3"
    assert client.get("/api/v1/skills/diplomacy").json()["label"] == "diplomatic principles"
    found = client.get("/api/v1/search", params={"q": "weld", "type": "skill"}).json()
    assert found["count"] == len(found["data"]) >= 1
    assert client.get("/api/v1/stats").json()["row_counts"]["occupations"] == 4


def test_errors_are_clear(mini_catalog):
    client = client_for(mini_catalog)
    missing = client.get("/api/v1/occupations/weldr qqq")
    assert missing.status_code == 404
    assert missing.json()["suggestions"][0]["label"] == "welder"
    assert client.get("/api/v1/search", params={"q": ""}).status_code == 422
    assert client.get("/api/v1/search", params={"q": "x", "type": "bogus"}).status_code == 422


def test_openapi_and_attribution(mini_catalog):
    client = client_for(mini_catalog)
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/search" in paths and "/api/v1/occupations/{query}" in paths
    assert "ESCO classification of the European Commission" in client.get("/").text
