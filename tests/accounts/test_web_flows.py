"""The account pages and /api/v1/me over HTTP, on SQLite and PostgreSQL."""

import re

from fastapi.testclient import TestClient

from destinai.web.accounts.auth import SESSION_COOKIE
from tests.accounts.conftest import PASSWORD, csrf_of, log_in, me_csrf, sign_up
from tests.fixtures.release import ATTACHE, DIPLOMAT, NURSE, WELDER, S

GHOST = "http://data.europa.eu/esco/occupation/dropped-in-a-new-release"


def test_sign_up_save_everything_log_out_and_back(client):
    response = client.get("/me", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/me"
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    client.post("/me/profiles", data={"csrf": token, "name": "After my degree",
                                      "skill_uri": [S["negotiate"], S["languages"]],
                                      "skill_label": ["ignored", "ignored"],
                                      "titles": ["junior attaché"],
                                      "studies": ["international relations\npolitics"],
                                      "interests": ["travel, languages"]})
    client.post("/me/shortlist", data={"csrf": token, "occupation_uri": DIPLOMAT,
                                       "note": "ask about postings"})
    client.post("/me/job-profiles", data={"csrf": token, "occupation_uri": NURSE})
    client.post("/logout", data={"csrf": token})
    assert client.get("/me", follow_redirects=False).status_code == 303
    assert log_in(client, "ada@example.org").headers["location"] == "/me"
    page = client.get("/me").text
    for text in ("After my degree", "negotiate agreements", "speak different languages",
                 "junior attaché", "international relations, politics", "travel, languages",
                 "ask about postings", "specialist nurse", "diplomat"):
        assert text in page, text
    assert "no CV text or uploaded file is stored" in page


def test_plan_lists_missing_essential_skills_and_ticks_them_off(client):
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    response = client.post("/me/plans", data={"csrf": token, "from_uri": ATTACHE,
                                              "to_uri": DIPLOMAT}, follow_redirects=False)
    plan_url = response.headers["location"].split("?")[0]
    assert re.fullmatch(r"/me/plans/\d+", plan_url)
    page = client.get(plan_url).text
    # diplomat needs diplomacy, negotiation and languages; the attaché already has two
    assert "negotiate agreements" in page and "diplomatic principles" not in page
    assert "0 of 1 skills learned" in page
    client.post(f"{plan_url}/progress", data={"csrf": token, "learned": [S["negotiate"]]})
    assert "1 of 1 skills learned" in client.get(plan_url).text
    client.post(f"{plan_url}/progress", data={"csrf": token})
    assert "0 of 1 skills learned" in client.get(plan_url).text
    given = client.post("/me/plans", data={"csrf": token, "to_uri": WELDER,
                                           "skill_uri": [S["weld"], S["safety"]]})
    assert "0 of 2 skills learned" in given.text


def test_plan_made_from_the_shortlist_on_my_page(client):
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    for uri in (ATTACHE, DIPLOMAT):
        client.post("/me/shortlist", data={"csrf": token, "occupation_uri": uri})
    page = client.get("/me").text
    assert 'name="to_uri"' in page and "Make the plan" in page


def test_unknown_occupation_is_refused_and_vanished_one_is_shown(client):
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    response = client.post("/me/shortlist", data={"csrf": token, "occupation_uri": GHOST})
    assert response.status_code == 422 and "not an occupation of the current" in response.text
    store = client.app.state.accounts
    ada = store.authenticate("ada@example.org", PASSWORD, "10.0.0.1")
    # saved under an older release, then the catalog was rebuilt without it
    store.saved.add_to_shortlist(ada.id, GHOST, "lamplighter", "my grandfather's job")
    store.saved.create_plan(ada.id, GHOST, "lamplighter", [{"uri": S["weld"], "label": "x"}])
    page = client.get("/me").text
    assert "lamplighter <em>(no longer in the current ESCO release)</em>" in page
    assert "my grandfather&#39;s job" in page
    assert "the target is no longer in the current ESCO release" in page
    items = client.get("/api/v1/me/shortlist").json()["data"]
    assert items[0]["in_catalog"] is False and items[0]["label"] == "lamplighter"


def test_download_my_data_and_delete_my_account(client):
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    client.post("/me/shortlist", data={"csrf": token, "occupation_uri": DIPLOMAT, "note": "n"})
    download = client.get("/me/export")
    assert download.headers["content-disposition"].startswith("attachment;")
    data = download.json()
    assert data["account"]["email"] == "ada@example.org"
    assert data["shortlist"][0]["occupation_uri"] == DIPLOMAT
    wrong = client.post("/me/delete", data={"csrf": token, "password": "not my password"})
    assert wrong.status_code == 400
    done = client.post("/me/delete", data={"csrf": token, "password": PASSWORD})
    assert done.status_code == 200 and "Account deleted" in done.text
    assert f'{SESSION_COOKIE}=""' in done.headers["set-cookie"]
    assert log_in(client, "ada@example.org").status_code == 400
    assert client.app.state.accounts.counts()["shortlist_items"] == 0


def test_forgot_and_reset_password_through_the_log_mailer(client, caplog):
    sign_up(client, "ada@example.org")
    client.post("/logout", data={"csrf": me_csrf(client)})
    token = csrf_of(client.get("/forgot-password").text)
    with caplog.at_level("WARNING", logger="destinai.accounts.mail"):
        answer = client.post("/forgot-password", data={"csrf": token,
                                                       "email": "ada@example.org"})
    assert "If an account exists" in answer.text
    link = re.search(r"http://testserver/reset-password\?token=(\S+)", caplog.text)
    assert link, caplog.text
    form = client.get(f"/reset-password?token={link.group(1)}").text
    reset = client.post("/reset-password", data={"csrf": csrf_of(form), "token": link.group(1),
                                                 "new": "short"})
    assert reset.status_code == 400 and "at least 10 characters" in reset.text
    reset = client.post("/reset-password", data={"csrf": csrf_of(form), "token": link.group(1),
                                                 "new": "a fresh passphrase here"})
    assert "Your new password is set" in reset.text
    assert log_in(client, "ada@example.org").status_code == 400
    assert log_in(client, "ada@example.org", "a fresh passphrase here").status_code == 303


def test_change_password_and_signup_errors(client):
    token = csrf_of(client.get("/signup").text)
    weak = client.post("/signup", data={"csrf": token, "email": "ada@example.org",
                                        "password": "password1234"})
    assert weak.status_code == 400 and "common, breached" in weak.text
    assert 'value="ada@example.org"' in weak.text  # the form keeps what was typed
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    bad = client.post("/me/password", data={"csrf": token, "current": "nope", "new": "x"})
    assert bad.status_code == 400 and "current password is not right" in bad.text
    ok = client.post("/me/password", data={"csrf": token, "current": PASSWORD,
                                           "new": "an even longer passphrase"})
    assert "Password changed" in ok.text
    assert client.get("/me").status_code == 200  # this session stays


def test_api_with_a_token(client):
    sign_up(client, "ada@example.org")
    page = client.post("/me/tokens", data={"csrf": me_csrf(client), "name": "script"}).text
    raw = re.search(r'value="(dst_[^"]+)"', page).group(1)
    api = TestClient(client.app, headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").json()["email"] == "ada@example.org"
    profile = api.post("/api/v1/me/profiles", json={
        "name": "API", "skills": [{"uri": S["weld"]}, {"uri": "http://x/unknown", "label": "u"}],
        "titles": ["welder"]})
    assert profile.status_code == 201
    assert profile.json()["skills"][0]["label"] == "use welding equipment"
    listed = api.get("/api/v1/me/profiles").json()["data"][0]
    assert listed["missing_skills"] == 1
    short = api.post("/api/v1/me/shortlist", json={"occupation_uri": WELDER, "note": "hi"})
    assert short.status_code == 201
    assert api.patch(f"/api/v1/me/shortlist/{short.json()['id']}",
                     json={"note": "changed"}).json()["note"] == "changed"
    assert api.post("/api/v1/me/shortlist", json={"occupation_uri": GHOST}).status_code == 422
    plan = api.post("/api/v1/me/plans", json={"to_uri": DIPLOMAT, "from_uri": ATTACHE}).json()
    assert [s["uri"] for s in plan["skills"]] == [S["negotiate"]]
    ticked = api.patch(f"/api/v1/me/plans/{plan['id']}/skills",
                       json={"learned": {S["negotiate"]: True}}).json()
    assert ticked["progress"] == {"learned": 1, "total": 1}
    assert api.post("/api/v1/me/job-profiles", json={"occupation_uri": NURSE}).status_code == 201
    assert api.get("/api/v1/me/export").json()["job_profiles"][0]["label"] == "specialist nurse"
    assert api.delete(f"/api/v1/me/plans/{plan['id']}").status_code == 204
    assert api.get("/api/v1/me/plans").json()["total"] == 0
    assert api.delete("/api/v1/me/bogus/1").status_code == 404
    token_id = client.get("/me/export").json()["api_tokens"][0]["id"]
    client.post(f"/me/tokens/{token_id}/delete", data={"csrf": me_csrf(client)})
    assert api.get("/api/v1/me").status_code == 401


def test_logged_out_save_button_goes_to_log_in_and_back(client):
    token = csrf_of(client.get("/login").text)
    response = client.post("/me/shortlist", data={"csrf": token, "occupation_uri": DIPLOMAT,
                                                  "next": "/occupations/diplomat"},
                           follow_redirects=False)
    assert response.headers["location"] == "/login?next=/occupations/diplomat"


def test_pages_have_titles_and_no_inline_script_or_style(client):
    pages = ["/signup", "/login", "/forgot-password", "/reset-password?token=x"]
    for path in pages:
        _check_page(client.get(path))
    sign_up(client, "ada@example.org")
    token = me_csrf(client)
    client.post("/me/shortlist", data={"csrf": token, "occupation_uri": DIPLOMAT})
    plan = client.post("/me/plans", data={"csrf": token, "to_uri": DIPLOMAT})
    for path in ["/me", "/me/password", "/me/delete", plan.url.path]:
        _check_page(client.get(path))


def _check_page(response) -> None:
    html = response.text
    assert response.status_code == 200, response.url
    assert re.search(r"<title>[^<]+ · DestinAI</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    # scripts only from files (the site's /static/site.js), never inline code or styles
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and 'style="' not in html, response.url
    labels = set(re.findall(r'<label for="([^"]+)"', html))
    inputs = set(re.findall(r'<(?:input|textarea|select) id="([^"]+)"', html))
    assert inputs <= labels, (response.url, inputs - labels)
