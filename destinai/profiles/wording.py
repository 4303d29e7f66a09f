"""Small English helpers for generated text: articles, capitals, lists, skill themes."""

from __future__ import annotations

import re
from typing import Any

from destinai.catalog.db import Catalog
from destinai.grammar import article, with_article  # noqa: F401  (re-exported)


def cap(text: str) -> str:
    """Upper-case the first letter only (ESCO labels are lower case)."""
    return text[:1].upper() + text[1:] if text else text


def join_names(names: list[str], last: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def sentence(text: str) -> str:
    """Capitalised and ending with a full stop."""
    text = cap(text.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


def lower_first(text: str) -> str:
    """'Prepare reports.' -> 'prepare reports' (acronyms such as 'ICT' are kept)."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


def skill_themes(catalog: Catalog, uris: list[str]) -> dict[str, str]:
    """Each skill's top ESCO skills-pillar theme (S1 communication … S8 machinery)."""
    if not uris:
        return {}
    top = {r["code"]: r["label"] for r in catalog.rows(
        "SELECT code, label FROM skill_groups WHERE code GLOB 'S[0-9]'")}
    marks = ",".join("?" * len(uris))
    themes: dict[str, str] = {}
    for r in catalog.rows(
            f"SELECT b.uri, g.code FROM skill_broader b JOIN skill_groups g ON g.uri = "
            f"b.broader_uri WHERE b.uri IN ({marks}) AND g.code GLOB 'S*' ORDER BY g.code",
            uris):
        themes.setdefault(r["uri"], top.get(r["code"].split(".")[0], "other"))
    return themes


def group_by(items: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    """Items grouped by ``item[key]`` in first-seen order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item[key], []).append(item)
    return groups


SOFT_MIN_USE = 60
# S1.7-9 also hold domain tasks that read as duties, not qualities ("evaluate research
# activities", "implement strategic planning", "resolve equipment malfunctions")
DOMAIN_WORDS = re.compile(r"research|strateg|equipment|malfunction|production|product|export|"
                          r"manufactur|scientific|artistic|battle|recipe", re.IGNORECASE)


def soft_skill_uris(catalog: Catalog, uris: list[str]) -> set[str]:
    """Which of ``uris`` are soft (transversal) skills: in ESCO's transversal collection or
    T hierarchy, or cross-sector skills of S1.7 obtaining information verbally, S1.8
    working with others or S1.9 solving problems ("listen actively", "accept own
    accountability") that at least ``SOFT_MIN_USE`` occupations require and whose label names
    no domain (``DOMAIN_WORDS``). ESCO v1.1.1 links few occupations to its transversal
    collection, so these stand in."""
    if not uris:
        return set()
    marks = ",".join("?" * len(uris))
    rows = catalog.rows(
        # the keyed tables, not the skill_broader view: SQLite materialises a view of joins
        # on the right of a LEFT JOIN and scanned it per skill (0.25 s a call)
        f"SELECT DISTINCT s.uri, s.label, g.code FROM skills s "
        f"LEFT JOIN catalog_keys ks ON ks.value = s.uri "
        f"LEFT JOIN skill_broader_ids b ON b.uri = ks.id "
        f"LEFT JOIN catalog_keys kb ON kb.id = b.broader_uri "
        f"LEFT JOIN skill_groups g ON g.uri = kb.value "
        f"WHERE s.uri IN ({marks}) AND s.is_language = 0 AND ("
        f"s.is_transversal = 1 OR s.reuse_level = 'transversal' OR g.code GLOB 'T*' "
        f"OR ((g.code GLOB 'S1.[789].*' OR g.code GLOB 'S1.[789]') "
        f"AND s.reuse_level = 'cross-sector' "
        f"AND (SELECT count(*) FROM occupation_skills_ids r WHERE r.skill_uri = "
        f"(SELECT id FROM catalog_keys WHERE value = s.uri)) >= ?))",
        [*uris, SOFT_MIN_USE])
    return {r["uri"] for r in rows if not (r["code"] or "").startswith("S1.")
            or not DOMAIN_WORDS.search(r["label"])}
