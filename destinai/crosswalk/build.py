"""Build-time step of the crosswalk feature (see destinai.catalog.steps).

Runs after Nesta's reviewed links are in ``occupation_onet``. Every ESCO occupation without a
reviewed link gets derived O*NET-SOC 2019 links (method ``derived``, a confidence and the
evidence), and its ranked candidates go to ``crosswalk_candidates``. The result is cached
under ``context.cache_dir``, keyed by a digest of everything the step reads plus the model
version, so an unchanged rebuild costs about a second.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from destinai.catalog.steps import BuildContext, read_sql
from destinai.crosswalk.confidence import LOW_CONFIDENCE
from destinai.crosswalk.explain import Explainer, task_lists
from destinai.crosswalk.features import pair_evidence
from destinai.crosswalk.inputs import CrosswalkInputs, load_inputs
from destinai.crosswalk.model import fit, predict

MODEL_VERSION = "crosswalk-1"

CANDIDATES_SQL = read_sql("destinai.crosswalk", "schema.sql")


def inputs_digest(inputs: CrosswalkInputs) -> str:
    """A digest of the step's inputs, model version and code: the cache key."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    digest.update(pickle.dumps(inputs, protocol=5))
    return digest.hexdigest()[:24]


def derive(db: sqlite3.Connection, inputs: CrosswalkInputs,
           say: Callable[[str], None] = lambda _m: None) -> dict[str, Any]:
    """Compute derived links and candidates: ``{links, candidates, model}`` as plain rows."""
    say("crosswalk: scoring ESCO × O*NET pairs")
    evidence = pair_evidence(inputs)
    model = fit(inputs, evidence, inputs.reviewed)
    targets = np.array([i for i in range(inputs.n_occ) if i not in inputs.reviewed],
                       dtype=np.int64)
    say(f"crosswalk: ranking codes for {len(targets)} occupations without a reviewed link")
    predictions = predict(inputs, evidence, inputs.reviewed, model, targets)
    tasks = task_lists(inputs, db.execute(
        "SELECT code, task FROM onet_tasks ORDER BY code, task_type, task_id").fetchall())
    explainer = Explainer(inputs, evidence, tasks, inputs.reviewed)
    explainer.prepare((p.occupation, p.codes[r]) for p in predictions for r in range(p.kept))
    links, candidates = [], []
    for pred in predictions:
        uri = inputs.uris[pred.occupation]
        for r, code in enumerate(pred.codes):
            chosen = r < pred.kept
            candidates.append((uri, inputs.codes[code], r + 1, round(pred.probabilities[r], 4),
                               int(chosen), json.dumps(pred.features[r])))
            if chosen:
                evidence_json = explainer.evidence(pred, r, model)
                via = "ISCO-08 → SOC" if evidence_json["isco_soc_path"] else "text similarity"
                links.append((uri, inputs.codes[code], "derived",
                              round(pred.probabilities[r], 4), via,
                              json.dumps(evidence_json, ensure_ascii=False)))
    return {"links": links, "candidates": candidates, "model": model.as_dict()}


def _cached(cache: Path, compute: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], bool]:
    if cache.is_file():
        try:
            return json.loads(cache.read_text()), True
        except (OSError, ValueError):
            pass
    result = compute()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temp = cache.with_suffix(".tmp")
        temp.write_text(json.dumps(result, ensure_ascii=False))
        temp.replace(cache)
    except OSError:
        pass  # a read-only cache directory only costs time
    return result, False


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Add derived links for every ESCO occupation without a reviewed one."""
    started = time.perf_counter()
    db.executescript(CANDIDATES_SQL)
    inputs = load_inputs(db)
    if inputs.n_occ == 0 or inputs.n_codes == 0:
        return {"derived_occupations": 0, "derived_links": 0}
    cache = context.cache_dir / f"crosswalk-{inputs_digest(inputs)}.json"
    result, from_cache = _cached(cache, lambda: derive(db, inputs, context.say))
    links = [tuple(row) for row in result["links"]]
    db.executemany("INSERT OR IGNORE INTO occupation_onet VALUES (?,?,?,?,?,?)", links)
    db.executemany("INSERT INTO crosswalk_candidates VALUES (?,?,?,?,?,?)",
                   [tuple(row) for row in result["candidates"]])
    best: dict[str, float] = {}
    for uri, _code, _method, confidence, _via, _ev in links:
        best[uri] = max(best.get(uri, 0.0), confidence)
    return {
        "model_version": MODEL_VERSION,
        "reviewed_occupations": len(inputs.reviewed),
        "derived_occupations": len(best),
        "derived_links": len(links),
        "derived_below_threshold": sum(1 for c in best.values() if c < LOW_CONFIDENCE),
        "low_confidence_threshold": LOW_CONFIDENCE,
        "model": result["model"],
        "cached": from_cache,
        "seconds": round(time.perf_counter() - started, 2),
    }


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    from destinai.crosswalk import model, rank
    from destinai.text import TEXT_VERSION

    return {"model_version": MODEL_VERSION, "text": TEXT_VERSION, "keep_ratio": model.KEEP_RATIO,
            "keep_min": model.KEEP_MIN, "max_codes": model.MAX_CODES,
            "candidates": rank.CANDIDATES, "l2": rank.L2,
            "min_training_occupations": rank.MIN_TRAINING_OCCUPATIONS,
            "default_weights": rank.DEFAULT_WEIGHTS}
