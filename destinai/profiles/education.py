"""Education and experience: O*NET's education distribution mapped to ISCED 2011, job zones as
year ranges, and the ISCED-F fields of study behind an occupation's knowledge skills.

O*NET "Required Level of Education" (element 2.D.1, scale RL) category -> ISCED 2011 level.
ISCED classifies completed programmes, so each O*NET category goes to the level of the
qualification it names (the same table the paths feature uses):

    1 less than high school diploma  -> 2 lower secondary
    2 high school diploma / GED      -> 3 upper secondary
    3 post-secondary certificate     -> 4 post-secondary non-tertiary
    4 some college courses           -> 4 (no tertiary qualification completed)
    5 associate's degree             -> 5 short-cycle tertiary
    6 bachelor's degree              -> 6 bachelor's or equivalent
    7 post-baccalaureate certificate -> 6 (a certificate below the master's level)
    8 master's degree                -> 7 master's or equivalent
    9 post-master's certificate      -> 7
   10 first professional degree      -> 7 (long first degrees such as MD or JD)
   11 doctoral degree                -> 8 doctoral or equivalent
   12 post-doctoral training         -> 8 (ISCED has no level above 8)
"""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog

RL_TO_ISCED = {1: 2, 2: 3, 3: 4, 4: 4, 5: 5, 6: 6, 7: 6, 8: 7, 9: 7, 10: 7, 11: 8, 12: 8}
ISCED_LEVELS = {
    0: "early childhood education", 1: "primary education", 2: "lower secondary education",
    3: "upper secondary education", 4: "post-secondary non-tertiary education",
    5: "short-cycle tertiary education", 6: "bachelor's or equivalent level",
    7: "master's or equivalent level", 8: "doctoral or equivalent level",
}
# Job zone -> years of related preparation, from the Specific Vocational Preparation (SVP)
# range O*NET gives each zone: SVP 4 = 3-6 months, 6 = 1-2 years, 7 = 2-4 years, 8 = 4-10 years.
JOB_ZONE_YEARS = {1: (0, 0), 2: (0, 1), 3: (1, 2), 4: (2, 4), 5: (4, 10)}
MINIMUM_SHARE = 20.0   # the "minimum" level: the lowest level that 20 % of incumbents reach


def education_distribution(catalog: Catalog, codes: list[str]) -> dict[str, Any]:
    """The required-education distribution of the O*NET codes, averaged over them.

    Returns ``{available, onet_codes, levels: [{category, label, isced_level, isced_label,
    percent}], typical, minimum}``; ``typical`` is the most common category, ``minimum`` the
    lowest category at which the cumulative share reaches 20 %.
    """
    if not codes:
        return {"available": False, "note": "no linked O*NET occupation"}
    marks = ",".join("?" * len(codes))
    rows = catalog.rows(
        f"SELECT e.code, e.category, e.value, c.description FROM onet_education e "
        f"JOIN onet_education_categories c ON c.element_id = e.element_id "
        f"AND c.scale_id = e.scale_id AND c.category = e.category "
        f"WHERE e.element_id = '2.D.1' AND e.scale_id = 'RL' AND e.code IN ({marks}) "
        f"AND e.value IS NOT NULL", codes)
    used = sorted({r["code"] for r in rows})
    if not used:
        return {"available": False, "note": "O*NET has no education data for "
                + ", ".join(codes)}
    totals: dict[int, float] = {}
    labels: dict[int, str] = {}
    for r in rows:
        totals[r["category"]] = totals.get(r["category"], 0.0) + r["value"] / len(used)
        labels[r["category"]] = _short_label(r["description"])
    levels: list[dict[str, Any]] = [
        {"category": c, "label": labels[c], "isced_level": RL_TO_ISCED.get(c),
         "isced_label": ISCED_LEVELS.get(RL_TO_ISCED.get(c, -1)),
         "percent": round(totals[c], 2)} for c in sorted(totals)]
    typical = max(levels, key=lambda x: (x["percent"], -x["category"]))
    cumulative, minimum = 0.0, levels[-1]
    for level in levels:
        cumulative += level["percent"]
        if cumulative >= MINIMUM_SHARE:
            minimum = level
            break
    return {"available": True, "onet_codes": used, "levels": levels,
            "typical": typical, "minimum": minimum,
            "rule": "typical = most common category; minimum = lowest category reached by "
                    f"{MINIMUM_SHARE:.0f} % of incumbents (cumulative)"}


def _short_label(description: str) -> str:
    """'Bachelor's Degree' from O*NET's long category text (drop the explanation)."""
    return description.split(" - ")[0].split(" (")[0].strip()


def experience_years(job_zone: int | None) -> dict[str, Any]:
    """The job zone as a range of years of related experience (see JOB_ZONE_YEARS)."""
    if job_zone not in JOB_ZONE_YEARS:
        return {"available": False, "note": "no job zone for this occupation"}
    low, high = JOB_ZONE_YEARS[job_zone]
    if high == 0:
        text = "no previous experience required"
    elif low == 0:
        text = f"up to {high} year of related experience"
    else:
        text = f"{low}–{high} years of related experience"
    return {"available": True, "job_zone": job_zone, "min_years": low, "max_years": high,
            "text": text}


def fields_of_study(catalog: Catalog, knowledge: list[dict[str, Any]],
                    limit: int = 4) -> list[dict[str, Any]]:
    """ISCED-F 2013 narrow fields (3 digits) of the knowledge skills, most skills first.

    ``knowledge``: skills with ``uri``, ``label`` and ``relation``. Fields are ranked by
    2 x essential + optional skills; a field needs one essential or two optional skills.
    Each field lists the skills that point to it.
    """
    if not knowledge:
        return []
    relation = {k["uri"]: k["relation"] for k in knowledge}
    marks = ",".join("?" * len(relation))
    rows = catalog.rows(
        f"WITH RECURSIVE up(skill, uri, depth) AS ("
        f" SELECT uri, broader_uri, 1 FROM skill_broader WHERE uri IN ({marks})"
        f" UNION SELECT up.skill, b.broader_uri, depth + 1 FROM up"
        f" JOIN skill_broader b ON b.uri = up.uri WHERE depth < 8)"
        f" SELECT DISTINCT up.skill, g.isced_f, g.label FROM up"
        f" JOIN skill_groups g ON g.uri = up.uri WHERE length(g.isced_f) = 3",
        list(relation))
    labels = {k["uri"]: k["label"] for k in knowledge}
    fields: dict[str, dict[str, Any]] = {}
    for r in rows:
        field = fields.setdefault(r["isced_f"], {"isced_f": r["isced_f"], "label": r["label"],
                                                 "essential": 0, "optional": 0, "skills": []})
        field[relation[r["skill"]]] += 1
        field["skills"].append(labels[r["skill"]])
    # a field counts when an essential knowledge skill or two optional ones point to it
    kept = [f for f in fields.values() if f["essential"] or f["optional"] >= 2]
    ranked = sorted(kept, key=lambda f: (-(2 * f["essential"] + f["optional"]), f["isced_f"]))
    for field in ranked:
        field["skills"].sort()
    return ranked[:limit]
