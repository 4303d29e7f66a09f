"""Dependencies shared by every route: the catalog."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from destinai.catalog.db import Catalog, NotFound


def get_catalog(request: Request) -> Catalog:
    """The app's catalog (one per app, opened at start-up)."""
    return request.app.state.catalog


CatalogDep = Annotated[Catalog, Depends(get_catalog)]


def not_found(exc: NotFound) -> NotFound:
    """Kept for routes written before the central handler: returns ``exc`` to re-raise.

    Prefer letting :class:`NotFound` propagate; ``destinai.web.problems`` answers it with a
    404 problem detail carrying the suggestions.
    """
    return exc
