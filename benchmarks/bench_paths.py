"""Paths benchmarks: agreement with O*NET Related Occupations, speed, memory, build time."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from benchmarks.common import summary, table, timings_ms
from destinai.catalog.db import Catalog
from destinai.paths.engine import career_paths
from destinai.paths.index import load_index
from destinai.paths.route import route

TIERS = ("Primary-Short", "Primary-Long")


def related_recall(catalog: Catalog, ks: tuple[int, ...] = (10, 20)) -> dict[str, float]:
    """Recall@k of O*NET related occupations (Primary tiers) among lateral + advancement.

    For each ESCO occupation with an O*NET link whose code has related occupations that some
    ESCO occupation links to: take lateral moves then advancement (each ranked by similarity,
    merged by similarity), map the first k through all their O*NET links, count related codes
    hit. Also the same on the raw similarity ranking (before viability rules).
    """
    index = load_index(catalog)
    m = index.matrix
    codes: dict[str, set[str]] = defaultdict(set)
    for uri, code in catalog.connection.execute("SELECT esco_uri, onet_code FROM occupation_onet"):
        codes[uri].add(code)
    reachable = set().union(*codes.values()) if codes else set()
    related: dict[str, set[str]] = defaultdict(set)
    for code, other, tier in catalog.connection.execute(
            "SELECT code, related_code, tier FROM onet_related"):
        if tier in TIERS:
            related[code].add(other)
    out: dict[str, list[float]] = defaultdict(list)
    kmax = max(ks)
    for o, uri in enumerate(m.occupations):
        own = index.facts[uri]["onet_code"]
        want = related.get(own or "", set()) & reachable
        if not want:
            continue
        paths = career_paths(catalog, uri, limit=kmax)
        moves = sorted(paths["lateral_moves"] + paths["advancement"],
                       key=lambda x: -x["similarity"])
        edges = np.flatnonzero(index.edge_src == o)
        raw = [m.occupations[int(index.edge_dst[e])] for e in
               edges[np.argsort(-index.edge_cols["similarity"][edges])]]
        for name, ranked in (("paths", [x["occupation"]["uri"] for x in moves]), ("raw", raw)):
            for k in ks:
                hit = set().union(*(codes.get(u, set()) for u in ranked[:k])) & want
                out[f"{name}@{k}"].append(len(hit) / len(want))
    return {key: float(np.mean(v)) for key, v in out.items()} | {"n": len(out["raw@10"])}


def run(db: Path) -> str:
    """Quality against O*NET, warm timings, memory and the build step's time."""
    catalog = Catalog(db)
    start = time.perf_counter()
    index = load_index(catalog)
    load_s = time.perf_counter() - start
    recall = related_recall(catalog)
    uris = [u for u in index.matrix.occupations[::97]]
    i = iter(range(10**9))
    rows = [
        {"operation": "paths (31 occupations cycled, limit 10)",
         **summary(timings_ms(lambda: career_paths(catalog, uris[next(i) % len(uris)]), 200))},
        {"operation": "route welder → mechanical engineer (≤ 4 moves)",
         **summary(timings_ms(lambda: route(catalog, "welder", "mechanical engineer", 4), 30))},
        {"operation": "route waiter/waitress → hotel manager (≤ 4 moves)",
         **summary(timings_ms(lambda: route(catalog, "waiter/waitress", "hotel manager", 4),
                              30))},
    ]
    step = catalog.build_record().get("step:paths", {})
    return "\n".join([
        "## Career paths (issue 5)", "",
        f"Agreement with O*NET 29.2 Related Occupations (tiers Primary-Short + Primary-Long), "
        f"over **{recall['n']}** ESCO occupations linked to an O*NET code that has related "
        "occupations reachable through the crosswalk. O*NET related occupations are **not** an "
        "input to the similarity.", "",
        table([{"ranking": "lateral moves + advancement (viability rules applied)",
                "recall@10": f"{recall['paths@10']:.3f}", "recall@20": f"{recall['paths@20']:.3f}"},
               {"ranking": "raw similarity (top-K, no rules)",
                "recall@10": f"{recall['raw@10']:.3f}", "recall@20": f"{recall['raw@20']:.3f}"}],
              ["ranking", "recall@10", "recall@20"]), "",
        "Warm process:", "",
        table(rows, ["operation", "median_ms", "p95_ms", "max_ms", "n"]), "",
        f"- Index load (first query in a process; ~0 when the match benchmark already loaded "
        f"it): {load_s:.2f} s; memory of the loaded "
        f"matrices and edges: **{index.nbytes() / 1e6:.1f} MB**.",
        f"- Build step `paths` (skill neighbours, facts, occupation similarity): "
        f"**{step.get('seconds', '?')} s** inside the catalog build; "
        f"{step.get('similarity_rows', '?')} stored edges (top {step.get('top_k', '?')} per "
        "occupation).",
    ])
