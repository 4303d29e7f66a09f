"""My DestinAI: the page listing saved work, and the form endpoints that save it.

Every save endpoint takes a ``csrf`` field and a local ``next`` address to return to; a
visitor who is not logged in is sent to the log-in page (and back to ``next``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from destinai.accounts import Account, AccountError, ItemNotFound
from destinai.web.accounts import catalog_view as cv
from destinai.web.accounts.auth import (
    AccountDep,
    StoreDep,
    check_csrf,
    csrf_token,
    current_account,
    login_url,
    safe_next,
)
from destinai.web.accounts.pages import page
from destinai.web.deps import CatalogDep

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]
KIND_NAMES = {"profiles": "skills profile", "shortlist": "shortlist item", "plans": "plan",
              "job-profiles": "saved job profile"}


def _lines(values: list[str]) -> list[str]:
    """Repeated fields and/or one-per-line text areas, as one list."""
    return [part.strip() for value in values for part in value.splitlines() if part.strip()]


def _saved(next_url: str, what: str) -> RedirectResponse:
    target = safe_next(next_url)
    sep = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{sep}saved={what}", status_code=303)


def _not_found(request: Request, what: str) -> Response:
    return page(request, "message.html", 404, heading="Not found",
                text=f"There is no such {what} in your account.")


def _error(request: Request, text: str, status_code: int = 400) -> Response:
    return page(request, "message.html", status_code, heading="Not saved", text=text,
                link=("/me", "Back to My DestinAI"))


def _guard(request: Request, csrf: str, next_url: str) -> Response | None:
    """CSRF first; then a redirect to log in when nobody is signed in."""
    check_csrf(request, csrf)
    if current_account(request) is None:
        return RedirectResponse(login_url(next_url), status_code=303)
    return None


def _occupation_to_save(request: Request, catalog: CatalogDep, csrf: str, next_url: str,
                        uri: str) -> tuple[Account, str] | Response:
    """(account, label) for saving occupation ``uri``, or the answer to send instead: a
    refusal of a missing CSRF token, the log-in redirect, or 422 for an unknown occupation."""
    if (redirect := _guard(request, csrf, next_url)) is not None:
        return redirect
    account = current_account(request)
    assert account is not None
    label = cv.occupation_label(catalog, uri)
    if label is None:
        return _error(request, "This is not an occupation of the current ESCO release.", 422)
    return account, label


@router.get("/me")
def my_destinai(request: Request, account: AccountDep, store: StoreDep,
                catalog: CatalogDep, saved: str = "", new_token: str = "") -> Response:
    """Everything the user saved, each item checked against the current catalog."""
    work = store.saved
    return page(
        request, "me.html", account=account, saved=saved,
        profiles=[cv.annotate_profile(catalog, p) for p in work.list_profiles(account.id)],
        shortlist=cv.annotate_occupations(catalog, work.list_shortlist(account.id)),
        plans=[cv.annotate_plan(catalog, p) for p in work.list_plans(account.id)],
        job_profiles=cv.annotate_occupations(catalog, work.list_job_profiles(account.id)),
        tokens=store.list_tokens(account.id), csrf_value=csrf_token(request))


@router.post("/me/profiles")
def save_profile(request: Request, store: StoreDep, catalog: CatalogDep, csrf: FormStr = "",
                 next: FormStr = "/me", name: FormStr = "", skill_uri: FormList = [],  # noqa: B006
                 skill_label: FormList = [], titles: FormList = [], studies: FormList = [],  # noqa: B006
                 interests: FormList = []) -> Response:  # noqa: B006
    """Save a skills profile (skills as ESCO URIs; labels are taken from the catalog)."""
    if (redirect := _guard(request, csrf, next)) is not None:
        return redirect
    account = current_account(request)
    assert account is not None
    labels = cv.skill_labels(catalog, skill_uri)
    given = dict(zip(skill_uri, skill_label, strict=False))
    skills = [{"uri": u, "label": labels.get(u) or given.get(u, "")} for u in skill_uri]
    try:
        store.saved.save_profile(account.id, name, skills, _lines(titles), _lines(studies),
                                 _lines(interests))
    except AccountError as exc:
        return _error(request, str(exc))
    return _saved(next, "profile")


@router.post("/me/shortlist")
def shortlist(request: Request, store: StoreDep, catalog: CatalogDep, csrf: FormStr = "",
              next: FormStr = "/me", occupation_uri: FormStr = "", note: FormStr = ""
              ) -> Response:
    """Put an occupation on the shortlist (with an optional note)."""
    found = _occupation_to_save(request, catalog, csrf, next, occupation_uri)
    if isinstance(found, Response):
        return found
    account, label = found
    try:
        store.saved.add_to_shortlist(account.id, occupation_uri, label, note)
    except AccountError as exc:
        return _error(request, str(exc))
    return _saved(next, "shortlist")


@router.post("/me/shortlist/{item_id}/note")
def shortlist_note(request: Request, item_id: int, account: AccountDep, store: StoreDep,
                   csrf: FormStr = "", note: FormStr = "", next: FormStr = "/me") -> Response:
    """Change the note of a shortlist item."""
    check_csrf(request, csrf)
    try:
        store.saved.set_note(account.id, item_id, note)
    except ItemNotFound:
        return _not_found(request, "shortlist item")
    except AccountError as exc:
        return _error(request, str(exc))
    return _saved(next, "note")


@router.post("/me/plans")
def create_plan(request: Request, store: StoreDep, catalog: CatalogDep, csrf: FormStr = "",
                next: FormStr = "/me", to_uri: FormStr = "", from_uri: FormStr = "",
                skill_uri: FormList = [], skill_label: FormList = []) -> Response:  # noqa: B006
    """Make a plan from ``from_uri`` (optional) to ``to_uri``; without skills given, the
    target's essential skills that the current occupation lacks."""
    if (redirect := _guard(request, csrf, next)) is not None:
        return redirect
    account = current_account(request)
    assert account is not None
    to_label = cv.occupation_label(catalog, to_uri)
    from_label = cv.occupation_label(catalog, from_uri) if from_uri else ""
    if to_label is None or from_label is None:
        return _error(request, "Both occupations must be in the current ESCO release.", 422)
    if skill_uri:
        labels = cv.skill_labels(catalog, skill_uri)
        given = dict(zip(skill_uri, skill_label, strict=False))
        skills = [{"uri": u, "label": labels.get(u) or given.get(u, "")} for u in skill_uri]
    else:
        skills = cv.skills_to_learn(catalog, to_uri, from_uri or None)
    try:
        plan = store.saved.create_plan(account.id, to_uri, to_label, skills, from_uri or None,
                                       from_label)
    except AccountError as exc:
        return _error(request, str(exc))
    target = safe_next(next)
    return _saved(f"/me/plans/{plan['id']}" if target == "/me" else target, "plan")


