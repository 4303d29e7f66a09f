"""API routes for the crosswalk feature."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from destinai.crosswalk.lookup import crosswalk_for
from destinai.web.deps import API, CatalogDep
from destinai.web.models import Crosswalk

router = APIRouter(prefix=API, tags=["crosswalk"])


@router.get("/crosswalk/{query}", response_model=Crosswalk)
def get_crosswalk(query: str, catalog: CatalogDep) -> dict[str, Any]:
    """O*NET-SOC codes linked to an ESCO occupation, with confidence, evidence, runners-up."""
    return crosswalk_for(catalog, query)
