"""Study → careers: a field of study (free text or ISCED-F) → occupations grouped by sector."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from destinai.catalog.db import NotFound
from destinai.match.fields import field_groups
from destinai.match.study import ISCED_LEVELS, study
from destinai.web.deps import CatalogDep
from destinai.web.pages.directory import outlook_by_uri
from destinai.web.pages.releases import releases
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/study", response_class=HTMLResponse)
def study_page(request: Request, catalog: CatalogDep, field: str = "", code: str = "",
               level: str = "") -> Response:
    """The picker, and the careers for ``field`` (free text) or ``code`` (ISCED-F)."""
    query = (code or field).strip()[:200]
    lvl = int(level) if level.isdigit() and 0 <= int(level) <= 8 else None
    fields = [g for g in field_groups(catalog) if len(g["code"]) <= 3]
    context: dict[str, Any] = {
               "field": field.strip()[:200], "code": code, "level": lvl, "levels": ISCED_LEVELS,
               "fields": fields, "result": None, "error": None, "suggestions": [],
               "releases": releases(catalog), "outlook": {}}
    if query:
        try:
            result = study(catalog, query, lvl, limit=60)
            context["result"] = result
            context["outlook"] = outlook_by_uri(catalog, [
                o["uri"] for sector in result["sectors"] for o in sector["occupations"]])
        except NotFound as exc:
            context["error"] = str(exc)
            context["suggestions"] = exc.suggestions
    status = 404 if context["error"] else 200
    return render(request, "study.html", context, status_code=status)
