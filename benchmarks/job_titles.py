"""Top-1 / top-5 of title normalisation on job-ad titles written by hand (benchmarks/data).

The 88 titles are typical of NGO and private-sector job boards (seniority and grade words,
abbreviations, bracketed and dashed qualifiers, "X/Y" double titles). Each lists the ESCO
occupations a reviewer would accept; the list was written before the method was tuned and
is not used by it. It is small and ours: a sanity check beside the held-out label figures,
not a substitute for the maintainers' 542-title set.
"""

from __future__ import annotations

import csv
from pathlib import Path

from destinai.catalog.db import Catalog
from destinai.search.titles import normalize_title

DATA = Path(__file__).parent / "data" / "job_ad_titles.tsv"


def evaluate(catalog: Catalog) -> dict[str, object]:
    """Top-1, top-5 and the misses."""
    rows = list(csv.reader(DATA.open(encoding="utf-8"), delimiter="\t"))[1:]
    top1 = top5 = 0
    misses = []
    for title, acceptable in rows:
        gold = {a.lower() for a in acceptable.split("|")}
        found = [r["label"].lower() for r in normalize_title(catalog, title, limit=5)]
        top1 += bool(found[:1] and found[0] in gold)
        top5 += bool(gold & set(found))
        if not (found[:1] and found[0] in gold):
            misses.append(f"{title} -> {found[0] if found else '-'}")
    return {"titles": len(rows), "top1": round(top1 / len(rows), 3),
            "top5": round(top5 / len(rows), 3), "misses": misses}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(evaluate(Catalog(Path(sys.argv[1] if len(sys.argv) > 1
                                           else "data/catalog.sqlite"))), indent=1))
