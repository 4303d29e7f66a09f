"""The JSON twin of My DestinAI: ``/api/v1/me/…`` with a Bearer token or the session cookie.

Cookie-authenticated writes must send the ``X-CSRF-Token`` header (see GET /api/v1/me);
token-authenticated calls need none. Another user's item id answers 404, like a missing one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from destinai.accounts import AccountError, ItemNotFound
from destinai.web.accounts import catalog_view as cv
from destinai.web.accounts.auth import ApiAccountDep, StoreDep, csrf_token
from destinai.web.deps import CatalogDep

router = APIRouter(prefix="/api/v1", tags=["my destinai"])


class SkillRef(BaseModel):
    """An ESCO skill by URI (the label is taken from the catalog when it has the skill)."""

    uri: str = Field(max_length=255)
    label: str = Field("", max_length=500)


class ProfileIn(BaseModel):
    """A skills profile to save."""

    name: str = Field("", max_length=200)
    skills: list[SkillRef] = Field(default_factory=list, max_length=500)
    titles: list[str] = Field(default_factory=list, max_length=50)
    studies: list[str] = Field(default_factory=list, max_length=50)
    interests: list[str] = Field(default_factory=list, max_length=50)


class ShortlistIn(BaseModel):
    """An occupation to shortlist."""

    occupation_uri: str = Field(max_length=255)
    note: str = Field("", max_length=5000)


class NoteIn(BaseModel):
    """A new note."""

    note: str = Field(max_length=5000)


class PlanIn(BaseModel):
    """A plan; without ``skills``, the target's essential skills the current job lacks."""

    to_uri: str = Field(max_length=255)
    from_uri: str | None = Field(None, max_length=255)
    skills: list[SkillRef] | None = Field(None, max_length=500)


class ProgressIn(BaseModel):
    """Skill URIs to mark learned (true) or not learned (false)."""

    learned: dict[str, bool]


class JobProfileIn(BaseModel):
    """An occupation whose job profile to save."""

    occupation_uri: str = Field(max_length=255)


def _label(catalog: CatalogDep, uri: str) -> str:
    label = cv.occupation_label(catalog, uri)
    if label is None:
        raise HTTPException(422, f"{uri} is not an occupation of the current ESCO release.")
    return label


def _skills(catalog: CatalogDep, skills: list[SkillRef]) -> list[dict[str, str]]:
    labels = cv.skill_labels(catalog, [s.uri for s in skills])
    return [{"uri": s.uri, "label": labels.get(s.uri) or s.label} for s in skills]


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except ItemNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except AccountError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/me")
def me(request: Request, account: ApiAccountDep, store: StoreDep) -> dict[str, Any]:
    """Who I am, how much I saved, and the CSRF token for cookie-authenticated writes."""
    saved = store.saved.export(account.id)
    return {"email": account.email, "is_admin": account.is_admin,
            "counts": {k: len(v) for k, v in saved.items()},
            "csrf_token": csrf_token(request) if "authorization" not in request.headers
            else None}


@router.get("/me/export")
def export(account: ApiAccountDep, store: StoreDep) -> dict[str, Any]:
    """Everything stored about me (the same JSON as the download on /me)."""
    return store.export(account.id)


@router.get("/me/profiles")
def list_profiles(account: ApiAccountDep, store: StoreDep, catalog: CatalogDep
                  ) -> dict[str, Any]:
    """My skills profiles (skills no longer in the catalog are marked)."""
    data = [cv.annotate_profile(catalog, p) for p in store.saved.list_profiles(account.id)]
    return {"data": data, "total": len(data)}


@router.post("/me/profiles", status_code=201)
def create_profile(body: ProfileIn, account: ApiAccountDep, store: StoreDep,
                   catalog: CatalogDep) -> dict[str, Any]:
    """Save a skills profile."""
    return _call(store.saved.save_profile, account.id, body.name, _skills(catalog, body.skills),
                 body.titles, body.studies, body.interests)


@router.get("/me/profiles/{item_id}")
def get_profile(item_id: int, account: ApiAccountDep, store: StoreDep, catalog: CatalogDep
                ) -> dict[str, Any]:
    """One of my skills profiles."""
    return cv.annotate_profile(catalog, _call(store.saved.get_profile, account.id, item_id))


