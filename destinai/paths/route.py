"""The best sequence of viable moves between two occupations.

Cost of a move = the destination's essential skills the mover lacks (after partial credit),
plus ``STEP_COST`` so that, at equal learning, fewer moves win. Layered Bellman–Ford over the
precomputed viable edges, vectorised with numpy: exact for at most ``max_steps`` moves.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog, NotFound
from destinai.paths.engine import classify, viable_edges
from destinai.paths.index import CatalogIndex, load_index
from destinai.search.resolve import resolve_occupation

STEP_COST = 1.0
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
                "total_skills_to_learn": 0, "max_steps": max_steps}
    edges = viable_edges(index)
    src, dst = index.edge_src[edges], index.edge_dst[edges]
    cost = index.edge_cols["missing_essential"][edges].astype(np.float64) + STEP_COST
    n = len(index.matrix.occupations)
    dist = np.full(n, np.inf)
    dist[a] = 0
    parents: list[np.ndarray] = []
    best: tuple[float, int] | None = None
    for layer in range(max_steps):
        cand = dist[src] + cost
        new = np.full(n, np.inf)
        np.minimum.at(new, dst, cand)
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
    return {"from": index.occupation_ref(a), "to": index.occupation_ref(b),
            "steps": _steps(index, parents, best[1], b),
            "total_skills_to_learn": round(best[0] - STEP_COST * (best[1] + 1)),
            "max_steps": max_steps}


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
        kind = classify(index, x, y, similarity)
        skills, n_missing = index.skills_to_acquire(index.held_credit(x), y, limit=10)
        steps.append({"from": index.occupation_ref(x), "to": index.occupation_ref(y),
                      "similarity": round(similarity, 4),
                      "job_zone_change": kind["job_zone_change"], "wage_change": kind["wage"],
                      "skills_to_acquire": skills, "missing_essential_count": n_missing})
    return steps
