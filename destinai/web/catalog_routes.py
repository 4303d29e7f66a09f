"""API routes about the catalog itself: its build record and the data's attributions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from destinai.web.deps import API, CatalogDep
from destinai.web.models import Attribution, BuildRecord

ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission. "
    "O*NET 29.2 by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA), CC BY 4.0. Wages and projections: U.S. Bureau of Labor Statistics (public "
    "domain). ESCO–O*NET crosswalk: Nesta, Mapping Career Causeways."
)

router = APIRouter(prefix=API, tags=["catalog"])


@router.get("/stats", response_model=BuildRecord)
def stats(catalog: CatalogDep) -> dict[str, Any]:
    """The build record: sources and checksums, row counts, fixes, coverage."""
    return catalog.build_record()


@router.get("/attribution", response_model=Attribution)
def attribution() -> dict[str, str]:
    """The licences and attributions of the data shown."""
    return {"attribution": ATTRIBUTION}


def build_fingerprint(catalog: Any) -> str:
    """What a catalog response depends on: this build of the catalog and this code."""
    from destinai import __version__

    row = catalog.row("SELECT group_concat(key || '=' || value, ';') AS v FROM build_record "
                      "WHERE key IN ('built_at', 'catalog_format', 'sources_fingerprint')")
    return f"{__version__};{row['v'] if row else ''}"
