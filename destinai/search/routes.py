"""API routes: /api/search (hybrid), /api/normalize-title, /api/extract."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from destinai.extract.routes import router as extract_router
from destinai.search.hybrid import search_hybrid
from destinai.search.titles import normalize_title
from destinai.web.deps import CatalogDep

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search")
def search_endpoint(catalog: CatalogDep,
                    q: Annotated[str, Query(min_length=1, max_length=500)],
                    type: Literal["occupation", "skill"] = "occupation",
                    limit: Annotated[int, Query(ge=1, le=200)] = 10) -> dict[str, Any]:
    """Hybrid search (lexical, fuzzy, semantic) over occupations or skills; ``{data, count}``."""
    results = search_hybrid(catalog, q, type, limit)
    return {"data": results, "count": len(results)}


@router.get("/normalize-title")
def normalize_title_endpoint(catalog: CatalogDep,
                             title: Annotated[str, Query(min_length=1, max_length=500)],
                             text: Annotated[str | None, Query(max_length=20000)] = None,
                             limit: Annotated[int, Query(ge=1, le=50)] = 5) -> dict[str, Any]:
    """Ranked ESCO occupations (with O*NET codes) for a job title; ``{data, count}``."""
    results = normalize_title(catalog, title, text, limit)
    return {"data": results, "count": len(results)}


router.include_router(extract_router)
