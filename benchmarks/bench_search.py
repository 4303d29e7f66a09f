"""Search and title normalisation: held-out title accuracy and warm-process speed."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import summary, table, timings_ms
from destinai.catalog.db import Catalog
from destinai.search.embedder import MODEL_ID
from destinai.search.heldout import evaluate_titles
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
    heldout = evaluate_titles(catalog, sample=1000)
    held_rows = [{"held-out set": name, "queries": heldout[key]["queries"],
                  "top-1": heldout[key]["top1"], "top-5": heldout[key]["top5"]}
                 for name, key in (("ESCO alternative labels", "esco_alt_labels"),
                                   ("O*NET alternate titles", "onet_alternate_titles"))]
    return "\n".join([
        "## Search and title normalisation", "",
        f"Model: {MODEL_ID}. Build step: {step.get('labels', '?')} labels and "
        f"{step.get('descriptions', '?')} descriptions indexed in {step.get('seconds', '?')} s "
        "(vectors cached by text checksum in the cache dir). Index load in a fresh process: "
        f"{load_occupations:.1f} s for occupations, {load:.1f} s for both kinds.", "",
        "### Held-out title normalisation", "",
        f"20% of ESCO alternative labels and O*NET alternate titles held out "
        f"({heldout['held_out']:,} labels; every label with the same folded text removed "
        f"too), index rebuilt from the other {heldout['indexed']:,} in "
        f"{heldout['index_seconds']} s; 1,000 held-out titles of each kind queried. An O*NET "
        "title counts as recovered when an ESCO occupation linked to its O*NET code is.", "",
        table(held_rows, ["held-out set", "queries", "top-1", "top-5"]), "",
        "### Speed (warm process, one query at a time)", "",
        table(rows, ["what", "n", "median_ms", "p95_ms", "max_ms", "queries_per_s"]), "",
        table(examples, ["query", "type", "first result"]),
    ])
