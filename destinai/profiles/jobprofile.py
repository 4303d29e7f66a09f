"""A job profile (job description) generated deterministically from the occupation profile.

Every statement comes from a release: titles and skills from ESCO, tasks, technologies, work
styles, education and job zone from O*NET, pay from OEWS. ``sector`` changes wording and puts
the skills whose labels speak to that sector first; it adds no facts.
"""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog
from destinai.errors import BadInput
from destinai.profiles.education import fields_of_study
from destinai.profiles.occupation_profile import profile_and_context
from destinai.profiles.relevance import MIN_FITTING_TASKS, OccupationContext, rank_skills
from destinai.profiles.wording import (
    cap,
    group_by,
    skill_themes,
    soft_skill_uris,
    with_article,
)

SECTORS = ("public", "ngo", "private")
SECTOR_WORDS = {
    "public": ("public", "policy", "legislation", "law", "regulation", "government",
               "procurement", "compliance", "administrative", "citizen", "audit"),
    "ngo": ("fundraising", "volunteer", "community", "advocacy", "grant", "donor", "social",
            "humanitarian", "stakeholder", "campaign", "charity"),
    "private": ("sales", "customer", "client", "business", "market", "commercial", "profit",
                "budget", "revenue", "product", "financial"),
}
SECTOR_TEXT = {
    None: "We are looking for {title} to join our organisation.",
    "public": "We are recruiting {title} to serve the public in our administration.",
    "ngo": "Our mission-driven organisation is looking for {title} to help deliver its "
           "programmes.",
    "private": "Our company is hiring {title} to help the business grow.",
}
TOP_RESPONSIBILITIES = 10
THEME_HEADINGS = {  # ESCO skills-pillar top groups, as responsibility headings
    "communication, collaboration and creativity": "Communication and collaboration",
    "information skills": "Information and analysis",
    "assisting and caring": "Care and assistance",
    "management skills": "Management",
    "working with computers": "Digital work",
    "handling and moving": "Handling and moving",
    "constructing": "Construction and installation",
    "working with machinery and specialised equipment": "Machinery and equipment",
    "other": "Other",
}
TOP_SKILLS = 10
CLOSING = {
    None: "",
    "public": "Appointments follow merit-based selection and the applicable public-sector pay "
              "scale; the US figures above are a market reference across all employers.",
    "ngo": "The US figures above cover all employers; non-profit pay may differ.",
    "private": "The US figures above are a market reference across all employers.",
}


def emphasise(labels: list[str], sector: str | None) -> tuple[list[str], list[str]]:
    """Move labels that mention the sector's words to the front; return (ordered, matched)."""
    if sector is None:
        return labels, []
    words = SECTOR_WORDS[sector]
    matched = [x for x in labels if any(w in x.casefold() for w in words)]
    return matched + [x for x in labels if x not in matched], matched


def _salary(pay: dict[str, Any]) -> dict[str, Any]:
    """The salary block: the linked series' percentiles for a close link; otherwise only
    the range of the candidate (or ISCO-group) medians, with its basis named."""
    if not pay["available"]:
        return {"available": False, "note": pay["note"]}
    common = {"available": True, "basis": pay["basis"], "basis_text": pay["basis_text"],
              "approximate": pay["approximate"], "year": pay["year"], "currency": "USD",
              "release": pay["release"], "approximate_reasons": pay["approximate_reasons"],
              "note": pay["note"]}
    if pay["basis"] != "onet_link":
        r = pay["range"]
        return {**common, "median": None,
                "range_of_medians": [r.get("annual_median_min"), r.get("annual_median_max")],
                "hourly_range_of_medians": [r.get("hourly_median_min"),
                                            r.get("hourly_median_max")],
                "series": [{"soc_code": x["soc_code"], "title": x["title"],
                            "annual_median": x["annual_median"],
                            "hourly_median": x["hourly_median"]} for x in pay["rows"][:6]]}
    p = pay["primary"]
    return {**common, "soc_code": p["soc_code"], "soc_title": p["title"],
            "p10": p["annual_p10"], "p25": p["annual_p25"], "median": p["annual_median"],
            "p75": p["annual_p75"], "p90": p["annual_p90"], "mean": p["annual_mean"],
            "hourly": {k: p[f"hourly_{k}"] for k in ("p10", "p25", "median", "p75", "p90")},
            "top_coded": sorted(k for k, v in p["flags"].items() if v == "#")}


