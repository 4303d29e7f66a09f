"""``study``: from a field of education to the occupations it prepares for.

The field is read as ISCED-F 2013 (``fields.resolve_field``). Occupations are ranked in two
tiers: first those the field **prepares for directly** (a real part of their essential
knowledge lies in the field, the field's name finds it, or its O*NET knowledge profile is that of
the field's own occupations), then those it **helps with**. Within a tier: field fit (ESCO:
0.3 × *share*, the part of the occupation's knowledge in the field, + 0.7 × *depth*, how much
field knowledge it uses; blended with the O*NET knowledge-profile fit, see
``onet_knowledge``), averaged with *focus* (use of the skills that best match the typed words)
and raised by the fit of the occupation's name to the typed words, for free text; times the
education-level fit when a level is given. Results are also grouped by ISCO-08 sub-major group
(sector).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import MatchData, match_data
from destinai.match.fields import (
    ISCED_CODE,
    field_fit,
    field_skills,
    focus_fit,
    resolve_field,
    share_elsewhere,
)
from destinai.match.onet_knowledge import knowledge_fit
from destinai.match.profile import WORDS_DEPTH
from destinai.match.score import level_fit, words_fit
from destinai.paths.seniority import borrowed_manager_wage

ISCED_LEVELS = {0: "early childhood", 1: "primary", 2: "lower secondary", 3: "upper secondary",
                4: "post-secondary non-tertiary", 5: "short-cycle tertiary", 6: "bachelor",
                7: "master", 8: "doctoral"}
DIRECT_SHARE = 0.25       # "prepares directly": this share of its knowledge in the field ...
DIRECT_DEPTH = 0.5        # ... and this much field knowledge (depth), or
NAMED = 0.6               # or the field's name finds the occupation (medicine -> general
                          # practitioner, physiotherapy -> physiotherapy assistant), whatever
                          # ESCO files its knowledge under (tuned on the tuning half)
SHARE = 0.3               # field fit = 0.3 × share + 0.7 × depth
FOCUS = 0.25              # free text: (1 − focus) × field fit + focus × focus fit
WORDS_BOOST = 1.0         # free text: × (1 + fit of the occupation's name to the field's)
WORDS_ALONE = 0.6         # ... + this × that fit, so a named occupation never scores 0
KNOWLEDGE = 0.3          # field fit = (1 − this) × ESCO fit + this × O*NET knowledge fit
KNOWLEDGE_DIRECT = 0.8   # "prepares directly" too: an O*NET knowledge profile this close to
KNOWLEDGE_SUPPORT = 0.3  # the field's, with this ESCO field fit or name fit (tuned: tuning half)
ELSEWHERE = 0.4          # an occupation with this much of its knowledge in another field ...
ELSEWHERE_WORDS = 0.3    # ... gets only this part of the name lift ("herbal therapist" for
                         # medicine: its knowledge lies in 0917 traditional medicine)
REGULATED = "http://data.europa.eu/esco/regulated-professions/regulated"


def _facts(catalog: Catalog, data: MatchData) -> dict[str, dict[str, Any]]:
    """Per occupation: regulated (ESCO) and the BLS typical entry education (US); cached."""
    if "study_facts" not in data.cache:
        rows = catalog.rows(
            "SELECT o.uri, o.regulated_note, p.education FROM occupations o "
            "LEFT JOIN occupation_facts f ON f.uri = o.uri "
            "LEFT JOIN bls_projections p ON p.soc_code = substr(f.onet_code, 1, 7)")
        data.cache["study_facts"] = {r["uri"]: r for r in rows}
        data.cache["isco_labels"] = {r["code"]: r["label"] for r in catalog.rows(
            "SELECT code, label FROM isco_groups WHERE level <= 2")}
    return data.cache["study_facts"]  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    """Threads kept for the process."""
    return ThreadPoolExecutor(4, thread_name_prefix="destinai-study")


def _search_names(catalog: Catalog, field: str) -> Any:
    """For free text, the occupation search for the typed words (``words_fit``), started in
    a thread: on a cold start it loads the occupation index while the field is read. None
    for an ISCED-F code. The embedder is made first, here: both threads use it."""
    if not field.strip() or ISCED_CODE.match(field.strip()):
        return None
    from destinai.search.embedder import get_embedder
    from destinai.search.hybrid import search_hybrid

    get_embedder()
    return _pool().submit(search_hybrid, catalog, field, "occupation", WORDS_DEPTH)


def study(catalog: Catalog, field: str, level: int | None = None,
          limit: int = 30) -> dict[str, Any]:
    """Occupations for a field of study (free text or ISCED-F code), direct ones first.

    Keys: ``isced_f`` (the field used, first, then ``related`` readings to switch to),
    ``ranked`` (flat, best first; each with ``prepares``: "directly" or "helps"),
    ``sectors`` (the same occupations grouped by ISCO sub-major group), ``core_knowledge``.
    """
    data = match_data(catalog)
    idx, m = data.index, data.index.matrix
    searched = _search_names(catalog, field)
    groups = resolve_field(catalog, field)
    skills = field_skills(catalog, data, groups)
    fit, share, depth = field_fit(data, skills)
    focus = focus_fit(catalog, data, field)
    fit = SHARE * share + (1 - SHARE) * depth
    esco_fit = fit
    knowledge = knowledge_fit(catalog, data, esco_fit)
    fit = (1 - KNOWLEDGE) * esco_fit + KNOWLEDGE * knowledge
    score = fit.copy() if focus is None else (1 - FOCUS) * fit + FOCUS * focus
    words = None
    if searched is not None:
        words = words_fit(catalog, data, field, searched.result())
        other = share_elsewhere(catalog, data, groups)
        lift = np.where((other >= ELSEWHERE) & (share < other), ELSEWHERE_WORDS * words, words)
        score = score * (1 + WORDS_BOOST * lift) + WORDS_ALONE * lift
    required = np.array([idx.facts[u]["education_isced"] or 3 for u in m.occupations])
    if level is not None:
        score = score * level_fit(required, level)
    named = words if words is not None else np.zeros(len(score))
    by_knowledge = (share >= DIRECT_SHARE) & (depth >= DIRECT_DEPTH)
    by_onet = (knowledge >= KNOWLEDGE_DIRECT) & (np.maximum(esco_fit, named) >= KNOWLEDGE_SUPPORT)
    direct = by_knowledge | (named >= NAMED) | by_onet
    tier = np.where(direct, 1.0, 0.0)
    order = [int(o) for o in np.lexsort((-score, -tier))[:limit] if score[o] > 0]
    facts = _facts(catalog, data)
    in_field = np.zeros(len(m.skills), bool)
    in_field[skills] = True
    isco: dict[str, str] = data.cache["isco_labels"]  # type: ignore[assignment]
    ranked: list[dict[str, Any]] = []
    sectors: dict[str, Any] = {}
    for o in order:
        ref = idx.occupation_ref(o)
        still = [int(s) for s in m.essential[o].indices
                 if not in_field[s] and idx.skill_reuse[s] != "transversal"]
        still.sort(key=lambda s: -m.weights[s])
        f = facts.get(ref["uri"], {})
        item = {
            **ref, "rank": len(ranked) + 1, "score": round(float(score[o]), 4),
            "prepares": "directly" if direct[o] else "helps",
            "prepares_by": ("knowledge" if by_knowledge[o] else "name" if named[o] >= NAMED
                            else "knowledge_profile") if direct[o] else None,
            "parts": {"field_fit": round(float(fit[o]), 4), "share": round(float(share[o]), 4),
                      "knowledge_profile": round(float(knowledge[o]), 4),
                      "depth": round(float(depth[o]), 4),
                      **({"focus": round(float(focus[o]), 4)} if focus is not None else {}),
                      **({"words": round(float(words[o]), 4)} if words is not None else {})},
            "typical_education": {"isced": int(required[o]),
                                  "label": ISCED_LEVELS.get(int(required[o])),
                                  "estimated": bool(idx.facts[ref["uri"]]["education_estimated"]),
                                  "us_entry_education": f.get("education")},
            "regulated": f.get("regulated_note") == REGULATED,
            # its US wage is that of the O*NET management occupation it is linked to
            "wage_of_linked_manager": borrowed_manager_wage(
                ref["isco_group"], idx.facts[ref["uri"]].get("onet_code")),
            "still_needed": [idx.skill_ref(s) for s in still[:6]]}
        ranked.append(item)
        sub = (ref["isco_group"] or "??")[:2]
        sectors.setdefault(sub, {
            "isco_major": {"code": sub[:1], "label": isco.get(sub[:1])},
            "isco_sub_major": {"code": sub, "label": isco.get(sub)},
            "occupations": []})["occupations"].append(item)
    usage = np.asarray(data.uses.sum(axis=0)).ravel()
    core = sorted((int(s) for s in skills if idx.skill_types[s] == "knowledge"),
                  key=lambda s: -usage[s])
    return {"field": field, "level": level, "isced_f": groups,
            "field_used": next((g for g in groups if not g.get("related")), None),
            "core_knowledge": [{**idx.skill_ref(s), "occupations": round(float(usage[s]), 1)}
                               for s in core[:15]],
            "field_skill_count": len(skills), "count": len(ranked), "ranked": ranked,
            "direct_count": sum(1 for r in ranked if r["prepares"] == "directly"),
            "sectors": list(sectors.values()),
            "explanation": _explanation(focus is not None, level is not None)}


def _explanation(focus: bool, level: bool) -> str:
    return ("First the occupations this field prepares for directly (a real part of their "
            "essential knowledge lies in it, they are named after it, or they draw on the same "
            "knowledge as its own occupations), then those it helps with. Within each, "
            "occupations whose knowledge lies most in the field and draws most on it come "
            "first" + ("; the words you typed pick out the field's most relevant knowledge"
                       if focus else "")
            + ("; occupations usually asking for more education than your level come lower"
               if level else "") + ". Grouped by sector (ISCO-08 sub-major group).")
