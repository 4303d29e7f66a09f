"""Jinja2 templates of the website (minimal stand-in; the website issue owns this file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATE_DIR))


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    """Render template ``name`` with ``context`` (the request is always available)."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)
