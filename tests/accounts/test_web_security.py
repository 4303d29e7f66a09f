"""Security of the account pages over HTTP, on SQLite and PostgreSQL: CSRF, session fixation,
cookie flags, throttling, other users' ids, escaping, open redirects."""

import re

import pytest
from fastapi.testclient import TestClient

from destinai.web.accounts.auth import SESSION_COOKIE
from tests.accounts.conftest import PASSWORD, csrf_of, log_in, me_csrf, sign_up
from tests.fixtures.release import ATTACHE, DIPLOMAT, WELDER, S


def _session_cookie(response) -> str:
    found = re.search(rf"{SESSION_COOKIE}=([^;]*)", response.headers.get("set-cookie", ""))
    assert found, response.headers
    return found.group(1)


def test_state_changing_forms_without_csrf_are_refused(client):
    assert client.post("/signup", data={"email": "a@example.org", "password": PASSWORD}
                       ).status_code == 403
    sign_up(client, "ada@example.org")
    for path, data in (("/me/shortlist", {"occupation_uri": DIPLOMAT}),
                       ("/me/job-profiles", {"occupation_uri": DIPLOMAT}),
                       ("/me/plans", {"to_uri": DIPLOMAT}),
                       ("/me/profiles", {"name": "x"}), ("/me/tokens", {"name": "t"}),
                       ("/logout", {}), ("/me/delete", {"password": PASSWORD})):
        for token in (None, "0" * 64):
            body = dict(data, **({"csrf": token} if token else {}))
            response = client.post(path, data=body, follow_redirects=False)
            assert response.status_code == 403, path
            assert "This form has expired" in response.text
    assert client.get("/api/v1/me").json()["counts"] == {
        "skills_profiles": 0, "shortlist": 0, "plans": 0, "job_profiles": 0}


def test_csrf_token_of_another_session_is_refused(client, accounts_catalog):
    sign_up(client, "ada@example.org")
    ada_token = me_csrf(client)
    other = TestClient(client.app)
    sign_up(other, "eve@example.org")
    response = other.post("/me/shortlist", data={"occupation_uri": DIPLOMAT, "csrf": ada_token},
                          follow_redirects=False)
    assert response.status_code == 403


def _only_cookie(client, value: str) -> None:
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, value)


def test_session_id_changes_at_login(client):
    sign_up(client, "ada@example.org")
    client.post("/logout", data={"csrf": me_csrf(client)})
    _only_cookie(client, "planted-by-an-attacker")
    first = _session_cookie(log_in(client, "ada@example.org"))
    assert first != "planted-by-an-attacker"
    _only_cookie(client, first)
    second = _session_cookie(log_in(client, "ada@example.org"))
    assert second != first
    _only_cookie(client, first)
    assert client.get("/me", follow_redirects=False).status_code == 303  # old id is dead
    _only_cookie(client, second)
    assert client.get("/me").status_code == 200


