"""Search and title normalisation: warm-process speed, cold start and index sizes (title
accuracy: bench_titles)."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import summary, table, timings_ms
from destinai.catalog.db import Catalog
from destinai.search.embedder import MODEL_ID
from destinai.search.hybrid import search_hybrid
from destinai.search.index import get_index
from destinai.search.titles import normalize_title

OCCUPATION_QUERIES = [
    "data scientst", "snr. diplomat", "software developer", "nurses", "truck driver",
    "HR mgr", "accountant", "civil engeneer", "chef de cuisine", "welder", "kindergarten teacher",
    "machine learning engineer", "Registered Nurse", "project manager", "electrician apprentice",
    "sales assistant", "bus driver", "web designer", "pharmacist", "plumber"]
SKILL_QUERIES = [
    "pyhton", "javascript", "team work", "negotiate contracts", "german", "excel spreadsheets",
    "customer service", "welding", "project management", "statistics", "public speaking",
    "first aid", "sql databases", "drive a forklift", "accounting", "machine learning",
    "cooking", "teach children", "marketing strategy", "write reports"]
TITLES = [
    "Senior Software Engineer (m/f/d)", "Snr. Diplomat", "Jr. Java Dev", "Registered Nurses",
    "HR mgr", "Lead UX designer", "Truck Driver CDL-A", "Sales Associate", "Data Scientist II",
    "Head Chef", "Electrician Apprentice", "Staff Accountant", "Marketing Mgr",
    "Warehouse Operative", "Primary School Teacher", "Civil engeneer", "Barista",
    "Dental Hygienist", "Kellner/in", "Principal Product Manager"]


def speed(fn, queries: list[str], rounds: int = 5) -> dict[str, float]:
    """Per-query timings over every query, ``rounds`` times each, warm."""
    ms: list[float] = []
    for q in queries:
        ms += timings_ms(lambda q=q: fn(q), repeat=rounds, warmup=1)
    s = summary(ms)
    s["queries_per_s"] = round(1000 * len(ms) / sum(ms), 1)
    return s


def cold_start(db: Path, rounds: int = 5) -> list[dict[str, object]]:
    """Median wall and CPU seconds of one whole CLI call in a fresh process."""
    import os
    import resource
    import statistics
    import subprocess
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as cv:
        cv.write("Developed web applications in Python and SQL; led a team of three.\n")
    commands = {"search": ["search", "data scientst"],
                "normalize-title": ["normalize-title", "Senior Accountant II"],
                "extract": ["extract", cv.name]}
    out = []
    for name, args in commands.items():
        walls, cpus = [], []
        for _ in range(rounds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "destinai.cli", *args, "--db", str(db)],
                           check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out.append({"command": name, "wall_s (median)": round(statistics.median(walls), 2),
                    "cpu_s (median)": round(statistics.median(cpus), 2)})
    os.unlink(cv.name)
    return out


def sizes(catalog: Catalog) -> list[dict[str, object]]:
    """Megabytes of the search tables (dbstat)."""
    rows = catalog.rows("SELECT CASE WHEN name LIKE 'search_label_fts%' THEN 'label FTS5' "
                        "WHEN name LIKE 'search_description_fts%' THEN 'description FTS5' "
                        "ELSE name END AS part, round(sum(pgsize) / 1e6, 1) AS mb FROM dbstat "
                        "WHERE name LIKE 'search%' GROUP BY part ORDER BY mb DESC", ())
    return [{"table": r["part"], "MB": r["mb"]} for r in rows]


def run(db: Path) -> str:
    """Held-out accuracy, examples and speed on the catalog at ``db``."""
    catalog = Catalog(db)
    started = time.perf_counter()
    index = get_index(catalog)
    index.kinds["occupation"]
    load_occupations = time.perf_counter() - started
    index.kinds["skill"]
    load = time.perf_counter() - started
    step = catalog.build_record().get("step:search", {})
    rows = [
        {"what": "search, occupations", **speed(
            lambda q: search_hybrid(catalog, q, "occupation", 10), OCCUPATION_QUERIES)},
        {"what": "search, skills", **speed(
            lambda q: search_hybrid(catalog, q, "skill", 10), SKILL_QUERIES)},
        {"what": "normalize-title", **speed(
            lambda q: normalize_title(catalog, q, limit=5), TITLES)},
    ]
    examples = [{"query": q, "type": k, "first result": search_hybrid(catalog, q, k, 1)[0][
        "label"]} for q, k in (("data scientst", "occupation"), ("snr. diplomat", "occupation"),
                               ("pyhton", "skill"), ("team work", "skill"))]
    cold = cold_start(db)
    return "\n".join([
        "## Search and title normalisation", "",
        f"Model: {MODEL_ID}. Build step: {step.get('labels', '?')} labels and "
        f"{step.get('descriptions', '?')} descriptions indexed in {step.get('seconds', '?')} s "
        "(vectors cached by text checksum in the cache dir). Index load in a fresh process: "
        f"{load_occupations:.1f} s for occupations, {load:.1f} s for both kinds.", "",
        "Title accuracy (held-out labels, job-ad titles, junk refused): see the section "
        "*Title normalisation* (`benchmarks/bench_titles.py`).", "",
        "### Cold start (a whole CLI call in a fresh process, median of 5)", "",
        table(cold, ["command", "wall_s (median)", "cpu_s (median)"]), "",
        f"Catalog: {db.stat().st_size / 1e6:.0f} MB; search tables:", "",
        table(sizes(catalog), ["table", "MB"]), "",
        "### Speed (warm process, one query at a time)", "",
        table(rows, ["what", "n", "median_ms", "p95_ms", "max_ms", "queries_per_s"]), "",
        table(examples, ["query", "type", "first result"]),
    ])
