"""Honest quality figures: agreement with Nesta's reviewed links on held-out occupations.

The reviewed occupations are split into k folds. For each fold the model is fitted on the
other folds' links, and the fold's occupations are ranked without their own links (their
relatives' links come from the other folds only). Agreement is counted at the O*NET-SOC code
and at the 6-digit SOC level, for the first code and for the first three.
"""

from __future__ import annotations

import sqlite3
import time

import numpy as np

from destinai.crosswalk.confidence import LOW_CONFIDENCE
from destinai.crosswalk.features import pair_evidence
from destinai.crosswalk.inputs import CrosswalkInputs, load_inputs
from destinai.crosswalk.model import Prediction, fit, predict

BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.0001))


def _outcome(inputs: CrosswalkInputs, pred: Prediction, gold: set[int]) -> dict[str, float]:
    gold_soc = {inputs.soc[c] for c in gold}
    socs = [inputs.soc[c] for c in pred.codes]
    return {
        "code_top1": float(pred.codes[0] in gold),
        "code_top3": float(any(c in gold for c in pred.codes[:3])),
        "soc_top1": float(socs[0] in gold_soc),
        "soc_top3": float(any(s in gold_soc for s in socs[:3])),
        "code_kept": float(any(c in gold for c in pred.codes[:pred.kept])),
        "kept": float(pred.kept),
        "confidence": pred.probabilities[0],
    }


def holdout_outcomes(inputs: CrosswalkInputs, folds: int = 5,
                     seed: int = 0) -> list[dict[str, float]]:
    """One outcome row per reviewed occupation, each predicted without its own links."""
    evidence = pair_evidence(inputs)
    occupations = np.array(sorted(inputs.reviewed), dtype=np.int64)
    fold_of = np.random.default_rng(seed).permutation(len(occupations)) % folds
    rows = []
    for k in range(folds):
        held_out = occupations[fold_of == k]
        known = {int(i): inputs.reviewed[int(i)] for i in occupations[fold_of != k]}
        model = fit(inputs, evidence, known)
        for pred in predict(inputs, evidence, known, model, held_out):
            rows.append(_outcome(inputs, pred, inputs.reviewed[pred.occupation]))
    return rows


def calibration(rows: list[dict[str, float]]) -> list[dict[str, object]]:
    """Agreement by band of the first code's confidence."""
    out = []
    for lo, hi in BANDS:
        band = [r for r in rows if lo <= r["confidence"] < hi]
        if not band:
            continue
        out.append({
            "band": f"{lo:.1f}–{min(hi, 1.0):.1f}",
            "occupations": len(band),
            "mean_confidence": round(float(np.mean([r["confidence"] for r in band])), 3),
            "code_agreement": round(float(np.mean([r["code_top1"] for r in band])), 3),
            "soc_agreement": round(float(np.mean([r["soc_top1"] for r in band])), 3),
        })
    return out


def summarise(rows: list[dict[str, float]]) -> dict[str, object]:
    """Agreement rates, calibration and the share below the low-confidence threshold."""
    def rate(key: str, subset: list[dict[str, float]] = rows) -> float:
        return round(float(np.mean([r[key] for r in subset])), 4) if subset else 0.0

    low = [r for r in rows if r["confidence"] < LOW_CONFIDENCE]
    high = [r for r in rows if r["confidence"] >= LOW_CONFIDENCE]
    return {
        "occupations": len(rows),
        **{key: rate(key) for key in ("code_top1", "code_top3", "soc_top1", "soc_top3",
                                      "code_kept")},
        "mean_codes_kept": rate("kept"),
        "below_threshold": len(low),
        "soc_top1_at_or_above_threshold": rate("soc_top1", high),
        "soc_top1_below_threshold": rate("soc_top1", low),
        "calibration": calibration(rows),
    }


def evaluate_catalog(db: sqlite3.Connection, folds: int = 5, seed: int = 0) -> dict[str, object]:
    """Hold-out evaluation against the reviewed links of a catalog."""
    started = time.perf_counter()
    inputs = load_inputs(db)
    result = summarise(holdout_outcomes(inputs, folds, seed))
    result["folds"] = folds
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result
