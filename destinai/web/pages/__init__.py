"""The website: FastAPI routers returning HTML, over the same engine functions as the API.

``install_pages(app)`` mounts /static, includes every page router and renders the friendly
404 page for HTML requests (API paths keep their JSON errors).
"""

from __future__ import annotations

import inspect
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from destinai.web.pages.common import PageNotFound, not_found_page

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def page_routers() -> list:
    """Every page router, in the order they are included."""
    from destinai.web.pages import (
        careers,
        compare,
        get_started,
        home,
        notices,
        occupation,
        seo,
        skills,
        study,
    )

    return [home.router, careers.router, occupation.router, skills.router, study.router,
            get_started.router, compare.router, notices.router, seo.router]


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api", "/docs", "/openapi", "/redoc", "/static")):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept or not accept


def install_pages(app: FastAPI) -> None:
    """Mount the static files, include the page routers, install the HTML 404 page."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in page_routers():
        app.include_router(router)
    previous = app.exception_handlers.get(StarletteHTTPException, http_exception_handler)

    async def page_not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageNotFound)
        return not_found_page(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404 and _wants_html(request):
            return not_found_page(request, PageNotFound(
                f"There is no page at {request.url.path}."))
        answer = previous(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(PageNotFound, page_not_found)
    app.add_exception_handler(StarletteHTTPException, http_error)
