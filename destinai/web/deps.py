"""Dependencies shared by every route: the API prefix, the catalog, pagination."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from destinai.catalog.db import Catalog, NotFound

API = "/api/v1"                 # every JSON route lives under this prefix
MAX_RESULTS = 200               # ranked lists are paginated within their first 200 results


def get_catalog(request: Request) -> Catalog:
    """The app's catalog (one per app, opened at start-up)."""
    return request.app.state.catalog


CatalogDep = Annotated[Catalog, Depends(get_catalog)]
Limit = Annotated[int, Query(ge=1, le=MAX_RESULTS, description="Results per page.")]
Offset = Annotated[int, Query(ge=0, lt=MAX_RESULTS, description="Results to skip.")]


def page(items: Sequence[Any], limit: int, offset: int, total: int | None = None,
         key: str = "data") -> dict[str, Any]:
    """``items[offset:offset+limit]`` with ``count``, ``total``, ``limit`` and ``offset``."""
    chunk = list(items[offset:offset + limit])
    return {key: chunk, "count": len(chunk), "total": len(items) if total is None else total,
            "limit": limit, "offset": offset}


def not_found(exc: NotFound) -> NotFound:
    """Kept for routes written before the central handler: returns ``exc`` to re-raise.

    Prefer letting :class:`NotFound` propagate; ``destinai.web.problems`` answers it with a
    404 problem detail carrying the suggestions.
    """
    return exc
