"""Sector overviews: "is this field growing, and how do I get in?"

A sector is an ISCO-08 major or sub-major group (or any ISCO group code), or a free-text
field: the ESCO occupations whose preferred or alternative label contains the phrase, or whose
description's first sentence does. Everything is aggregated from the catalog at request time:

* occupations ranked by openings, growth and wage. US figures belong to US series (SOC
  codes); several ESCO occupations may share one, so sums and rankings are over the distinct
  SOC codes reached through the members' best O*NET link (``occupation_facts.wage_soc``);
* entry and senior roles from the O*NET job zone (estimated from the ISCO major group where
  no link has one) and the ISCO-08 skill level of the major group;
* the essential skills, knowledge and transversal skills most shared across the members;
* typical fields of study (ISCED-F narrow fields of the members' knowledge skills);
* the wage distribution over the members' US median wages;
* where people move in from and out to (DestinAI's occupation similarity, outside the
  sector), grouped by ISCO-08 sub-major group.

Every figure names its release; a sector where few members have US data says so.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog, NotFound
from destinai.profiles.outlook import RELEASE as PROJECTIONS
from destinai.profiles.outlook import average_change, growth_phrase
from destinai.profiles.sector_index import KINDS, index_for
from destinai.profiles.wording import cap

# ISCO-08 skill level of each major group (ILO, ISCO-08 Vol. 1, table 1): 1 lowest, 4 highest
ISCO_SKILL_LEVEL = {"1": 3.5, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1,
                    "0": 2}
WAGES = "OEWS May 2024"
LOW_US_DATA_SHARE = 0.5
TOP = 10


def _marks(items: list[Any]) -> str:
    return ",".join("?" * len(items))


def resolve_sector(catalog: Catalog, query: str) -> dict[str, Any]:
    """The sector's definition and member occupation URIs (NotFound when nothing matches)."""
    q = query.strip()
    if not q:
        raise NotFound("empty sector: give an ISCO-08 group code or a field such as 'health'")
    if q.isdigit():
        group = catalog.row("SELECT code, label, level, description FROM isco_groups "
                            "WHERE code = ?", (q,))
        if not group:
            raise NotFound(f"no ISCO-08 group {q!r}",
                           _group_suggestions(catalog))
        uris = [r["uri"] for r in catalog.rows(
            "SELECT uri FROM occupations WHERE isco_group LIKE ? ORDER BY label", (q + "%",))]
        return {"kind": "isco_group", "code": group["code"], "label": cap(group["label"]),
                "level": group["level"], "description": group["description"],
                "definition": f"ESCO occupations in ISCO-08 group {q} ({group['label']})",
                "uris": uris}
    words = re.findall(r"\w+", q.casefold())
    if not words:
        raise NotFound(f"no words in sector {query!r}")
    phrase = " ".join(words)
    fts = '"' + phrase + '"'
    titled = {r["uri"] for r in catalog.rows(
        "SELECT uri FROM occupation_fts WHERE occupation_fts MATCH ?",
        (f"{{label alt_labels}} : {fts}",))}
    described = {r["uri"] for r in catalog.rows(
        "SELECT f.uri, o.description FROM occupation_fts f JOIN occupations o ON o.uri = "
        "f.uri WHERE occupation_fts MATCH ?", (f"description : {fts}",))
        if _in_first_sentence(words, r["description"])}
    # a description-only match must share an ISCO sub-major group with the title matches
    # (keeps "health" from pulling in every trade whose description says "health and safety")
    either = list(titled | described)
    groups = {r["uri"]: (r["isco_group"] or "")[:2] for r in catalog.rows(
        f"SELECT uri, isco_group FROM occupations WHERE uri IN ({_marks(either)})",
        either)} if either else {}
    title_groups = {groups[u] for u in titled}
    if title_groups:
        described = {u for u in described if groups[u] in title_groups}
    uris = sorted(titled | described)
    if not uris:
        raise NotFound(f"no occupation's title or description mentions {query!r}",
                       _group_suggestions(catalog))
    return {"kind": "field", "code": None, "label": cap(q), "level": None,
            "description": None, "definition": (
                f"ESCO occupations whose title mentions '{q}' ({len(titled)}) or whose "
                f"description's first sentence does ({len(described - titled)} more)"),
            "uris": uris}


def _group_suggestions(catalog: Catalog) -> list[dict[str, Any]]:
    """ISCO-08 sub-major groups as suggestions (``uri`` holds the code to type)."""
    return [{"uri": r["code"], "label": r["label"]} for r in catalog.rows(
        "SELECT code, label FROM isco_groups WHERE level = 2 ORDER BY code LIMIT 12")]


