"""Who is asking: session cookies, API tokens and CSRF tokens.

The session cookie ``destinai_session`` holds a random id (the database keeps its SHA-256);
a new id is issued at every log-in, so a planted cookie is useless (no session fixation).
CSRF tokens are an HMAC of the session id (or, before log-in, of a random ``destinai_csrf``
cookie) under a secret kept in the user database: every worker checks them alike.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.responses import Response

from destinai.accounts import Account, AccountStore
from destinai.accounts.store import SESSION_LIFETIME

SESSION_COOKIE = "destinai_session"
CSRF_COOKIE = "destinai_csrf"
CSRF_HEADER = "x-csrf-token"
_UNSET = object()


class LoginRequired(Exception):
    """An HTML page needs a signed-in user; the handler redirects to /login?next=…"""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class CsrfRejected(Exception):
    """A state-changing request without a valid CSRF token."""


def get_store(request: Request) -> AccountStore:
    """The app's account store (opened and migrated at start-up)."""
    return request.app.state.accounts


def current_account(request: Request) -> Account | None:
    """The signed-in account of this request (cookie session), looked up once per request."""
    cached = getattr(request.state, "account", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    token = request.cookies.get(SESSION_COOKIE)
    account = get_store(request).session_user(token) if token else None
    request.state.account = account
    return account


def _binder(request: Request) -> str | None:
    if current_account(request) is not None:
        return request.cookies[SESSION_COOKIE]
    return request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)


def csrf_token(request: Request) -> str:
    """The CSRF token to put in this page's forms (starts a pre-login binding if needed)."""
    binder = _binder(request)
    if binder is None:
        binder = request.state.new_csrf = secrets.token_urlsafe(24)
    secret = get_store(request).secret()
    return hmac.new(secret, f"csrf:{binder}".encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, submitted: str | None) -> None:
    """Raise CsrfRejected unless ``submitted`` is this visitor's CSRF token."""
    binder = _binder(request) if not getattr(request.state, "new_csrf", None) else None
    if not binder or not submitted:
        raise CsrfRejected()
    secret = get_store(request).secret()
    expected = hmac.new(secret, f"csrf:{binder}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, submitted):
        raise CsrfRejected()


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """Attach the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS."""
    response.set_cookie(SESSION_COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    """Remove the session cookie (log-out, account deleted)."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=_secure(request))


def finish_page(request: Request, response: Response) -> Response:
    """Set a new pre-login CSRF cookie if the page made one; account pages are never cached."""
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, max_age=7200, httponly=True, samesite="lax",
                            secure=_secure(request), path="/")
    response.headers["Cache-Control"] = "no-store"
    return response


def require_account(request: Request) -> Account:
    """Dependency of the HTML pages: the signed-in account, else a redirect to log in."""
    account = current_account(request)
    if account is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(path)
    return account


def safe_next(value: str | None, default: str = "/me") -> str:
    """A local path to go to after a form (never another site: no open redirects)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    if any(c in value for c in "\r\n\\"):
        return default
    return value


def login_url(next_url: str) -> str:
    """The log-in page, coming back to ``next_url`` afterwards."""
    return "/login?next=" + quote(safe_next(next_url), safe="/")


def api_account(request: Request) -> Account:
    """Dependency of /api/v1/me: a Bearer token, or a session cookie (+ CSRF header on writes)."""
    header = request.headers.get("authorization", "")
    store = get_store(request)
    if header:
        scheme, _, value = header.partition(" ")
        account = store.token_user(value.strip()) if scheme.lower() == "bearer" else None
        if account is None:
            raise HTTPException(401, "The API token is not valid (revoked or mistyped).",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return account
    account = current_account(request)
    if account is None:
        raise HTTPException(401, "Log in, or send an API token as 'Authorization: Bearer …'.",
                            headers={"WWW-Authenticate": "Bearer"})
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        try:
            check_csrf(request, request.headers.get(CSRF_HEADER))
        except CsrfRejected as exc:
            raise HTTPException(403, "Cookie-authenticated writes need the X-CSRF-Token header "
                                "(the csrf_token shown on /me, or GET /api/v1/me).") from exc
    return account


AccountDep = Annotated[Account, Depends(require_account)]
ApiAccountDep = Annotated[Account, Depends(api_account)]
StoreDep = Annotated[AccountStore, Depends(get_store)]
