"""Paths benchmarks: agreement with O*NET Related Occupations, speed, memory, build time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from benchmarks.common import summary, table, timings_ms
from destinai.catalog.db import Catalog
from destinai.paths.engine import career_paths
from destinai.paths.evaluation import ALL_LINKS, RelatedYardstick, holdout_half
from destinai.paths.index import load_index
from destinai.paths.ladder_eval import evaluate, load_ladders
from destinai.paths.route import route


def related_recall(catalog: Catalog) -> list[dict[str, str]]:
    """Recall@10/@20 of O*NET related occupations on the tuning and held-out halves.

    Rankings: lateral moves + advancement (merged by similarity, as a user sees them) and the
    raw similarity ranking; yardsticks through all links and through reviewed links only
    (see destinai.paths.evaluation).
    """
    index = load_index(catalog)
    m = index.matrix
    half = holdout_half(catalog, m.occupations)
    sim = index.edge_cols["similarity"]

    def raw(o: int) -> np.ndarray:
        edges = np.flatnonzero(index.edge_src == o)
        return index.edge_dst[edges[np.argsort(-sim[edges])]]

    def paths(o: int) -> list[int]:
        found = career_paths(catalog, m.occupations[o], limit=20)
        moves = sorted(found["lateral_moves"] + found["advancement"],
                       key=lambda x: -x["similarity"])
        return [m.occupation_index[x["occupation"]["uri"]] for x in moves]

    def union(o: int) -> list[int]:
        # the three lists as a user sees them (10 each), in display order: k=30 covers all
        found = career_paths(catalog, m.occupations[o], limit=10)
        seen: dict[int, None] = {}
        for key in ("lateral_moves", "advancement", "entry_points"):
            for x in found[key]:
                seen.setdefault(m.occupation_index[x["occupation"]["uri"]], None)
        return list(seen)

    rows = []
    for links, methods in (("reviewed + derived", ALL_LINKS), ("reviewed only", ("reviewed",))):
        yardstick = RelatedYardstick(catalog, m.occupations, methods)
        for part, name in ((1, "held-out half"), (0, "tuning half")):
            origins = [o for o in range(len(half)) if half[o] == part]
            for ranking, fn in (("lateral + advancement", paths), ("raw similarity", raw),
                                ("union of the three lists (10 each)", union)):
                r = yardstick.recall(fn, origins, ks=(10, 20, 30))
                rows.append({"links": links, "origins": f"{name} (n={r['n']})",
                             "ranking": ranking, "recall@10": f"{r['recall@10']:.3f}",
                             "recall@20": f"{r['recall@20']:.3f}",
                             "recall@30": f"{r['recall@30']:.3f}"})
    return rows


def ladder_rows(catalog: Catalog) -> list[dict[str, str]]:
    """Hit rates on the tune and report splits of the labelled career ladders."""
    ladders = load_ladders()
    rows = []
    for split in ("tune", "report"):
        r = evaluate(catalog, [x for x in ladders if x["split"] == split])
        rows.append({"split": split, "ladders": str(sum(x["split"] == split for x in ladders)),
                     "advancement hit": f"{r['advancement_hit']:.3f} (n={r['advancement_n']})",
                     "entry hit": f"{r['entry_hit']:.3f} (n={r['entry_n']})",
                     "reversed moves": str(r["reversed_moves"]),
                     "no step up where none expected":
                         f"{r['no_step_up_ok']} of {r['no_step_up_n']}"})
    return rows


def run(db: Path) -> str:
    """Quality against O*NET, warm timings, memory and the build step's time."""
    catalog = Catalog(db)
    catalog.forget_derived()  # a fresh Catalog has none; explicit for the timing
    start = time.perf_counter()
    index = load_index(catalog)
    load_s = time.perf_counter() - start
    recall = related_recall(catalog)
    uris = [u for u in index.matrix.occupations[::97]]
    i = iter(range(10**9))
    def uncached() -> object:
        index.memo.pop("career_paths", None)   # the answer cache (engine.career_paths)
        return career_paths(catalog, uris[next(i) % len(uris)])

    for uri in uris:                            # fill the answer cache
        career_paths(catalog, uri)
    rows = [
        {"operation": "paths, answer cached (31 occupations cycled, limit 10)",
         **summary(timings_ms(lambda: career_paths(catalog, uris[next(i) % len(uris)]), 200))},
        {"operation": "paths, first ask of an occupation (answer cache cleared each call)",
         **summary(timings_ms(uncached, 200))},
        {"operation": "route welder → mechanical engineer (≤ 4 moves)",
         **summary(timings_ms(lambda: route(catalog, "welder", "mechanical engineer", 4), 30))},
        {"operation": "route waiter/waitress → hotel manager (≤ 4 moves)",
         **summary(timings_ms(lambda: route(catalog, "waiter/waitress", "hotel manager", 4),
                              30))},
    ]
    def cpu_ms(fn: object, n: int) -> float:
        start = time.process_time()
        for _ in range(n):
            fn()  # type: ignore[operator]
        return (time.process_time() - start) / n * 1000

    cpu = {"paths_uncached": cpu_ms(uncached, 100)}
    for uri in uris:                            # refill the answer cache
        career_paths(catalog, uri)
    cpu |= {"paths": cpu_ms(lambda: career_paths(catalog, uris[next(i) % len(uris)]), 100),
           "route": cpu_ms(lambda: route(catalog, "welder", "mechanical engineer", 4), 20)}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    step = catalog.build_record().get("step:paths", {})
    return "\n".join([
        "## Career paths (issues 5, 13)", "",
        "Agreement with O*NET 29.2 Related Occupations (tiers Primary-Short + Primary-Long). "
        "Recall@k = share of an origin's distinct related O*NET codes reached by its first k "
        "destinations, each mapped through its `occupation_onet` links. Weights were tuned on "
        "the tuning half; occupations are split by ISCO unit group (seed 7), so near-identical "
        "siblings never straddle the halves. O*NET related occupations are **not** an input "
        "to the similarity. Variants: docs/matching.md.", "",
        table(recall, ["links", "origins", "ranking", "recall@10", "recall@20", "recall@30"]),
        "", "Career ladders (benchmarks/data/career_ladders.jsonl; thresholds set on `tune`):", "",
        table(ladder_rows(catalog), ["split", "ladders", "advancement hit", "entry hit",
                                     "reversed moves", "no step up where none expected"]),
        "",
        "Warm process:", "",
        table(rows, ["operation", "median_ms", "p95_ms", "max_ms", "n"]), "",
        f"- CPU time per call (process time, unaffected by other processes on the shared "
        f"machine; 1-minute load average during the run {load:.1f} on 2 cores): paths "
        f"**{cpu['paths']:.1f} ms** cached, **{cpu['paths_uncached']:.1f} ms** on a first "
        f"ask, route welder → mechanical engineer "
        f"**{cpu['route']:.1f} ms**.",
        f"- Index load (first query in a process, cold cache, numpy blobs): "
        f"**{load_s * 1000:.0f} ms**; memory of the loaded "
        f"matrices and edges: **{index.nbytes() / 1e6:.1f} MB**.",
        f"- Build step `paths` (skill neighbours, facts, occupation similarity): "
        f"**{step.get('seconds', '?')} s** inside the catalog build; "
        f"{step.get('similarity_rows', '?')} stored edges (top {step.get('top_k', '?')} per "
        "occupation plus the same-line candidates above and below it).",
    ])
