"""Compare two occupations side by side: skills shared and different, pay, education, outlook."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from destinai.catalog.db import Catalog
from destinai.profiles.occupation_profile import occupation_profile
from destinai.web.deps import CatalogDep
from destinai.web.pages.common import PageNotFound, occupation_uri
from destinai.web.pages.releases import releases
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)


def compare_skills(a: dict[str, Any], b: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Essential skills shared by both, only in A, only in B (by ESCO URI)."""
    ea = {s["uri"]: s for s in a["essential_skills"]}
    eb = {s["uri"]: s for s in b["essential_skills"]}
    alla = ea | {s["uri"]: s for s in a["optional_skills"]}
    allb = eb | {s["uri"]: s for s in b["optional_skills"]}
    return {"shared": [s for u, s in ea.items() if u in eb],
            "a_essential_b_optional": [s for u, s in ea.items() if u in allb and u not in eb],
            "only_a": [s for u, s in ea.items() if u not in allb],
            "only_b": [s for u, s in eb.items() if u not in alla]}


def summary(p: dict[str, Any]) -> dict[str, Any]:
    """The comparable facts of one occupation profile."""
    pay = p["pay"]
    row = pay.get("primary") if pay.get("available") else None
    median = row["annual_median"] if row else (pay.get("summary") or {}).get("annual_median")
    proj = p["projections"]["rows"][0] if p["projections"]["available"] else None
    edu = p["onet_profile"]["education"] if p["onet_profile"]["available"] else {}
    zone = p["onet_profile"]["job_zone"]
    return {"p": p, "median": median, "approximate": pay.get("approximate", False),
            "soc": row["soc_code"] if row else None, "outlook": proj,
            "education": (edu.get("typical") or {}).get("label") if edu else None,
            "job_zone": zone.get("job_zone") if zone else None,
            "counts": p["counts"]}


def _load(catalog: Catalog, ident: str) -> dict[str, Any] | None:
    if not ident.strip():
        return None
    uri, _ = occupation_uri(catalog, ident.strip())
    return occupation_profile(catalog, uri)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, catalog: CatalogDep, a: str = "", b: str = "") -> Response:
    """The picker, and the comparison when both occupations are given."""
    errors = []
    found = {}
    for key, value in (("a", a), ("b", b)):
        try:
            found[key] = _load(catalog, value[:200])
        except PageNotFound as exc:
            errors.append({"which": key, "message": str(exc), "suggestions": exc.suggestions})
            found[key] = None
    context: dict[str, Any] = {"a": a, "b": b, "errors": errors, "releases": releases(catalog),
                               "A": None, "B": None}
    if found["a"] and found["b"]:
        context.update(A=summary(found["a"]), B=summary(found["b"]),
                       skills=compare_skills(found["a"], found["b"]))
    elif found["a"]:
        context["A"] = summary(found["a"])
    return render(request, "compare.html", context, status_code=404 if errors else 200)
