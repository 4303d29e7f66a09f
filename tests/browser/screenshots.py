"""Screenshots of every page type at desktop (1280 px) and phone (375 px) width.

Usage: ``python -m tests.browser.screenshots [--out docs/screenshots]`` with a built catalog
(``DESTINAI_DB``, default data/catalog.sqlite). Starts ``destinai serve`` on a free port,
drives Debian's chromium, writes ``NAME-desktop.png`` and ``NAME-phone.png``. Not run in CI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DIPLOMAT, free_port
from tests.browser.test_flows import CV

PAGES = {
    "home": "/", "search": "/search?q=diplomat", "careers": "/careers?isco=2&zone=4",
    "occupation": f"/occupations/{DIPLOMAT}", "job-profile": f"/occupations/{DIPLOMAT}/job-profile",
    "interview": f"/occupations/{DIPLOMAT}/interview", "skills": "/skills",
    "skill": "/skills/perform political negotiation",
    "study": "/study?field=international+relations",
    "compare": "/compare?a=diplomat&b=ambassador", "about": "/about",
    "ai-transparency": "/ai-transparency", "not-found": "/occupations/no-such-job-xyzzy",
    "get-started": "/get-started",
}
WIDTHS = {"desktop": 1280, "phone": 375}


def _flow(page, out: Path, suffix: str) -> None:
    """The Get started steps after the form: review, matches, gap."""
    page.goto("/get-started")
    page.get_by_label("Paste the text of your CV").fill(CV)
    page.get_by_label("Current or last job title").fill("policy officer")
    page.get_by_role("button", name="Find my skills").click()
    page.wait_for_url("**/review")
    page.screenshot(path=out / f"get-started-review-{suffix}.png", full_page=False)
    page.get_by_role("button", name="Show matching occupations").click()
    page.wait_for_url("**/matches")
    page.screenshot(path=out / f"get-started-matches-{suffix}.png", full_page=False)
    page.locator("ol.results > li").first.get_by_role("button").click()
    page.wait_for_url("**/gap")
    page.screenshot(path=out / f"get-started-gap-{suffix}.png", full_page=False)


def main() -> None:
    """Serve the app, shoot every page at both widths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "destinai.cli", "serve", "--port", str(port)],
                            env=dict(os.environ), stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/robots.txt", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for suffix, width in WIDTHS.items():
                context = browser.new_context(base_url=base,
                                              viewport={"width": width, "height": 900})
                page = context.new_page()
                page.set_default_timeout(120_000)
                for name, path in PAGES.items():
                    page.goto(path)
                    page.screenshot(path=out / f"{name}-{suffix}.png", full_page=False)
                _flow(page, out, suffix)
                context.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
