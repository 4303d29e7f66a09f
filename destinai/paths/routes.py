"""API routes for the paths feature: career paths and routes between occupations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from destinai.catalog.db import NotFound
from destinai.paths.engine import career_paths
from destinai.paths.route import route
from destinai.web.deps import CatalogDep, not_found

router = APIRouter(prefix="/api", tags=["paths"])


@router.get("/paths/{occupation}")
def get_paths(occupation: str, catalog: CatalogDep,
              limit: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
    """Entry points, lateral moves and advancement from an occupation."""
    try:
        return career_paths(catalog, occupation, limit)
    except NotFound as exc:
        raise not_found(exc) from exc


@router.get("/route")
def get_route(catalog: CatalogDep, origin: str = Query(..., alias="from"),
              target: str = Query(..., alias="to"),
              max_steps: int = Query(3, ge=1, le=6)) -> dict[str, Any]:
    """The cheapest viable sequence of moves from one occupation to another."""
    try:
        return route(catalog, origin, target, max_steps)
    except NotFound as exc:
        raise not_found(exc) from exc
