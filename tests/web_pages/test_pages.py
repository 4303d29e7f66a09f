"""Every page's status and key content over the real catalog (no browser)."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.integration
DIPLOMAT = "1fb92021-9576-4c85-8759-f6918e9f0ad4"
PAGES = ["/", "/search?q=diplomat", "/careers", "/careers?isco=26&zone=4", "/skills",
         "/skills?group=031", "/study", "/study?code=0312", "/get-started", "/compare",
         "/compare?a=diplomat&b=ambassador", f"/occupations/{DIPLOMAT}",
         f"/occupations/{DIPLOMAT}/job-profile", f"/occupations/{DIPLOMAT}/interview",
         "/about", "/privacy", "/terms", "/ai-transparency"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>")


@pytest.mark.parametrize("path", PAGES)
def test_page_has_title_description_footer_and_no_inline_code(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, path
    html = r.text
    assert re.search(r"<title>[^<]+ · DestinAI</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert "This service uses the ESCO classification of the European Commission." in html
    for link in ("/about", "/privacy", "/terms", "/ai-transparency", "/docs"):
        assert f'href="{link}"' in html
    assert 'href="/login">Log in' in html
    assert not INLINE_SCRIPT.search(html), "inline <script> would break the CSP"
    assert " style=" not in html and " on" + "click=" not in html


def test_titles_are_distinct(client) -> None:
    titles = [re.search(r"<title>(.*?)</title>", client.get(p).text).group(1) for p in PAGES]
    assert len(set(titles)) == len(titles)


def test_unknown_session_cookie_is_not_signed_in(client) -> None:
    # A stale or forged cookie must not make the header claim an account (real log-ins are
    # tested in tests/accounts).
    client.cookies.set("destinai_session", "x")
    try:
        html = client.get("/").text
    finally:
        client.cookies.clear()
    assert 'href="/login">Log in' in html and "My DestinAI" not in html


def test_occupation_page_sections_and_json_ld(client) -> None:
    html = client.get(f"/occupations/{DIPLOMAT}").text
    for text in ("Theoretical knowledge", "Practical skills", "Essential", "Optional",
                 "Alternative titles", "Tasks", "Tools and technology",
                 "Education and experience", "Pay in the United States", "Outlook 2024–34",
                 "Career paths", "Related occupations", "View on official portal: ESCO",
                 "View on official portal: O*NET", "Job profile", "Interview guide",
                 "Chief Executives", "SOC 11-1011", "OEWS May 2024", "ESCO v1.1.1"):
        assert text in html, text
    assert re.search(r"\d+ total · \d+ essential · \d+ optional", html)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Occupation" and data["name"] == "Diplomat"
    codes = {c["inCodeSet"]: c["codeValue"] for c in data["occupationalCategory"]}
    assert codes == {"ISCO-08": "1112", "SOC 2018": "11-1011"}
    assert data["estimatedSalary"]["currency"] == "USD"
    assert "OEWS" in data["estimatedSalary"]["description"]
    assert data["skills"] and data["educationRequirements"]["credentialCategory"]


def test_occupation_by_code_or_title_redirects_to_the_canonical_url(client) -> None:
    for ident in ("1112.3", "diplomat"):
        r = client.get(f"/occupations/{ident}", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == f"/occupations/{DIPLOMAT}"


def test_derived_link_is_said_in_plain_words(client, real_catalog) -> None:
    uri = real_catalog.scalar("SELECT esco_uri FROM occupation_onet WHERE method = 'derived' "
                              "AND esco_uri NOT IN (SELECT esco_uri FROM occupation_onet "
                              "WHERE method = 'reviewed') ORDER BY esco_uri LIMIT 1")
    html = client.get(f"/occupations/{uri.rsplit('/', 1)[1]}").text
    assert "which DestinAI linked to this ESCO occupation itself (derived link" in html


def test_unknown_occupation_is_a_friendly_404_with_suggestions(client) -> None:
    r = client.get("/occupations/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and "We could not find that" in r.text
    r = client.get("/occupations/diplomatt")
    assert r.status_code == 404 and f'href="/occupations/{DIPLOMAT}">Diplomat' in r.text
    assert "Laundromat" not in r.text          # far fuzzy matches are not suggested
    r = client.get("/occupations/nurse", follow_redirects=False)
    assert r.status_code == 404 and "No occupation is called &#39;nurse&#39;" in r.text
    assert "Nurse responsible for general care" in r.text
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "There is no page at /no/such/page" in r.text
    api = client.get("/api/no-such-endpoint")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/")


def test_skill_404_suggests_close_skills(client) -> None:
    r = client.get("/skills/qqqzzzxxyy")
    assert r.status_code == 404 and "We could not find that" in r.text


def test_search_that_matches_nothing_says_so(client) -> None:
    r = client.get("/search?q=xqzvbnmwk")
    assert r.status_code == 200
    assert "Nothing in the catalog matches" in r.text
    assert "/occupations/" not in r.text.split("<main", 1)[1].split("</main>")[0]


def test_search_finds_free_text_titles(client) -> None:
    html = client.get("/search", params={"q": "snr. diplomat"}).text
    assert f"/occupations/{DIPLOMAT}" in html


def test_directory_facets_filter_and_paginate(client) -> None:
    html = client.get("/careers?zone=5&wage=100%2B&page=2").text
    metas = re.findall(r'<span class="meta">(ISCO .*?)</span>', html)
    assert metas and all("job zone 5" in m for m in metas)
    medians = [int(x.replace(",", "")) for x in re.findall(r"US median \$([\d,]+)", html)]
    assert medians and min(medians) >= 100_000
    assert "page 2 of" in html and 'rel="prev"' in html
    assert "back=/careers%3Fzone%3D5%26wage%3D100%252B%26page%3D2" in html


def test_directory_reports_unknown_filters(client) -> None:
    html = client.get("/careers?zone=9&wage=lots").text
    assert "Ignored an unknown filter: job zone &#39;9&#39;" in html


def test_directory_tree_and_back_link(client) -> None:
    html = client.get("/careers?isco=2").text
    assert 'href="/careers?isco=21"' in html
    page = client.get(f"/occupations/{DIPLOMAT}?back=/careers?isco=11").text
    assert 'href="/careers?isco=11">← Back to directory' in page
    evil = client.get(f"/occupations/{DIPLOMAT}?back=https://evil.example").text
    assert "Back to directory" not in evil


def test_knowledge_fields_browse_by_isced_code(client) -> None:
    html = client.get("/skills?group=K").text
    assert 'href="/skills?group=03"' in html
    field = client.get("/skills?group=031").text
    assert 'href="/study?code=031"' in field and "Sub-groups" in field


def test_skill_page_and_sorting(client) -> None:
    r = client.get("/skills/perform political negotiation")
    assert r.status_code == 200
    assert "Essential for" in r.text and "Optional for" in r.text
    uuid = str(r.url).rsplit("/", 1)[1]
    by_wage = client.get(f"/skills/{uuid}?sort=wage").text
    wages = [int(x.replace(",", "")) for x in re.findall(r'<td class="num">\$([\d,]+)</td>',
                                                           by_wage.split("Optional for")[0])]
    assert wages == sorted(wages, reverse=True)


def test_study_groups_by_sector_in_details(client) -> None:
    html = client.get("/study?field=international relations").text
    assert html.count("<details") >= 2 and "ISCED-F" in html
    assert "US outlook" in html and "US median $" in html
    # the officer's US wage is its linked management occupation's, and the page says so
    officer = html.split("International relations officer", 1)[1].split("</li>", 1)[0]
    assert "of the US management occupation it is linked to" in officer
    r = client.get("/study?code=7777")
    assert r.status_code == 404 and "ISCED-F 2013 field with code 7777" in r.text
    assert 'href="/study?code=' in r.text.split("Did you mean")[1]


def test_compare_shows_shared_and_different_skills(client) -> None:
    html = client.get("/compare?a=diplomat&b=ambassador").text
    assert "Essential skills in common" in html and "Only diplomat" in html
    r = client.get("/compare?a=diplomat&b=zzqqxxyy")
    assert r.status_code == 404 and "Second occupation" in r.text


def test_job_profile_and_interview_downloads(client) -> None:
    md = client.get(f"/occupations/{DIPLOMAT}/job-profile?format=md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"] and md.text.startswith("# Diplomat")
    js = client.get(f"/occupations/{DIPLOMAT}/interview?format=json")
    assert js.json()["title"] == "Diplomat" and js.json()["competencies"]
    html = client.get(f"/occupations/{DIPLOMAT}/job-profile?sector=public").text
    assert "serve the public" in html


def test_about_lists_releases_and_checksums(client) -> None:
    html = client.get("/about").text
    for text in ("ESCO v1.1.1", "O*NET 29.2", "OEWS May 2024", "Sources fingerprint"):
        assert text in html
    assert re.search(r"<code>[0-9a-f]{64}</code>", html)


def test_ai_transparency_notice(client) -> None:
    html = client.get("/ai-transparency").text
    for text in ("No automated decisions", "How to contest", "Known limits", "Measured quality"):
        assert text in html


def test_sitemap_and_robots(client, real_catalog) -> None:
    xml = client.get("/sitemap.xml")
    assert xml.headers["content-type"].startswith("application/xml")
    n = real_catalog.scalar("SELECT count(*) FROM occupations")
    assert xml.text.count("/occupations/") == n and xml.text.count("<url>") < 50_000
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_get_started_flow_over_http(client) -> None:
    cv = "I negotiated treaties and drafted diplomatic reports. I speak French."
    review = client.post("/get-started/review", data={"cv": cv, "skills": "public speaking"})
    assert review.status_code == 200
    uris = re.findall(r'name="skill" value="([^"]+)" checked', review.text)
    assert len(uris) >= 2 and "you typed" in review.text
    matches = client.post("/get-started/matches", data={"skill": uris, "title": "", "study": "",
                                                        "level": "", "target": ""})
    assert matches.status_code == 200 and "Ranked #1 because" in matches.text
    gap = client.post("/get-started/gap", data={"skill": uris, "target": DIPLOMAT,
                                                "title": "policy officer"})
    assert gap.status_code == 200 and "Your gap to" in gap.text and "What to learn" in gap.text


def test_get_started_rejects_bad_uploads_clearly(client) -> None:
    r = client.post("/get-started/review", files={"file": ("cv.exe", b"MZ...", "application/x")})
    assert r.status_code == 422 and "is not a PDF, DOCX or text file" in r.text
    big = b"a" * (10 * 1024 * 1024 + 10)
    r = client.post("/get-started/review", files={"file": ("cv.txt", big, "text/plain")})
    assert r.status_code == 413 and "10 MB limit" in r.text
    broken = {"file": ("cv.pdf", b"%PDF-broken", "application/pdf")}
    r = client.post("/get-started/review", files=broken)
    assert r.status_code == 422 and "We could not read the file" in r.text
    r = client.post("/get-started/review", data={"cv": "", "skills": "zzqqxxyy"})
    assert r.status_code == 422 and "None of the skills you typed is in ESCO: zzqqxxyy" in r.text


def test_hostile_text_is_escaped(client) -> None:
    evil = "<script>alert(1)</script>"
    html = client.get("/search", params={"q": evil}).text
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    review = client.post("/get-started/review", data={"cv": "I negotiate treaties. " + evil,
                                                      "skills": evil}).text
    assert evil not in review and "&lt;script&gt;" in review


def test_suggest_returns_labels(client) -> None:
    assert "perform political negotiation" in client.get(
        "/get-started/suggest?q=political negotiation").json()
    assert client.get("/get-started/suggest?q=x").json() == []


def test_get_started_reads_an_uploaded_docx(client, tmp_path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Diplomat. I negotiated treaties and represented national interests.")
    path = tmp_path / "cv.docx"
    doc.save(path)
    files = {"file": ("cv.docx", path.read_bytes(),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}
    r = client.post("/get-started/review", files=files)
    assert r.status_code == 200 and "implied by your CV" in r.text
    assert "represent national interests" in r.text and "“represented national interests”" in r.text


def test_occupation_profiles_are_cached_per_catalog_file(real_catalog, monkeypatch) -> None:
    from destinai.web.pages import occupation as page

    monkeypatch.setattr(page, "CACHE_SIZE", 2)
    uris = [r["uri"] for r in real_catalog.rows("SELECT uri FROM occupations LIMIT 3")]
    first = page.cached_profile(real_catalog, uris[0])
    assert page.cached_profile(real_catalog, uris[0]) is first
    assert first == page.occupation_profile(real_catalog, uris[0], paths=True)
    for uri in uris[1:]:
        page.cached_profile(real_catalog, uri)
    assert page.cached_profile(real_catalog, uris[0]) is not first   # evicted, rebuilt
    assert len(page._PROFILES) <= 2


def test_facet_counts_predict_the_filtered_total(client) -> None:
    html = client.get("/careers?isco=2").text
    shown = int(re.search(r'<option value="5">5 · extensive preparation \((\d+)\)', html)[1])
    green = int(re.search(r"green skills \((\d+)\)", html)[1])
    filtered = client.get("/careers?isco=2&zone=5").text
    assert f"{shown:,} occupations" in filtered
    both = client.get("/careers?isco=2&zone=5&green=1").text
    assert re.search(r"green skills \((\d+)\)", filtered)[1] in both.replace(",", "")
    assert green >= int(re.search(r"([\d,]+) occupations", both)[1].replace(",", ""))
