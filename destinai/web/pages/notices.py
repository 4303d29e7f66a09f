"""About the data, Privacy, Terms and the AI transparency notice."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from destinai.catalog.db import Catalog
from destinai.web.deps import CatalogDep
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)


def about_data(catalog: Catalog) -> dict[str, Any]:
    """The build record shaped for the About page: releases, files with checksums, counts."""
    record = catalog.build_record()
    releases: dict[str, dict[str, Any]] = {}
    for src in record["sources"]:
        meta = catalog.row("SELECT publisher, download FROM build_sources WHERE key = ?",
                           (src["key"],)) or {}
        entry = releases.setdefault(src["release"], {"release": src["release"], "files": [],
                                                     "publisher": meta.get("publisher"),
                                                     "download": src.get("download")})
        entry["files"].append(src)
    coverage = record.get("crosswalk_coverage", {})
    return {"built_at": record.get("built_at"), "code_version": record.get("code_version"),
            "fingerprint": record.get("sources_fingerprint"), "releases": list(releases.values()),
            "counts": record.get("row_counts", {}), "coverage": coverage}


@router.get("/about", response_class=HTMLResponse)
def about(request: Request, catalog: CatalogDep) -> Response:
    """Releases, versions, checksums from the build record, licences, attributions."""
    return render(request, "about.html", {"d": about_data(catalog)})


@router.get("/privacy", response_class=HTMLResponse)
def privacy(request: Request) -> Response:
    """What is (not) stored."""
    return render(request, "privacy.html")


@router.get("/terms", response_class=HTMLResponse)
def terms(request: Request) -> Response:
    """Terms of use."""
    return render(request, "terms.html")


@router.get("/ai-transparency", response_class=HTMLResponse)
def ai_transparency(request: Request) -> Response:
    """The EU AI Act transparency notice."""
    return render(request, "ai_transparency.html")
