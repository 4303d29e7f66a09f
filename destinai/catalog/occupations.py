"""Occupation lookups: resolve a query to an ESCO occupation and assemble its record."""

from __future__ import annotations

import json
import re
from typing import Any

from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.search import search

ESCO_CODE = re.compile(r"^\d{4}(\.\d+)+$")
ONET_CODE = re.compile(r"^\d\d-\d{4}(\.\d\d)?$")
ISCO_CODE = re.compile(r"^\d{1,4}$")
SKILL_FIELDS = "s.uri, s.label, s.skill_type, s.reuse_level"


def resolve_occupation(catalog: Catalog, query: str) -> tuple[str, str]:
    """Return (uri, how it matched) for an ESCO URI, ESCO code, O*NET-SOC code or a label.

    Raises NotFound with close titles as suggestions.
    """
    q = query.strip()
    if not q:
        raise NotFound("empty occupation query")
    if q.startswith("http"):
        if catalog.scalar("SELECT uri FROM occupations WHERE uri = ?", (q,)):
            return q, "uri"
        raise NotFound(f"no ESCO occupation with URI {q}")
    if ESCO_CODE.match(q):
        uri = catalog.scalar("SELECT uri FROM occupations WHERE code = ?", (q,))
        if uri:
            return uri, "esco_code"
    if ONET_CODE.match(q):
        code = q if "." in q else f"{q}.00"
        uri = catalog.scalar(
            "SELECT l.esco_uri FROM occupation_onet l JOIN occupations o ON o.uri = l.esco_uri "
            "JOIN onet_occupations n ON n.code = l.onet_code WHERE l.onet_code = ? "
            "ORDER BY l.method = 'reviewed' DESC, l.confidence DESC, "
            "lower(o.label) = lower(n.title) DESC, o.label LIMIT 1",
            (code,))
        if uri:
            return uri, "onet_code"
        raise NotFound(f"no ESCO occupation is linked to O*NET-SOC {code}")
    uri = catalog.scalar("SELECT uri FROM occupations WHERE label = ? COLLATE NOCASE", (q,))
    if uri:
        return uri, "preferred_label"
    hits = search(catalog, q, "occupation", limit=5)
    exact = [h for h in hits if q.casefold() in _labels_casefold(catalog, h["uri"])]
    if exact:
        return exact[0]["uri"], "alternative_label"
    if hits:
        return hits[0]["uri"], "search"
    raise NotFound(f"no occupation matches {q!r}", _fuzzy_suggestions(catalog, q))


def _labels_casefold(catalog: Catalog, uri: str) -> set[str]:
    alts = catalog.scalar("SELECT alt_labels FROM occupations WHERE uri = ?", (uri,))
    return {a.casefold() for a in json.loads(alts or "[]")}


def _fuzzy_suggestions(catalog: Catalog, q: str, limit: int = 5) -> list[dict[str, Any]]:
    from rapidfuzz import fuzz, process, utils

    labels = {r["uri"]: r["label"] for r in catalog.rows("SELECT uri, label FROM occupations")}
    found = process.extract(q, labels, scorer=fuzz.WRatio, processor=utils.default_process,
                            limit=limit)
    return [{"uri": uri, "label": label, "score": round(score / 100, 3)}
            for label, score, uri in found]


def isco_chain(catalog: Catalog, code: str | None) -> list[dict[str, Any]]:
    """The ISCO-08 groups from the major group down to ``code``."""
    if not code:
        return []
    prefixes = [code[:i] for i in range(1, len(code) + 1)]
    marks = ",".join("?" * len(prefixes))
    return catalog.rows(f"SELECT code, label, level FROM isco_groups WHERE code IN ({marks}) "
                        "ORDER BY level", prefixes)


def occupation_skills(catalog: Catalog, uri: str) -> dict[str, list[dict[str, Any]]]:
    """Essential and optional skills of an occupation, each ordered by type then label."""
    rows = catalog.rows(
        f"SELECT r.relation, {SKILL_FIELDS}, s.is_transversal, s.is_language, s.is_digital, "
        "s.is_green FROM occupation_skills r JOIN skills s ON s.uri = r.skill_uri "
        "WHERE r.occupation_uri = ? ORDER BY s.skill_type, s.label", (uri,))
    grouped: dict[str, list[dict[str, Any]]] = {"essential": [], "optional": []}
    for row in rows:
        grouped[row.pop("relation")].append(row)
    return grouped


