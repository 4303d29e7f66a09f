"""API routes: occupation and skill profiles, job profiles and interview guides."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from destinai.profiles.interview import interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.render_md import interview_md, job_profile_md
from destinai.profiles.sector import sector_overview
from destinai.profiles.skill_profile import skill_profile
from destinai.web.deps import API, CatalogDep
from destinai.web.models import OccupationProfile, SkillProfile

router = APIRouter(prefix=API, tags=["profiles"])
Format = Literal["json", "md"]


@router.get("/occupations/{query:path}", response_model=OccupationProfile)
def occupation(query: str, catalog: CatalogDep, paths: bool = False) -> dict[str, Any]:
    """The full occupation profile, by ESCO URI, ESCO code, O*NET-SOC code or title;
    ``paths=true`` includes a summary of the career paths."""
    return occupation_profile(catalog, query, paths)


@router.get("/skills/{query:path}", response_model=SkillProfile)
def skill(query: str, catalog: CatalogDep,
          sort: Literal["label", "wage", "employment"] = "label",
          limit: int = Query(500, ge=1, le=500, description="Occupations per list."),
          offset: int = Query(0, ge=0, description="Occupations to skip in each list.")
          ) -> dict[str, Any]:
    """The skill profile by ESCO URI or label; occupations sorted by label, wage or employment.

    ``essential_for`` and ``optional_for`` are pages ``offset .. offset+limit`` of each list;
    ``counts`` gives each list's total."""
    data = skill_profile(catalog, query, sort)
    for key in ("essential_for", "optional_for"):
        data[key] = data[key][offset:offset + limit]
    return {**data, "limit": limit, "offset": offset}


@router.get("/jobprofiles/{query:path}", response_model=None)
def jobprofile(query: str, catalog: CatalogDep, format: Format = "json",
               sector: Literal["public", "ngo", "private"] | None = Query(None)
               ) -> dict[str, Any] | PlainTextResponse:
    """A job description generated from the data; ``format=md`` returns Markdown."""
    data = job_profile(catalog, query, sector)
    if format == "md":
        return PlainTextResponse(job_profile_md(data), media_type="text/markdown")
    return data


@router.get("/interviews/{query:path}", response_model=None)
def interview(query: str, catalog: CatalogDep,
              format: Format = "json") -> dict[str, Any] | PlainTextResponse:
    """A competency-based interview guide; ``format=md`` returns Markdown."""
    data = interview_guide(catalog, query)
    if format == "md":
        return PlainTextResponse(interview_md(data), media_type="text/markdown")
    return data


@router.get("/sectors/{query:path}")
def sector(query: str, catalog: CatalogDep) -> dict[str, Any]:
    """Sector overview by ISCO-08 group code ("22") or field ("international relations")."""
    return sector_overview(catalog, query)