def test_cookie_flags(client):
    token = csrf_of(client.get("/signup").text)
    response = client.post("/signup", data={"email": "ada@example.org", "password": PASSWORD,
                                            "csrf": token}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    secure = TestClient(client.app, base_url="https://testserver")
    token = csrf_of(secure.get("/login").text)
    response = secure.post("/login", data={"email": "ada@example.org", "password": PASSWORD,
                                           "csrf": token}, follow_redirects=False)
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"].split(SESSION_COOKIE)[1].split(",")[0]
    assert client.get("/me").headers["cache-control"] == "no-store"


def test_sixth_wrong_password_is_throttled_with_a_clear_message(client):
    sign_up(client, "ada@example.org")
    client.post("/logout", data={"csrf": me_csrf(client)})
    for _ in range(5):
        response = log_in(client, "ada@example.org", "not my password")
        assert response.status_code == 400 and "Wrong e-mail address or password" in response.text
    response = log_in(client, "ada@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-in attempts for this account" in response.text
    assert 1 <= int(response.headers["retry-after"]) <= 61
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def _ada_items(client) -> dict[str, int]:
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    client.post("/me/shortlist", data={"occupation_uri": DIPLOMAT, "note": "ada's", "csrf": token})
    client.post("/me/job-profiles", data={"occupation_uri": DIPLOMAT, "csrf": token})
    client.post("/me/profiles", data={"name": "ada", "skill_uri": [S["weld"]], "csrf": token})
    client.post("/me/plans", data={"to_uri": DIPLOMAT, "from_uri": ATTACHE, "csrf": token})
    client.post("/me/tokens", data={"name": "ada's token", "csrf": token})
    export = client.get("/me/export").json()
    return {"profiles": export["skills_profiles"][0]["id"],
            "shortlist": export["shortlist"][0]["id"], "plans": export["plans"][0]["id"],
            "job-profiles": export["job_profiles"][0]["id"],
            "tokens": export["api_tokens"][0]["id"]}


def test_another_users_item_ids_are_404_on_every_route(client):
    ids = _ada_items(client)
    eve = TestClient(client.app)
    sign_up(eve, "eve@example.org")
    token = me_csrf(eve)
    raw_token = re.search(r'value="(dst_[^"]+)"', eve.post(
        "/me/tokens", data={"name": "eve", "csrf": token}).text).group(1)
    api = TestClient(client.app, headers={"Authorization": f"Bearer {raw_token}"})
    html_calls = [("get", f"/me/plans/{ids['plans']}", {}),
                  ("post", f"/me/plans/{ids['plans']}/progress", {"learned": [S["negotiate"]]}),
                  ("post", f"/me/shortlist/{ids['shortlist']}/note", {"note": "eve was here"}),
                  ("post", f"/me/tokens/{ids['tokens']}/delete", {}),
                  *[("post", f"/me/{kind}/{ids[kind]}/delete", {})
                    for kind in ("profiles", "shortlist", "plans", "job-profiles")]]
    for method, path, data in html_calls:
        kwargs = {"data": dict(data, csrf=token)} if method == "post" else {}
        response = getattr(eve, method)(path, follow_redirects=False, **kwargs)
        assert response.status_code == 404, path
    api_calls = [("get", f"/api/v1/me/profiles/{ids['profiles']}", None),
                 ("put", f"/api/v1/me/profiles/{ids['profiles']}", {"name": "x"}),
                 ("patch", f"/api/v1/me/shortlist/{ids['shortlist']}", {"note": "x"}),
                 ("get", f"/api/v1/me/plans/{ids['plans']}", None),
                 ("patch", f"/api/v1/me/plans/{ids['plans']}/skills",
                  {"learned": {S["negotiate"]: True}}),
                 *[("delete", f"/api/v1/me/{kind}/{ids[kind]}", None)
                   for kind in ("profiles", "shortlist", "plans", "job-profiles")]]
    for method, path, body in api_calls:
        kwargs = {"json": body} if body is not None else {}
        response = api.request(method.upper(), path, **kwargs)
        assert response.status_code == 404, path
    for path in ("/api/v1/me/shortlist", "/api/v1/me/plans", "/api/v1/me/profiles",
                 "/api/v1/me/job-profiles"):
        assert api.get(path).json()["total"] == 0
    mine = client.get("/me/export").json()
    assert mine["shortlist"][0]["note"] == "ada's" and len(mine["api_tokens"]) == 1
    assert mine["plans"][0]["progress"]["learned"] == 0 and mine["skills_profiles"]


def test_hostile_text_in_saved_items_is_escaped(client):
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post("/me/shortlist", data={"occupation_uri": WELDER, "note": attack, "csrf": token})
    client.post("/me/profiles", data={"name": attack, "titles": [attack], "csrf": token,
                                      "skill_uri": [S["weld"]]})
    client.post("/me/tokens", data={"name": attack, "csrf": token})
    page = client.get("/me").text
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


@pytest.mark.parametrize("next_url, expected", [
    ("/occupations/diplomat", "/occupations/diplomat?saved=shortlist"),
    ("https://evil.example/", "/me?saved=shortlist"),
    ("//evil.example/", "/me?saved=shortlist"),
    ("/\\evil.example", "/me?saved=shortlist"),
])
def test_next_is_local_only(client, next_url, expected):
    sign_up(client, "ada@example.org")
    response = client.post("/me/shortlist", data={"occupation_uri": DIPLOMAT, "next": next_url,
                                                  "csrf": me_csrf(client)},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == expected


def test_api_needs_auth_and_cookie_writes_need_the_csrf_header(client):
    assert client.get("/api/v1/me").status_code == 401
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer dst_forged"})
    assert bad.status_code == 401 and "invalid_token" in bad.headers["www-authenticate"]
    sign_up(client, "ada@example.org")
    body = {"occupation_uri": DIPLOMAT}
    assert client.post("/api/v1/me/shortlist", json=body).status_code == 403
    header = {"X-CSRF-Token": client.get("/api/v1/me").json()["csrf_token"]}
    assert client.post("/api/v1/me/shortlist", json=body, headers=header).status_code == 201


def test_admin_sees_counts_not_contents(client):
    _ada_items(client)
    assert client.get("/me/admin").status_code == 404
    assert client.get("/api/v1/admin/counts",
                      headers={"X-CSRF-Token": "x"}).status_code == 404
    client.app.state.accounts.set_admin("ada@example.org")
    boss = TestClient(client.app)
    sign_up(boss, "counsellor@example.org")
    client.app.state.accounts.set_admin("counsellor@example.org")
    page = boss.get("/me/admin")
    assert page.status_code == 200 and "ada@example.org" not in page.text
    assert "diplomat" not in page.text.lower()
    counts = boss.get("/api/v1/admin/counts").json()
    assert counts["users"] == 2 and counts["shortlist_items"] == 1 and counts["plans"] == 1