def skill_counts(skills: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """``{essential, optional, total}`` plus the knowledge / skill-competence split."""
    counts = {"essential": len(skills["essential"]), "optional": len(skills["optional"])}
    counts["total"] = counts["essential"] + counts["optional"]
    for relation in ("essential", "optional"):
        for kind, key in (("knowledge", "knowledge"), ("skill/competence", "skill_competence")):
            counts[f"{relation}_{key}"] = sum(
                1 for s in skills[relation] if s["skill_type"] == kind)
    return counts


def onet_links(catalog: Catalog, uri: str) -> list[dict[str, Any]]:
    """The O*NET-SOC 2019 codes linked to an ESCO occupation, best first."""
    links = catalog.rows(
        "SELECT l.onet_code AS code, n.title, n.soc_code, n.job_zone, l.method, l.confidence, "
        "l.via FROM occupation_onet l JOIN onet_occupations n ON n.code = l.onet_code "
        "WHERE l.esco_uri = ? ORDER BY l.method = 'reviewed' DESC, l.confidence DESC, l.onet_code",
        (uri,))
    return links


WAGE_FIELDS = ("annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90",
               "annual_mean", "hourly_median", "hourly_mean", "employment")


def wage_for_onet(catalog: Catalog, code: str) -> dict[str, Any] | None:
    """The OEWS national wage row for an O*NET code (exact SOC, else its broad group)."""
    row = catalog.row(
        f"SELECT w.soc_code, w.title, w.o_group, w.year, {', '.join(WAGE_FIELDS)}, w.flags, "
        "k.match FROM onet_wage_link k JOIN oews_wages w ON w.soc_code = k.soc_code "
        "AND w.o_group = k.o_group WHERE k.code = ?", (code,))
    if row:
        row["flags"] = json.loads(row["flags"])
        row["approximate"] = row["match"] != "exact"
    return row


def get_occupation(catalog: Catalog, query: str, matched_by: str | None = None
                   ) -> dict[str, Any]:
    """The occupation record for ``query`` (see :func:`resolve_occupation`); with
    ``matched_by``, ``query`` is a URI already resolved (by ``destinai.search.resolve``)."""
    uri, matched_by = (query, matched_by) if matched_by else resolve_occupation(catalog, query)
    occ = catalog.row("SELECT * FROM occupations WHERE uri = ?", (uri,))
    assert occ is not None
    skills = occupation_skills(catalog, uri)
    chain = isco_chain(catalog, occ["isco_group"])
    links = onet_links(catalog, uri)
    wages: list[dict[str, Any]] = []
    for link in links:
        wage = wage_for_onet(catalog, link["code"])
        if wage and all(w["soc_code"] != wage["soc_code"] for w in wages):
            wages.append({"onet_code": link["code"], **wage})
    broader = catalog.rows(
        "SELECT o.uri, o.label, o.code FROM occupation_broader b JOIN occupations o "
        "ON o.uri = b.broader_uri WHERE b.uri = ?", (uri,))
    narrower = catalog.rows(
        "SELECT o.uri, o.label, o.code FROM occupation_broader b JOIN occupations o "
        "ON o.uri = b.uri WHERE b.broader_uri = ? ORDER BY o.label", (uri,))
    return {
        "uri": uri,
        "code": occ["code"],
        "label": occ["label"],
        "matched_by": matched_by,
        "alt_labels": json.loads(occ["alt_labels"]),
        "isco_group": chain[-1] if chain else {"code": occ["isco_group"], "label": None},
        "isco_chain": chain,
        "description": occ["description"],
        "definition": occ["definition"],
        "regulated_note": occ["regulated_note"],
        "is_research": bool(occ["is_research"]),
        "essential_skills": skills["essential"],
        "optional_skills": skills["optional"],
        "counts": skill_counts(skills),
        "onet": links,
        "wages": wages,
        "broader": broader,
        "narrower": narrower,
        "esco_page": f"https://esco.ec.europa.eu/en/classification/occupation?uri={uri}",
    }
