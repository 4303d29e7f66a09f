"""Website pages: full request → HTML time per page type, through the app in one process
(TestClient, no network; one request at a time). Concurrency and wrk figures are in the API
section; this measures what rendering each page costs on top of its engine call."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from benchmarks.common import summary, table, timings_ms
from destinai.config import Settings
from destinai.web.app import create_app

DIPLOMAT = "1fb92021-9576-4c85-8759-f6918e9f0ad4"
PAGES = [("home", "/"), ("search 'diplomat'", "/search?q=diplomat"),
         ("careers, 2 facets", "/careers?isco=2&zone=4"),
         ("careers, text + facet", "/careers?q=nurse&wage=60-80"),
         ("occupation page (diplomat)", f"/occupations/{DIPLOMAT}"),
         ("job profile", f"/occupations/{DIPLOMAT}/job-profile"),
         ("interview guide", f"/occupations/{DIPLOMAT}/interview"),
         ("skill page", "/skills/perform%20political%20negotiation"),
         ("study 'international relations'", "/study?field=international+relations"),
         ("compare", "/compare?a=diplomat&b=ambassador"), ("about", "/about"),
         ("sitemap.xml (16,913 URLs)", "/sitemap.xml")]
REPEAT = 20
CV = ("Policy officer at a foreign ministry. I negotiated bilateral agreements, drafted "
      "policy briefs and represented the ministry at international conferences. I speak "
      "French and Spanish and manage budgets.")


def run(db: Path) -> str:
    """Median and p95 per page; the Get started steps as POSTs."""
    client = TestClient(create_app(Settings.from_env(db=db)))
    rows = []
    for name, path in PAGES:
        assert client.get(path).status_code == 200, path
        rows.append({"page": name, **summary(timings_ms(lambda p=path: client.get(p), REPEAT))})
    first = [f"/occupations/{u.rsplit('/', 1)[1]}" for (u,) in client.app.state.catalog.connection
             .execute("SELECT uri FROM occupations ORDER BY uri LIMIT ? OFFSET 500", (REPEAT,))]
    views = iter(first)
    rows.insert(5, {"page": "occupation page, first view (20 occupations, profile not cached)",
                    **summary(timings_ms(lambda: client.get(next(views)), REPEAT, warmup=0))})
    review = client.post("/get-started/review", data={"cv": CV})
    import re

    uris = re.findall(r'name="skill" value="([^"]+)" checked', review.text)
    posts = [("get started: review (CV extraction)", "/get-started/review", {"cv": CV}),
             ("get started: matches", "/get-started/matches", {"skill": uris}),
             ("get started: gap + route", "/get-started/gap",
              {"skill": uris, "target": DIPLOMAT, "title": "policy officer"})]
    for name, path, data in posts:
        rows.append({"page": name, **summary(timings_ms(
            lambda p=path, d=data: client.post(p, data=d), REPEAT))})
    return ("## Website pages (issue 9)\n\nOne request at a time through the ASGI app "
            f"(TestClient), warm process, {REPEAT} requests each, real catalog; the CV has "
            f"{len(CV.split())} words. The occupation page keeps the last 256 profiles in "
            "memory, so its repeat views cost only the rendering; the first view of an "
            "occupation also computes its profile and career paths.\n\n"
            + table(rows, ["page", "median_ms", "p95_ms", "max_ms", "n"]))
