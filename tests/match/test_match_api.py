"""The match, gap, study, paths and route endpoints on the mini catalog."""

from __future__ import annotations

from fastapi.testclient import TestClient

from destinai.config import Settings
from destinai.web.app import create_app
from tests.fixtures.release import WELDER


def test_endpoints_answer_and_report_bad_input(mini_catalog) -> None:
    client = TestClient(create_app(Settings(sources=mini_catalog.path.parent,
                                            db=mini_catalog.path)))
    r = client.post("/api/v1/match", json={"skills": ["use welding equipment", "xyzzy"]})
    assert r.status_code == 200
    body = r.json()
    assert body["results"][0]["occupation"]["uri"] == WELDER
    assert body["profile"]["unrecognised"][0]["input"] == "xyzzy"
    assert client.post("/api/v1/match", json={}).status_code == 422
    r = client.post("/api/v1/gap", json={"skills": ["work in teams"], "target": "welder"})
    assert r.status_code == 200 and r.json()["target"]["uri"] == WELDER
    assert client.get("/api/v1/paths/welder").status_code == 200
    assert client.get("/api/v1/paths/zzzz%20qqqq").status_code == 404
    assert client.get("/api/v1/route", params={"from": "welder", "to": "welder"}).json()[
        "steps"] == []
    # the mini release has no nursing field: a 404 with ISCED-F suggestions, not a crash
    r = client.get("/api/v1/study/nursing")
    assert r.status_code == 404 and r.json()["suggestions"]
