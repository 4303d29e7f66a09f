"""API routes for the match feature: match, gap and study."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from destinai.match.engine import match
from destinai.match.filters import Filters
from destinai.match.gap import gap
from destinai.match.profile import Profile, build_profile
from destinai.match.study import study
from destinai.web.deps import API, CatalogDep, page
from destinai.web.models import MatchPage, Study

router = APIRouter(prefix=API, tags=["match"])


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
    offset: int = Field(0, ge=0, le=10_000)
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
    return build_profile(catalog, body.skills, body.cv_text, body.titles, body.study,
                         body.level, body.interests)


@router.post("/match", response_model=MatchPage)
def post_match(body: MatchIn, catalog: CatalogDep) -> dict[str, Any]:
    """Rank every occupation for a profile, with explained scores; ``results`` is the page
    ``offset .. offset+limit`` of ``total`` ranked occupations (filters narrow the ranking)."""
    filters = Filters(exclude=body.exclude, exclude_current=body.leave_current,
                      max_job_zone=body.max_job_zone, min_job_zone=body.min_job_zone,
                      min_wage=body.min_wage, outlook=body.outlook)
    found = match(catalog, _profile(catalog, body), body.offset + body.limit, filters)
    total = found.get("total", catalog.scalar("SELECT count(*) FROM occupations"))
    found.update(page(found["results"], body.limit, body.offset, total, key="results"))
    return found


@router.post("/gap")
def post_gap(body: GapIn, catalog: CatalogDep) -> dict[str, Any]:
    """The profile's gap to one occupation, grouped."""
    return gap(catalog, _profile(catalog, body), body.target)


@router.get("/study/{field}", response_model=Study)
def get_study(field: str, catalog: CatalogDep,
              level: int | None = Query(None, ge=0, le=8, description="ISCED 2011 level"),
              limit: int = Query(30, ge=1, le=200)) -> dict[str, Any]:
    """Occupations for a field of study, grouped by sector."""
    return study(catalog, field, level, limit)
