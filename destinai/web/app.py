"""The FastAPI app: a JSON API over the same catalog functions the CLI uses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from destinai import __version__
from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.occupations import get_occupation
from destinai.catalog.search import search
from destinai.catalog.skills import get_skill
from destinai.config import Settings

ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission. "
    "O*NET 29.2 by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA), CC BY 4.0. Wages and projections: U.S. Bureau of Labor Statistics (public "
    "domain). ESCO–O*NET crosswalk: Nesta, Mapping Career Causeways."
)


def get_catalog(request: Request) -> Catalog:
    """The app's catalog (one per app, opened at start-up)."""
    return request.app.state.catalog


CatalogDep = Annotated[Catalog, Depends(get_catalog)]


def _not_found(exc: NotFound) -> HTTPException:
    return HTTPException(404, {"error": str(exc), "suggestions": exc.suggestions})


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="DestinAI API", version=__version__,
                  description="Career intelligence from ESCO, O*NET and OEWS. " + ATTRIBUTION)
    app.state.catalog = Catalog(settings.db)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return ("<!doctype html><title>DestinAI</title><h1>DestinAI</h1>"
                "<p>API documentation: <a href='/docs'>/docs</a></p>"
                f"<footer><small>{ATTRIBUTION}</small></footer>")

    @app.get("/api/occupations/{query:path}")
    def occupation(query: str, catalog: CatalogDep) -> dict[str, Any]:
        """An occupation by ESCO URI, ESCO code, O*NET-SOC code or title."""
        try:
            return get_occupation(catalog, query)
        except NotFound as exc:
            raise _not_found(exc) from exc

    @app.get("/api/skills/{query:path}")
    def skill(query: str, catalog: CatalogDep) -> dict[str, Any]:
        """A skill by ESCO URI or label."""
        try:
            return get_skill(catalog, query)
        except NotFound as exc:
            raise _not_found(exc) from exc

    @app.get("/api/search")
    def search_endpoint(catalog: CatalogDep,
                        q: Annotated[str, Query(min_length=1, max_length=500)],
                        type: Literal["occupation", "skill"] = "occupation",
                        limit: Annotated[int, Query(ge=1, le=200)] = 10) -> dict[str, Any]:
        """Search occupations or skills; ``{data, count}``."""
        results = search(catalog, q, type, limit)
        return {"data": results, "count": len(results)}

    @app.get("/api/stats")
    def stats(catalog: CatalogDep) -> dict[str, Any]:
        """The build record."""
        return catalog.build_record()

    @app.get("/api/attribution")
    def attribution() -> dict[str, str]:
        """The licences and attributions of the data shown."""
        return {"attribution": ATTRIBUTION}

    return app
