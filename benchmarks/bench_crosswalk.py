"""Crosswalk benchmark: held-out agreement with Nesta, calibration, coverage, build time."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from benchmarks.common import table
from destinai.catalog.db import Catalog
from destinai.crosswalk.build import derive, inputs_digest
from destinai.crosswalk.evaluate import evaluate_catalog
from destinai.crosswalk.inputs import load_inputs


def _pct(x: float) -> str:
    return f"{x:.1%}"


def run(db: Path) -> str:
    """Evaluate on the catalog at ``db`` (built with the crosswalk step) and time the step."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    result = evaluate_catalog(connection, folds=5)

    started = time.perf_counter()
    inputs = load_inputs(connection)
    inputs_digest(inputs)
    cached_s = time.perf_counter() - started
    started = time.perf_counter()
    derived = derive(connection, inputs)
    uncached_s = time.perf_counter() - started + cached_s
    connection.close()

    record = Catalog(db).build_record()
    cov = record["crosswalk_coverage"]
    step = record.get("step:crosswalk", {})
    agreement = [
        {"level": "O*NET-SOC code", "top-1": _pct(result["code_top1"]),
         "top-3": _pct(result["code_top3"]), "any kept code": _pct(result["code_kept"])},
        {"level": "6-digit SOC", "top-1": _pct(result["soc_top1"]),
         "top-3": _pct(result["soc_top3"]), "any kept code": ""},
    ]
    weights = derived["model"]["weights"]
    lines = [
        "### Crosswalk (ESCO → O*NET-SOC 2019)",
        "",
        f"Held-out agreement with Nesta's reviewed links: {result['occupations']} occupations, "
        f"{result['folds']}-fold by occupation (each fold ranked by a model fitted on the other "
        "folds, without its own links; relatives' links from the other folds only).",
        "",
        table(agreement, ["level", "top-1", "top-3", "any kept code"]),
        "",
        f"Codes kept per occupation: {result['mean_codes_kept']:.2f} on average. Below the "
        f"low-confidence threshold (0.5): {result['below_threshold']} of "
        f"{result['occupations']} held-out occupations, SOC top-1 agreement "
        f"{_pct(result['soc_top1_below_threshold'])} there against "
        f"{_pct(result['soc_top1_at_or_above_threshold'])} at or above it.",
        "",
        "Calibration (confidence of the first code vs agreement):",
        "",
        table(result["calibration"], ["band", "occupations", "mean_confidence",
                                      "code_agreement", "soc_agreement"]),
        "",
        f"Coverage in the catalog: {cov['onet_any']['count']} of {cov['occupations']} ESCO "
        f"occupations ({_pct(cov['onet_any']['share'])}) have an O*NET code — reviewed "
        f"{cov['onet_reviewed']['count']}, derived {cov['onet_derived']['count']}; with a US "
        f"wage {_pct(cov['wage_any']['share'])}. Derived links: {step.get('derived_links')} "
        f"for {step.get('derived_occupations')} occupations, "
        f"{step.get('derived_below_threshold')} of them below confidence 0.5.",
        "",
        f"Build time added by the step: {uncached_s:.1f} s computed, {cached_s:.1f} s when "
        f"the cached result is reused (single run each); evaluation {result['seconds']} s.",
        "",
        "Fitted weights (conditional logit, features in 0..1): "
        + ", ".join(f"{k} {v:+.2f}" for k, v in weights.items()) + ".",
    ]
    return "\n".join(lines)
