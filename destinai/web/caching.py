"""HTTP caching for a read-only catalog: ETags, 304s, Cache-Control and an in-memory LRU.

The catalog changes only when it is rebuilt, so a GET's answer depends on the URL, the
catalog build and the code that renders it. The ETag is a hash of exactly that (the build
fingerprint and the URL), which lets a matching ``If-None-Match`` be answered 304 without
running the route at all. Rendered 200 responses are kept in an LRU bounded by entries and
bytes, so a repeated request is served from memory in microseconds.

Personal requests are never cached: any request carrying the ``destinai_session`` cookie or
an Authorization header, any path under the account prefixes (``/me``, ``/login``, ...,
``/api/v1/me``), any method but GET/HEAD, and any response that sets a cookie, says
``private``/``no-store``, already has its own ETag (static files) or is not a 200.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "destinai_session"
NEVER_CACHE = ("/me", "/login", "/logout", "/signup", "/account", "/accounts", "/saved",
               "/api/v1/me", "/api/v1/auth", "/api/v1/account", "/api/v1/accounts",
               "/api/v1/login", "/api/v1/logout", "/api/v1/signup")
API_CACHE_CONTROL = b"public, max-age=300"       # JSON: reuse for 5 minutes, then revalidate
PAGE_CACHE_CONTROL = b"no-cache"                 # pages: always revalidate (cheap 304)
PERSONAL_CACHE_CONTROL = b"private, no-store"


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


def never_cached(path: str, prefixes: tuple[str, ...] = NEVER_CACHE) -> bool:
    """Whether ``path`` is an account path (matched on whole segments: /me, not /media)."""
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def is_personal(headers: Headers) -> bool:
    """A request with the session cookie or credentials: its answer is for one person."""
    if "authorization" in headers:
        return True
    cookie = headers.get("cookie", "")
    return any(part.strip().split("=", 1)[0] == SESSION_COOKIE for part in cookie.split(";"))


def etag_matches(if_none_match: str | None, etag: bytes) -> bool:
    """RFC 9110 weak comparison of an If-None-Match list against ``etag``."""
    if not if_none_match:
        return False
    mine = etag.decode().removeprefix("W/")
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or mine in tags


class ResponseCache:
    """ETag/304 and an LRU of rendered GET responses for the catalog's public pages and API."""

    def __init__(self, app: ASGIApp, fingerprint: str, max_entries: int = 4096,
                 max_bytes: int = 256 * 2**20, max_entry_bytes: int = 2 * 2**20) -> None:
        self.app = app
        self.fingerprint = fingerprint
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0
        self.hits = self.misses = 0
        self.rendering: dict[str, asyncio.Event] = {}    # one render per key at a time

    def etag(self, key: str) -> bytes:
        """The strong ETag of the response to ``key`` (path and query) for this build."""
        digest = hashlib.blake2b(f"{self.fingerprint}\n{key}".encode(), digest_size=12)
        return f'"{digest.hexdigest()}"'.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        if is_personal(headers):
            await self.app(scope, receive, _mark_personal(send))
            return
        if never_cached(path):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        key = f"{path}?{query}" if query else path
        etag = self.etag(key)
        control = API_CACHE_CONTROL if path.startswith("/api/") else PAGE_CACHE_CONTROL
        validators = [(b"etag", etag), (b"cache-control", control), (b"vary", b"Cookie")]
        entry = self.entries.get(key)
        waited = entry is None and key in self.rendering
        if waited:                        # the same page is being rendered: wait for it
            await self.rendering[key].wait()
            entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            self.hits += 1
        inm = headers.get("if-none-match")
        if etag_matches(inm, etag) and (entry is not None or inm != "*"):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        if entry is not None:
            await send({"type": "http.response.start", "status": entry.status,
                        "headers": entry.headers})
            await send({"type": "http.response.body",
                        "body": b"" if scope["method"] == "HEAD" else entry.body})
            return
        self.misses += 1
        head = scope["method"] == "HEAD"
        if head:                          # render as GET (the routes define GET only)
            scope = {**scope, "method": "GET"}
        if waited:                        # it was not cacheable: render it, but do not queue
            await self._render(scope, receive, send, key, validators, head)
            return
        done = self.rendering.setdefault(key, asyncio.Event())
        try:
            await self._render(scope, receive, send, key, validators, head)
        finally:
            if self.rendering.get(key) is done:
                del self.rendering[key]
            done.set()

    async def _render(self, scope: Scope, receive: Receive, send: Send, key: str,
                      validators: list[tuple[bytes, bytes]], head: bool) -> None:
        status, kept, chunks, size = 0, [], [], 0
        cacheable = False

        async def capture(message: Message) -> None:
            nonlocal status, kept, cacheable, size
            if message["type"] == "http.response.start":
                status, kept = message["status"], list(message.get("headers", []))
                cacheable = self._cacheable(status, kept)
                if cacheable:
                    present = {k.lower() for k, _ in kept}
                    kept += [h for h in validators if h[0] not in present]
                    message["headers"] = kept
            elif message["type"] == "http.response.body" and cacheable:
                body = message.get("body", b"")
                size += len(body)
                cacheable = size <= self.max_entry_bytes
                chunks.append(body)
                if cacheable and not message.get("more_body"):
                    self._store(key, Entry(status, kept, b"".join(chunks), validators[0][1]))
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, capture)

    @staticmethod
    def _cacheable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
        if status != 200:
            return False
        for name, value in headers:
            name = name.lower()
            if name in (b"set-cookie", b"etag"):
                return False
            if name == b"cache-control" and (b"no-store" in value or b"private" in value):
                return False
        return True

    def _store(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.bytes += len(entry.body)
        while self.entries and (len(self.entries) > self.max_entries
                                or self.bytes > self.max_bytes):
            _, old = self.entries.popitem(last=False)
            self.bytes -= len(old.body)


def _mark_personal(send: Send) -> Send:
    """Answers for one person get ``Cache-Control: private, no-store`` unless they say else."""

    async def marked(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(k.lower() == b"cache-control" for k, _ in headers):
                headers.append((b"cache-control", PERSONAL_CACHE_CONTROL))
            message["headers"] = headers
        await send(message)

    return marked
