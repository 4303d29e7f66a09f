"""The O*NET part of an occupation profile, merged over the linked O*NET-SOC codes.

Every item says which O*NET code it comes from (``onet_code`` or ``onet_codes``). This copy of
O*NET 29.2 has no task ratings, so tasks are ordered by type (Core, then Supplemental, then
untyped), then by the share of incumbents who responded about them, then by the link's
confidence, then by task id. Ratings (skills, knowledge, work styles) average the linked codes'
importance and keep each code's value in ``by_code``.
"""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog

TYPE_ORDER = {"Core": 0, "Supplemental": 1}
RIASEC = ("Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional")


def _marks(codes: list[str]) -> str:
    return ",".join("?" * len(codes))


def tasks(catalog: Catalog, codes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Core and supplemental (and untyped) tasks of the codes, deduplicated by text."""
    rank = {c: i for i, c in enumerate(codes)}
    rows = catalog.rows(
        f"SELECT code AS onet_code, task_id, task, task_type, incumbents_responding "
        f"FROM onet_tasks WHERE code IN ({_marks(codes)})", codes) if codes else []
    rows.sort(key=lambda t: (TYPE_ORDER.get(t["task_type"], 2),
                             -(t["incumbents_responding"] or 0), rank[t["onet_code"]],
                             t["task_id"]))
    seen: set[str] = set()
    grouped: dict[str, list[dict[str, Any]]] = {"core": [], "supplemental": [], "other": []}
    for t in rows:
        key = t["task"].casefold()
        if key in seen:
            continue
        seen.add(key)
        kind = (t["task_type"] or "other").lower()
        grouped[kind if kind in grouped else "other"].append(t)
    return grouped


def technology(catalog: Catalog, codes: list[str]) -> list[dict[str, Any]]:
    """Technology skills, hot technologies and in-demand ones first."""
    if not codes:
        return []
    rows = catalog.rows(
        f"SELECT example, commodity_title, max(hot_technology) AS hot_technology, "
        f"max(in_demand) AS in_demand, group_concat(DISTINCT code) AS codes "
        f"FROM onet_technology_skills WHERE code IN ({_marks(codes)}) GROUP BY example "
        f"ORDER BY max(hot_technology) DESC, max(in_demand) DESC, commodity_title, example",
        codes)
    for r in rows:
        r["hot_technology"], r["in_demand"] = bool(r["hot_technology"]), bool(r["in_demand"])
        r["onet_codes"] = sorted(r.pop("codes").split(","))
    return rows


def tools(catalog: Catalog, codes: list[str]) -> list[dict[str, Any]]:
    """Tools used, grouped by commodity title."""
    if not codes:
        return []
    rows = catalog.rows(
        f"SELECT example, commodity_title, group_concat(DISTINCT code) AS codes FROM onet_tools "
        f"WHERE code IN ({_marks(codes)}) GROUP BY example ORDER BY commodity_title, example",
        codes)
    for r in rows:
        r["onet_codes"] = sorted(r.pop("codes").split(","))
    return rows


def ratings(catalog: Catalog, codes: list[str], domain: str) -> list[dict[str, Any]]:
    """O*NET skills or knowledge ranked by mean importance (1-5), then level (0-7)."""
    if not codes:
        return []
    rows = catalog.rows(
        f"SELECT code, element_id, element_name, importance, level FROM onet_ratings "
        f"WHERE domain = ? AND code IN ({_marks(codes)}) AND importance IS NOT NULL "
        f"AND coalesce(suppress, 0) = 0 AND coalesce(not_relevant, 0) = 0", [domain, *codes])
    return _merge(rows, ("importance", "level"))


def _merge(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        item = merged.setdefault(r["element_id"], {"element_id": r["element_id"],
                                                   "name": r["element_name"], "by_code": {}})
        item["by_code"][r["code"]] = {k: r[k] for k in keys}
    for item in merged.values():
        for k in keys:
            values = [v[k] for v in item["by_code"].values() if v[k] is not None]
            item[k] = round(sum(values) / len(values), 2) if values else None
    return sorted(merged.values(), key=lambda i: (*[-(i[k] or 0) for k in keys], i["name"]))


def work_styles(catalog: Catalog, codes: list[str]) -> list[dict[str, Any]]:
    """Work styles ranked by mean importance (1-5)."""
    if not codes:
        return []
    rows = catalog.rows(
        f"SELECT code, element_id, element_name, value AS importance FROM onet_scores "
        f"WHERE domain = 'work_styles' AND scale_id = 'IM' AND code IN ({_marks(codes)})",
        codes)
    return _merge(rows, ("importance",))


def interests(catalog: Catalog, codes: list[str]) -> dict[str, Any]:
    """RIASEC occupational interest scores (1-7, averaged) and the Holland code."""
    rows = catalog.rows(
        f"SELECT code, element_id, element_name, value AS score FROM onet_scores "
        f"WHERE domain = 'interests' AND scale_id = 'OI' AND code IN ({_marks(codes)})",
        codes) if codes else []
    if not rows:
        return {"available": False, "note": "no O*NET interest profile"}
    scores = _merge(rows, ("score",))
    ordered = sorted((s for s in scores if s["name"] in RIASEC),
                     key=lambda s: (-s["score"], RIASEC.index(s["name"])))
    points = catalog.rows(
        "SELECT value FROM onet_scores WHERE domain = 'interests' AND scale_id = 'IH' "
        "AND code = ? ORDER BY element_id", (codes[0],))
    holland = [RIASEC[int(p["value"]) - 1] for p in points if p["value"] and
               1 <= p["value"] <= 6]
    source = f"O*NET high points of {codes[0]}"
    if not holland:  # no published high points: take the three highest mean scores
        holland, source = [s["name"] for s in ordered[:3]], "three highest scores"
    return {"available": True, "scores": sorted(scores, key=lambda s: RIASEC.index(s["name"])
                                                if s["name"] in RIASEC else 9),
            "holland_code": "".join(n[0] for n in holland), "top": holland,
            "holland_source": source}


def job_zone(catalog: Catalog, links: list[dict[str, Any]]) -> dict[str, Any]:
    """The job zone of the best link with its meaning, and every linked code's zone."""
    zoned = [link for link in links if link.get("job_zone")]
    if not zoned:
        return {"available": False, "note": "no job zone (no linked O*NET occupation with one)"}
    best = zoned[0]
    ref = catalog.row("SELECT * FROM onet_job_zone_reference WHERE job_zone = ?",
                      (best["job_zone"],)) or {}
    return {"available": True, "job_zone": best["job_zone"], "onet_code": best["code"],
            "name": ref.get("name"), "education": ref.get("education"),
            "experience": ref.get("experience"), "training": ref.get("training"),
            "svp_range": ref.get("svp_range"),
            "by_code": {link["code"]: link["job_zone"] for link in zoned}}


def related(catalog: Catalog, codes: list[str], exclude_uri: str,
            per_code: int = 5) -> list[dict[str, Any]]:
    """O*NET related occupations, each mapped back to the ESCO occupations linked to it."""
    if not codes:
        return []
    rows = catalog.rows(
        f"SELECT r.code AS from_code, r.related_code AS onet_code, n.title, n.job_zone, r.tier, "
        f"r.rank "
        f"FROM onet_related r JOIN onet_occupations n ON n.code = r.related_code "
        f"WHERE r.code IN ({_marks(codes)}) AND r.related_code NOT IN ({_marks(codes)}) "
        f"ORDER BY r.rank, r.code", [*codes, *codes])
    seen: set[str] = set()
    out = []
    for r in rows:
        if r["onet_code"] in seen:
            continue
        seen.add(r["onet_code"])
        esco = catalog.rows(
            "SELECT o.uri, o.label, o.code, l.confidence FROM occupation_onet l "
            "JOIN occupations o ON o.uri = l.esco_uri WHERE l.onet_code = ? AND o.uri != ? "
            "ORDER BY l.confidence DESC, o.label", (r["onet_code"], exclude_uri))
        out.append({**r, "esco": esco[:per_code], "esco_count": len(esco)})
    return out
