"""The main flows in a real browser (Debian chromium via Playwright), with axe-core checks."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DIPLOMAT, serious_violations

pytestmark = pytest.mark.integration

CV = """Jane Doe. Policy officer at the Ministry of Foreign Affairs, 2018-2024.
I negotiated bilateral agreements, drafted policy briefs on trade and human rights, and
represented the ministry at international conferences. I speak French and Spanish fluently.
I manage budgets, write reports and present findings to senior officials.
Education: master's degree in international relations."""


def assert_accessible(page) -> None:
    """Zero serious or critical axe-core violations on the current page."""
    found = serious_violations(page)
    assert not found, f"{page.url}: {found}"


def test_home_search_occupation_job_profile_print(page) -> None:
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Search occupations, skills or fields of study").fill("diplomat")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=diplomat"))
    assert_accessible(page)
    page.get_by_role("link", name="Diplomat", exact=True).first.click()
    page.wait_for_url(re.compile(DIPLOMAT))
    assert page.locator("h1").inner_text() == "Diplomat"
    assert page.get_by_text("total ·").first.is_visible()
    assert page.locator("figure.chart svg title").first.text_content().startswith(
        "US annual wage percentiles")
    assert_accessible(page)
    page.get_by_role("link", name="Job profile", exact=True).click()
    page.wait_for_url(re.compile("/job-profile"))
    assert "job profile" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Print").is_visible()  # shown by site.js
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".actions").is_visible()
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_directory_facet_to_occupation_and_back(page) -> None:
    page.goto("/careers")
    assert_accessible(page)
    page.get_by_label("Preparation (job zone)").select_option("5")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"zone=5"))
    meta = page.locator("section[aria-labelledby=res-h] ul.results li .meta").all_inner_texts()
    assert meta and all("job zone 5" in m for m in meta)
    page.locator("section[aria-labelledby=res-h] ul.results li a").first.click()
    page.wait_for_url(re.compile("/occupations/"))
    assert_accessible(page)
    page.get_by_role("link", name="← Back to directory").click()
    page.wait_for_url(re.compile(r"/careers\?.*zone=5"))
    assert page.get_by_label("Preparation (job zone)").input_value() == "5"


def test_study_to_careers(page) -> None:
    page.goto("/study")
    page.get_by_label("Field of study, in your words").fill("international relations")
    page.get_by_role("button", name="Show careers").click()
    page.wait_for_url(re.compile(r"/study\?"))
    groups = page.locator("details")
    assert groups.count() >= 2
    assert_accessible(page)
    groups.first.locator("ul.results a").first.click()
    page.wait_for_url(re.compile("/occupations/"))
    assert page.locator("h1").inner_text()


def test_get_started_without_javascript(nojs_page) -> None:
    page = nojs_page
    page.goto("/get-started")
    assert page.get_by_text("Nothing you paste or upload is stored").is_visible()
    page.get_by_label("Paste the text of your CV").fill(CV)
    page.get_by_label("Current or last job title").fill("policy officer")
    page.get_by_role("button", name="Find my skills").click()
    page.wait_for_url(re.compile("/get-started/review"))
    boxes = page.locator("input[name=skill]:checked")
    assert boxes.count() >= 3
    removed = boxes.first.get_attribute("value")
    boxes.first.uncheck()
    assert page.locator(".evidence").count() >= 1
    page.get_by_label("Add skills").fill("perform political negotiation")
    page.get_by_role("button", name="Show matching occupations").click()
    page.wait_for_url(re.compile("/get-started/matches"))
    results = page.locator("ol.results > li")
    assert results.count() == 20
    assert "Ranked #1 because" in results.first.inner_text()
    kept = page.locator("ol.results > li").first.locator("input[name=skill]")
    assert removed not in [kept.nth(i).get_attribute("value") for i in range(kept.count())]
    results.first.get_by_role("button").click()
    page.wait_for_url(re.compile("/get-started/gap"))
    assert page.locator("h1").inner_text().startswith("Your gap to")
    assert page.get_by_text("essential skills.").first.is_visible()
    assert page.get_by_role("heading", name="Route from your current job").is_visible()


def test_skill_autocomplete_fills_the_datalist(page) -> None:
    page.goto("/get-started")
    page.get_by_label("Skills you have").press_sequentially("political negoti", delay=20)
    # a locator, not wait_for_function: the site's CSP forbids evaluating strings as code
    page.locator('#skill-options option[value="perform political negotiation"]').wait_for(
        state="attached", timeout=20_000)


def test_get_started_pages_are_accessible(page) -> None:
    page.goto("/get-started")
    assert_accessible(page)
    page.get_by_label("Paste the text of your CV").fill(CV)
    page.get_by_role("button", name="Find my skills").click()
    page.wait_for_url(re.compile("/get-started/review"))
    assert_accessible(page)
    page.get_by_role("button", name="Show matching occupations").click()
    page.wait_for_url(re.compile("/get-started/matches"))
    assert_accessible(page)
    page.locator("ol.results > li").first.get_by_role("button").click()
    page.wait_for_url(re.compile("/get-started/gap"))
    assert_accessible(page)


def test_keyboard_only_main_flow(page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    else:
        pytest.fail("the search box is not reachable with Tab")
    page.keyboard.type("diplomat")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/search"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Diplomat":
            break
    else:
        pytest.fail("no focusable link to the occupation")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(DIPLOMAT))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Job profile":
            break
    else:
        pytest.fail("the job profile button is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/job-profile"))


PAGE_TYPES = ["/", "/search?q=nurse", "/careers?isco=2", f"/occupations/{DIPLOMAT}",
              f"/occupations/{DIPLOMAT}/interview", "/skills", "/skills?group=S1",
              "/skills/perform%20political%20negotiation", "/study?code=031",
              "/compare?a=diplomat&b=ambassador", "/about", "/privacy", "/terms",
              "/ai-transparency", "/occupations/no-such-occupation-xyzzy"]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_page_types_accessible(page, path: str) -> None:
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/careers", f"/occupations/{DIPLOMAT}", "/get-started",
                                  "/study?code=031", "/compare?a=diplomat&b=ambassador",
                                  f"/occupations/{DIPLOMAT}/job-profile"])
def test_responsive_at_375px(page, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways at 375 px ({width} px wide)"


XSS = "<script>window.__xss = 1</script><img src=x onerror='window.__xss = 2'>"


def test_hostile_text_is_shown_escaped(page) -> None:
    page.goto("/")
    page.get_by_label("Search occupations, skills or fields of study").fill(XSS)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/search"))
    assert page.evaluate("window.__xss") is None
    assert XSS in page.locator("h1").inner_text()
    page.goto("/get-started")
    page.get_by_label("Paste the text of your CV").fill(CV + "\n" + XSS)
    page.get_by_label("Skills you have").fill(XSS)
    page.get_by_role("button", name="Find my skills").click()
    page.wait_for_url(re.compile("/get-started/review"))
    assert page.evaluate("window.__xss") is None
    assert XSS in page.locator("main").inner_text()