def _progression(profile: dict[str, Any]) -> dict[str, Any]:
    """Career progression: the paths feature's moves when the catalog has them, else O*NET
    related occupations compared by job zone (higher zone: advancement; same: lateral; lower:
    entry point); ESCO broader and narrower occupations in both cases."""
    rel = profile["related"]
    broader = [cap(b["label"]) for b in rel["broader"]]
    narrower = [cap(n["label"]) for n in rel["narrower"]][:6]
    paths = profile["career_paths"]
    if paths["available"]:
        return {"available": True, "broader_role": broader, "specialisations": narrower,
                **{out: [cap(m["label"]) for m in paths[key]] for out, key in (
                    ("entry_points", "entry_points"), ("lateral", "lateral_moves"),
                    ("advancement", "advancement"))},
                "career_paths": paths,
                "basis": "DestinAI career paths (skill and task similarity, job zones, "
                         "wages); ESCO broader and narrower occupations"}
    zone = profile["onet_profile"]["job_zone"].get("job_zone")
    out: dict[str, list[str]] = {"advancement": [], "lateral": [], "entry_points": []}
    for r in rel["onet_related"]:
        # an O*NET occupation shared by many ESCO ones is better named by its own title
        names = [cap(e["label"]) for e in r["esco"]] if 0 < r["esco_count"] <= 2 \
            else [r["title"]]
        if zone is None or r["job_zone"] is None:
            continue
        key = ("advancement" if r["job_zone"] > zone else
               "entry_points" if r["job_zone"] < zone else "lateral")
        out[key] += [n for n in names if n not in out[key]]
    out = {k: v[:6] for k, v in out.items()}
    return {"available": bool(any(out.values()) or broader or narrower), **out,
            "broader_role": broader, "specialisations": narrower,
            "career_paths": profile["career_paths"],
            "basis": "O*NET related occupations compared by job zone (higher zone: "
                     "advancement, same: lateral, lower: entry point), named in ESCO where the "
                     "link is specific; ESCO broader and narrower occupations"}


# skills (no languages) of the occupations of an ISCO group, each with its number of
# occupations; on the keyed tables, members first (through the occupation_skills view SQLite
# scanned every relation: 0.5 s)
GROUP_SKILL_COUNTS = (
    "WITH members AS (SELECT k.id FROM occupations o JOIN catalog_keys k ON k.value = o.uri "
    "WHERE o.isco_group LIKE ?), counted AS (SELECT t.skill_uri AS id, count(*) AS n "
    "FROM members m CROSS JOIN occupation_skills_ids t ON t.occupation_uri = m.id "
    "GROUP BY t.skill_uri) SELECT k.value AS uri, s.label, c.n FROM counted c "
    "JOIN catalog_keys k ON k.id = c.id JOIN skills s ON s.uri = k.value "
    "WHERE s.is_language = 0")


