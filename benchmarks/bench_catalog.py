"""Catalog benchmarks: full build, size, CLI end to end, indexed lookups in a warm process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import summary, table, timings_ms
from destinai.catalog.build import build_catalog
from destinai.catalog.db import Catalog
from destinai.catalog.occupations import get_occupation, resolve_occupation
from destinai.catalog.search import search
from destinai.config import Settings


def run(db: Path) -> str:
    """Build from the real sources into a temp file, then time queries on it."""
    sources = Settings.from_env().sources
    builds = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "catalog.sqlite"
        empty = _timed_build(sources, target, Path(tmp) / "empty-cache")
        for _ in range(3):
            builds.append(_timed_build(sources, target, None))
        size_mb = target.stat().st_size / 1e6
        largest = largest_tables(target)
        catalog = Catalog(target)
        uri = resolve_occupation(catalog, "diplomat")[0]
        rows = [
            {"operation": "resolve by URI (indexed lookup)",
             **summary(timings_ms(lambda: resolve_occupation(catalog, uri), 500))},
            {"operation": "resolve by ESCO code",
             **summary(timings_ms(lambda: resolve_occupation(catalog, "1112.3"), 500))},
            {"operation": "full occupation record (diplomat)",
             **summary(timings_ms(lambda: get_occupation(catalog, uri), 200))},
            {"operation": "FTS5 search 'software developer'",
             **summary(timings_ms(lambda: search(catalog, "software developer"), 200))},
        ]
        env = {**os.environ, "DESTINAI_DB": str(target)}
        cli = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "destinai.cli", "occupation", "diplomat",
                            "--json"], env=env, capture_output=True, check=True)
            cli.append(time.perf_counter() - start)
    lines = [
        "## Catalog (issue 2)",
        "",
        f"- Full build from the real sources, warm cache: median "
        f"**{statistics.median(b[0] for b in builds):.1f} s** wall, "
        f"{statistics.median(b[1] for b in builds):.1f} s CPU (runs: "
        f"{', '.join(f'{b[0]:.1f}' for b in builds)}; target < 30 s; load average "
        f"{os.getloadavg()[0]:.1f} at the end)",
        f"- From an empty cache (embeddings, crosswalk scoring, search index and paths "
        f"computed): **{empty[0]:.1f} s** wall, {empty[1]:.1f} s CPU",
        f"- Catalog size: **{size_mb:.0f} MB** (target < 150 MB)",
        f"- `destinai occupation diplomat --json` end to end, process start included: median "
        f"**{statistics.median(cli):.2f} s**, max {max(cli):.2f} s over {len(cli)} runs "
        "(target < 0.5 s)",
        "",
        table(rows, ["operation", "median_ms", "p95_ms", "max_ms", "n"]),
        "",
        "Largest tables and indexes (SQLite `dbstat`, after the build's VACUUM):",
        "",
        table(largest, ["name", "MB"]),
    ]
    return "\n".join(lines)


def _timed_build(sources: Path, target: Path, cache: Path | None) -> tuple[float, float]:
    """(wall, CPU) seconds of one build; CPU counts the build's worker processes too."""
    before, cpu = time.perf_counter(), _cpu()
    build_catalog(sources, target, cache=cache)
    return time.perf_counter() - before, _cpu() - cpu


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def largest_tables(path: Path, n: int = 10) -> list[dict[str, str]]:
    """The ``n`` largest tables/indexes of a catalog by pages used (SQLite's dbstat)."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                          "ORDER BY 2 DESC LIMIT ?", (n,)).fetchall()
    return [{"name": name, "MB": f"{size / 1e6:.1f}"} for name, size in rows]