@router.put("/me/profiles/{item_id}")
def replace_profile(item_id: int, body: ProfileIn, account: ApiAccountDep, store: StoreDep,
                    catalog: CatalogDep) -> dict[str, Any]:
    """Replace one of my skills profiles."""
    return _call(store.saved.save_profile, account.id, body.name, _skills(catalog, body.skills),
                 body.titles, body.studies, body.interests, profile_id=item_id)


@router.get("/me/shortlist")
def list_shortlist(account: ApiAccountDep, store: StoreDep, catalog: CatalogDep
                   ) -> dict[str, Any]:
    """My shortlist (``in_catalog`` false: the occupation left the current release)."""
    data = cv.annotate_occupations(catalog, store.saved.list_shortlist(account.id))
    return {"data": data, "total": len(data)}


@router.post("/me/shortlist", status_code=201)
def add_shortlist(body: ShortlistIn, account: ApiAccountDep, store: StoreDep,
                  catalog: CatalogDep) -> dict[str, Any]:
    """Shortlist an occupation."""
    label = _label(catalog, body.occupation_uri)
    return _call(store.saved.add_to_shortlist, account.id, body.occupation_uri, label, body.note)


@router.patch("/me/shortlist/{item_id}")
def set_note(item_id: int, body: NoteIn, account: ApiAccountDep, store: StoreDep
             ) -> dict[str, Any]:
    """Change the note of a shortlist item."""
    return _call(store.saved.set_note, account.id, item_id, body.note)


@router.get("/me/plans")
def list_plans(account: ApiAccountDep, store: StoreDep, catalog: CatalogDep) -> dict[str, Any]:
    """My plans with progress."""
    data = [cv.annotate_plan(catalog, p) for p in store.saved.list_plans(account.id)]
    return {"data": data, "total": len(data)}


@router.post("/me/plans", status_code=201)
def create_plan(body: PlanIn, account: ApiAccountDep, store: StoreDep, catalog: CatalogDep
                ) -> dict[str, Any]:
    """Make a plan from my current occupation (optional) to a target."""
    to_label = _label(catalog, body.to_uri)
    from_label = _label(catalog, body.from_uri) if body.from_uri else ""
    skills = (_skills(catalog, body.skills) if body.skills is not None
              else cv.skills_to_learn(catalog, body.to_uri, body.from_uri))
    return _call(store.saved.create_plan, account.id, body.to_uri, to_label, skills,
                 body.from_uri, from_label)


@router.get("/me/plans/{item_id}")
def get_plan(item_id: int, account: ApiAccountDep, store: StoreDep, catalog: CatalogDep
             ) -> dict[str, Any]:
    """One of my plans."""
    return cv.annotate_plan(catalog, _call(store.saved.get_plan, account.id, item_id))


@router.patch("/me/plans/{item_id}/skills")
def set_progress(item_id: int, body: ProgressIn, account: ApiAccountDep, store: StoreDep
                 ) -> dict[str, Any]:
    """Tick skills off (or back on)."""
    return _call(store.saved.set_learned, account.id, item_id, body.learned)


@router.get("/me/job-profiles")
def list_job_profiles(account: ApiAccountDep, store: StoreDep, catalog: CatalogDep
                      ) -> dict[str, Any]:
    """My saved job profiles."""
    data = cv.annotate_occupations(catalog, store.saved.list_job_profiles(account.id))
    return {"data": data, "total": len(data)}


@router.post("/me/job-profiles", status_code=201)
def save_job_profile(body: JobProfileIn, account: ApiAccountDep, store: StoreDep,
                     catalog: CatalogDep) -> dict[str, Any]:
    """Save a job profile."""
    label = _label(catalog, body.occupation_uri)
    return _call(store.saved.save_job_profile, account.id, body.occupation_uri, label)


@router.delete("/me/{kind}/{item_id}", status_code=204)
def delete_item(kind: str, item_id: int, account: ApiAccountDep, store: StoreDep) -> Response:
    """Delete one of my items: kind is profiles, shortlist, plans or job-profiles."""
    if kind not in {"profiles", "shortlist", "plans", "job-profiles"}:
        raise HTTPException(404, f"no such kind of item: {kind}")
    _call(store.saved.remove, account.id, kind, item_id)
    return Response(status_code=204)


@router.get("/admin/counts")
def admin_counts(account: ApiAccountDep, store: StoreDep) -> dict[str, int]:
    """Row counts (admins only; 404 for everyone else): how many, never whose or what."""
    if not account.is_admin:
        raise HTTPException(404, "Not Found")
    return store.counts()