@router.get("/me/plans/{plan_id}")
def plan_page(request: Request, plan_id: int, account: AccountDep, store: StoreDep,
              catalog: CatalogDep, saved: str = "") -> Response:
    """A plan with its skills to tick off."""
    try:
        plan = store.saved.get_plan(account.id, plan_id)
    except ItemNotFound:
        return _not_found(request, "plan")
    return page(request, "plan.html", plan=cv.annotate_plan(catalog, plan), saved=saved)


@router.post("/me/plans/{plan_id}/progress")
def plan_progress(request: Request, plan_id: int, account: AccountDep, store: StoreDep,
                  csrf: FormStr = "", learned: FormList = []) -> Response:  # noqa: B006
    """Tick off the checked skills; the unchecked ones are not learned (yet)."""
    check_csrf(request, csrf)
    try:
        plan = store.saved.get_plan(account.id, plan_id)
        done = set(learned)
        store.saved.set_learned(account.id, plan_id,
                                {s["uri"]: s["uri"] in done for s in plan["skills"]})
    except ItemNotFound:
        return _not_found(request, "plan")
    return _saved(f"/me/plans/{plan_id}", "progress")


@router.post("/me/job-profiles")
def save_job_profile(request: Request, store: StoreDep, catalog: CatalogDep,
                     csrf: FormStr = "", next: FormStr = "/me", occupation_uri: FormStr = ""
                     ) -> Response:
    """Save the job profile of an occupation."""
    found = _occupation_to_save(request, catalog, csrf, next, occupation_uri)
    if isinstance(found, Response):
        return found
    account, label = found
    store.saved.save_job_profile(account.id, occupation_uri, label)
    return _saved(next, "job-profile")


@router.post("/me/tokens")
def create_token(request: Request, account: AccountDep, store: StoreDep, csrf: FormStr = "",
                 name: FormStr = "") -> Response:
    """Create an API token and show it once."""
    check_csrf(request, csrf)
    raw, token = store.create_token(account.id, name)
    return page(request, "token.html", raw=raw, token=token)


@router.post("/me/tokens/{token_id}/delete")
def revoke_token(request: Request, token_id: int, account: AccountDep, store: StoreDep,
                 csrf: FormStr = "") -> Response:
    """Revoke an API token."""
    check_csrf(request, csrf)
    try:
        store.revoke_token(account.id, token_id)
    except ItemNotFound:
        return _not_found(request, "API token")
    return _saved("/me", "token-revoked")


@router.post("/me/{kind}/{item_id}/delete")
def delete_item(request: Request, kind: str, item_id: int, account: AccountDep,
                store: StoreDep, csrf: FormStr = "", next: FormStr = "/me") -> Response:
    """Delete one saved item (profiles, shortlist, plans, job-profiles)."""
    check_csrf(request, csrf)
    if kind not in KIND_NAMES:
        return _not_found(request, "kind of item")
    try:
        store.saved.remove(account.id, kind, item_id)
    except ItemNotFound:
        return _not_found(request, KIND_NAMES[kind])
    return _saved(next, "deleted")
