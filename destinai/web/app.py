"""The FastAPI app: a JSON API over the same catalog functions the CLI uses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from destinai import __version__
from destinai.catalog.db import Catalog
from destinai.config import Settings
from destinai.web.deps import CatalogDep

ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission. "
    "O*NET 29.2 by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA), CC BY 4.0. Wages and projections: U.S. Bureau of Labor Statistics (public "
    "domain). ESCO–O*NET crosswalk: Nesta, Mapping Career Causeways."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    from destinai.features import load, routers

    settings = settings or Settings.from_env()
    app = FastAPI(title="DestinAI API", version=__version__,
                  description="Career intelligence from ESCO, O*NET and OEWS. " + ATTRIBUTION)
    app.state.catalog = Catalog(settings.db)
    for router in routers():
        app.include_router(load(router))
    from destinai.web.accounts import install as install_accounts

    install_accounts(app)

    from destinai.web.pages import install_pages  # the website (HTML pages, /static)

    install_pages(app)

    @app.get("/api/stats", tags=["catalog"])
    def stats(catalog: CatalogDep) -> dict[str, Any]:
        """The build record: sources and checksums, row counts, fixes, coverage."""
        return catalog.build_record()

    @app.get("/api/attribution", tags=["catalog"])
    def attribution() -> dict[str, str]:
        """The licences and attributions of the data shown."""
        return {"attribution": ATTRIBUTION}

    return app
