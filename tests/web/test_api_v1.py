"""The versioned API: redirects from the old paths, pagination, documented shapes."""

from __future__ import annotations

from tests.fixtures.release import DIPLOMAT


def test_old_paths_redirect_permanently_with_the_query(client):
    r = client.get("/api/search", params={"q": "weld", "type": "skill"})
    assert r.status_code == 308
    assert r.headers["location"] == "/api/v1/search?q=weld&type=skill"
    r = client.get("/api/occupations/diplomat")
    assert r.status_code == 308 and r.headers["location"] == "/api/v1/occupations/diplomat"


def test_redirected_post_keeps_its_body(app):
    from fastapi.testclient import TestClient

    r = TestClient(app).post("/api/match", json={"skills": ["use welding equipment"]})
    assert r.status_code == 200 and r.history[0].status_code == 308
    assert r.json()["results"]


def test_versioned_paths_are_not_redirected(client):
    assert client.get("/api/v1/stats").status_code == 200
    assert client.get("/api/v1/nothing").status_code == 404


def test_search_pages_add_up(client):
    full = client.get("/api/v1/search", params={"q": "weld", "type": "skill",
                                                "limit": 200}).json()
    assert full["total"] == len(full["data"]) >= 3 and full["offset"] == 0
    first = client.get("/api/v1/search", params={"q": "weld", "type": "skill",
                                                 "limit": 2}).json()
    second = client.get("/api/v1/search", params={"q": "weld", "type": "skill", "limit": 2,
                                                  "offset": 2}).json()
    assert first["total"] == second["total"] == full["total"]
    assert first["count"] == 2 and first["limit"] == 2
    assert [h["uri"] for h in first["data"] + second["data"]] == [
        h["uri"] for h in full["data"][:2 + second["count"]]]
    beyond = client.get("/api/v1/search", params={"q": "weld", "type": "skill",
                                                  "offset": full["total"]}).json()
    assert beyond["data"] == [] and beyond["count"] == 0 and beyond["total"] == full["total"]


def test_match_is_paginated_over_every_occupation(client):
    body = {"skills": ["use welding equipment"], "limit": 2}
    first = client.post("/api/v1/match", json=body).json()
    second = client.post("/api/v1/match", json={**body, "offset": 2}).json()
    assert first["total"] == second["total"] == 4          # the mini catalog's occupations
    assert [r["rank"] for r in first["results"]] == [1, 2]
    assert [r["rank"] for r in second["results"]] == [3, 4]


def test_title_and_extract_lists_carry_totals(client):
    titles = client.get("/api/v1/normalize-title", params={"title": "Snr. Diplomat"}).json()
    assert titles["data"][0]["uri"] == DIPLOMAT and titles["total"] >= titles["count"]
    found = client.post("/api/v1/extract", json={"text": "I use welding equipment daily.",
                                                 "limit": 1}).json()
    assert found["count"] == 1 and found["total"] >= 1 and found["limit"] == 1


def test_openapi_documents_real_shapes(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert "/api/v1/search" in paths and "/api/v1/occupations/{query}" in paths
    assert not any(p.startswith("/api/") and not p.startswith("/api/v1/") for p in paths)
    schemas = spec["components"]["schemas"]
    occupation = schemas["OccupationProfile"]["properties"]
    assert {"uri", "label", "essential_skills", "counts", "pay"} <= set(occupation)
    page = next(v for k, v in schemas.items() if k.startswith("Page_SearchHit"))
    assert {"data", "count", "total", "limit", "offset"} <= set(page["properties"])
    ok = paths["/api/v1/stats"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/BuildRecord")


def test_skill_occupation_lists_are_paginated(client):
    full = client.get("/api/v1/skills/work in teams").json()
    assert full["counts"]["total"] == len(full["essential_for"]) + len(full["optional_for"])
    page = client.get("/api/v1/skills/work in teams", params={"limit": 1, "offset": 1}).json()
    assert page["limit"] == 1 and page["offset"] == 1
    assert page["essential_for"] == full["essential_for"][1:2]
    assert page["counts"] == full["counts"]
