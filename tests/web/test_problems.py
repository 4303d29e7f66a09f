"""Errors in one place: every error is an RFC 9457 problem detail (404, 405, 413, 422)."""

from __future__ import annotations

from fastapi.responses import HTMLResponse

from destinai.web.problems import PROBLEM_JSON

RFC_MEMBERS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert set(body) >= RFC_MEMBERS
    assert body["status"] == status and body["type"] == f"/problems/{kind}"
    return body


def test_unknown_occupation_is_a_404_problem_with_suggestions(client):
    body = assert_problem(client.get("/api/v1/occupations/weldr%20qqq"), 404, "not-found")
    assert "weldr" in body["detail"]
    assert body["instance"] == "/api/v1/occupations/weldr qqq"
    assert body["suggestions"][0]["label"] == "welder"


def test_unknown_skill_field_and_route_targets_are_404(client):
    assert_problem(client.get("/api/v1/skills/zzzz qqqq"), 404, "not-found")
    assert_problem(client.get("/api/v1/study/zzzz qqqq"), 404, "not-found")
    assert_problem(client.get("/api/v1/crosswalk/zzzz qqqq"), 404, "not-found")


def test_validation_errors_name_the_parameter(client):
    body = assert_problem(client.get("/api/v1/search", params={"q": ""}), 422, "bad-input")
    assert "query parameter 'q'" in body["detail"]
    assert body["errors"][0]["location"] == "query parameter 'q'"
    assert body["instance"] == "/api/v1/search?q="
    assert_problem(client.get("/api/v1/search", params={"q": "x", "limit": 0}), 422,
                   "bad-input")
    assert_problem(client.get("/api/v1/study/nursing", params={"level": 9}), 422, "bad-input")


def test_domain_bad_input_is_a_422_problem(client):
    body = assert_problem(client.post("/api/v1/match", json={}), 422, "bad-input")
    assert body["detail"]
    body = assert_problem(client.post("/api/v1/extract", json={"text": "   "}), 422,
                          "bad-input")
    image = client.post("/api/v1/extract/file", files={"file": ("x.png", b"\x89PNG\r\n\x1a\n")})
    assert "image" in assert_problem(image, 422, "bad-input")["detail"]


def test_malformed_json_is_a_422_problem_not_a_500(client):
    r = client.post("/api/v1/match", content=b"{not json",
                    headers={"content-type": "application/json"})
    assert_problem(r, 422, "bad-input")


def test_unknown_path_and_wrong_method_are_problems(client):
    body = assert_problem(client.get("/api/v1/nothing-here"), 404, "not-found")
    assert "/api/v1/nothing-here" in body["detail"]
    assert_problem(client.delete("/api/v1/search"), 405, "method-not-allowed")


def test_bodies_over_the_limit_are_413(client):
    big_json = b'{"text": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    body = assert_problem(client.post("/api/v1/extract", content=big_json,
                                      headers={"content-type": "application/json"}),
                          413, "too-large")
    assert "1 MB" in body["detail"]
    upload = client.post("/api/v1/extract/file",
                         files={"file": ("cv.txt", b"x" * (10 * 1024 * 1024 + 100_000))})
    assert "10 MB" in assert_problem(upload, 413, "too-large")["detail"]


def test_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(20):
            yield b"a" * 100_000

    r = client.post("/api/v1/extract", content=chunks(),
                    headers={"content-type": "application/json"})
    assert_problem(r, 413, "too-large")


def test_a_browser_gets_an_escaped_html_error_page(client):
    r = client.get("/<script>alert(1)</script>", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "<script>" not in r.text and "&lt;script&gt;" in r.text


def test_pages_can_render_their_own_error_page(app, client):
    app.state.render_problem = lambda request, body: HTMLResponse(
        f"<p>friendly {body['status']}</p>", status_code=body["status"])
    # 404 pages are the site's own "did you mean" page (tests/web_pages); other errors on HTML
    # pages go through the hook, e.g. a form posted to a page that only answers GET
    r = client.post("/about", headers={"accept": "text/html"})
    assert r.status_code == 405 and r.text == "<p>friendly 405</p>"
    # the API keeps answering JSON problems
    assert_problem(client.get("/api/v1/occupations/weldr%20qqq", headers={"accept": "text/html"}),
                   404, "not-found")


def test_unavailable_is_503_and_a_bug_stays_a_500(app):
    from fastapi.testclient import TestClient

    from destinai.errors import Unavailable

    @app.get("/api/v1/test-unavailable")
    def unavailable() -> dict:
        raise Unavailable("the paths data is missing: rebuild the catalog")

    @app.get("/api/v1/test-bug")
    def bug() -> dict:
        raise KeyError("a bug")

    client = TestClient(app, raise_server_exceptions=False)
    body = assert_problem(client.get("/api/v1/test-unavailable"), 503, "unavailable")
    assert "rebuild" in body["detail"]
    assert client.get("/api/v1/test-bug").status_code == 500
