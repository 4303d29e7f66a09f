"""Title normalisation: held-out labels, job-ad titles (tune / report halves), junk refused."""

from __future__ import annotations

import random
import string
from pathlib import Path

from benchmarks.common import table
from destinai.catalog.db import Catalog, NotFound
from destinai.search import rerank
from destinai.search.heldout import evaluate_titles
from destinai.search.resolve import search_or_refuse
from destinai.search.titles import normalize_title

FIXED_JUNK = ["lorem ipsum", "qwerty asdf", "<script>alert(1)</script>", "SELECT * FROM users",
              "asdfghjkl", "lorem ipsum dolor sit amet", "xyzzy plugh", "1234567",
              "the quick brown fox", "foo bar baz", "'; DROP TABLE occupations; --",
              "aaaaaaa bbbbbb", "blah blah", "zzzz", "hello world", "purple monkey dishwasher"]


def junk(count: int = 40, seed: int = 3) -> list[str]:
    """Queries that name no occupation: fixed strings and random letters."""
    rng = random.Random(seed)
    return FIXED_JUNK + ["".join(rng.choice(string.ascii_lowercase)
                                 for _ in range(rng.randint(5, 12))) for _ in range(count)]


def refused(fn, queries: list[str]) -> float:
    """Share of ``queries`` that ``fn`` answers with NotFound."""
    n = 0
    for q in queries:
        try:
            fn(q)
        except NotFound:
            n += 1
    return n / len(queries)


def run(db: Path) -> str:
    """Held-out top-1/top-5 with and without the re-ranker, job-ad halves, refusal rates."""
    from benchmarks.job_titles import DATA
    from benchmarks.job_titles import evaluate as job_ad_titles

    catalog = Catalog(db)
    shipped = rerank.WEIGHTS
    rows = []
    try:
        for name, weights in (("fusion only (previous order)", None),
                              ("fusion + learned re-ranker (shipped)", shipped)):
            rerank.WEIGHTS = weights
            held = evaluate_titles(catalog, sample=1000)
            ads = job_ad_titles(catalog)
            rows.append({"method": name,
                         "ESCO alt top-1": held["esco_alt_labels"]["top1"],
                         "ESCO alt top-5": held["esco_alt_labels"]["top5"],
                         "O*NET alt top-1": held["onet_alternate_titles"]["top1"],
                         "O*NET alt top-5": held["onet_alternate_titles"]["top5"],
                         "job ads tune top-1/top-5": f"{ads['tune']['top1']} / "
                                                     f"{ads['tune']['top5']}",
                         "job ads report top-1/top-5": f"{ads['report']['top1']} / "
                                                       f"{ads['report']['top5']}"})
    finally:
        rerank.WEIGHTS = shipped
    titles = [line.split("\t")[0] for line in DATA.read_text(encoding="utf-8").splitlines()[1:]]
    junk_queries = junk()
    refusal = [
        {"command": "normalize-title", "junk refused": round(refused(
            lambda q: normalize_title(catalog, q, refuse=True), junk_queries), 3),
         "job-ad titles refused": round(refused(
             lambda q: normalize_title(catalog, q, refuse=True), titles), 3)},
        {"command": "search (occupations)", "junk refused": round(refused(
            lambda q: search_or_refuse(catalog, q, "occupation", 5), junk_queries), 3),
         "job-ad titles refused": round(refused(
             lambda q: search_or_refuse(catalog, q, "occupation", 5), titles), 3)},
    ]
    columns = list(rows[0])
    return "\n".join([
        "## Title normalisation", "",
        f"Held out: 20% of ESCO alternative labels and O*NET alternate titles (split seed 0, "
        f"{held['held_out']:,} labels, every label with the same folded text removed too), "
        f"index rebuilt from the other {held['indexed']:,}; 1,000 held-out titles of each "
        "kind. The re-ranker was fitted on the seed-1 split with every seed-0 held-out text "
        "dropped (benchmarks/title_rerank.py). Job-ad titles: benchmarks/data/job_ad_titles.tsv"
        f" ({ads['tune']['titles']} tune, {ads['report']['titles']} report).", "",
        table(rows, columns), "",
        f"Refusals ({len(junk_queries)} junk queries: lorem ipsum, injection strings, random "
        f"letters; {len(titles)} job-ad titles that should all be answered):", "",
        table(refusal, ["command", "junk refused", "job-ad titles refused"]), "",
        "First tune-half misses: " + "; ".join(ads["tune_misses"][:10]) + ".",
    ])
