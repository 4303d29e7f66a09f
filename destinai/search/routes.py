"""API routes: /api/v1/search (hybrid), /api/v1/normalize-title, /api/v1/extract."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from destinai.extract.routes import router as extract_router
from destinai.search.resolve import search_or_refuse
from destinai.search.titles import normalize_title
from destinai.web.deps import API, MAX_RESULTS, CatalogDep, Limit, Offset, page
from destinai.web.models import Page, SearchHit, TitleHit

router = APIRouter(prefix=API, tags=["search"])


@router.get("/search", response_model=Page[SearchHit])
def search_endpoint(catalog: CatalogDep,
                    q: Annotated[str, Query(min_length=1, max_length=500)],
                    type: Literal["occupation", "skill"] = "occupation",
                    limit: Limit = 10, offset: Offset = 0) -> dict[str, Any]:
    """Hybrid search (lexical, fuzzy, semantic) over occupations or skills, paginated within
    the first 200 results: ``{data, count, total, limit, offset}``. A query that nothing
    really matches answers 404 with suggestions."""
    return page(search_or_refuse(catalog, q, type, MAX_RESULTS), limit, offset)


@router.get("/normalize-title", response_model=Page[TitleHit])
def normalize_title_endpoint(catalog: CatalogDep,
                             title: Annotated[str, Query(min_length=1, max_length=500)],
                             text: Annotated[str | None, Query(max_length=20000)] = None,
                             limit: Annotated[int, Query(ge=1, le=50)] = 5,
                             offset: Annotated[int, Query(ge=0, lt=50)] = 0) -> dict[str, Any]:
    """Ranked ESCO occupations (with O*NET codes) for a job title, paginated within the first
    50: ``{data, count, total, limit, offset}``. A title that nothing really matches answers
    404 with suggestions."""
    return page(normalize_title(catalog, title, text, 50, refuse=True), limit, offset)


router.include_router(extract_router)