def _in_first_sentence(words: list[str], text: str | None) -> bool:
    first = (text or "").split(". ")[0].casefold()
    tokens = re.findall(r"\w+", first)
    n = len(words)
    # a word may carry a suffix ("health" matches "healthcare"), as the porter stemmer does
    return any(all(tokens[i + k].startswith(words[k]) for k in range(n))
               for i in range(len(tokens) - n + 1))


def _members(catalog: Catalog, uris: list[str]) -> list[dict[str, Any]]:
    facts = index_for(catalog).facts
    rows = [dict(facts[u]) for u in uris if u in facts]
    for r in rows:
        major = (r["isco_group"] or "?")[:1]
        r["isco_skill_level"] = ISCO_SKILL_LEVEL.get(major)
        r["seniority"] = (r["job_zone"] or 0) + (r["isco_skill_level"] or 0) + (
            1 if re.search(r"\b(senior|chief|head|director|manager)\b", r["label"]) else 0)
    return rows


def us_series(catalog: Catalog, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct US series (SOC codes) behind the members, with projections and wages."""
    by_soc: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m["wage_soc"]:
            by_soc.setdefault(m["wage_soc"], []).append(m)
    if not by_soc:
        return []
    socs = sorted(by_soc)
    proj = {r["soc_code"]: r for r in catalog.rows(
        f"SELECT * FROM bls_projections WHERE soc_code IN ({_marks(socs)})", socs)}
    wages = {r["soc_code"]: r for r in catalog.rows(
        f"SELECT soc_code, title, employment, annual_median, hourly_median FROM oews_wages "
        f"WHERE soc_code IN ({_marks(socs)}) AND o_group IN ('detailed', 'broad') "
        f"ORDER BY o_group = 'detailed'", socs)}
    average = average_change(catalog)
    out = []
    for soc in socs:
        p, w, esco = proj.get(soc), wages.get(soc), by_soc[soc]
        change = p["change_percent"] if p else None
        out.append({
            "soc_code": soc, "title": (w or p or {}).get("title"),
            "esco_occupations": len(esco),
            "esco_examples": [cap(m["label"]) for m in esco[:3]],
            "employment_2024": round(p["employment_2024"] * 1000) if p else None,
            "employment_2034": round(p["employment_2034"] * 1000) if p else None,
            "annual_openings": round(p["annual_openings"] * 1000) if p and
            p["annual_openings"] is not None else None,
            "change_percent": change,
            "outlook": growth_phrase(change, average) if change is not None else None,
            "annual_median": w["annual_median"] if w else None,
            "hourly_median": w["hourly_median"] if w else None})
    return out


def _ranked(series: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    known = [s for s in series if s[key] is not None]
    return sorted(known, key=lambda s: (-s[key], s["soc_code"]))[:TOP]


def totals(series: list[dict[str, Any]], average: float) -> dict[str, Any]:
    """Sums over the distinct SOC series with projections, and the sector's growth."""
    projected = [s for s in series if s["employment_2024"] is not None]
    e24 = sum(s["employment_2024"] for s in projected)
    e34 = sum(s["employment_2034"] for s in projected)
    openings = sum(s["annual_openings"] or 0 for s in projected)
    change = round(100 * (e34 - e24) / e24, 1) if e24 else None
    return {"us_series": len(series), "us_series_with_projections": len(projected),
            "employment_2024": e24 or None, "employment_2034": e34 or None,
            "annual_openings": openings or None, "change_percent": change,
            "outlook": growth_phrase(change, average) if change is not None else None,
            "average_percent": average, "release": PROJECTIONS}


def wage_distribution(members: list[dict[str, Any]]) -> dict[str, Any]:
    """Percentiles and $20,000 bins of the members' US annual median wages."""
    values = np.array([m["wage_annual_median"] for m in members
                       if m["wage_annual_median"] is not None], dtype=float)
    if not values.size:
        return {"available": False, "note": "no member has a US annual wage", "release": WAGES}
    pct = {f"p{p}": round(float(np.percentile(values, p)), -1) for p in (10, 25, 50, 75, 90)}
    edges = np.arange(0, max(values.max(), 20_000) + 20_000, 20_000)
    counts, _ = np.histogram(values, bins=edges)
    return {"available": True, "occupations": int(values.size), **pct,
            "bins": [{"from": int(lo), "to": int(lo + 20_000), "occupations": int(c)}
                     for lo, c in zip(edges[:-1], counts, strict=True) if c],
            "basis": "median annual wage of each member's US series (one value per ESCO "
                     "occupation)", "release": WAGES}


def _rows(catalog: Catalog, uris: list[str]) -> np.ndarray:
    index = index_for(catalog)
    return np.array([index.position[u] for u in uris if u in index.position], np.int64)


def shared_skills(catalog: Catalog, uris: list[str], limit: int = TOP) -> dict[str, Any]:
    """Skills most shared across the members, by kind, with count and share: essential
    skills and knowledge; transversal (soft) skills counted over essential and optional."""
    index, rows = index_for(catalog), _rows(catalog, uris)
    essential = np.asarray(index.essential[rows].sum(axis=0)).ravel()
    anywhere = np.asarray(index.anywhere[rows].sum(axis=0)).ravel()
    out: dict[str, list[dict[str, Any]]] = {"skills": [], "knowledge": [], "transversal": []}
    for key, counts in (("skills", essential), ("knowledge", essential),
                        ("transversal", anywhere)):
        masked = np.where(index.kind == KINDS.index(key), counts, 0)
        found = np.flatnonzero(masked)
        if found.size > limit:  # keep the top ``limit`` counts, ties included
            floor = np.partition(masked[found], -limit)[-limit]
            found = found[masked[found] >= floor]
        ranked = sorted(found.tolist(), key=lambda i: (-counts[i], index.skills[i]["label"]))
        out[key] = [{"uri": index.skill_uris[i], "label": index.skills[i]["label"],
                     "occupations": int(counts[i]), "share": round(counts[i] / len(uris), 3)}
                    for i in ranked[:limit]]
    return {**out, "release": "ESCO v1.1.1", "members": len(uris),
            "basis": "essential skills and knowledge; transversal skills essential or optional"}


def fields_of_study(catalog: Catalog, uris: list[str], limit: int = 6) -> list[dict[str, Any]]:
    """ISCED-F 2013 narrow fields reached from the members' essential knowledge skills
    (climbing the ESCO skill hierarchy), ranked by the number of members reaching each."""
    index, rows = index_for(catalog), _rows(catalog, uris)
    counts = index.fields[rows].sum(axis=0)
    ranked = sorted(np.flatnonzero(counts), key=lambda c: (-counts[c], index.field_codes[c]))
    return [{"isced_f": index.field_codes[c][0], "label": index.field_codes[c][1],
             "occupations": int(counts[c]), "share": round(counts[c] / len(uris), 3)}
            for c in ranked[:limit]]


def mobility(catalog: Catalog, uris: list[str], limit: int = 8,
             min_similarity: float = 0.3) -> dict[str, Any]:
    """Where people move in from and out to: similar occupations outside the sector."""
    index = index_for(catalog)
    inside = np.zeros(len(index.uris), bool)
    inside[_rows(catalog, uris)] = True
    strong = index.similarity >= min_similarity
    labels = {r["code"]: r["label"] for r in catalog.rows(
        "SELECT code, label FROM isco_groups WHERE level = 2")}
    out: dict[str, Any] = {}
    for key, here, there in (("move_in_from", index.target, index.origin),
                             ("move_out_to", index.origin, index.target)):
        keep = strong & inside[here] & ~inside[there]
        weight = np.bincount(there[keep], weights=index.similarity[keep],
                             minlength=len(index.uris))
        links = np.bincount(there[keep], minlength=len(index.uris))
        found = np.flatnonzero(links)
        groups: dict[str, dict[str, Any]] = {}
        for i in found:
            code = index.isco[i][:2] or "??"
            g = groups.setdefault(code, {"isco_sub_major": code, "label": labels.get(code),
                                         "weight": 0.0, "occupations": 0})
            g["weight"] += float(weight[i])
            g["occupations"] += 1
        top = found[np.lexsort((found, -weight[found]))][:limit]
        out[key] = {
            "occupations": [{"uri": index.uris[i], "label": cap(index.labels[i]),
                             "links": int(links[i]), "weight": round(float(weight[i]), 3)}
                            for i in top],
            "isco_sub_major_groups": [{**g, "weight": round(g["weight"], 3)} for g in sorted(
                groups.values(), key=lambda g: -g["weight"])[:5]]}
    out["basis"] = (f"DestinAI occupation similarity (skills, tasks, text) of at least "
                    f"{min_similarity}, between members and occupations outside the sector")
    return out


def roles(members: list[dict[str, Any]], limit: int = 8) -> dict[str, Any]:
    """Entry roles (lowest job zone and ISCO skill level) and senior roles (highest, with
    senior / chief / head / director / manager titles counting one more)."""
    ranked = sorted(members, key=lambda m: (m["seniority"], m["label"]))
    def item(m: dict[str, Any]) -> dict[str, Any]:
        return {"uri": m["uri"], "label": cap(m["label"]), "code": m["code"],
                "job_zone": m["job_zone"], "job_zone_estimated": bool(m["job_zone_estimated"]),
                "isco_skill_level": m["isco_skill_level"], "seniority": m["seniority"]}
    if len(ranked) < 2:
        return {"entry": [item(m) for m in ranked], "senior": [], "basis": _ROLES_BASIS}
    low, high = ranked[0]["seniority"], ranked[-1]["seniority"]
    entry = [m for m in ranked if m["seniority"] <= low + 1][:limit]
    senior = [m for m in reversed(ranked) if m["seniority"] >= high - 1
              and m not in entry][:limit]
    return {"entry": [item(m) for m in entry], "senior": [item(m) for m in senior],
            "basis": _ROLES_BASIS}


_ROLES_BASIS = ("seniority = O*NET job zone (1-5; estimated from the ISCO major group where "
                "no O*NET link has one) + ISCO-08 skill level of the major group (1-4) + 1 for "
                "senior/chief/head/director/manager titles")


def sector_overview(catalog: Catalog, query: str) -> dict[str, Any]:
    """The overview of a sector: an ISCO-08 group code ("22", "7") or a free-text field
    ("international relations", "health", "construction"). Raises NotFound when nothing
    matches. Keys: ``sector`` (kind, code, label, definition, description, members),
    ``totals``, ``rankings`` (by_openings, by_growth, by_wage: US series), ``occupations``
    (ESCO members with job zone, US wage and outlook phrase), ``roles``, ``skills``,
    ``fields_of_study``, ``wages``, ``mobility``, ``isco_breakdown``, ``us_data``,
    ``releases``."""
    found = resolve_sector(catalog, query)
    uris = found.pop("uris")
    members = _members(catalog, uris)
    series = us_series(catalog, members)
    average = average_change(catalog)
    phrase = {s["soc_code"]: s["outlook"] for s in series}
    with_wage = sum(1 for m in members if m["wage_annual_median"] is not None)
    share = with_wage / len(members)
    note = None
    if share < LOW_US_DATA_SHARE or len(series) < 3:
        note = (f"little US data: {with_wage} of {len(members)} occupations have a US wage "
                f"series, through {len(series)} US occupation(s); US figures describe only "
                "those")
    groups: dict[str, int] = {}
    for m in members:
        key = (m["isco_group"] or "??")[:2]
        groups[key] = groups.get(key, 0) + 1
    labels = {r["code"]: r["label"] for r in catalog.rows(
        "SELECT code, label FROM isco_groups WHERE level = 2")}
    if not found["description"]:  # a free-text field: say where its occupations sit
        top = sorted(groups.items(), key=lambda x: (-x[1], x[0]))[:3]
        found["description"] = (f"{len(members)} ESCO occupations, mostly in ISCO-08 "
                                + "; ".join(f"{labels.get(k, k)} ({v})" for k, v in top) + ".")
    return {
        "sector": {**found, "members": len(members)},
        "totals": totals(series, average),
        "rankings": {"by_openings": _ranked(series, "annual_openings"),
                     "by_growth": _ranked(series, "change_percent"),
                     "by_wage": _ranked(series, "annual_median"),
                     "unit": "US series (SOC 2018); several ESCO occupations may share one",
                     "releases": {"openings_and_growth": PROJECTIONS, "wage": WAGES}},
        "occupations": [{"uri": m["uri"], "label": cap(m["label"]), "code": m["code"],
                         "isco_group": m["isco_group"], "job_zone": m["job_zone"],
                         "soc_code": m["wage_soc"], "annual_median": m["wage_annual_median"],
                         "outlook": phrase.get(m["wage_soc"])}
                        for m in sorted(members, key=lambda m: m["label"])],
        "roles": roles(members),
        "skills": shared_skills(catalog, uris),
        "fields_of_study": fields_of_study(catalog, uris),
        "wages": wage_distribution(members),
        "mobility": mobility(catalog, uris),
        "isco_breakdown": [{"isco_sub_major": k, "label": labels.get(k), "occupations": v}
                           for k, v in sorted(groups.items(), key=lambda x: (-x[1], x[0]))],
        "us_data": {"occupations_with_us_wage": with_wage, "share": round(share, 3),
                    "us_series": len(series), "little": note is not None, "note": note},
        "releases": {"occupations_and_skills": "ESCO v1.1.1", "wages": WAGES,
                     "projections": PROJECTIONS, "job_zones": "O*NET 29.2",
                     "fields_of_study": "ISCED-F 2013 (via ESCO)",
                     "links": "Nesta ESCO-O*NET crosswalk (Nov 2020) and DestinAI's "
                              "crosswalk builder"},
    }
