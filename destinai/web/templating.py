"""Jinja2 templates for the website: ``templates`` and ``render`` (shared by every page area).

Autoescaping is on for every template, so catalog text and user text are always escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
SESSION_COOKIE = "destinai_session"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.autoescape = True
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def money(value: float | None) -> str:
    """``$123,456`` or an em dash when the figure is unknown."""
    return "—" if value is None else f"${value:,.0f}"


def cap(text: str | None) -> str:
    """Upper-case the first letter only (ESCO labels are lower case)."""
    return text[:1].upper() + text[1:] if text else ""


def uuid_of(uri: str | None) -> str:
    """The last path segment of an ESCO URI (the stable id used in page URLs)."""
    return (uri or "").rstrip("/").rsplit("/", 1)[-1]


def occupation_url(uri: str) -> str:
    """The page of an ESCO occupation."""
    return f"/occupations/{uuid_of(uri)}"


def skill_url(uri: str) -> str:
    """The page of an ESCO skill (or skill group)."""
    return f"/skills/{uuid_of(uri)}"


def pct(value: float | None, digits: int = 0) -> str:
    """A 0..1 share as a percentage."""
    return "—" if value is None else f"{value:.{digits}%}"


templates.env.filters.update(money=money, cap=cap, occupation_url=occupation_url,
                             skill_url=skill_url, pct=pct, uuid=uuid_of)


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    """Render template ``name`` with ``context`` plus what every page needs."""
    from destinai.web.app import ATTRIBUTION

    ctx = {"attribution": ATTRIBUTION,
           "signed_in": SESSION_COOKIE in request.cookies,
           "path": request.url.path, **(context or {})}
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
