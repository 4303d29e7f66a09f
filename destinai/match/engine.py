"""``match``: the ranked, explained list of occupations for a profile."""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.explain import why
from destinai.match.filters import Filters, allowed, outlook_words, projected_change
from destinai.match.profile import Profile
from destinai.match.score import matched_skills, missing_by_gain, score_all
from destinai.match.tasks import task_text

TASK_SHOWN = 0.15        # task fit from which the closest O*NET task is quoted

PART_KEYS = ("essential", "essential_direct", "optional", "relevance", "words", "tasks",
             "title", "skills",
             "field", "level", "education", "interests")


def profile_summary(profile: Profile) -> dict[str, Any]:
    """What the profile was understood as: ``read_as`` lists every phrase and title read."""
    sources: dict[str, int] = {}
    for _, source in profile.skills.values():
        key = source.split(":", 1)[0]
        sources[key] = sources.get(key, 0) + 1
    return {"skills": len(profile.skills), "skills_by_source": sources,
            "read_as": profile.read_as,
            "to_confirm": [r for r in profile.read_as if r.get("status") == "check"],
            "recognised": profile.recognised, "unrecognised": profile.unrecognised,
            "titles": profile.titles, "study": profile.field_query, "level": profile.level,
            "interests": profile.interests, "notes": profile.notes}


def match(catalog: Catalog, profile: Profile, limit: int = 10,
          filters: Filters | None = None) -> dict[str, Any]:
    """Rank every occupation for ``profile``; return the top ``limit`` with explanations.

    Keys: ``profile`` (how the words were read), ``weights``, ``field_groups``, ``filters``
    (rules applied, in words), ``left_out``, ``results`` (each: occupation, score, parts,
    matched_skills, missing_essential, outlook, why).
    """
    scored = score_all(catalog, profile)
    data, parts = scored["data"], scored["parts"]
    total = parts["total"]
    mask, left_out = allowed(catalog, data, filters, [t["uri"] for t in profile.titles])
    ranked = np.argsort(-np.where(mask, total, -np.inf), kind="stable")
    order = [int(o) for o in ranked[: max(1, limit)] if mask[o]]
    skills_weight = scored["weights"].get("skills", 0.0)
    change = projected_change(catalog, data)
    # the things the person said (a job title's essential skills are one group each)
    phrases = sum(1 for weight, _ in profile.phrase_groups() if weight == 1.0)
    results = []
    for rank, o in enumerate(order, 1):
        item: dict[str, Any] = {
            "rank": rank,
            "occupation": data.index.occupation_ref(o),
            "score": round(float(total[o]), 4),
            "parts": {k: round(float(parts[k][o]), 4) for k in PART_KEYS if k in parts},
            "essential_count": len(data.index.matrix.essential[o].indices),
            "outlook": {"change_percent": None if np.isnan(change[o]) else
                        round(float(change[o]), 1), "words": outlook_words(change[o])},
        }
        if "interests_known" in parts and not parts["interests_known"][o]:
            item["parts"]["interests_unknown"] = True
        item["matched_skills"] = (matched_skills(data, o, scored["held"], scored["credit"],
                                                 scored["via"]) if profile.skills else [])
        item["missing_essential"] = missing_by_gain(data, o, scored["credit"],
                                                    max(skills_weight, 0.7),
                                                    via=scored["via"])
        task = scored.get("best_task")
        if task is not None and task[o] >= 0 and parts["tasks"][o] >= TASK_SHOWN:
            item["closest_task"] = task_text(catalog, data, int(task[o]))
        item["why"] = why(rank, item, profile, phrases)
        results.append(item)
    return {"profile": profile_summary(profile), "weights": scored["weights"],
            "field_groups": scored["field_groups"],
            "filters": filters.describe() if filters else [], "left_out": left_out,
            "count": len(results), "results": results}
