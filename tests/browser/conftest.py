"""Browser fixtures: the real app served by uvicorn (``destinai serve``) on a free loopback
port against the real catalog, and Debian's chromium driven by Playwright.

Chromium is the system one (``/usr/bin/chromium``, installed by ``make test``); Playwright
never downloads a browser here. Outside CI the tests skip when chromium is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

CHROMIUM = os.environ.get("DESTINAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DIPLOMAT = "1fb92021-9576-4c85-8759-f6918e9f0ad4"   # ESCO "diplomat"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(real_catalog) -> Iterator[str]:
    """Base URL of ``destinai serve`` over the real catalog; warmed up before tests run."""
    port = free_port()
    env = {**os.environ, "DESTINAI_DB": str(real_catalog.path)}
    proc = subprocess.Popen([sys.executable, "-m", "destinai.cli", "serve", "--host",
                             "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "exited")
            try:
                if httpx.get(f"{base}/robots.txt", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the server did not start within 60 s")
        # load the search index and the paths index once, outside any test's timing
        httpx.get(f"{base}/search?q=diplomat", timeout=120)
        httpx.get(f"{base}/occupations/{DIPLOMAT}", timeout=120)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(browser, live_server):
    """A fresh desktop page (1280 px wide) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, live_server):
    """A page with JavaScript disabled: the main flows must work without it."""
    context = browser.new_context(base_url=live_server, java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def serious_violations(page) -> list[dict]:
    """axe-core violations of impact serious or critical on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
