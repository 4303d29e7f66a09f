"""Errors in one place: every error the app returns is an RFC 9457 problem detail.

Domain errors (:mod:`destinai.errors`), request-validation errors and HTTP errors (unknown
route, wrong method, body too large) all leave through :func:`problem_response`. API paths and
clients that ask for JSON get ``application/problem+json``; a browser asking for a page gets
HTML from ``app.state.render_problem`` (the pages' friendly error page) when one is set, else a
minimal escaped HTML page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from destinai.errors import DestinaiError

PROBLEM_TYPES = "/problems/"       # type URIs: /problems/not-found, /problems/bad-input, ...
PROBLEM_JSON = "application/problem+json"
_HTTP_KINDS = {400: "bad-request", 404: "not-found", 405: "method-not-allowed",
               413: "too-large", 415: "unsupported-media-type", 422: "bad-input",
               503: "unavailable"}
_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed",
           413: "Content too large", 415: "Unsupported media type", 422: "Bad input",
           503: "Service unavailable"}

RenderProblem = Callable[[Request, dict[str, Any]], Response]


def problem(status: int, kind: str, title: str, detail: str, instance: str,
            **extra: Any) -> dict[str, Any]:
    """The problem-details body (RFC 9457 members first, then extension members)."""
    return {"type": PROBLEM_TYPES + kind, "title": title, "status": status, "detail": detail,
            "instance": instance, **extra}


def wants_json(request: Request) -> bool:
    """API paths always answer JSON; elsewhere JSON unless the client accepts HTML."""
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json", "/api"):
        return True
    return "text/html" not in request.headers.get("accept", "")


def problem_response(request: Request, body: dict[str, Any],
                     headers: dict[str, str] | None = None) -> Response:
    """Answer ``body`` as problem+json, or as an HTML page for a browser."""
    if not wants_json(request):
        render: RenderProblem | None = getattr(request.app.state, "render_problem", None)
        if render is not None:
            return render(request, body)
        return HTMLResponse(_minimal_html(body), status_code=body["status"], headers=headers)
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON,
                        headers=headers)


def _minimal_html(body: dict[str, Any]) -> str:
    tips = "".join(f"<li>{html.escape(str(s.get('label', s)))}</li>"
                   for s in body.get("suggestions", []))
    return (f"<!doctype html><html lang='en'><title>{html.escape(body['title'])} · DestinAI"
            f"</title><h1>{html.escape(body['title'])}</h1><p>{html.escape(body['detail'])}</p>"
            + (f"<p>Did you mean:</p><ul>{tips}</ul>" if tips else "")
            + "<p><a href='/'>DestinAI home</a></p></html>")


def _instance(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DestinaiError)
    extra = {"suggestions": exc.suggestions} if hasattr(exc, "suggestions") else {}
    return problem_response(request, problem(exc.status, exc.kind, exc.title, exc.message,
                                             _instance(request), **extra))


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    where = {"query": "query parameter", "path": "path parameter", "body": "body field",
             "header": "header", "cookie": "cookie"}
    head, *rest = list(loc) or ["request"]
    name = ".".join(str(p) for p in rest)
    return f"{where.get(str(head), str(head))} {name!r}" if name else where.get(str(head), "body")


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"location": _location(e.get("loc", ())), "message": e.get("msg", "invalid"),
               "type": e.get("type", "")} for e in exc.errors()]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors) or "invalid request"
    return problem_response(request, problem(422, "bad-input", "Bad input", detail,
                                             _instance(request), errors=errors))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status < 400:                      # not an error (e.g. a 304 raised by a route)
        return Response(status_code=status, headers=getattr(exc, "headers", None))
    if isinstance(exc.detail, dict):      # legacy {"error": ...} details from routes
        detail = str(exc.detail.get("error") or exc.detail)
    else:
        detail = str(exc.detail)
    if status == 404 and detail == "Not Found":
        detail = f"there is no page or API endpoint at {request.url.path}"
    kind = _HTTP_KINDS.get(status, "http-error")
    body = problem(status, kind, _TITLES.get(status, "HTTP error"), detail, _instance(request))
    return problem_response(request, body, headers=getattr(exc, "headers", None))


def install_problem_handlers(app: FastAPI) -> None:
    """Register the one set of handlers: domain, validation and HTTP errors."""
    app.add_exception_handler(DestinaiError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
