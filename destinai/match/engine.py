"""``match``: the ranked, explained list of occupations for a profile."""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.profile import Profile
from destinai.match.score import matched_skills, missing_by_gain, score_all

PART_KEYS = ("essential", "essential_direct", "optional", "relevance", "words", "skills", "field",
             "level", "education", "interests")


def profile_summary(profile: Profile) -> dict[str, Any]:
    """What the profile was understood as."""
    sources: dict[str, int] = {}
    for _, source in profile.skills.values():
        key = source.split(":", 1)[0]
        sources[key] = sources.get(key, 0) + 1
    return {"skills": len(profile.skills), "skills_by_source": sources,
            "read_as": profile.read_as,
            "recognised": profile.recognised, "unrecognised": profile.unrecognised,
            "titles": profile.titles, "study": profile.field_query, "level": profile.level,
            "interests": profile.interests, "notes": profile.notes}


def _sentence(rank: int, item: dict[str, Any], weights: dict[str, float]) -> str:
    p, bits = item["parts"], []
    if "essential" in p:
        ess = [s for s in item["matched_skills"] if s["relation"] == "essential"]
        direct = sum(1 for s in ess if "stood_in_by" not in s)
        close = len(ess) - direct
        bits.append(f"you cover {direct} of {item['essential_count']} essential skills"
                    + (f" (+{close} through close skills)" if close else "")
                    + f", {p['essential']:.0%} of their weight")
    if "field" in p:
        bits.append(f"its knowledge fits your field ({p['field']:.0%})")
    if "level" in p:
        bits.append("your education level meets the usual requirement" if p["level"] >= 1
                    else "it usually asks for more education than you listed")
    if "interests" in p:
        bits.append(f"interest fit {p['interests']:.0%}")
    gap = item["missing_essential"][:2]
    tail = f"; learning {' and '.join(s['label'] for s in gap)} would raise it most" if gap else ""
    return f"Ranked #{rank} because " + ", ".join(bits) + tail + "."


def match(catalog: Catalog, profile: Profile, limit: int = 10) -> dict[str, Any]:
    """Rank every occupation for ``profile``; return the top ``limit`` with explanations.

    Keys: ``profile`` (what was recognised / not), ``weights``, ``field_groups``, ``results``
    (each: occupation, score, parts, matched_skills, missing_essential, wage, job_zone, why).
    """
    scored = score_all(catalog, profile)
    data, parts = scored["data"], scored["parts"]
    total = parts["total"]
    order = np.argsort(-total, kind="stable")[: max(1, limit)]
    skills_weight = scored["weights"].get("skills", 0.0)
    results = []
    for rank, o in enumerate(order, 1):
        o = int(o)
        item: dict[str, Any] = {
            "rank": rank,
            "occupation": data.index.occupation_ref(o),
            "score": round(float(total[o]), 4),
            "parts": {k: round(float(parts[k][o]), 4) for k in PART_KEYS if k in parts},
            "essential_count": len(data.index.matrix.essential[o].indices),
        }
        if "interests_known" in parts and not parts["interests_known"][o]:
            item["parts"]["interests_unknown"] = True
        item["matched_skills"] = (matched_skills(data, o, scored["held"], scored["credit"],
                                                 scored["via"]) if profile.skills else [])
        item["missing_essential"] = missing_by_gain(data, o, scored["credit"],
                                                    max(skills_weight, 0.7))
        item["why"] = _sentence(rank, item, scored["weights"])
        results.append(item)
    return {"profile": profile_summary(profile), "weights": scored["weights"],
            "field_groups": scored["field_groups"], "count": len(results), "results": results}
