"""/docs in a real browser under the site's strict CSP: Swagger UI loads, expands an operation,
runs it, and the page raises no Content-Security-Policy violation.

Needs Playwright (the browser tests' dependency) and Debian's chromium."""

from __future__ import annotations

import pytest

from tests.web.test_served import served  # noqa: F401  (the real-server fixture)

sync_api = pytest.importorskip("playwright.sync_api")

LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
          "e => window.__csp.push(e.violatedDirective));")


def test_swagger_ui_runs_without_csp_violations(served, browser):  # noqa: F811
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(LISTEN)
        page.goto(f"{served}/docs")
        op = "#operations-search-search_endpoint_api_v1_search_get"
        page.click(f"{op} .opblock-summary")
        page.click(f"{op} .try-out__btn")
        page.fill(f"{op} input[placeholder='q']", "welder")
        page.click(f"{op} .execute")
        page.wait_for_selector(f"{op} .live-responses-table .response-col_status")
        assert "welder" in page.inner_text(f"{op} .live-responses-table")
        assert page.evaluate("window.__csp") == []
        page.evaluate("document.body.setAttribute('style', 'color: red')")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__csp") == ["style-src-attr"]   # the check works
    finally:
        context.close()
