"""Career paths from one occupation: where people come in from, sideways moves, advancement.

Rules (documented in docs/matching.md):

- **viable**: similarity ≥ ``VIABLE`` and job-zone difference ≤ 1 (Nesta's rule, with the
  threshold set on our similarity scale: about the top 4% of all pairs);
  **highly viable** at ≥ ``HIGHLY_VIABLE``;
- **desirable**: the destination's median wage is at least 75% of the origin's (or unknown);
- **advancement**: viable, not a step down in job zone, and more responsibility: a higher job
  zone, a move into ISCO major group 1 (managers), a senior title the origin lacks ("head
  chef" from "chef"), or a wage at least 15% higher — *and* within a related field: the
  origin's broader ESCO occupation, or the origin covers at least ``ADVANCEMENT_MIN_COVERAGE``
  of the destination's (essential or all) skills, or both share an ISCO sub-major group and the
  origin covers at least ``ADVANCEMENT_MIN_COVERAGE_SAME_GROUP``. A tobacco shop manager is not
  on the way to police commissioner, however alike their generic O*NET profiles. The ESCO
  broader occupation is a *generalisation* ("welder" above "pipe welder"), not a step up, so it
  is field evidence, not a reason; viable step-ups outside the field are not listed at all;
- **lateral move**: viable, same job zone, desirable, not advancement;
- **entry point**: an occupation from which the move *into* this one is viable and not a step
  down in job zone for the mover.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.paths.index import CatalogIndex, load_index
from destinai.paths.similarity import COMPONENTS
from destinai.search.resolve import resolve_occupation

VIABLE = 0.28
HIGHLY_VIABLE = 0.42
MAX_JOB_ZONE_STEP = 1
DESIRABLE_WAGE_RATIO = 0.75
ADVANCEMENT_WAGE_RATIO = 1.15
ADVANCEMENT_MIN_COVERAGE = 0.25
ADVANCEMENT_MIN_COVERAGE_SAME_GROUP = 0.10
# words that mark more responsibility in an ESCO title
SENIOR_WORDS = frozenset(("head", "chief", "senior", "lead", "principal", "supervisor",
                          "manager", "director", "superintendent", "foreman", "forewoman"))
ADVANCEMENT_MIN_COVERAGE_SAME_GROUP = 0.10


def wage_change(index: CatalogIndex, a: int, b: int) -> dict[str, Any] | None:
    """Median wage of b relative to a (US OEWS), or None when either is unknown."""
    wa = index.facts[index.matrix.occupations[a]]["wage_annual_median"]
    wb = index.facts[index.matrix.occupations[b]]["wage_annual_median"]
    if not wa or not wb:
        return None
    return {"from": wa, "to": wb, "ratio": round(wb / wa, 3), "difference": round(wb - wa)}


def job_zone(index: CatalogIndex, o: int) -> int | None:
    """The occupation's job zone (O*NET, else estimated from ISCO)."""
    return index.facts[index.matrix.occupations[o]]["job_zone"]


def senior_words(label: str) -> set[str]:
    """The responsibility words in an occupation title."""
    return set(label.casefold().replace("/", " ").split()) & SENIOR_WORDS


def related_field(index: CatalogIndex, a: int, b: int, coverage: float) -> bool:
    """Whether b is in a's field: a's broader occupation, strong skill coverage, or the same
    ISCO sub-major group with some skill coverage (``coverage`` = max(essential, all))."""
    ua, ub = index.matrix.occupations[a], index.matrix.occupations[b]
    if (ua, ub) in index.broader or coverage >= ADVANCEMENT_MIN_COVERAGE:
        return True
    same_group = index.facts[ua]["isco_sub_major"] == index.facts[ub]["isco_sub_major"]
    return same_group and coverage >= ADVANCEMENT_MIN_COVERAGE_SAME_GROUP


def classify(index: CatalogIndex, a: int, b: int, similarity: float,
             coverage: float = 1.0) -> dict[str, Any]:
    """Viability, desirability and the kind of move from a to b (``coverage``: the skill
    coverage of the move, for the advancement field rule)."""
    za, zb = job_zone(index, a), job_zone(index, b)
    step = (zb - za) if za is not None and zb is not None else 0
    wage = wage_change(index, a, b)
    ratio = wage["ratio"] if wage else None
    viable = similarity >= VIABLE and abs(step) <= MAX_JOB_ZONE_STEP
    ua, ub = index.matrix.occupations[a], index.matrix.occupations[b]
    reasons = []
    if step > 0:
        reasons.append("higher job zone")
    if index.facts[ub]["isco_major"] == "1" and index.facts[ua]["isco_major"] != "1":
        reasons.append("managerial ISCO group")
    if senior_words(index.occupation_labels[b]) - senior_words(index.occupation_labels[a]):
        reasons.append("senior title")
    if ratio is not None and ratio >= ADVANCEMENT_WAGE_RATIO:
        reasons.append("higher wage")
    return {"viable": viable, "highly_viable": viable and similarity >= HIGHLY_VIABLE,
            "desirable": ratio is None or ratio >= DESIRABLE_WAGE_RATIO,
            "job_zone_change": step, "wage": wage,
            "advancement": reasons if (viable and step >= 0 and reasons
                                       and related_field(index, a, b, coverage)) else [],
            "unrelated_step_up": bool(viable and step >= 0 and reasons
                                      and not related_field(index, a, b, coverage))}


