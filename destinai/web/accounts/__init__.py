"""Accounts on the website: pages, save endpoints and the /api/v1/me JSON API.

``install(app)`` opens (and migrates) the user database and mounts everything; it is the one
line the app needs.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response

from destinai.accounts import AccountStore
from destinai.web.accounts.auth import (
    CsrfRejected,
    LoginRequired,
    csrf_token,
    current_account,
    login_url,
)
from destinai.web.templating import templates


def install(app: FastAPI, store: AccountStore | None = None) -> AccountStore:
    """Mount accounts on ``app`` over ``store`` (default: DATABASE_URL or data/users.sqlite)."""
    from destinai.web.accounts import api, me, pages

    store = store or AccountStore.open()
    app.state.accounts = store
    for router in (pages.router, me.router, api.router):
        app.include_router(router)
    templates.env.globals.update(csrf_token=csrf_token, current_account=current_account)

    @app.exception_handler(LoginRequired)
    def _to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_url), status_code=303)

    @app.exception_handler(CsrfRejected)
    def _csrf(request: Request, exc: CsrfRejected) -> Response:
        return pages.page(request, "message.html", 403, heading="Form expired",
                          text="This form has expired or did not come from DestinAI. Go back, "
                               "reload the page and try again.")

    return store
