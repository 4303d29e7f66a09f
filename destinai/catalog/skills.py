"""Skill lookups: resolve a query to an ESCO skill and assemble its record."""

from __future__ import annotations

import json
from typing import Any

from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.search import search

COLLECTIONS = ("digital", "green", "transversal", "language", "research", "digcomp")


def resolve_skill(catalog: Catalog, query: str) -> tuple[str, str]:
    """Return (uri, how it matched) for a skill URI or label; NotFound with suggestions."""
    q = query.strip()
    if not q:
        raise NotFound("empty skill query")
    if q.startswith("http"):
        if catalog.scalar("SELECT uri FROM skills WHERE uri = ?", (q,)):
            return q, "uri"
        raise NotFound(f"no ESCO skill with URI {q}")
    uri = catalog.scalar("SELECT uri FROM skills WHERE label = ? COLLATE NOCASE", (q,))
    if uri:
        return uri, "preferred_label"
    hits = search(catalog, q, "skill", limit=5)
    for hit in hits:
        alts = catalog.scalar("SELECT alt_labels FROM skills WHERE uri = ?", (hit["uri"],))
        if q.casefold() in {a.casefold() for a in json.loads(alts)}:
            return hit["uri"], "alternative_label"
    if hits:
        return hits[0]["uri"], "search"
    raise NotFound(f"no skill matches {q!r}")


def skill_groups(catalog: Catalog, uri: str) -> list[list[dict[str, Any]]]:
    """Each broader path from the skill up to the top of the hierarchy (nearest first)."""
    paths: list[list[dict[str, Any]]] = []

    def climb(current: str, path: list[dict[str, Any]], depth: int) -> None:
        parents = catalog.rows(
            "SELECT g.uri, g.label, g.code, g.isced_f FROM skill_broader b JOIN skill_groups g "
            "ON g.uri = b.broader_uri WHERE b.uri = ?", (current,))
        if not parents or depth > 8:
            if path:
                paths.append(path)
            return
        for parent in parents:
            climb(parent["uri"], [*path, parent], depth + 1)

    climb(uri, [], 0)
    return paths


def get_skill(catalog: Catalog, query: str, matched_by: str | None = None) -> dict[str, Any]:
    """The skill record: labels, type, collections, groups, related skills, occupations
    (``query`` is a resolved URI when ``matched_by`` is given)."""
    uri, matched_by = (query, matched_by) if matched_by else resolve_skill(catalog, query)
    s = catalog.row("SELECT * FROM skills WHERE uri = ?", (uri,))
    assert s is not None
    occupations = catalog.rows(
        "SELECT r.relation, o.uri, o.label, o.code, o.isco_group FROM occupation_skills r "
        "JOIN occupations o ON o.uri = r.occupation_uri WHERE r.skill_uri = ? ORDER BY o.label",
        (uri,))
    essential: list[dict[str, Any]] = []
    optional: list[dict[str, Any]] = []
    for occupation in occupations:
        relation = occupation.pop("relation")
        (essential if relation == "essential" else optional).append(occupation)
    related = catalog.rows(
        "SELECT r.relation, k.uri, k.label, k.skill_type FROM skill_relations r "
        "JOIN skills k ON k.uri = r.related_uri WHERE r.skill_uri = ? ORDER BY k.label", (uri,))
    groups = skill_groups(catalog, uri)
    isced = [g for path in groups for g in path if g["isced_f"]]
    return {
        "uri": uri,
        "label": s["label"],
        "matched_by": matched_by,
        "skill_type": s["skill_type"],
        "reuse_level": s["reuse_level"],
        "alt_labels": json.loads(s["alt_labels"]),
        "description": s["description"],
        "collections": [c for c in COLLECTIONS if s[f"is_{c}"]],
        "groups": groups,
        "isced_f": isced[0] if isced else None,
        "related_skills": related,
        "essential_for": essential,
        "optional_for": optional,
        "counts": {"essential": len(essential), "optional": len(optional),
                   "total": len(essential) + len(optional)},
        "esco_page": f"https://esco.ec.europa.eu/en/classification/skills?uri={uri}",
    }
