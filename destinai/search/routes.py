"""API routes for search."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from destinai.catalog.search import search
from destinai.web.deps import CatalogDep

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search")
def search_endpoint(catalog: CatalogDep,
                    q: Annotated[str, Query(min_length=1, max_length=500)],
                    type: Literal["occupation", "skill"] = "occupation",
                    limit: Annotated[int, Query(ge=1, le=200)] = 10) -> dict[str, Any]:
    """Search occupations or skills; ``{data, count}``."""
    results = search(catalog, q, type, limit)
    return {"data": results, "count": len(results)}