def _coverage(index: CatalogIndex, edge: int) -> float:
    return float(max(index.edge_cols["essential"][edge], index.edge_cols["all_skills"][edge]))


def _move(index: CatalogIndex, a: int, b: int, edge: int, kind: dict[str, Any],
          credit: np.ndarray) -> dict[str, Any]:
    skills, n_missing = index.skills_to_acquire(credit, b)
    cols = index.edge_cols
    return {
        "occupation": index.occupation_ref(b),
        "similarity": round(float(cols["similarity"][edge]), 4),
        "components": {c: round(float(cols[c][edge]), 4) for c in COMPONENTS},
        "onet_imputed": bool(cols["onet_imputed"][edge]),
        "highly_viable": kind["highly_viable"], "desirable": kind["desirable"],
        "job_zone_change": kind["job_zone_change"], "wage_change": kind["wage"],
        **({"advancement_because": kind["advancement"]} if kind["advancement"] else {}),
        "skills_to_acquire": skills, "missing_essential_count": n_missing,
    }


def career_paths(catalog: Catalog, uri: str, limit: int = 10) -> dict[str, Any]:
    """Entry points, lateral moves and advancement for an occupation (URI, code or title).

    Returns ``{occupation, entry_points, lateral_moves, advancement, rules}``; each move has the
    occupation (with job zone and wage), similarity and its components, wage change and the top
    skills to acquire. Raises ``NotFound`` (with suggestions) for an unknown occupation.
    """
    index = load_index(catalog)
    uri, _ = resolve_occupation(catalog, uri)
    o = index.matrix.occupation_index[uri]
    cols = index.edge_cols
    credit = index.held_credit(o)
    out_edges = np.flatnonzero(index.edge_src == o)
    out_edges = out_edges[np.argsort(-cols["similarity"][out_edges])]
    lateral: list[dict[str, Any]] = []
    advancement: list[dict[str, Any]] = []
    for e in out_edges:
        b = int(index.edge_dst[e])
        kind = classify(index, o, b, float(cols["similarity"][e]), _coverage(index, e))
        if not kind["viable"] or kind["unrelated_step_up"]:
            continue
        if kind["advancement"] and len(advancement) < limit:
            advancement.append(_move(index, o, b, e, kind, credit))
        elif (not kind["advancement"] and kind["job_zone_change"] == 0 and kind["desirable"]
              and len(lateral) < limit):
            lateral.append(_move(index, o, b, e, kind, credit))
    entry: list[dict[str, Any]] = []
    in_edges = np.flatnonzero(index.edge_dst == o)
    for e in in_edges[np.argsort(-cols["similarity"][in_edges])]:
        a = int(index.edge_src[e])
        kind = classify(index, a, o, float(cols["similarity"][e]), _coverage(index, e))
        if kind["viable"] and kind["job_zone_change"] >= 0 and not kind["unrelated_step_up"]:
            entry.append(_move(index, a, o, e, kind, index.held_credit(a)))
            entry[-1]["occupation"] = index.occupation_ref(a)
            if len(entry) >= limit:
                break
    return {"occupation": index.occupation_ref(o), "entry_points": entry,
            "lateral_moves": lateral, "advancement": advancement, "rules": rules()}


def viable_edges(index: CatalogIndex) -> np.ndarray:
    """Indices of the precomputed edges that are viable moves (cached on the index)."""
    cached = getattr(index, "_viable_edges", None)
    if cached is None:
        zones = np.array([index.facts[u]["job_zone"] or 0 for u in index.matrix.occupations])
        step = np.abs(zones[index.edge_dst] - zones[index.edge_src])
        known = (zones[index.edge_dst] > 0) & (zones[index.edge_src] > 0)
        ok = (index.edge_cols["similarity"] >= VIABLE) & (~known | (step <= MAX_JOB_ZONE_STEP))
        cached = np.flatnonzero(ok)
        index._viable_edges = cached  # type: ignore[attr-defined]
    return cached


def rules() -> dict[str, Any]:
    """The thresholds in force, for the output and the docs."""
    return {"viable_similarity": VIABLE, "highly_viable_similarity": HIGHLY_VIABLE,
            "max_job_zone_step": MAX_JOB_ZONE_STEP,
            "desirable_wage_ratio": DESIRABLE_WAGE_RATIO,
            "advancement_wage_ratio": ADVANCEMENT_WAGE_RATIO,
            "advancement_min_skill_coverage": ADVANCEMENT_MIN_COVERAGE,
            "advancement_min_skill_coverage_same_isco_sub_major": (
                ADVANCEMENT_MIN_COVERAGE_SAME_GROUP)}
