"""The whole account journey in Debian's chromium (Playwright) against a live server.

sign up → save a skills profile and two occupations → make a plan and tick a skill off →
log out → log in → everything is there → download my data → delete my account → log in fails.
The save buttons sit on small host pages rendering the real ``accounts/save.html`` macros (the
website's own pages call the same macros).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import Request
from fastapi.responses import HTMLResponse

from destinai.config import Settings
from destinai.web.app import create_app
from destinai.web.templating import templates
from tests.accounts.conftest import PASSWORD
from tests.fixtures.release import ATTACHE, DIPLOMAT, S

HOST_PAGE = """{% extends "base.html" %}
{% from "accounts/save.html" import shortlist_button, profile_button with context %}
{% block title %}Host page{% endblock %}{% block description %}A page with save buttons for
the account journey test.{% endblock %}
{% block content %}<h1>{{ heading }}</h1>
{% if uri %}{{ shortlist_button(uri, label, with_note=True) }}
{% else %}{{ profile_button(skills, titles=["junior attaché"], name="After my degree",
  studies=["international relations"], interests=["travel"]) }}{% endif %}
{% endblock %}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(accounts_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                ) -> Iterator[str]:
    """The app (accounts in a fresh SQLite file) served by uvicorn on a free loopback port."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'users.sqlite'}")
    app = create_app(Settings(sources=accounts_catalog.parent, db=accounts_catalog))
    host = templates.env.from_string(HOST_PAGE)
    labels = {DIPLOMAT: "diplomat", ATTACHE: "attaché"}

    @app.get("/_host/occupation", response_class=HTMLResponse)
    def occupation_host(request: Request, uri: str) -> str:
        return host.render(request=request, heading=labels[uri], uri=uri, label=labels[uri])

    @app.get("/_host/get-started", response_class=HTMLResponse)
    def profile_host(request: Request) -> str:
        skills = [{"uri": S["weld"], "label": "welding"}, {"uri": S["safety"], "label": "safety"}]
        return host.render(request=request, heading="Your skills", uri=None, skills=skills)

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "the live server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh chromium page with JavaScript off (the flow must work without it)."""
    context = browser.new_context(accept_downloads=True, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_account_journey_in_a_real_browser(live_server: str, page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    email = "ada@example.org"
    page.goto(f"{live_server}/signup")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="My DestinAI")).to_be_visible()

    page.goto(f"{live_server}/_host/get-started")
    page.get_by_role("button", name="Save my skills profile").click()
    expect(page).to_have_url(re.compile(r"saved=profile"))
    for uri, note in ((DIPLOMAT, "<b>dream job</b>"), (ATTACHE, "")):
        page.goto(f"{live_server}/_host/occupation?uri={uri}")
        page.get_by_label("Note (optional)").fill(note)
        page.get_by_role("button", name="to my shortlist").click()
        expect(page).to_have_url(re.compile(r"saved=shortlist"))

    page.goto(f"{live_server}/me")
    page.get_by_label("From (your current occupation, optional)").select_option(ATTACHE)
    page.get_by_label("To", exact=True).select_option(DIPLOMAT)
    page.get_by_role("button", name="Make the plan").click()
    expect(page.get_by_text("0 of 1 skills learned")).to_be_visible()
    page.get_by_label("negotiate agreements").check()
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("1 of 1 skills learned")).to_be_visible()

    page.goto(f"{live_server}/me")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r":\d+/$"))
    page.goto(f"{live_server}/me")
    expect(page).to_have_url(re.compile(r"/login\?next=/me$"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me$"))
    main = page.locator("main")
    for text in ("After my degree", "use welding equipment", "junior attaché",
                 "<b>dream job</b>", "attaché → diplomat", "1 of 1 skills learned"):
        assert text in main.inner_text(), text
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "me-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(tmp_path / "me-phone.png"), full_page=True)
    if os.environ.get("DESTINAI_SCREENSHOTS"):
        for png in tmp_path.glob("me-*.png"):
            shutil.copy(png, Path(os.environ["DESTINAI_SCREENSHOTS"]) / f"accounts-{png.name}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download_info.value.path()).read_text())
    assert data["account"]["email"] == email
    assert {i["occupation_uri"] for i in data["shortlist"]} == {DIPLOMAT, ATTACHE}
    assert data["plans"][0]["progress"] == {"learned": 1, "total": 1}
    assert data["skills_profiles"][0]["titles"] == ["junior attaché"]
    assert data["skills_profiles"][0]["studies"] == ["international relations"]

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Account deleted")).to_be_visible()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Wrong e-mail address or password.")).to_be_visible()
