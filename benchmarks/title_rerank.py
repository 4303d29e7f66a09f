"""Fit the title re-ranker (destinai/search/rerank.py) and cross-validate it.

Recipe (``python -m benchmarks.title_rerank [catalog]``):

1. Hold out 20% of ESCO alternative labels and O*NET alternate titles with **seed 1** and build
   an index without them (``search.heldout``: every label with the same folded text removed).
   The benchmark (``bench_search``) reports on the **seed 0** split; training queries whose
   folded text is held out there too are dropped, so no reported query was trained on.
2. Run the title pipeline up to fusion on 1,500 held-out ESCO alternative labels and 700
   O*NET alternate titles, every other O*NET title with an ad text (four of its code's task
   statements, so that the ``context`` weights are learned too); keep the first
   ``rerank.DEPTH`` candidates and their features.
3. Listwise softmax (the right occupation's probability among the candidates; an O*NET title's
   right answers are the ESCO occupations linked to its code), L2-regularised, L-BFGS.
   The regularisation is chosen by 5-fold cross-validation over queries; the figures printed
   are the held-out folds' top-1 (mean ± sd), before and after re-ranking.
4. Fit on all queries and print the weights to paste into ``rerank.WEIGHTS``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from destinai.catalog.db import Catalog
from destinai.search import rerank
from destinai.search.embedder import get_embedder, single_threaded_blas
from destinai.search.heldout import build_heldout_index, split_labels
from destinai.search.text import fold
from destinai.search.titles import (
    ad_scores,
    title_candidates,
    title_head,
    title_reading,
    title_variants,
)

CACHE = Path(tempfile.gettempdir()) / "destinai_title_rerank.npz"


def collect(catalog: Catalog, alt: int = 1500, onet: int = 700) -> dict[str, np.ndarray]:
    """Features, gold flags and query ids of held-out titles (seed-1 split)."""
    kept, held = split_labels(catalog, seed=1)
    report_texts = {fold(r[3]) for r in split_labels(catalog, seed=0)[1]}
    links: dict[str, set[str]] = {}
    for r in catalog.rows("SELECT esco_uri, onet_code FROM occupation_onet", ()):
        links.setdefault(r["onet_code"], set()).add(r["esco_uri"])
    tasks: dict[str, list[str]] = {}
    for r in catalog.rows("SELECT code, task FROM onet_tasks ORDER BY code, "
                          "task_type = 'Core' DESC, task_id", ()):
        tasks.setdefault(r["code"], []).append(r["task"])
    rng = random.Random(1)
    X, gold, qid, source = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        index = build_heldout_index(catalog, kept, Path(tmp))
        k = index.kinds["occupation"]
        position = {u: i for i, u in enumerate(k.uris)}
        n = 0
        for kind, count in (("alt", alt), ("onet_alt", onet)):
            rows = [r for r in held if r[2] == kind and fold(r[3]) not in report_texts]
            for _, target, _, text in rng.sample(rows, min(count, len(rows))):
                right = {target} if kind == "alt" else links.get(target, set())
                owners = {position[u] for u in right if u in position}
                cleaned = title_reading(text) or fold(text)
                # every other O*NET title comes with an "ad text": four of its code's tasks
                ad = (" ".join(tasks.get(target, [])[:4]) or None
                      if kind == "onet_alt" and n % 2 else None)
                with single_threaded_blas():
                    fused = title_candidates(index, cleaned, ad, title_variants(
                        text, k.acronyms))[:rerank.DEPTH]
                    vector = get_embedder().encode([cleaned])[0]
                    X.append(rerank.features(k, cleaned, vector, fused, title_head(text),
                                             ad_scores(index, ad)))
                gold.append(np.array([o in owners for o, _, _ in fused]))
                qid.append(np.full(len(fused), n))
                source.append("onet_text" if ad else kind)
                n += 1
    return {"X": np.concatenate(X), "gold": np.concatenate(gold),
            "qid": np.concatenate(qid), "source": np.array(source)}


def _loss(w: np.ndarray, X: np.ndarray, gold: np.ndarray, starts: np.ndarray,
          lam: float) -> tuple[float, np.ndarray]:
    s = X @ w
    mx = np.maximum.reduceat(s, starts)
    e = np.exp(s - np.repeat(mx, np.diff(np.append(starts, len(s)))))
    z = np.add.reduceat(e, starts)
    zg = np.add.reduceat(e * gold, starts)
    useful = zg > 0
    loss = -np.sum(np.log(zg[useful] / z[useful])) + lam * w @ w
    lengths = np.diff(np.append(starts, len(s)))
    p = e / np.repeat(z, lengths)
    pg = np.where(gold, e / np.repeat(np.maximum(zg, 1e-30), lengths), 0.0)
    keep = np.repeat(useful, lengths)
    grad = -((pg - p)[keep] @ X[keep]) + 2 * lam * w
    return float(loss), grad


def fit(X: np.ndarray, gold: np.ndarray, qid: np.ndarray, lam: float) -> np.ndarray:
    """Listwise softmax weights."""
    starts = np.flatnonzero(np.r_[True, qid[1:] != qid[:-1]])
    w0 = np.zeros(X.shape[1])
    w0[0] = 1.0
    result = minimize(_loss, w0, args=(X.astype(np.float64), gold, starts, lam), jac=True,
                      method="L-BFGS-B", options={"maxiter": 500})
    return result.x


def top_k(w: np.ndarray | None, X: np.ndarray, gold: np.ndarray, qid: np.ndarray,
          queries: np.ndarray) -> tuple[float, float]:
    """Top-1 and top-5 over ``queries`` (fused order when ``w`` is None)."""
    hit1 = hit5 = 0
    for q in queries:
        rows = np.flatnonzero(qid == q)
        order = rows if w is None else rows[np.argsort(-(X[rows] @ w), kind="stable")]
        hit1 += bool(gold[order[0]]) if len(order) else 0
        hit5 += bool(gold[order[:5]].any())
    return hit1 / len(queries), hit5 / len(queries)


def cross_validate(data: dict[str, np.ndarray], lams: tuple[float, ...] = (0.1, 0.3, 1.0),
                   folds: int = 5) -> dict[str, object]:
    """Per-fold top-1/top-5 of the fused order and of the re-ranker for each lambda."""
    X, gold, qid, source = data["X"], data["gold"], data["qid"], data["source"]
    ids = np.arange(len(source))
    rng = np.random.default_rng(0)
    fold_of = rng.permutation(len(ids)) % folds
    out: dict[str, object] = {}
    for lam in (None, *lams):
        per: dict[str, list[float]] = {f"{name}_{k}": [] for name in ("alt", "onet", "onet_text")
                                       for k in ("top1", "top5")}
        for f in range(folds):
            train = np.isin(qid, ids[fold_of != f])
            w = None if lam is None else fit(X[train], gold[train], qid[train], lam)
            for kind, name in (("alt", "alt"), ("onet_alt", "onet"), ("onet_text", "onet_text")):
                test = ids[(fold_of == f) & (source == kind)]
                t1, t5 = top_k(w, X, gold, qid, test)
                per[f"{name}_top1"].append(t1)
                per[f"{name}_top5"].append(t5)
        out["fused" if lam is None else f"lambda={lam}"] = {
            k: f"{np.mean(v):.3f} ± {np.std(v):.3f}" for k, v in per.items()}
    return out


def main() -> None:
    """Collect (or reuse) features, cross-validate, fit and print the weights."""
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    catalog = Catalog(Path(paths[0] if paths else "data/catalog.sqlite"))
    if CACHE.exists() and "--fresh" not in sys.argv:
        data = dict(np.load(CACHE))
    else:
        data = collect(catalog)
        np.savez(CACHE, **data)
    report = cross_validate(data)
    print(json.dumps(report, indent=1))
    best = max((k for k in report if k.startswith("lambda")),
               key=lambda k: float(report[k]["alt_top1"].split()[0]))  # type: ignore[index]
    w = fit(data["X"], data["gold"], data["qid"], float(best.split("=")[1]))
    print(best)
    print("WEIGHTS = (" + ", ".join(f"{x:.4f}" for x in w) + ")")
    print(dict(zip(rerank.FEATURES, np.round(w, 3).tolist(), strict=True)))


if __name__ == "__main__":
    main()
