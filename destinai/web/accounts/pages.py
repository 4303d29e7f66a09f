"""Account pages: sign up, log in, log out, change or reset the password, export, delete."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from destinai.accounts import AccountError, BadCredentials, PasswordRejected, Throttled
from destinai.accounts.passwords import MIN_LENGTH
from destinai.web.accounts.auth import (
    SESSION_COOKIE,
    AccountDep,
    StoreDep,
    check_csrf,
    clear_session_cookie,
    current_account,
    finish_page,
    safe_next,
    set_session_cookie,
)
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
OptionalForm = Annotated[str, Form()]


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render an account page (no-store; sets the pre-login CSRF cookie when needed)."""
    context.setdefault("min_length", MIN_LENGTH)
    return finish_page(request, render(request, f"accounts/{name}", context, status_code))


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _log_in(request: Request, store: Any, account_id: int, next_url: str) -> Response:
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.end_session(old)  # a new id at every log-in: a planted cookie never lives on
    response = _redirect(safe_next(next_url))
    set_session_cookie(request, response, store.start_session(account_id))
    return response


@router.get("/signup")
def signup_form(request: Request, next: str = "/me") -> Response:
    """The sign-up form."""
    return page(request, "signup.html", next=safe_next(next))


@router.post("/signup")
def signup(request: Request, store: StoreDep, email: FormStr = "", password: FormStr = "",
           csrf: FormStr = "", next: FormStr = "/me") -> Response:
    """Create the account and log in."""
    check_csrf(request, csrf)
    try:
        account = store.create_user(email, password)
    except (AccountError, PasswordRejected) as exc:
        return page(request, "signup.html", 400, error=str(exc), email=email,
                    next=safe_next(next))
    return _log_in(request, store, account.id, next)


@router.get("/login")
def login_form(request: Request, next: str = "/me") -> Response:
    """The log-in form."""
    return page(request, "login.html", next=safe_next(next))


@router.post("/login")
def login(request: Request, store: StoreDep, email: FormStr = "", password: FormStr = "",
          csrf: FormStr = "", next: FormStr = "/me") -> Response:
    """Check the password (throttled per account and per address) and start a new session."""
    check_csrf(request, csrf)
    address = request.client.host if request.client else "unknown"
    try:
        account = store.authenticate(email, password, address)
    except Throttled as exc:
        response = page(request, "login.html", 429, error=str(exc), email=email,
                        next=safe_next(next))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except BadCredentials as exc:
        return page(request, "login.html", 400, error=str(exc), email=email,
                    next=safe_next(next))
    return _log_in(request, store, account.id, next)


@router.post("/logout")
def logout(request: Request, store: StoreDep, csrf: FormStr = "") -> Response:
    """End the session."""
    check_csrf(request, csrf)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        store.end_session(token)
    response = _redirect("/")
    clear_session_cookie(request, response)
    return response


@router.get("/me/password")
def password_form(request: Request, account: AccountDep) -> Response:
    """The change-password form."""
    return page(request, "password.html")


@router.post("/me/password")
def change_password(request: Request, account: AccountDep, store: StoreDep,
                    current: FormStr = "", new: FormStr = "", csrf: FormStr = "") -> Response:
    """Change the password; other sessions end, this one stays."""
    check_csrf(request, csrf)
    try:
        store.change_password(account.id, current, new, request.cookies.get(SESSION_COOKIE))
    except (AccountError, PasswordRejected) as exc:
        return page(request, "password.html", 400, error=str(exc))
    return page(request, "message.html", heading="Password changed",
                text="Your password is changed. Other devices were logged out.")


@router.get("/forgot-password")
def forgot_form(request: Request) -> Response:
    """Ask for a reset link."""
    return page(request, "forgot.html")


@router.post("/forgot-password")
def forgot(request: Request, store: StoreDep, email: FormStr = "", csrf: FormStr = "") -> Response:
    """Send the reset link (the same answer whether or not the account exists)."""
    check_csrf(request, csrf)
    store.request_reset(email, str(request.base_url))
    return page(request, "message.html", heading="Check your mail",
                text="If an account exists for this address, a link to reset the password "
                     "was sent to it. It is valid for one hour.")


@router.get("/reset-password")
def reset_form(request: Request, token: str = "") -> Response:
    """Choose a new password with a reset token."""
    return page(request, "reset.html", token=token)


@router.post("/reset-password")
def reset(request: Request, store: StoreDep, token: FormStr = "", new: FormStr = "",
          csrf: FormStr = "") -> Response:
    """Set the new password; every session of the account ends, then log in anew."""
    check_csrf(request, csrf)
    try:
        store.reset_password(token, new)
    except (AccountError, PasswordRejected) as exc:
        return page(request, "reset.html", 400, error=str(exc), token=token)
    return page(request, "message.html", heading="Password reset",
                text="Your new password is set. Log in with it.", link=("/login", "Log in"))


@router.get("/me/export")
def export(account: AccountDep, store: StoreDep) -> Response:
    """Download everything stored about me as one JSON file."""
    body = json.dumps(store.export(account.id), indent=2, ensure_ascii=False)
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": 'attachment; filename="destinai-my-data.json"',
        "Cache-Control": "no-store"})


@router.get("/me/delete")
def delete_form(request: Request, account: AccountDep) -> Response:
    """Confirm deleting the account."""
    return page(request, "delete.html")


@router.post("/me/delete")
def delete(request: Request, account: AccountDep, store: StoreDep, password: FormStr = "",
           csrf: FormStr = "") -> Response:
    """Delete the account and every row about it (the password confirms it)."""
    check_csrf(request, csrf)
    address = request.client.host if request.client else "unknown"
    try:
        store.authenticate(account.email, password, address)
    except AccountError as exc:
        status = 429 if isinstance(exc, Throttled) else 400
        return page(request, "delete.html", status, error=str(exc))
    store.delete_user(account.id)
    request.state.account = None
    response = page(request, "message.html", heading="Account deleted",
                    text="Your account and everything saved with it are deleted.")
    clear_session_cookie(request, response)
    return response


@router.get("/me/admin")
def admin(request: Request, account: AccountDep, store: StoreDep) -> Response:
    """Counts for admins (never contents); 404 for everyone else."""
    if not account.is_admin:
        return page(request, "message.html", 404, heading="Not found",
                    text="There is no page at this address.")
    return page(request, "admin.html", counts=store.counts())


def signed_in(request: Request) -> bool:
    """True when the request carries a live session (used by templates)."""
    return current_account(request) is not None
