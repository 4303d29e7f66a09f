"""API routes for the paths feature: career paths and routes between occupations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from destinai.paths.engine import career_paths
from destinai.paths.route import route
from destinai.web.deps import API, CatalogDep
from destinai.web.models import CareerPaths, Route

router = APIRouter(prefix=API, tags=["paths"])


@router.get("/paths/{occupation}", response_model=CareerPaths)
def get_paths(occupation: str, catalog: CatalogDep,
              limit: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
    """Entry points, lateral moves and advancement from an occupation."""
    return career_paths(catalog, occupation, limit)


@router.get("/route", response_model=Route, response_model_by_alias=True)
def get_route(catalog: CatalogDep, origin: str = Query(..., alias="from"),
              target: str = Query(..., alias="to"),
              max_steps: int = Query(3, ge=1, le=6)) -> dict[str, Any]:
    """The cheapest viable sequence of moves from one occupation to another."""
    return route(catalog, origin, target, max_steps)
