"""The Careers directory: ISCO-08 tree, A–Z, search with facets, paginated."""

from __future__ import annotations

from string import ascii_uppercase
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from destinai.web.deps import CatalogDep
from destinai.web.pages.common import PageNotFound
from destinai.web.pages.directory import (
    OUTLOOK_BANDS,
    WAGE_BANDS,
    ZONES,
    directory,
    isco_children,
    isco_group,
    parse_filters,
)
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/careers", response_class=HTMLResponse)
def careers_page(request: Request, catalog: CatalogDep) -> Response:
    """Browse or filter occupations; every link keeps the filters."""
    f = parse_filters(dict(request.query_params))
    if f.isco and not isco_group(catalog, f.isco):
        raise PageNotFound(f"There is no ISCO-08 group with code {f.isco}.")
    found = directory(catalog, f)
    chain = [isco_group(catalog, f.isco[:i]) for i in range(1, len(f.isco) + 1)]
    here = "/careers?" + urlencode(f.params())

    def page_url(n: int) -> str:
        return "/careers?" + urlencode(f.params(page=n if n > 1 else ""))

    def with_filter(**change: str) -> str:
        return "/careers?" + urlencode(f.params(page="", **change))

    return render(request, "careers.html", {
        "f": f, **found, "chain": [g for g in chain if g],
        "children": isco_children(catalog, f.isco) if len(f.isco) < 4 else [],
        "zones": ZONES, "wage_bands": WAGE_BANDS, "outlook_bands": OUTLOOK_BANDS,
        "letters": ascii_uppercase, "back": here, "page_url": page_url,
        "with_filter": with_filter,
    })
