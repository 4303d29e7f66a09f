"""``study``: from a field of education to the occupations that draw on its knowledge.

Ranking: field fit = mean of *share* (part of the occupation's weighted knowledge that lies in
the field) and *depth* (how much field knowledge it uses, against the 95th percentile), times
the education-level fit when a level is given. Results are grouped by ISCO sub-major group.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import match_data
from destinai.match.fields import field_fit, field_skills, focus_fit, resolve_field
from destinai.match.score import level_fit

ISCED_LEVELS = {0: "early childhood", 1: "primary", 2: "lower secondary", 3: "upper secondary",
                4: "post-secondary non-tertiary", 5: "short-cycle tertiary", 6: "bachelor",
                7: "master", 8: "doctoral"}


def study(catalog: Catalog, field: str, level: int | None = None,
          limit: int = 30) -> dict[str, Any]:
    """Occupations for a field of study (free text or ISCED-F code), grouped by sector."""
    data = match_data(catalog)
    idx, m = data.index, data.index.matrix
    groups = resolve_field(catalog, field)
    skills = field_skills(catalog, data, groups)
    fit, share, depth = field_fit(data, skills)
    focus = focus_fit(catalog, data, field)
    score = fit.copy() if focus is None else (fit + focus) / 2
    required = np.array([idx.facts[u]["education_isced"] or 3 for u in m.occupations])
    if level is not None:
        score = score * level_fit(required, level)
    in_field = np.zeros(len(m.skills), bool)
    in_field[skills] = True
    order = [int(o) for o in np.argsort(-score, kind="stable")[:limit] if score[o] > 0]
    sectors: dict[str, dict[str, Any]] = {}
    isco = {r["code"]: r["label"] for r in catalog.rows(
        "SELECT code, label FROM isco_groups WHERE level <= 2")}
    for o in order:
        ref = idx.occupation_ref(o)
        sub = (ref["isco_group"] or "??")[:2]
        sector = sectors.setdefault(sub, {
            "isco_major": {"code": sub[:1], "label": isco.get(sub[:1])},
            "isco_sub_major": {"code": sub, "label": isco.get(sub)}, "occupations": []})
        still = [int(s) for s in m.essential[o].indices
                 if not in_field[s] and idx.skill_reuse[s] != "transversal"]
        still.sort(key=lambda s: -m.weights[s])
        sector["occupations"].append({
            **ref, "score": round(float(score[o]), 4),
            "parts": {"field_fit": round(float(fit[o]), 4), "share": round(float(share[o]), 4),
                      "depth": round(float(depth[o]), 4),
                      **({"focus": round(float(focus[o]), 4)} if focus is not None else {})},
            "typical_education": {"isced": int(required[o]),
                                  "label": ISCED_LEVELS.get(int(required[o])),
                                  "estimated": bool(idx.facts[ref["uri"]]["education_estimated"])},
            "still_needed": [idx.skill_ref(s) for s in still[:6]]})
    usage = np.asarray((m.essential + 0.5 * m.optional).sum(axis=0)).ravel()
    core = sorted((int(s) for s in skills if idx.skill_types[s] == "knowledge"),
                  key=lambda s: -usage[s])
    return {"field": field, "level": level, "isced_f": groups,
            "core_knowledge": [{**idx.skill_ref(s), "occupations": round(float(usage[s]), 1)}
                               for s in core[:15]],
            "field_skill_count": len(skills),
            "sectors": sorted(sectors.values(), key=lambda g: -g["occupations"][0]["score"]),
            "count": len(order),
            "explanation": ("Occupations ranked by field fit: the mean of the share of their "
                            "(specificity-weighted) knowledge that lies in this field and the "
                            "depth of field knowledge they use"
                            + ("; averaged with focus: use of the skills that best match the "
                               "words of the query" if focus is not None else "")
                            + (", times education-level fit" if level is not None else "")
                            + "; grouped by ISCO-08 sub-major group."),
            }


