"""Middleware that guards every response and request: security headers, body size limits,
and the permanent redirect from the unversioned API paths.

All three are plain ASGI middleware (no ``BaseHTTPMiddleware``): they add no task or copy
per request, which matters at hundreds of requests a second.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from destinai.web.deps import API
from destinai.web.problems import PROBLEM_JSON, PROBLEM_TYPES

# no inline script or style anywhere, /docs included (Swagger UI from locally served files
# sets its styles through the DOM, which CSP allows: checked in a browser, no violations)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                            b"interest-cohort=()"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")

JSON_LIMIT = 1 * 1024 * 1024          # JSON and form bodies
UPLOAD_LIMIT = 10 * 1024 * 1024 + 64 * 1024   # a 10 MB file plus multipart framing


class SecurityHeaders:
    """Add CSP, nosniff, Referrer-Policy, Permissions-Policy to every response; HSTS only
    when the request came over HTTPS (directly or as told by a trusted proxy's scheme)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(b"content-security-policy", CSP.encode()), *HEADERS]
        if scope.get("scheme") == "https":
            extra.append(HSTS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in extra if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _problem(status: int, kind: str, title: str, detail: str, instance: str,
             extra_headers: Sequence[tuple[bytes, bytes]] = ()) -> tuple[Message, Message]:
    body = json.dumps({"type": PROBLEM_TYPES + kind, "title": title, "status": status,
                       "detail": detail, "instance": instance}).encode()
    start = {"type": "http.response.start", "status": status, "headers": [
        (b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
        *extra_headers]}
    return start, {"type": "http.response.body", "body": body}


class BodySizeLimit:
    """413 problem for bodies over the limit: 10 MB for multipart uploads, 1 MB otherwise.

    Checked on Content-Length before the app runs, and on the bytes actually received for
    chunked bodies (the app then sees an HTTP 413 error raised from ``receive``).
    """

    def __init__(self, app: ASGIApp, json_limit: int = JSON_LIMIT,
                 upload_limit: int = UPLOAD_LIMIT) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        upload = headers.get("content-type", "").startswith("multipart/form-data")
        limit = self.upload_limit if upload else self.json_limit
        what = "upload" if upload else "request body"
        detail = f"the {what} is over the limit of {limit / 2**20:.0f} MB"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            for message in _problem(413, "too-large", "Content too large", detail,
                                    scope["path"], [(b"connection", b"close")]):
                await send(message)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, detail)
            return message

        await self.app(scope, counting_receive, send)


class LegacyApiRedirect:
    """``/api/<rest>`` (the unversioned API of 0.1) → 308 to ``/api/v1/<rest>``, query kept.

    308 keeps the method and body, so old POST clients keep working.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (scope["type"] == "http" and path.startswith("/api/")
                and not (path + "/").startswith(API + "/")):
            target = API + path[len("/api"):]
            query = scope.get("query_string", b"")
            location = quote(target, safe="/:+,;@!$'()*~").encode()
            if query:
                location += b"?" + query
            await send({"type": "http.response.start", "status": 308, "headers": [
                (b"location", location), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)
