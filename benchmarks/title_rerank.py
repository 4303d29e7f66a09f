"""Fit the title re-ranker (destinai/search/rerank.py) and cross-validate it.

Recipe (``python -m benchmarks.title_rerank [catalog]``):

1. Hold out 20% of ESCO alternative labels and O*NET alternate titles with **seed 1** and build
   an index without them (``search.heldout``: every label with the same folded text removed).
   The benchmark (``bench_titles``) reports on the **seed 0** split; training queries whose
   folded text is held out there too are dropped, so no reported query was trained on.
2. Run the title pipeline up to fusion on 6,000 held-out ESCO alternative labels and 3,000
   O*NET alternate titles, every other O*NET title with an ad text (four of its code's task
   statements, so that the ``context`` weights are learned too); keep the first
   ``rerank.DEPTH`` candidates and their features.
3. Listwise softmax (the right occupation's probability among the candidates; an O*NET title's
   right answers are the ESCO occupations linked to its code), L2-regularised, L-BFGS, for the
   linear model and for the linear model plus an 8-unit tanh layer on standardised features.
   5-fold cross-validation over queries; the figures printed are the held-out folds' top-1
   (mean ± sd) and top-5, before and after re-ranking.
4. Fit the model with a hidden layer on all those queries plus the *tune* half of our
   job-ad titles (benchmarks/data/job_ad_titles.tsv, each counted four times: real job-board
   titles are shorter and more generic than ESCO labels), and write ``rerank_model.json``.
   The job-ad report half is never read here.

``--linear`` cross-validates the linear model too (slower).
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


def collect(catalog: Catalog, alt: int = 6000, onet: int = 3000) -> dict[str, np.ndarray]:
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


AD_REPEAT = 4      # each job-ad title of the tune half counts as four held-out labels


def ad_titles(catalog: Catalog) -> dict[str, np.ndarray]:
    """Features and gold flags of the *tune* half of benchmarks/data/job_ad_titles.tsv on the
    catalog's own index (job-ad titles are not labels, so nothing needs holding out); right
    answers: the occupations the title's row accepts. The report half is never read."""
    import csv

    from benchmarks.job_titles import DATA
    from destinai.search.index import get_index

    index = get_index(catalog)
    k = index.kinds["occupation"]
    by_label: dict[str, set[int]] = {}
    for o, label in enumerate(k.labels):
        by_label.setdefault(label.lower(), set()).add(o)
    rows = [r for r in list(csv.reader(DATA.open(encoding="utf-8"), delimiter="\t"))[1:]
            if r[2] == "tune"]
    X, gold, qid = [], [], []
    for n, (title, acceptable, _) in enumerate(rows):
        owners = set().union(*(by_label.get(a.lower(), set()) for a in acceptable.split("|")))
        cleaned = title_reading(title) or fold(title)
        with single_threaded_blas():
            fused = title_candidates(index, cleaned, None, title_variants(
                title, k.acronyms))[:rerank.DEPTH]
            vector = get_embedder().encode([cleaned])[0]
            X.append(rerank.features(k, cleaned, vector, fused, title_head(title), None))
        gold.append(np.array([o in owners for o, _, _ in fused]))
        qid.append(np.full(len(fused), n))
    return {"X": np.concatenate(X), "gold": np.concatenate(gold), "qid": np.concatenate(qid)}


