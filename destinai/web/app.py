"""The FastAPI app: a composition root that wires the features' routers and the middleware.

Routes live with their features (``destinai/*/routes.py``); errors are answered in
``web/problems.py``; caching, security headers and size limits are middleware in
``web/caching.py`` and ``web/security.py``.
"""

from __future__ import annotations

from fastapi import FastAPI

from destinai import __version__
from destinai.catalog.db import Catalog
from destinai.config import Settings
from destinai.web.accounts import install as install_accounts
from destinai.web.caching import ResponseCache
from destinai.web.catalog_routes import ATTRIBUTION, build_fingerprint
from destinai.web.catalog_routes import router as catalog_router
from destinai.web.docs import mount_docs
from destinai.web.pages import install_pages
from destinai.web.problems import install_problem_handlers
from destinai.web.security import BodySizeLimit, LegacyApiRedirect, SecurityHeaders
from destinai.web.warmup import lifespan

__all__ = ["ATTRIBUTION", "create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    from destinai.features import load, routers

    settings = settings or Settings.from_env()
    app = FastAPI(title="DestinAI API", version=__version__, docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description=("Career intelligence from ESCO, O*NET and OEWS. "
                               + ATTRIBUTION).replace("*", r"\*"))
    app.state.catalog = Catalog(settings.db)
    install_problem_handlers(app)
    app.include_router(catalog_router)
    for router in routers():
        app.include_router(load(router))
    mount_docs(app)
    install_accounts(app)
    install_pages(app)  # after the problem handlers: it hands API 404s back to them

    # outermost last: headers on every answer, then size limits, old paths, the cache
    app.add_middleware(ResponseCache, fingerprint=build_fingerprint(app.state.catalog))
    app.add_middleware(LegacyApiRedirect)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(SecurityHeaders)
    return app
