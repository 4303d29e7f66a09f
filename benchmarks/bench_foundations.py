"""Foundations (issue 16): catalog size by table, and the quality figures the shared text layer
touches, against the figures before the change (commit 1054cd5: crude suffix stemmers, two
TF-IDF implementations, occupation_similarity stored, no VACUUM)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.bench_catalog import largest_tables
from benchmarks.common import table
from destinai.catalog.db import Catalog

# Measured on the same machine and sources at commit 1054cd5 (before), 2026-12-01.
BEFORE_MB = 346.3
BEFORE = {
    "crosswalk O*NET-SOC code top-1": 0.7004, "crosswalk O*NET-SOC code top-3": 0.8892,
    "crosswalk 6-digit SOC top-1": 0.7076, "crosswalk 6-digit SOC top-3": 0.8898,
    "paths recall@10, held-out, lateral + advancement": 0.154,
    "paths recall@20, held-out, lateral + advancement": 0.242,
    "paths recall@10, held-out, raw similarity": 0.188,
    "paths recall@20, held-out, raw similarity": 0.344,
    "match: own essential skills rank first": 0.9747,
    "match: half of them keep it in the top 10": 0.9870,
}


def quality(db: Path) -> dict[str, float]:
    """The same figures on the catalog at ``db`` with the code as it is now."""
    from benchmarks.bench_match import self_consistency
    from benchmarks.bench_paths import related_recall
    from destinai.crosswalk.evaluate import evaluate_catalog

    catalog = Catalog(db)
    held = {(r["ranking"], k): float(r[k]) for r in related_recall(catalog)
            if r["links"] == "reviewed + derived" and r["origins"].startswith("held-out")
            for k in ("recall@10", "recall@20")}
    sc = self_consistency(catalog)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        xw = evaluate_catalog(connection, folds=5)
    return {
        "crosswalk O*NET-SOC code top-1": xw["code_top1"],
        "crosswalk O*NET-SOC code top-3": xw["code_top3"],
        "crosswalk 6-digit SOC top-1": xw["soc_top1"],
        "crosswalk 6-digit SOC top-3": xw["soc_top3"],
        "paths recall@10, held-out, lateral + advancement":
            held[("lateral + advancement", "recall@10")],
        "paths recall@20, held-out, lateral + advancement":
            held[("lateral + advancement", "recall@20")],
        "paths recall@10, held-out, raw similarity": held[("raw similarity", "recall@10")],
        "paths recall@20, held-out, raw similarity": held[("raw similarity", "recall@20")],
        "match: own essential skills rank first": sc["first"],
        "match: half of them keep it in the top 10": sc["top10_half"],
    }


def run(db: Path) -> str:
    """Size by table, and every touched quality figure before/after with its change."""
    now = quality(db)
    rows = [{"figure": k, "before": f"{v:.4f}", "after": f"{now[k]:.4f}",
             "change": f"{now[k] - v:+.4f}"} for k, v in BEFORE.items()]
    worst = min(now[k] - v for k, v in BEFORE.items())
    return "\n".join([
        "## Foundations (issue 16)", "",
        f"- Catalog size: **{db.stat().st_size / 1e6:.0f} MB** (was {BEFORE_MB:.0f} MB: the unread "
        "`occupation_similarity` table and its index, 96 MB, are gone, and the build ends with "
        "VACUUM)", "",
        table(largest_tables(db, 8), ["name", "MB"]), "",
        "Quality figures touched by the shared text layer (Snowball stemmer, one tokeniser and "
        "stop-word list, one TF-IDF) and the derived links it changes:", "",
        table(rows, ["figure", "before", "after", "change"]), "",
        f"Largest drop: {worst:+.4f} (limit: -0.005).",
    ])
