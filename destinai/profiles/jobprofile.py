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
from destinai.profiles.occupation_profile import occupation_profile

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
    None: "We are looking for a {title} to join our organisation.",
    "public": "We are recruiting a {title} to serve the public in our administration.",
    "ngo": "Our mission-driven organisation is looking for a {title} to help deliver its "
           "programmes.",
    "private": "Our company is hiring a {title} to help the business grow.",
}
CLOSING = {
    None: "",
    "public": "Appointments follow merit-based selection and the applicable public-sector pay "
              "scale; the US figures above are a market reference across all employers.",
    "ngo": "The US figures above cover all employers; non-profit pay may differ.",
    "private": "The US figures above are a market reference across all employers.",
}


def cap(text: str) -> str:
    """Upper-case the first letter only (ESCO labels are lower case)."""
    return text[:1].upper() + text[1:] if text else text


def emphasise(labels: list[str], sector: str | None) -> tuple[list[str], list[str]]:
    """Move labels that mention the sector's words to the front; return (ordered, matched)."""
    if sector is None:
        return labels, []
    words = SECTOR_WORDS[sector]
    matched = [x for x in labels if any(w in x.casefold() for w in words)]
    return matched + [x for x in labels if x not in matched], matched


def _salary(pay: dict[str, Any]) -> dict[str, Any]:
    if not pay["available"]:
        return {"available": False, "note": pay["note"]}
    if pay["basis"] == "isco_fallback":
        s = pay["summary"]
        return {"available": True, "approximate": True, "year": pay["year"], "currency": "USD",
                "median": s.get("annual_median"), "range_of_medians":
                [s.get("annual_median_min"), s.get("annual_median_max")],
                "hourly_median": s.get("hourly_median"), "note": pay["note"]}
    p = pay["primary"]
    return {"available": True, "approximate": pay["approximate"], "year": p["year"],
            "currency": "USD", "soc_code": p["soc_code"], "soc_title": p["title"],
            "p10": p["annual_p10"], "p25": p["annual_p25"], "median": p["annual_median"],
            "p75": p["annual_p75"], "p90": p["annual_p90"], "mean": p["annual_mean"],
            "hourly": {k: p[f"hourly_{k}"] for k in ("p10", "p25", "median", "p75", "p90")},
            "top_coded": sorted(k for k, v in p["flags"].items() if v == "#"),
            "approximate_reasons": pay["approximate_reasons"],
            "note": pay["note"]}


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


def _skills(profile: dict[str, Any], sector: str | None) -> dict[str, Any]:
    ess, opt = profile["skills"]["essential"], profile["skills"]["optional"]
    hard, matched = emphasise([cap(s["label"]) for s in ess["skill_competence"]], sector)
    tech = profile["onet_profile"]["technology_skills"]
    styles = [w for w in profile["onet_profile"]["work_styles"] if (w["importance"] or 0) >= 3.5]
    return {
        "hard": hard, "sector_emphasis": matched,
        "knowledge": [cap(s["label"]) for s in ess["knowledge"]],
        "technology": [t["example"] + (" (hot technology)" if t["hot_technology"] else "")
                       for t in tech[:10]],
        "soft": [cap(s["label"]) for s in ess["transversal"]]
        + [w["name"] for w in styles[:6] if w["name"]],
        "languages": [cap(s["label"]) for s in ess["language"] + opt["language"]],
        "nice_to_have": emphasise([cap(s["label"]) for s in opt["skill_competence"]
                                   + opt["knowledge"] + opt["transversal"]], sector)[0][:12],
    }


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
                   basis=f"O*NET education distribution of {', '.join(edu['onet_codes'])}")
    else:
        out.update(available=bool(fields), note=edu["note"])
    return out


def job_profile(catalog: Catalog, query: str, sector: str | None = None) -> dict[str, Any]:
    """The job profile for ``query``; ``sector`` is public, ngo, private or None."""
    if sector is not None and sector not in SECTORS:
        raise BadInput(f"sector must be one of {', '.join(SECTORS)}, not {sector!r}")
    p = occupation_profile(catalog, query, paths=True)
    tasks = p["onet_profile"]["tasks"]
    primary = [t["task"] for t in tasks["core"]] or [t["task"] for t in tasks["other"]]
    source = "O*NET core tasks" if tasks["core"] else "O*NET tasks"
    if not primary:
        primary = [cap(s["label"]) for s in p["skills"]["essential"]["skill_competence"]]
        source = "ESCO essential skills (no O*NET tasks for this occupation)"
    phrases = list(dict.fromkeys([p["label"], *p["titles"]["alternative"],
                                  *p["titles"]["onet"]]))
    return {
        "uri": p["uri"], "code": p["code"], "title": cap(p["label"]),
        "key_phrases": phrases[:12], "sector": sector,
        "intro": SECTOR_TEXT[sector].format(title=p["label"]),
        "closing": CLOSING[sector],
        "role_definition": p["description"] or p["definition"],
        "regulation": p["regulation"],
        "salary": _salary(p["pay"]),
        "career_progression": _progression(p),
        "responsibilities": {"primary": primary[:12], "primary_source": source,
                             "secondary": [t["task"] for t in tasks["supplemental"][:8]]},
        "skills": _skills(p, sector),
        "education": _education(catalog, p),
        "experience": p["onet_profile"]["experience"],
        "job_zone": p["onet_profile"]["job_zone"],
        "onet_codes": p["onet_profile"]["codes"],
        "isco_group": p["isco_group"],
        "sources": p["sources"],
        "esco_page": p["esco_page"],
    }
