"""The occupation page (the heart of the site), its job profile and its interview guide.

Each view calls the same engine function as its JSON twin in the API:
``occupation_profile``, ``job_profile`` and ``interview_guide``.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from threading import Lock
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from destinai.catalog.db import Catalog
from destinai.profiles.interview import interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.render_md import interview_md, job_profile_md
from destinai.web.deps import CatalogDep
from destinai.web.pages.charts import outlook_chart, wage_chart, wage_points
from destinai.web.pages.common import occupation_uri, redirect_to
from destinai.web.pages.markdown import document_html
from destinai.web.pages.releases import releases
from destinai.web.templating import cap, render, uuid_of

router = APIRouter(include_in_schema=False)
Format = Literal["html", "md", "json"]
ONET_PAGE = "https://www.onetonline.org/link/summary/{code}"
CACHE_SIZE = 256
_PROFILES: OrderedDict[tuple[str, int, str], dict[str, Any]] = OrderedDict()
_LOCK = Lock()


def cached_profile(catalog: Catalog, uri: str) -> dict[str, Any]:
    """``occupation_profile(uri, paths=True)``, kept for the last ``CACHE_SIZE`` occupations.

    The catalog is read-only, so a profile only changes with the file: the key holds its
    path and modification time. Callers must not modify the returned dict.
    """
    key = (str(catalog.path), catalog.path.stat().st_mtime_ns, uri)
    with _LOCK:
        if key in _PROFILES:
            _PROFILES.move_to_end(key)
            return _PROFILES[key]
    profile = occupation_profile(catalog, uri, paths=True)
    with _LOCK:
        _PROFILES[key] = profile
        while len(_PROFILES) > CACHE_SIZE:
            _PROFILES.popitem(last=False)
    return profile


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> block, safe against "</script>"."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def schema_org(p: dict[str, Any], url: str) -> dict[str, Any]:
    """schema.org ``Occupation`` for an occupation profile."""
    codes = [{"@type": "CategoryCode", "codeValue": p["isco_group"]["code"],
              "inCodeSet": "ISCO-08", "name": p["isco_group"].get("label")}]
    codes += [{"@type": "CategoryCode", "codeValue": soc, "inCodeSet": "SOC 2018"}
              for soc in p["soc_2018"]]
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Occupation", "name": cap(p["label"]),
        "description": p["description"] or p["definition"] or "", "url": url,
        "sameAs": p["uri"], "alternateName": p["titles"]["alternative"][:20],
        "occupationalCategory": codes,
        "skills": [s["label"] for s in p["essential_skills"]],
    }
    typical = p["onet_profile"]["education"].get("typical") if p["onet_profile"][
        "available"] else None
    if typical:
        data["educationRequirements"] = {"@type": "EducationalOccupationalCredential",
                                         "credentialCategory": typical["label"]}
    pay = p["pay"]
    if pay.get("available") and pay.get("primary"):
        row = pay["primary"]
        salary = {"@type": "MonetaryAmountDistribution", "name": "annual wage",
                  "currency": "USD", "duration": "P1Y",
                  "description": f"US OEWS May {row['year']} national estimates, SOC "
                                 f"{row['soc_code']} {row['title']}"}
        for key, name in (("annual_p10", "percentile10"), ("annual_p25", "percentile25"),
                          ("annual_median", "median"), ("annual_p75", "percentile75"),
                          ("annual_p90", "percentile90")):
            if row.get(key) is not None:
                salary[name] = row[key]
        data["estimatedSalary"] = salary
        data["occupationLocation"] = {"@type": "Country", "name": "United States"}
    return data


def skill_blocks(p: dict[str, Any]) -> dict[str, Any]:
    """"Theoretical knowledge" (ESCO knowledge) and "Practical skills" (the rest), each split
    into essential and optional, with its counts line."""
    blocks = {}
    for name, groups in (("knowledge", ("knowledge",)),
                         ("practical", ("skill_competence", "language", "transversal",
                                        "other"))):
        split = {rel: [s for g in groups for s in p["skills"][rel][g]]
                 for rel in ("essential", "optional")}
        e, o = len(split["essential"]), len(split["optional"])
        blocks[name] = {**split, "summary": f"{e + o} total · {e} essential · {o} optional"}
    return blocks


def crosswalk_sentence(link: dict[str, Any]) -> str:
    """How the O*NET occupation was linked, in plain words."""
    base = (f"US figures on this page come from the O*NET occupation “{link['title']}” "
            f"({link['code']}), ")
    if link["method"] == "reviewed":
        return base + ("linked to this ESCO occupation by the reviewed Nesta ESCO–O*NET "
                       "crosswalk.")
    return base + (f"which DestinAI linked to this ESCO occupation itself (derived link, "
                   f"confidence {link['confidence']:.2f}); no reviewed crosswalk covers it, so "
                   "treat the US figures as indicative.")


def occupation_context(catalog: Catalog, p: dict[str, Any], request: Request) -> dict[str, Any]:
    """Everything the occupation template shows, derived from the profile only."""
    primary = p["pay"].get("primary") if p["pay"].get("available") else None
    rows = p["projections"]["rows"] if p["projections"]["available"] else []
    url = str(request.url_for("occupation_page", ident=uuid_of(p["uri"])))
    chart_title = (f"US annual wage percentiles, {primary['title']} (SOC {primary['soc_code']}),"
                   f" OEWS May {primary['year']}") if primary else ""
    return {
        "p": p, "blocks": skill_blocks(p), "releases": releases(catalog),
        "wage_row": primary, "wage_points": wage_points(primary) if primary else [],
        "wage_chart": wage_chart(primary, chart_title) if primary else None,
        "outlook": [{"row": r, "chart": outlook_chart(r)} for r in rows],
        "crosswalk": [crosswalk_sentence(link) for link in p["onet"][:3]],
        "onet_pages": [{"code": link["code"], "title": link["title"],
                        "url": ONET_PAGE.format(code=link["code"])} for link in p["onet"]],
        "json_ld": json_ld(schema_org(p, url)), "page_url": url,
        "id": uuid_of(p["uri"]),
    }


@router.get("/occupations/{ident}", response_class=HTMLResponse, name="occupation_page")
def occupation_page(ident: str, request: Request, catalog: CatalogDep,
                    back: str | None = None) -> Response:
    """The occupation page; codes and titles redirect to the canonical id URL. ``back`` is
    the directory URL (with its filters) that the "Back to directory" link returns to."""
    uri, canonical = occupation_uri(catalog, ident)
    if not canonical:
        return redirect_to(uri)
    context = occupation_context(catalog, cached_profile(catalog, uri), request)
    context["back"] = back if back and back.startswith("/careers") and "//" not in back else None
    return render(request, "occupation.html", context)


def _download(text: str, name: str, media: str) -> Response:
    return Response(text, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/occupations/{ident}/job-profile", response_class=HTMLResponse)
def job_profile_page(ident: str, request: Request, catalog: CatalogDep,
                     format: Format = "html",
                     sector: Literal["public", "ngo", "private"] | None = Query(None)
                     ) -> Response:
    """The job profile: HTML (print CSS for A4), ``format=md`` or ``format=json`` downloads."""
    uri, canonical = occupation_uri(catalog, ident)
    if not canonical:
        return redirect_to(uri, "/job-profile")
    j = job_profile(catalog, uri, sector)
    slug = uuid_of(uri)
    if format == "md":
        return _download(job_profile_md(j), f"job-profile-{slug}.md", "text/markdown")
    if format == "json":
        return JSONResponse(j, headers={
            "Content-Disposition": f'attachment; filename="job-profile-{slug}.json"'})
    return render(request, "job_profile.html", {"j": j, "id": slug, "sector": sector,
                                                "body": document_html(job_profile_md(j)),
                                                "releases": releases(catalog)})


@router.get("/occupations/{ident}/interview", response_class=HTMLResponse)
def interview_page(ident: str, request: Request, catalog: CatalogDep,
                   format: Format = "html") -> Response:
    """The interview guide: HTML (print CSS for A4), ``format=md`` or ``format=json``."""
    uri, canonical = occupation_uri(catalog, ident)
    if not canonical:
        return redirect_to(uri, "/interview")
    g = interview_guide(catalog, uri)
    slug = uuid_of(uri)
    if format == "md":
        return _download(interview_md(g), f"interview-guide-{slug}.md", "text/markdown")
    if format == "json":
        return JSONResponse(g, headers={
            "Content-Disposition": f'attachment; filename="interview-guide-{slug}.json"'})
    return render(request, "interview.html", {"g": g, "id": slug,
                                              "body": document_html(interview_md(g)),
                                              "releases": releases(catalog)})



