"""Dependencies shared by every route: the catalog, and turning NotFound into a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from destinai.catalog.db import Catalog, NotFound


def get_catalog(request: Request) -> Catalog:
    """The app's catalog (one per app, opened at start-up)."""
    return request.app.state.catalog


CatalogDep = Annotated[Catalog, Depends(get_catalog)]


def not_found(exc: NotFound) -> HTTPException:
    """A 404 carrying the message and close suggestions."""
    return HTTPException(404, {"error": str(exc), "suggestions": exc.suggestions})
