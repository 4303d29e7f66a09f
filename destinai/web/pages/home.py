"""Home page and site search (occupations, skills and fields of study in one box)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from destinai.catalog.db import Catalog, NotFound
from destinai.match.fields import resolve_field
from destinai.web.deps import CatalogDep
from destinai.web.pages.common import relevant_hits
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_QUERY = 200


def catalog_counts(catalog: Catalog) -> dict[str, int]:
    """How many occupations, skills and fields of study the catalog holds."""
    return {"occupations": catalog.scalar("SELECT count(*) FROM occupations"),
            "skills": catalog.scalar("SELECT count(*) FROM skills"),
            "fields": catalog.scalar("SELECT count(*) FROM skill_groups WHERE isced_f IS NOT NULL")}


def site_search(catalog: Catalog, q: str) -> dict[str, Any]:
    """Occupations, skills and ISCED-F fields matching ``q``; empty lists when none do."""
    try:
        fields = [f for f in resolve_field(catalog, q) if f.get("matched_by") != "knowledge_search"
                  or f.get("votes", 0) >= 1]
    except NotFound:
        fields = []
    occupations = relevant_hits(catalog, q, "occupation", 12)
    skills = relevant_hits(catalog, q, "skill", 12)
    return {"occupations": occupations, "skills": skills, "fields": fields[:3],
            "count": len(occupations) + len(skills) + len(fields[:3])}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, catalog: CatalogDep) -> Response:
    """One search box, Get started and the entry doors."""
    return render(request, "home.html", {"counts": catalog_counts(catalog)})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, catalog: CatalogDep, q: str = "") -> Response:
    """Search results in three groups; a query that matches nothing says so."""
    q = q.strip()[:MAX_QUERY]
    if not q:
        return RedirectResponse("/", status_code=303)
    found = site_search(catalog, q)
    return render(request, "search.html", {"q": q, **found})
