"""Career paths from one occupation: where people come in from, sideways moves, advancement.

The direction of a move comes from the seniority model (seniority.py), the naturalness from
the line of work (lines.py); the rules are in moves.py and docs/paths.md. Entry points are
never more senior than the occupation, advancement is always more senior and in the same line
of work; where no step up exists the result says so ("no clear step up in the data").
"""

from __future__ import annotations

import pickle
import threading
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.paths import moves, reasons
from destinai.paths.index import CatalogIndex, load_index
from destinai.paths.moves import (
    ADVANCEMENT_LINE,
    ADVANCEMENT_STEP,
    DESIRABLE_WAGE_RATIO,
    HIGHLY_VIABLE,
    MAX_JOB_ZONE_STEP,
    MIN_STEP_UP_WAGE_RATIO,
    SAME_LINE,
    SPECIALIST_STEP,
    VIABLE,
    classify,
)
from destinai.paths.similarity import COMPONENTS
from destinai.search.resolve import resolve_occupation

__all__ = ["HIGHLY_VIABLE", "VIABLE", "career_paths", "classify", "rules", "viable_edges"]

NO_STEP_UP = "no clear step up in the data"
CACHE_SIZE = 4096   # answers kept per catalog (every occupation at one limit, ~3,000)
_CACHE_LOCK = threading.Lock()
NO_ENTRY = "no clear entry point in the data"
NO_LATERAL = "no clear sideways move in the data"


def _move(index: CatalogIndex, a: int, b: int, edge: int, kind: dict[str, Any],
          credit: np.ndarray | None, shown: int,
          lacking: np.ndarray | None = None, listed_as: str = "") -> dict[str, Any]:
    skills, n_missing = index.skills_to_acquire(credit, b, lacking=lacking)
    cols = index.edge_cols
    return {
        "occupation": index.occupation_ref(shown),
        "similarity": round(kind["similarity"], 4),
        "line_of_work": round(kind["line"], 4),
        "components": {c: round(float(cols[c][edge]), 4) for c in COMPONENTS},
        "onet_imputed": bool(cols["onet_imputed"][edge]),
        "highly_viable": kind["highly_viable"], "desirable": kind["desirable"],
        "job_zone_change": kind["job_zone_change"], "wage_change": kind["wage"],
        "seniority_change": kind["seniority_change"],
        "structural_seniority_change": kind["structural_seniority_change"],
        **({"advancement_because": reasons.why(index, a, b, edge, kind)}
           if kind["advancement"] else {}),
        "why": reasons.why(index, a, b, edge, kind, listed_as),
        **({"entry_by_skills": kind["entry_by_skills"]} if listed_as == "entry" else {}),
        "requirements": reasons.requirements(index, a, b),
        "skills_to_acquire": skills, "missing_essential_count": n_missing,
    }


# advancement prefers the next rung of the same line (a title in common, a supervisor group
# over the origin's, a similar job whose essential skills the mover already has), entry
# points the rungs below that share the work rather than generic lower jobs that lead into
# everything (tuned on the tune ladders)
NEXT_RUNG_PENALTY = 0.05    # per level beyond NEXT_RUNG_LEVELS
NEXT_RUNG_LEVELS = 1.5
STEP_TITLE_BONUS = 0.4      # × title share
STEP_SUPERVISION_BONUS = 0.3
STEP_SIMILARITY = 1.0       # × similarity
# line of work counted up to this: it is relative similarity, which for an occupation with
# few close neighbours (international relations officer: public relations manager 1.94)
# would otherwise outweigh an ISCO manager group over its work and the skills it holds
STEP_LINE_CAP = 1.5
STEP_COVER = 0.75           # × share of the destination's essential skills already covered
JUNIOR_BONUS = 0.3          # per level below, up to JUNIOR_LEVELS
JUNIOR_LEVELS = 2.0
ENTRY_SIMILARITY = 1.0      # × similarity
HUB_PENALTY = 0.2           # × log(1 + occupations the source is below, in line or viable)


def _ranked(index: CatalogIndex, edges: np.ndarray, key: str) -> np.ndarray:
    src, dst = index.edge_src[edges], index.edge_dst[edges]
    gap = index.seniority[dst] - index.seniority[src]
    cols = index.edge_cols
    score = cols["similarity"][edges].astype(np.float64)
    if key == "advancement":
        score = (np.minimum(cols["line"][edges], STEP_LINE_CAP)
                 - NEXT_RUNG_PENALTY * np.maximum(0, gap - NEXT_RUNG_LEVELS)
                 + STEP_TITLE_BONUS * cols["title_share"][edges]
                 + STEP_SUPERVISION_BONUS * (cols["supervision"][edges] > 0)
                 + STEP_SIMILARITY * score
                 + STEP_COVER * moves.essential_cover(index, edges))
    elif key == "entry":
        score = (cols["line"][edges] + JUNIOR_BONUS * np.clip(gap, 0, JUNIOR_LEVELS)
                 + ENTRY_SIMILARITY * score
                 - HUB_PENALTY * np.log1p(moves.lower_degree(index)[src]))
    return edges[np.argsort(-score, kind="stable")]


