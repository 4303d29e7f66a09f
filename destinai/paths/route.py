"""The best sequence of viable moves between two occupations.

Cost of a move = the destination's essential skills the mover lacks (after partial credit),
plus ``STEP_COST`` so that, at equal learning, fewer moves win, plus ``REQUIREMENT_COST`` for
each requirement (a regulated profession the mover is not in, a degree above the mover's
typical education: reasons.requirements), so that routes do not hide a medical degree behind
three "similar" steps; every step lists its requirements and the route counts them.
Layered Bellman–Ford over the precomputed viable edges, vectorised with numpy: exact for at
most ``max_steps`` moves.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog, NotFound
from destinai.paths.engine import viable_edges
from destinai.paths.index import CatalogIndex, load_index
from destinai.paths.moves import classify
from destinai.paths.reasons import requirement_counts, requirements
from destinai.search.resolve import resolve_occupation

STEP_COST = 1.0
REQUIREMENT_COST = 10.0
MAX_STEPS = 6


def route(catalog: Catalog, origin: str, target: str, max_steps: int = 3) -> dict[str, Any]:
    """Cheapest viable route ``origin`` → ``target`` (URIs, codes or titles).

    Returns ``{from, to, steps: [{from, to, similarity, skills_to_acquire, ...}],
    total_skills_to_learn}``; raises NotFound for unknown occupations or when no route of at
    most ``max_steps`` viable moves exists.
    """
    index = load_index(catalog)
    a = index.matrix.occupation_index[resolve_occupation(catalog, origin)[0]]
    b = index.matrix.occupation_index[resolve_occupation(catalog, target)[0]]
    max_steps = max(1, min(int(max_steps), MAX_STEPS))
    if a == b:
        return {"from": index.occupation_ref(a), "to": index.occupation_ref(b), "steps": [],
                "total_skills_to_learn": 0, "requirements_count": 0, "max_steps": max_steps}
    edges, src, dst, cost, starts, groups = _graph(index)
    n = len(index.matrix.occupations)
    dist = np.full(n, np.inf)
    dist[a] = 0
    parents: list[np.ndarray] = []
    best: tuple[float, int] | None = None
    for layer in range(max_steps):
        cand = dist[src] + cost
        mins = np.minimum.reduceat(cand, starts)
        new = np.full(n, np.inf)
        new[groups] = mins
        parent = np.full(n, -1, np.int64)
        hit = np.isfinite(cand) & (cand == new[dst])
        parent[dst[hit]] = edges[hit]
        parents.append(parent)
        if np.isfinite(new[b]) and (best is None or new[b] < best[0]):
            best = (float(new[b]), layer)
        dist = new
    if best is None:
        raise NotFound(f"no route of at most {max_steps} viable moves from "
                       f"{index.occupation_labels[a]!r} to {index.occupation_labels[b]!r}; "
                       "try a larger --max-steps or an intermediate occupation")
    steps = _steps(index, parents, best[1], b)
    return {"from": index.occupation_ref(a), "to": index.occupation_ref(b), "steps": steps,
            "total_skills_to_learn": sum(s["missing_essential_count"] for s in steps),
            "requirements_count": sum(len(s["requirements"]) for s in steps),
            "max_steps": max_steps}


def _graph(index: CatalogIndex) -> tuple[np.ndarray, ...]:
    """The viable edges sorted by destination, with their costs and group starts (cached):
    a layer's relaxation is then one ``np.minimum.reduceat``."""
    cached = index.__dict__.get("_route_graph")
    if cached is None:
        edges = viable_edges(index)
        edges = edges[np.argsort(index.edge_dst[edges], kind="stable")]
        src, dst = index.edge_src[edges], index.edge_dst[edges]
        cost = (index.edge_cols["missing_essential"][edges].astype(np.float64) + STEP_COST
                + REQUIREMENT_COST * requirement_counts(index)[edges])
        groups, starts = np.unique(dst, return_index=True)
        cached = (edges, src, dst, cost, starts, groups)
        index.__dict__["_route_graph"] = cached
    return cached


def _steps(index: CatalogIndex, parents: list[np.ndarray], last: int,
           b: int) -> list[dict[str, Any]]:
    chain, node = [], b
    for layer in range(last, -1, -1):
        e = int(parents[layer][node])
        chain.append(e)
        node = int(index.edge_src[e])
    steps = []
    for e in reversed(chain):
        x, y = int(index.edge_src[e]), int(index.edge_dst[e])
        similarity = float(index.edge_cols["similarity"][e])
        kind = classify(index, x, y, e)
        skills, n_missing = index.skills_to_acquire(index.held_credit(x), y, limit=10)
        steps.append({"from": index.occupation_ref(x), "to": index.occupation_ref(y),
                      "similarity": round(similarity, 4),
                      "job_zone_change": kind["job_zone_change"], "wage_change": kind["wage"],
                      "seniority_change": kind["seniority_change"],
                      "requirements": requirements(index, x, y),
                      "skills_to_acquire": skills, "missing_essential_count": n_missing})
    return steps
