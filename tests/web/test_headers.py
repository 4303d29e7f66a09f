"""Security headers on every response: JSON, HTML, errors, redirects and /docs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from destinai.web.security import CSP

BASE = {"x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin"}


def assert_guarded(response, csp: str = CSP) -> None:
    for name, value in BASE.items():
        assert response.headers[name] == value, name
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["content-security-policy"] == csp


@pytest.mark.parametrize("path", ["/", "/api/v1/occupations/diplomat", "/api/v1/stats",
                                  "/api/v1/occupations/weldr%20qqq", "/api/stats", "/openapi.json",
                                  "/nothing-here"])
def test_every_response_is_guarded(client, path):
    assert_guarded(client.get(path, headers={"accept": "text/html"}))


def test_the_policy_forbids_inline_script_and_framing():
    assert "script-src 'self';" in CSP and "unsafe" not in CSP
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'",
                      "form-action 'self'", "img-src 'self' data:"):
        assert directive in CSP


def test_docs_are_served_locally_under_the_same_policy(client):
    page = client.get("/docs")
    assert page.headers["content-security-policy"] == CSP
    assert "cdn" not in page.text.lower() and "<script>" not in page.text
    assert client.get("/docs/init.js").text.count("/openapi.json") == 1
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


def test_hsts_only_over_https(app):
    plain = TestClient(app).get("/api/v1/stats")
    assert "strict-transport-security" not in plain.headers
    secure = TestClient(app, base_url="https://testserver").get("/api/v1/stats")
    assert secure.headers["strict-transport-security"].startswith("max-age=")
