"""API routes for the match feature: match, gap and study."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from destinai.catalog.db import NotFound
from destinai.match.engine import match
from destinai.match.filters import Filters
from destinai.match.gap import gap
from destinai.match.profile import EmptyProfile, Profile, build_profile
from destinai.match.study import study
from destinai.web.deps import CatalogDep, not_found

router = APIRouter(prefix="/api", tags=["match"])


class ProfileIn(BaseModel):
    """A profile: any mix of skills, CV text, job titles, education and interests."""

    skills: list[str] = Field(default_factory=list, max_length=300)
    cv_text: str | None = Field(None, max_length=200_000)
    titles: list[str] = Field(default_factory=list, max_length=20)
    study: str | None = Field(None, max_length=200)
    level: int | None = Field(None, ge=0, le=8)
    interests: str | None = Field(None, max_length=12)


class MatchIn(ProfileIn):
    """A profile, filters and how many results to return."""

    limit: int = Field(10, ge=1, le=200)
    exclude: list[str] = Field(default_factory=list, max_length=20)
    leave_current: bool = False
    max_job_zone: int | None = Field(None, ge=1, le=5)
    min_job_zone: int | None = Field(None, ge=1, le=5)
    min_wage: float | None = Field(None, ge=0)
    outlook: Literal["any", "growing", "not-declining"] = "any"


class GapIn(ProfileIn):
    """A profile and the target occupation."""

    target: str = Field(..., min_length=1, max_length=300)


def _profile(catalog: CatalogDep, body: ProfileIn) -> Profile:
    try:
        return build_profile(catalog, body.skills, body.cv_text, body.titles, body.study,
                             body.level, body.interests)
    except EmptyProfile as exc:
        raise HTTPException(422, {"error": str(exc)}) from exc


@router.post("/match")
def post_match(body: MatchIn, catalog: CatalogDep) -> dict[str, Any]:
    """Rank every occupation for a profile, with explained scores."""
    try:
        filters = Filters(exclude=body.exclude, exclude_current=body.leave_current,
                          max_job_zone=body.max_job_zone, min_job_zone=body.min_job_zone,
                          min_wage=body.min_wage, outlook=body.outlook)
        return match(catalog, _profile(catalog, body), body.limit, filters)
    except NotFound as exc:
        raise not_found(exc) from exc


@router.post("/gap")
def post_gap(body: GapIn, catalog: CatalogDep) -> dict[str, Any]:
    """The profile's gap to one occupation, grouped."""
    try:
        return gap(catalog, _profile(catalog, body), body.target)
    except NotFound as exc:
        raise not_found(exc) from exc


@router.get("/study/{field}")
def get_study(field: str, catalog: CatalogDep, level: int | None = None,
              limit: int = 30) -> dict[str, Any]:
    """Occupations for a field of study, grouped by sector."""
    if level is not None and not 0 <= level <= 8:
        raise HTTPException(422, {"error": "level must be an ISCED level 0..8"})
    try:
        return study(catalog, field, level, max(1, min(limit, 200)))
    except NotFound as exc:
        raise not_found(exc) from exc