def _pick(index: CatalogIndex, ranked: np.ndarray, key: str, limit: int,
          origin: int) -> list[dict[str, Any]]:
    """The first ``limit`` ranked edges of kind ``key`` as moves; entry points are shown from
    the source's side (its label, what its workers lack)."""
    k = moves.kinds(index, ranked)
    chosen = ranked[k[key]]
    if key == "entry":   # an entry point voted below first, one only by its skills after
        weak = k["entry_by_skills"][k[key]]
        chosen = np.concatenate([chosen[~weak], chosen[weak]])
    chosen = chosen[:limit]
    out = []
    covered = index.covered(origin)
    for a, b, e, kind in zip(index.edge_src[chosen].tolist(), index.edge_dst[chosen].tolist(),
                             chosen.tolist(), moves.classify_many(index, chosen), strict=True):
        shown = a if key == "entry" else b
        ess = index.essential_of(b)
        held = covered if key != "entry" else index.covered(a)
        lacking = ess[~np.isin(ess, held, assume_unique=True)]
        out.append(_move(index, a, b, e, kind, None, shown, lacking, key))
    return out


def career_paths(catalog: Catalog, uri: str, limit: int = 10) -> dict[str, Any]:
    """Entry points, lateral moves and advancement for an occupation (URI, code or title).

    Returns ``{occupation, seniority, entry_points, lateral_moves, advancement, notes,
    rules}``; each move has the occupation (with job zone, wage and seniority), similarity and
    its components, line-of-work score, seniority / job-zone / wage change, ``why`` (reasons),
    ``requirements`` (regulated profession, degree) and the top skills to acquire. Advancement
    and entry points are ordered by line of work, lateral moves by similarity. Raises
    ``NotFound`` (with suggestions) for an unknown occupation.
    """
    index = load_index(catalog)
    uri, _ = resolve_occupation(catalog, uri)
    o = index.matrix.occupation_index[uri]
    # answers are computed once per catalog (the index is per Catalog) and kept pickled, so
    # every caller gets its own copy to change (unpickling is ~10x faster than deepcopy)
    cache = index.memo.setdefault("career_paths", {})
    key = (o, int(limit))
    blob = cache.get(key)
    if blob is None:
        blob = pickle.dumps(_career_paths(index, o, limit), pickle.HIGHEST_PROTOCOL)
        with _CACHE_LOCK:
            while len(cache) >= CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[key] = blob
    return pickle.loads(blob)


def _career_paths(index: CatalogIndex, o: int, limit: int) -> dict[str, Any]:
    out_edges = index.out_edges(o)
    advancement = _pick(index, _ranked(index, out_edges, "advancement"), "advancement", limit, o)
    lateral = _pick(index, _ranked(index, out_edges, "similarity"), "lateral", limit, o)
    entry = _pick(index, _ranked(index, index.in_edges(o), "entry"), "entry", limit, o)
    notes = {k: note for k, note, found in (("advancement", NO_STEP_UP, advancement),
                                             ("entry_points", NO_ENTRY, entry),
                                             ("lateral_moves", NO_LATERAL, lateral))
             if not found}
    return {"occupation": index.occupation_ref(o),
            "seniority": {"score": round(float(index.seniority[o]), 2),
                          "evidence": index.evidence(o)},
            "entry_points": entry, "lateral_moves": lateral, "advancement": advancement,
            "notes": notes, "rules": rules()}


def viable_edges(index: CatalogIndex) -> np.ndarray:
    """Indices of the precomputed edges that are viable moves (cached on the index)."""
    cached = index.memo.get("viable_edges")
    if cached is None:
        zones = np.array([index.facts[u]["job_zone"] or 0 for u in index.matrix.occupations])
        step = np.abs(zones[index.edge_dst] - zones[index.edge_src])
        known = (zones[index.edge_dst] > 0) & (zones[index.edge_src] > 0)
        ok = (index.edge_cols["similarity"] >= VIABLE) & (~known | (step <= MAX_JOB_ZONE_STEP))
        cached = np.flatnonzero(ok)
        index.memo["viable_edges"] = cached
    return cached


def rules() -> dict[str, Any]:
    """The thresholds in force, for the output and the docs."""
    return {"viable_similarity": VIABLE, "highly_viable_similarity": HIGHLY_VIABLE,
            "max_job_zone_step": MAX_JOB_ZONE_STEP, "same_line_of_work": SAME_LINE,
            "advancement_line_of_work": ADVANCEMENT_LINE,
            "advancement_seniority_step": ADVANCEMENT_STEP,
            "specialist_step": SPECIALIST_STEP,
            "step_up_min_wage_ratio": round(MIN_STEP_UP_WAGE_RATIO, 3),
            "desirable_wage_ratio": DESIRABLE_WAGE_RATIO,
            "entry_points": "never more senior than the occupation"}