def group_transversal(catalog: Catalog, p: dict[str, Any], limit: int = 6) -> list[str]:
    """The soft skills most often required by the occupations of the same ISCO-08 unit
    group (else the minor, sub-major or major group): for occupations ESCO gives too few.
    Counted with one SQL query per group (as ``sector.shared_skills`` counts transversal
    skills, essential or optional; loading the whole sector index cost a cold command 1 s)."""
    group = (p.get("isco_group") or {}).get("code") or ""
    for prefix in dict.fromkeys((group, group[:3], group[:2], group[:1])):
        if not prefix:
            continue
        counts = catalog.rows(GROUP_SKILL_COUNTS, (prefix + "%",))
        soft = soft_skill_uris(catalog, [c["uri"] for c in counts])
        found = sorted((c for c in counts if c["uri"] in soft),
                       key=lambda c: (-c["n"], c["label"], c["uri"]))[:limit]
        if found:
            return [cap(c["label"]) for c in found]
    return []


def _skills(catalog: Catalog, p: dict[str, Any], sector: str | None,
            context: OccupationContext, used: list[str]) -> dict[str, Any]:
    """Skills ranked by how telling they are for the occupation; the top ones first, the
    rest under ``*_more``. Soft skills: ESCO transversal skills (essential, then optional),
    then O*NET work styles of importance 3.5 or more when the O*NET link is close."""
    ess, opt = p["skills"]["essential"], p["skills"]["optional"]
    hard_ranked = [cap(s["label"]) for s in rank_skills(context, ess["skill_competence"]
                                                         + ess["other"])]
    # skills already written out as responsibilities are not listed twice
    hard, matched = emphasise([h for h in hard_ranked if h not in used], sector)
    knowledge = [cap(s["label"]) for s in rank_skills(context, ess["knowledge"])]
    tech = p["onet_profile"]["technology_skills"]
    pool = [s for g in ("transversal", "skill_competence", "other") for s in ess[g] + opt[g]]
    soft_uris = soft_skill_uris(catalog, [s["uri"] for s in pool])
    soft = [cap(s["label"]) for s in pool if s["uri"] in soft_uris]
    source = "ESCO transversal skills of this occupation"
    if p["onet_profile"]["closeness"] == "close":
        soft += [w["name"] for w in p["onet_profile"]["work_styles"]
                 if (w["importance"] or 0) >= 3.5 and w["name"]][:6]
        source += " and O*NET work styles"
    if len(soft) < 4:  # too few to describe a person: add those common in the ISCO group
        soft += [x for x in group_transversal(catalog, p) if x not in soft]
        source += "; ESCO transversal skills most common in its ISCO-08 group"
    if len(soft) < 4 and p["onet_profile"]["closeness"] != "close":
        # general personal qualities hold across neighbouring occupations better than tasks
        soft += [w["name"] for w in p["onet_profile"]["work_styles"]
                 if (w["importance"] or 0) >= 3.5 and w["name"]][:6 - len(soft)]
        source += "; O*NET work styles of the closest US occupation(s)"
    nice = [cap(s["label"]) for s in rank_skills(context, opt["skill_competence"]
                                                 + opt["knowledge"] + opt["other"])]
    return {
        "hard": hard[:TOP_SKILLS], "hard_more": hard[TOP_SKILLS:], "sector_emphasis": matched,
        "knowledge": knowledge[:8], "knowledge_more": knowledge[8:],
        "technology": [t["example"] for t in tech[:8]],
        "soft": list(dict.fromkeys(soft))[:8],
        "soft_source": source,
        "languages": [cap(s["label"]) for s in ess["language"] + opt["language"]][:6],
        "nice_to_have": emphasise(nice, sector)[0][:8],
    }


