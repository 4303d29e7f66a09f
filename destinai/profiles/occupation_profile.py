"""The full occupation profile: ESCO identity and skills, O*NET content, US pay, relations.

``occupation_profile`` extends the catalog record of ``get_occupation`` (its keys stay) with
the sections below. A section without data carries ``available: false`` and a ``note`` saying
why, so no renderer shows an empty section as if it were content.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

from destinai.catalog.db import Catalog
from destinai.catalog.occupations import get_occupation
from destinai.profiles import onet_profile, relevance, wages
from destinai.profiles.education import education_distribution, experience_years
from destinai.profiles.outlook import outlook
from destinai.search.resolve import resolve_occupation

SKILL_GROUPS = ("knowledge", "skill_competence", "language", "transversal", "other")
SOURCE_ORDER = ("esco", "onet", "oews", "projections", "crosswalk")
MAX_SCORED = 60  # technology and tool examples scored per profile
REGULATED_PREFIX = "http://data.europa.eu/esco/regulated-professions/"
PATHS_THREADS = 4   # career-path summaries computed beside the rest of a profile


def skill_group(skill: dict[str, Any]) -> str:
    """Where a skill is shown: language and transversal apart, then knowledge / competence."""
    if skill["is_language"]:
        return "language"
    if skill["is_transversal"] or skill["reuse_level"] == "transversal":
        return "transversal"
    if skill["skill_type"] == "knowledge":
        return "knowledge"
    if skill["skill_type"] == "skill/competence":
        return "skill_competence"
    return "other"


def _skill_item(s: dict[str, Any]) -> dict[str, Any]:
    return {"uri": s["uri"], "label": s["label"], "skill_type": s["skill_type"],
            "reuse_level": s["reuse_level"],
            "flags": [f for f in ("digital", "green", "transversal", "language") if s[f"is_{f}"]]}


def skill_sections(essential: list[dict[str, Any]], optional: list[dict[str, Any]],
                   counts: dict[str, int]) -> dict[str, Any]:
    """Essential and optional skills split into the display groups, with the counts line."""
    sections: dict[str, Any] = {}
    for relation, skills in (("essential", essential), ("optional", optional)):
        groups: dict[str, list[dict[str, Any]]] = {g: [] for g in SKILL_GROUPS}
        for s in skills:
            groups[skill_group(s)].append(_skill_item(s))
        sections[relation] = groups
    return {"summary": f"{counts['total']} total · {counts['essential']} essential · "
                       f"{counts['optional']} optional", **sections}


def regulation(note: str | None) -> dict[str, Any]:
    """The ESCO regulated-profession note as text."""
    if not note:
        return {"available": False, "note": "ESCO gives no regulated-profession note"}
    kind = note.removeprefix(REGULATED_PREFIX)
    if kind == "unregulated":
        return {"available": True, "regulated": False, "text": "Not a regulated profession "
                "in the EU (ESCO)."}
    if note.startswith(REGULATED_PREFIX):
        return {"available": True, "regulated": True, "kind": kind, "text":
                "Regulated profession (ESCO): access requires a recognised qualification "
                "in at least one EU country; see the EU Regulated Professions Database."}
    return {"available": True, "regulated": None, "text": note}


def career_paths(catalog: Catalog, uri: str, include: bool = True,
                 limit: int = 5) -> dict[str, Any]:
    """Entry points, lateral moves and advancement from the paths feature, summarised.

    ``include=False`` (the default of the occupation profile, to keep it fast and free of the
    paths index's one-off load) returns where to get them instead. Returns ``available:
    false`` with the reason when the catalog has no paths data for the occupation.
    """
    where = {"cli": f"destinai paths {uri}", "api": f"/api/v1/paths/{uri}"}
    if not include:
        return {"available": False, "included": False, **where,
                "note": "career paths are served by the paths feature (see cli / api)"}
    from destinai.paths.engine import career_paths as paths_engine

    found = paths_engine(catalog, uri, limit=limit)
    return {"available": True, "included": True, **where, "source": "DestinAI paths feature",
            "notes": found.get("notes", {}),
            **{key: [_move(m) for m in found[key]]
               for key in ("entry_points", "lateral_moves", "advancement")}}


def _move(move: dict[str, Any]) -> dict[str, Any]:
    o = move["occupation"]
    return {"uri": o["uri"], "label": o["label"], "code": o.get("code"),
            "similarity": move["similarity"], "job_zone_change": move["job_zone_change"],
            "why": move.get("why", []), "requirements": move.get("requirements", []),
            "skills_to_acquire": [s["label"] for s in move["skills_to_acquire"]]}


def related_occupations(catalog: Catalog, occ: dict[str, Any], codes: list[str],
                        limit: int = 50) -> dict[str, Any]:
    """ESCO broader/narrower, same ISCO unit group, O*NET related mapped back to ESCO."""
    group = occ["isco_group"]["code"] if occ.get("isco_group") else None
    same = catalog.rows("SELECT uri, label, code FROM occupations WHERE isco_group = ? "
                        "AND uri != ? ORDER BY label", (group, occ["uri"])) if group else []
    return {"broader": occ["broader"], "narrower": occ["narrower"],
            "same_isco_group": {"isco_group": group, "count": len(same), "items": same[:limit]},
            "onet_related": onet_profile.related(catalog, codes, occ["uri"])}


def occupation_profile(catalog: Catalog, query: str, paths: bool = False) -> dict[str, Any]:
    """The full profile of the occupation matching ``query`` (URI, ESCO/O*NET code, title);
    ``paths=True`` includes the career paths summary (see :func:`career_paths`)."""
    return profile_and_context(catalog, query, paths)[0]


def profile_and_context(catalog: Catalog, query: str, paths: bool = False
                        ) -> tuple[dict[str, Any], relevance.OccupationContext]:
    """The occupation profile and its embedding context (reused by the job profile and the
    interview guide so that nothing is encoded twice)."""
    occ = get_occupation(catalog, *resolve_occupation(catalog, query))
    # the paths summary (on a cold start, mostly the paths index's load: blobs, SQL) runs in
    # a thread beside the embedding work below; the answer is the same
    moves = _paths_pool().submit(career_paths, catalog, occ["uri"], True) if paths else None
    context = relevance.OccupationContext(occ)
    links = occ["onet"]
    codes = [link["code"] for link in links]
    soc = list(dict.fromkeys(link["soc_code"] for link in links))
    fit = relevance.assess_links(catalog, occ)
    onet = onet_section(catalog, occ, fit, context)
    pay = wages.pay(catalog, links, occ["isco_group"].get("code"), fit)
    pay_soc = [r["soc_code"] for r in pay.get("rows", [])] if pay["basis"] != "isco_fallback" \
        else soc
    return {
        **occ,
        "titles": {"preferred": occ["label"],
                   "alternative": [a for a in occ["alt_labels"] if a != occ["label"]],
                   "onet": [link["title"] for link in links],
                   "onet_note": "titles of the linked O*NET occupations (US), not alternative "
                                "names of this occupation"},
        "soc_2018": soc,
        "regulation": regulation(occ["regulated_note"]),
        "skills": skill_sections(occ["essential_skills"], occ["optional_skills"],
                                 occ["counts"]),
        "link_fit": fit,
        "onet_profile": onet,
        "pay": pay,
        "projections": wages.projections(catalog, soc),
        "outlook": outlook(catalog, pay_soc or soc, pay.get("basis_text")),
        "related": related_occupations(catalog, occ, codes),
        "career_paths": moves.result() if moves else career_paths(catalog, occ["uri"], False),
        "sources": sources(catalog),
    }, context


@lru_cache(maxsize=1)
def _paths_pool() -> ThreadPoolExecutor:
    """Threads kept for the process."""
    return ThreadPoolExecutor(PATHS_THREADS, thread_name_prefix="destinai-paths")


def onet_section(catalog: Catalog, occ: dict[str, Any], fit: dict[str, Any],
                 context: relevance.OccupationContext) -> dict[str, Any]:
    """O*NET content kept only where it fits the ESCO occupation, ranked by fit.

    Tasks, technology and tools come from the linked codes and the exact-title candidates,
    each scored by :mod:`destinai.profiles.relevance`; work styles and the education
    distribution describe the US occupation as a whole, so they are kept for a close link
    and flagged ``approximate`` for a coarse one.
    """
    links = occ["onet"]
    codes = [link["code"] for link in links]
    content_codes = [c["code"] for c in fit["candidates"]
                     if c["why"] == "linked" or c["why"].startswith("O*NET title")]
    closeness = fit["closeness"]
    fitting = context if content_codes else None
    task_groups = onet_profile.tasks(catalog, content_codes)
    all_tasks = [t for group in task_groups.values() for t in group]
    ranked, dropped = (relevance.rank_items(fitting, all_tasks, "task", closeness)
                       if fitting else ([], []))
    ranked = _distinct(ranked)
    kept = {id(t) for t in ranked}
    if fitting:
        fitting.anchor([t["task"] for t in ranked[:10]])
    # hot and in-demand technologies come first in O*NET's order; the long tail of
    # examples is cut before scoring (it only ever fills the end of the list)
    tech, _ = (relevance.rank_items(fitting, onet_profile.technology(
        catalog, content_codes)[:MAX_SCORED], "example", "close") if fitting else ([], []))
    tech.sort(key=lambda t: -(t["fit"] + 0.08 * t["hot_technology"] + 0.04 * t["in_demand"]))
    tools, _ = (relevance.rank_items(fitting, onet_profile.tools(
        catalog, content_codes)[:MAX_SCORED], "example", "close") if fitting else ([], []))
    zone = onet_profile.job_zone(catalog, links)
    coarse = closeness != "close"
    return {
        "available": bool(codes),
        "codes": codes, "content_codes": content_codes, "closeness": closeness,
        "note": None if codes else "no O*NET occupation is linked to this ESCO occupation",
        "tasks": {k: [t for t in v if id(t) in kept] for k, v in task_groups.items()},
        "ranked_tasks": ranked,
        "tasks_left_out": {"count": len(dropped), "fit_below": relevance.FIT_MIN.get(
            closeness, relevance.FIT_MIN["coarse"]), "examples": [t["task"] for t in
                                                                dropped[:5]]},
        "technology_skills": tech,
        "tools": tools,
        "skills": onet_profile.ratings(catalog, codes, "skills"),
        "knowledge": onet_profile.ratings(catalog, codes, "knowledge"),
        "work_styles": onet_profile.work_styles(catalog, codes),
        "work_styles_approximate": coarse,
        "interests": onet_profile.interests(catalog, codes),
        "job_zone": zone,
        "education": {**education_distribution(catalog, codes), "approximate": coarse},
        "experience": experience_years(zone.get("job_zone")),
    }


def _distinct(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks without near-duplicates: the same text in two codes often differs only at the
    end ("… and use these relationships to …"), so the first 80 characters decide."""
    seen: set[str] = set()
    out = []
    for t in tasks:
        key = t["task"][:80].casefold()
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def sources(catalog: Catalog) -> list[dict[str, Any]]:
    """The releases behind the catalog, one entry per release (from build_sources)."""
    found: dict[str, dict[str, Any]] = {}
    rows = catalog.rows("SELECT key, release, publisher, download FROM build_sources")
    rows.sort(key=lambda r: (SOURCE_ORDER.index(r["key"].split(":")[0])
                             if r["key"].split(":")[0] in SOURCE_ORDER else 9, r["key"]))
    for r in rows:
        found.setdefault(r["release"], {k: r[k] for k in ("release", "publisher", "download")})
    return list(found.values())
