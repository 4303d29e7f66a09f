"""The FastAPI app: a JSON API over the same catalog functions the CLI uses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from destinai import __version__
from destinai.catalog.db import Catalog
from destinai.config import Settings
from destinai.web.deps import CatalogDep
from destinai.web.problems import install_problem_handlers

ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission. "
    "O*NET 29.2 by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA), CC BY 4.0. Wages and projections: U.S. Bureau of Labor Statistics (public "
    "domain). ESCO–O*NET crosswalk: Nesta, Mapping Career Causeways."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    from destinai.crosswalk.routes import router as crosswalk_router
    from destinai.match.routes import router as match_router
    from destinai.paths.routes import router as paths_router
    from destinai.profiles.routes import router as profiles_router
    from destinai.search.routes import router as search_router

    settings = settings or Settings.from_env()
    app = FastAPI(title="DestinAI API", version=__version__,
                  description="Career intelligence from ESCO, O*NET and OEWS. " + ATTRIBUTION)
    app.state.catalog = Catalog(settings.db)
    install_problem_handlers(app)
    for router in (profiles_router, search_router, match_router, paths_router,
                   crosswalk_router):
        app.include_router(router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return ("<!doctype html><title>DestinAI</title><h1>DestinAI</h1>"
                "<p>API documentation: <a href='/docs'>/docs</a></p>"
                f"<footer><small>{ATTRIBUTION}</small></footer>")

    @app.get("/api/stats", tags=["catalog"])
    def stats(catalog: CatalogDep) -> dict[str, Any]:
        """The build record: sources and checksums, row counts, fixes, coverage."""
        return catalog.build_record()

    @app.get("/api/attribution", tags=["catalog"])
    def attribution() -> dict[str, str]:
        """The licences and attributions of the data shown."""
        return {"attribution": ATTRIBUTION}

    return app