def responsibilities(catalog: Catalog, p: dict[str, Any],
                     context: OccupationContext) -> dict[str, Any]:
    """The main responsibilities: O*NET tasks that fit the occupation, best first, when at
    least ``MIN_FITTING_TASKS`` fit; otherwise written from the ESCO essential skills,
    grouped by ESCO skills-pillar theme (the fitting tasks, if any, follow under more)."""
    tasks = [t["task"] for t in p["onet_profile"]["ranked_tasks"]]
    if len(tasks) >= MIN_FITTING_TASKS:
        return {"source": "O*NET tasks that fit this occupation, best first",
                "primary": tasks[:TOP_RESPONSIBILITIES], "more": tasks[TOP_RESPONSIBILITIES:],
                "themes": []}
    skills = rank_skills(context, p["skills"]["essential"]["skill_competence"])
    themes = skill_themes(catalog, [s["uri"] for s in skills])
    for s in skills:
        s["theme"] = themes.get(s["uri"], "other")
    grouped = group_by(skills[:TOP_RESPONSIBILITIES], "theme")
    primary = [cap(s["label"]) for items in grouped.values() for s in items]
    return {"source": "ESCO essential skills (too few O*NET tasks fit this occupation)",
            "primary": primary,
            "themes": [{"theme": THEME_HEADINGS.get(t, cap(t)),
                        "items": [cap(s["label"]) for s in items]}
                       for t, items in grouped.items()],
            "more": [cap(s["label"]) for s in skills[TOP_RESPONSIBILITIES:]] + tasks}


def _education(catalog: Catalog, profile: dict[str, Any]) -> dict[str, Any]:
    edu = profile["onet_profile"]["education"]
    knowledge = [{"uri": s["uri"], "label": s["label"], "relation": rel}
                 for rel in ("essential", "optional")
                 for s in profile["skills"][rel]["knowledge"]]
    fields = fields_of_study(catalog, knowledge)
    out: dict[str, Any] = {"fields_of_study": [{"isced_f": f["isced_f"], "label": f["label"],
                                                "skills": f["skills"]} for f in fields]}
    if edu["available"]:
        out.update(available=True, minimum=edu["minimum"], preferred=edu["typical"],
                   approximate=bool(edu.get("approximate")),
                   basis=f"O*NET education distribution of {', '.join(edu['onet_codes'])}")
    else:
        entry = [r for r in profile["outlook"].get("rows", []) if r["typical_entry_education"]]
        if entry:
            out.update(available=True, entry_level=entry[0]["typical_entry_education"],
                       basis=f"BLS typical entry-level education for {entry[0]['title']} "
                             f"({entry[0]['release']})")
        else:
            out.update(available=bool(fields), note=edu["note"])
    return out


def job_profile(catalog: Catalog, query: str, sector: str | None = None) -> dict[str, Any]:
    """The job profile for ``query``; ``sector`` is public, ngo, private or None."""
    if sector is not None and sector not in SECTORS:
        raise BadInput(f"sector must be one of {', '.join(SECTORS)}, not {sector!r}")
    p, context = profile_and_context(catalog, query, paths=True)
    duties = responsibilities(catalog, p, context)
    # ESCO names only: O*NET titles belong to the US occupation, which may be another one
    phrases = list(dict.fromkeys([p["label"], *p["titles"]["alternative"]]))
    return {
        "uri": p["uri"], "code": p["code"], "title": cap(p["label"]),
        "key_phrases": phrases[:8], "sector": sector,
        "intro": SECTOR_TEXT[sector].format(title=with_article(p["label"])),
        "closing": CLOSING[sector],
        "role_definition": p["description"] or p["definition"],
        "regulation": p["regulation"],
        "salary": _salary(p["pay"]),
        "outlook": p["outlook"],
        "link_fit": {k: p["link_fit"][k] for k in ("closeness", "reason")},
        "career_progression": _progression(p),
        "responsibilities": {"primary": duties["primary"], "primary_source": duties["source"],
                             "themes": duties["themes"], "more": duties["more"],
                             "secondary": duties["more"][:8]},
        "skills": _skills(catalog, p, sector, context,
                          duties["primary"] if duties["themes"] else []),
        "education": _education(catalog, p),
        "experience": p["onet_profile"]["experience"],
        "job_zone": p["onet_profile"]["job_zone"],
        "onet_codes": p["onet_profile"]["codes"],
        "isco_group": p["isco_group"],
        "sources": p["sources"],
        "esco_page": p["esco_page"],
    }
