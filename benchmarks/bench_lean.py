"""Lean catalog (issue 11): size by table, cold process time of each command, server memory.

Cold = a new Python process per run (imports, catalog open and index loading included), as a
user typing the command sees it. Each command runs 5 times; the table gives the median wall
time and the median CPU time (user + system of the child, which the machine's load inflates
less than wall time). ``python -m benchmarks.run lean``, or ``python -m benchmarks.bench_lean``
to print the section without writing the document.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import table

RUNS = 5
COMMANDS: list[tuple[str, list[str]]] = [
    ("occupation", ["occupation", "diplomat", "--json"]),
    ("skill", ["skill", "manage budgets", "--json"]),
    ("search", ["search", "data scientst", "--type", "occupation", "--limit", "5", "--json"]),
    ("normalize-title", ["normalize-title", "Senior Software Engineer (m/f/d)", "--limit", "3",
                         "--json"]),
    ("match", ["match", "--skills", "wound dressing; giving medication; patient care",
               "--json"]),
    ("paths", ["paths", "welder", "--limit", "5", "--json"]),
    ("jobprofile", ["jobprofile", "policy officer", "--json"]),
    ("study", ["study", "international relations", "--json"]),
    ("extract", ["extract", "-", "--json"]),
]
STDIN = {"extract": b"I operate welding equipment and read engineering drawings."}


def cold(args: list[str], db: Path, runs: int = RUNS, stdin: bytes | None = None
         ) -> dict[str, float]:
    """Median wall and CPU seconds of ``destinai ARGS`` in new processes.

    As an installed package runs: with its bytecode cached. ``PYTHONDONTWRITEBYTECODE``
    (set in some shells and CI images) would make every run recompile ~50 modules (0.15-0.2 s),
    so it is dropped and one untimed run writes the bytecode first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DESTINAI_DB"] = str(db)
    command = [sys.executable, "-m", "destinai.cli", *args]
    subprocess.run(command, env=env, capture_output=True, input=stdin)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, input=stdin)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise RuntimeError(f"destinai {' '.join(args)} failed: {done.stderr[-500:]!r}")
    return {"wall_s": round(statistics.median(walls), 3),
            "cpu_s": round(statistics.median(cpus), 3)}


def sizes(db: Path, top: int = 12) -> list[dict[str, object]]:
    """The largest tables and indexes (SQLite ``dbstat``), MB."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                            "ORDER BY 2 DESC LIMIT ?", (top,)).fetchall()
    return [{"table or index": n, "MB": round(s / 1e6, 1)} for n, s in rows]


WARM_UP = ["/api/v1/search?q=data+scientst", "/api/v1/search?q=pyhton&type=skill",
           "/api/v1/normalize-title?title=Senior+Software+Engineer",
           "/api/v1/occupations/2221.1", "/api/v1/paths/welder", "/occupations/2221.1"]


def server_rss(db: Path) -> dict[str, float]:
    """Resident memory (MB) of a one-worker ``destinai serve`` when started and after warm-up
    requests that load the search, title, occupation, paths and match indexes."""
    import httpx

    from benchmarks.bench_server import Server

    server = Server(db, 1)
    try:
        started = server.rss_mb()
        for path in WARM_UP:
            httpx.get(server.base + path, timeout=300, follow_redirects=True)
        httpx.post(server.base + "/api/v1/match", timeout=300,
                   json={"skills": ["wound dressing", "giving medication", "patient care"]})
        return {"started": started, "warm": server.rss_mb()}
    finally:
        server.stop()


def run(db: Path) -> str:
    """The Markdown section."""
    load = os.getloadavg()[0]
    rss = server_rss(db)
    rows = [{"command": f"`destinai {name}`", **cold(args, db, stdin=STDIN.get(name))}
            for name, args in COMMANDS]
    baseline = cold(["--help"], db)
    return "\n".join([
        "## Lean catalog and cold start (issue 11)",
        "",
        f"Load average at start: {load:.1f} on {os.cpu_count()} cores (shared machine).",
        "",
        f"- Catalog size: **{db.stat().st_size / 1e6:.0f} MB** (target < 150 MB)",
        "",
        table(sizes(db), ["table or index", "MB"]),
        "",
        f"Cold process, median of {RUNS} (target < 0.5 s); `destinai --help` alone: "
        f"{baseline['wall_s']} s wall, {baseline['cpu_s']} s CPU.",
        "",
        table(rows, ["command", "wall_s", "cpu_s"]),
        "",
        f"- Web server, one worker: **{rss['warm']:.0f} MB** resident after warm-up requests "
        f"(search, titles, occupation, paths, match; {rss['started']:.0f} MB when started; "
        "target < 600 MB)",
    ])


if __name__ == "__main__":
    from destinai.config import Settings

    print(run(Settings.from_env().db))
