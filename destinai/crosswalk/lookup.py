"""Read the crosswalk of one ESCO occupation: its links with evidence, and the runners-up."""

from __future__ import annotations

import json
from typing import Any

from destinai.catalog.db import Catalog
from destinai.crosswalk.confidence import confidence_band, confidence_words
from destinai.search.resolve import resolve_occupation


def _has_candidates(catalog: Catalog) -> bool:
    return bool(catalog.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                               "AND name = 'crosswalk_candidates'"))


def crosswalk_links(catalog: Catalog, uri: str) -> list[dict[str, Any]]:
    """The O*NET codes linked to an ESCO occupation, best first, with words for pages."""
    rows = catalog.rows(
        "SELECT l.onet_code AS code, n.title, n.soc_code, n.job_zone, l.method, l.confidence, "
        "l.via, l.evidence FROM occupation_onet l JOIN onet_occupations n ON n.code = l.onet_code "
        "WHERE l.esco_uri = ? ORDER BY l.method = 'reviewed' DESC, l.confidence DESC, "
        "l.onet_code", (uri,))
    for row in rows:
        row["evidence"] = json.loads(row["evidence"] or "{}")
        row["confidence_band"] = confidence_band(row["method"], row["confidence"])
        row["confidence_words"] = confidence_words(row["method"], row["confidence"])
    return rows


def crosswalk_candidates(catalog: Catalog, uri: str) -> list[dict[str, Any]]:
    """The ranked candidates the builder weighed (occupations without a reviewed link)."""
    if not _has_candidates(catalog):
        return []
    rows = catalog.rows(
        "SELECT c.rank, c.onet_code AS code, n.title, n.soc_code, c.probability, c.chosen, "
        "c.features FROM crosswalk_candidates c JOIN onet_occupations n ON n.code = c.onet_code "
        "WHERE c.esco_uri = ? ORDER BY c.rank", (uri,))
    for row in rows:
        row["chosen"] = bool(row["chosen"])
        row["features"] = json.loads(row["features"])
    return rows


def crosswalk_for(catalog: Catalog, query: str) -> dict[str, Any]:
    """Chosen O*NET codes, confidence, evidence and runners-up for an ESCO occupation.

    ``query`` is anything :func:`resolve_occupation` accepts; raises NotFound.
    """
    uri, matched_by = resolve_occupation(catalog, query)
    occ = catalog.row("SELECT uri, code, label, isco_group FROM occupations WHERE uri = ?",
                      (uri,))
    assert occ is not None
    links = crosswalk_links(catalog, uri)
    methods = {link["method"] for link in links}
    return {
        **occ,
        "matched_by": matched_by,
        "method": "reviewed" if "reviewed" in methods else ("derived" if links else None),
        "links": links,
        "runners_up": [c for c in crosswalk_candidates(catalog, uri) if not c["chosen"]],
    }
