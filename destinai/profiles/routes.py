"""API routes: occupation and skill profiles, job profiles and interview guides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import PlainTextResponse

from destinai.catalog.db import NotFound
from destinai.profiles.interview import interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.render_md import interview_md, job_profile_md
from destinai.profiles.sector import sector_overview
from destinai.profiles.skill_profile import skill_profile
from destinai.web.deps import CatalogDep, not_found

router = APIRouter(prefix="/api", tags=["profiles"])
Format = Literal["json", "md"]


def _answer(build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return build()
    except NotFound as exc:
        raise not_found(exc) from exc
    except ValueError as exc:
        raise HTTPException(422, {"error": str(exc)}) from exc


@router.get("/occupations/{query:path}")
def occupation(query: str, catalog: CatalogDep, paths: bool = False) -> dict[str, Any]:
    """The full occupation profile, by ESCO URI, ESCO code, O*NET-SOC code or title;
    ``paths=true`` includes a summary of the career paths."""
    return _answer(lambda: occupation_profile(catalog, query, paths))


@router.get("/skills/{query:path}")
def skill(query: str, catalog: CatalogDep,
          sort: Literal["label", "wage", "employment"] = "label") -> dict[str, Any]:
    """The skill profile by ESCO URI or label; occupations sorted by label, wage or employment."""
    return _answer(lambda: skill_profile(catalog, query, sort))


@router.get("/jobprofiles/{query:path}", response_model=None)
def jobprofile(query: str, catalog: CatalogDep, format: Format = "json",
               sector: Literal["public", "ngo", "private"] | None = Query(None)
               ) -> dict[str, Any] | PlainTextResponse:
    """A job description generated from the data; ``format=md`` returns Markdown."""
    data = _answer(lambda: job_profile(catalog, query, sector))
    if format == "md":
        return PlainTextResponse(job_profile_md(data), media_type="text/markdown")
    return data


@router.get("/interviews/{query:path}", response_model=None)
def interview(query: str, catalog: CatalogDep,
              format: Format = "json") -> dict[str, Any] | PlainTextResponse:
    """A competency-based interview guide; ``format=md`` returns Markdown."""
    data = _answer(lambda: interview_guide(catalog, query))
    if format == "md":
        return PlainTextResponse(interview_md(data), media_type="text/markdown")
    return data


@router.get("/sectors/{query:path}")
def sector(query: str, catalog: CatalogDep) -> dict[str, Any]:
    """Sector overview by ISCO-08 group code ("22") or field ("international relations")."""
    return _answer(lambda: sector_overview(catalog, query))
