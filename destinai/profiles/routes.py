"""API routes for occupation and skill profiles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from destinai.catalog.db import NotFound
from destinai.catalog.occupations import get_occupation
from destinai.catalog.skills import get_skill
from destinai.web.deps import CatalogDep, not_found

router = APIRouter(prefix="/api", tags=["profiles"])


@router.get("/occupations/{query:path}")
def occupation(query: str, catalog: CatalogDep) -> dict[str, Any]:
    """An occupation by ESCO URI, ESCO code, O*NET-SOC code or title."""
    try:
        return get_occupation(catalog, query)
    except NotFound as exc:
        raise not_found(exc) from exc


@router.get("/skills/{query:path}")
def skill(query: str, catalog: CatalogDep) -> dict[str, Any]:
    """A skill by ESCO URI or label."""
    try:
        return get_skill(catalog, query)
    except NotFound as exc:
        raise not_found(exc) from exc