def with_ads(data: dict[str, np.ndarray], ads: dict[str, np.ndarray],
             repeat: int = AD_REPEAT) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The held-out label queries plus ``repeat`` copies of each job-ad query (new ids)."""
    base, count = int(data["qid"].max()) + 1, int(ads["qid"].max()) + 1
    return (np.concatenate([data["X"], *[ads["X"]] * repeat]),
            np.concatenate([data["gold"], *[ads["gold"]] * repeat]),
            np.concatenate([data["qid"], *[ads["qid"] + base + r * count
                                           for r in range(repeat)]]))


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


HIDDEN = 8


def _unpack(theta: np.ndarray, d: int, h: int) -> tuple[np.ndarray, ...]:
    return (theta[:d], theta[d:d + d * h].reshape(d, h), theta[d + d * h:d + d * h + h],
            theta[d + d * h + h:])


def _mlp_loss(theta: np.ndarray, X: np.ndarray, gold: np.ndarray, starts: np.ndarray,
              lam: float, h: int) -> tuple[float, np.ndarray]:
    w, W1, b1, v = _unpack(theta, X.shape[1], h)
    H = np.tanh(X @ W1 + b1)
    s = X @ w + H @ v
    lengths = np.diff(np.append(starts, len(s)))
    e = np.exp(s - np.repeat(np.maximum.reduceat(s, starts), lengths))
    z, zg = np.add.reduceat(e, starts), np.add.reduceat(e * gold, starts)
    useful = zg > 0
    loss = -np.sum(np.log(zg[useful] / z[useful])) + lam * theta @ theta
    p = e / np.repeat(z, lengths)
    pg = np.where(gold, e / np.repeat(np.maximum(zg, 1e-30), lengths), 0.0)
    ds = np.where(np.repeat(useful, lengths), p - pg, 0.0)       # d loss / d score
    dH = np.outer(ds, v) * (1 - H ** 2)
    grad = np.concatenate([ds @ X, (X.T @ dH).ravel(), dH.sum(axis=0), ds @ H])
    return float(loss), grad + 2 * lam * theta


def fit_mlp(X: np.ndarray, gold: np.ndarray, qid: np.ndarray, lam: float = 1.0,
            hidden: int = HIDDEN, seed: int = 0) -> rerank.Model:
    """Listwise softmax of a linear part plus a tanh layer, on standardised features."""
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = (X.astype(np.float64) - mean) / scale
    d = X.shape[1]
    rng = np.random.default_rng(seed)
    theta = np.concatenate([np.zeros(d), rng.normal(0, 0.1, d * hidden), np.zeros(hidden),
                            rng.normal(0, 0.1, hidden)])
    starts = np.flatnonzero(np.r_[True, qid[1:] != qid[:-1]])
    result = minimize(_mlp_loss, theta, args=(Z, gold, starts, lam, hidden), jac=True,
                      method="L-BFGS-B", options={"maxiter": 400})
    w, W1, b1, v = _unpack(result.x, d, hidden)
    return rerank.Model(*(np.asarray(a, np.float32) for a in (mean, scale, w, W1, b1, v)))


def _scores(model: rerank.Model | np.ndarray | None, X: np.ndarray) -> np.ndarray | None:
    if model is None:
        return None
    return model.score(X) if isinstance(model, rerank.Model) else X @ model


def top_k(w: rerank.Model | np.ndarray | None, X: np.ndarray, gold: np.ndarray, qid: np.ndarray,
          queries: np.ndarray) -> tuple[float, float]:
    """Top-1 and top-5 over ``queries`` (fused order when ``w`` is None); ``qid`` sorted."""
    scores = _scores(w, X)
    starts = np.flatnonzero(np.r_[True, qid[1:] != qid[:-1]])
    ends = np.r_[starts[1:], len(qid)]
    chosen = np.isin(qid[starts], queries)
    hit1 = hit5 = 0
    for a, b in zip(starts[chosen], ends[chosen], strict=True):
        order = np.arange(b - a) if scores is None else np.argsort(-scores[a:b], kind="stable")
        hit1 += bool(gold[a:b][order[0]])
        hit5 += bool(gold[a:b][order[:5]].any())
    return hit1 / max(int(chosen.sum()), 1), hit5 / max(int(chosen.sum()), 1)


def cross_validate(data: dict[str, np.ndarray], models: dict[str, object],
                   folds: int = 5) -> dict[str, object]:
    """Per-fold top-1/top-5 of the fused order and of each model: name -> ``fit(X, gold,
    qid)`` (None: the fused order)."""
    X, gold, qid, source = data["X"], data["gold"], data["qid"], data["source"]
    ids = np.arange(len(source))
    fold_of = np.random.default_rng(0).permutation(len(ids)) % folds
    out: dict[str, object] = {}
    for name, fitter in {"fused": None, **models}.items():
        per: dict[str, list[float]] = {f"{kind}_{k}": [] for kind in ("alt", "onet", "onet_text")
                                       for k in ("top1", "top5")}
        for f in range(folds):
            train = np.isin(qid, ids[fold_of != f])
            w = None if fitter is None else fitter(X[train], gold[train], qid[train])  # type: ignore[operator]
            for kind, short in (("alt", "alt"), ("onet_alt", "onet"), ("onet_text", "onet_text")):
                t1, t5 = top_k(w, X, gold, qid, ids[(fold_of == f) & (source == kind)])
                per[f"{short}_top1"].append(t1)
                per[f"{short}_top5"].append(t5)
        out[name] = {k: f"{np.mean(v):.3f} ± {np.std(v):.3f}" for k, v in per.items()}
        print(name, out[name], file=sys.stderr, flush=True)
    return out


def main() -> None:
    """Collect (or reuse) features, cross-validate, fit and write ``rerank_model.json``."""
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    catalog = Catalog(Path(paths[0] if paths else "data/catalog.sqlite"))
    if CACHE.exists() and "--fresh" not in sys.argv:
        data = dict(np.load(CACHE))
    else:
        data = collect(catalog)
        np.savez(CACHE, **data)
    models: dict[str, object] = {"hidden layer, lambda=1": fit_mlp}
    if "--linear" in sys.argv:
        models["linear, lambda=1"] = lambda X, gold, qid: fit(X, gold, qid, 1.0)
    if "--no-cv" not in sys.argv:
        print(json.dumps(cross_validate(data, models), indent=1, ensure_ascii=False))
    model = fit_mlp(*with_ads(data, ad_titles(catalog)))
    rerank.MODEL_FILE.write_text(json.dumps(
        {"features": list(rerank.FEATURES), "hidden": HIDDEN, "lambda": 1.0,
         "job_ad_repeat": AD_REPEAT, **model.to_json()}) + "\n", encoding="utf-8")
    print(f"wrote {rerank.MODEL_FILE}")


if __name__ == "__main__":
    main()
