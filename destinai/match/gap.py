"""``gap``: what a profile lacks for one target occupation, grouped and prioritised.

Groups: knowledge, skills (skill/competence) and transversal (ESCO reuse level). Within a
group, essential skills come first, ordered by how much they matter for the target (its core
skills, shared with its ISCO unit-group siblings, before one-off details); ties go to skills
essential for more other occupations (``opens_occupations``), which open more doors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import match_data
from destinai.match.engine import profile_summary
from destinai.match.profile import Profile
from destinai.match.score import credit, importance, matched_skills
from destinai.paths.similarity import COVERED
from destinai.search.resolve import resolve_occupation


def _group(data, s: int) -> str:
    if data.index.skill_reuse[s] == "transversal":
        return "transversal"
    return "knowledge" if data.index.skill_types[s] == "knowledge" else "skills"


def gap(catalog: Catalog, profile: Profile, target: str) -> dict[str, Any]:
    """The target's skills not covered by the profile, grouped, most widely useful first."""
    data = match_data(catalog)
    m = data.index.matrix
    o = m.occupation_index[resolve_occupation(catalog, target)[0]]
    held, cred, via = credit(data, profile)
    opens = np.asarray((m.essential > 0).sum(axis=0)).ravel()
    weight = importance(data, o)
    groups: dict[str, list[dict[str, Any]]] = {"knowledge": [], "skills": [], "transversal": []}
    for relation, mat in (("essential", m.essential), ("optional", m.optional)):
        for s in mat[o].indices:
            s = int(s)
            if cred[s] >= COVERED:
                continue
            groups[_group(data, s)].append({
                **data.index.skill_ref(s), "relation": relation,
                "opens_occupations": int(opens[s]) - (relation == "essential"),
                "importance": round(weight.get(s, 0.0), 3),
                "partial_credit": round(float(cred[s]), 3),
                **({"closest_held": data.index.skill_ref(via[s])} if s in via else {})})
    for items in groups.values():
        items.sort(key=lambda x: (x["relation"] != "essential", -x["importance"],
                                  -x["opens_occupations"], x["label"]))
    essential = m.essential[o].indices
    covered = int(sum(1 for s in essential if cred[s] >= COVERED))
    return {"target": data.index.occupation_ref(o), "profile": profile_summary(profile),
            "essential_covered": covered, "essential_count": len(essential),
            "matched_skills": matched_skills(data, o, held, cred, via), "gap": groups,
            "gap_count": {k: len(v) for k, v in groups.items()}}
