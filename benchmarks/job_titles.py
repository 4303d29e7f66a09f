"""Top-1 / top-5 of title normalisation on job-ad titles written by hand (benchmarks/data).

Top-1 counts any acceptable occupation ranked first; *strict* top-1 only the first one listed
(the one a recruiter would pick), nearer to a benchmark with one gold occupation per title.

176 titles typical of NGO and private-sector job boards (seniority and grade words,
abbreviations such as MEAL, M&E, HR, ICT, SDE, RN, PM, bracketed and dashed qualifiers,
"X/Y" double titles), each with the ESCO occupations a reviewer would accept (preferred labels
checked to exist in ESCO). The acceptable answers were written with the titles, before any
run of the method on them, and are not used by it.

Split (third column): the first 88 titles were looked at while tuning in an earlier round, so
they are all ``tune``; the 88 added on 2026-12-01 are ``tune`` or ``report`` by the parity of
the SHA-256 of the title. Misses are printed for the tune half only; the report half gives
the figure that counts. It is small and ours: a sanity check beside the held-out labels, not
a substitute for the maintainers' 542-title set.

216 titles added on 2026-12-02 (rows 177-392): written as NGO and private-sector job boards
word them (East-African and international postings: banks, microfinance, humanitarian
programmes, manufacturing, health, hotels, construction, IT, agriculture, household work),
across grades (junior, II, senior, deputy, head, chief) and with their qualifiers in dashes and
brackets. Their acceptable occupations were written with them, the first listed being the one
a recruiter would pick, then checked to be ESCO v1.1.1 preferred labels (a name missing from
v1.1.1, e.g. "compliance officer", was replaced by the nearest existing ESCO occupation)
before any run of the method; split by the same SHA-256 parity. Some of the
first 176 rows list ESCO v1.2 names absent from v1.1.1 ("cleaner", "stock clerk"): kept as
written, they only lower the figures.
"""

from __future__ import annotations

import csv
from pathlib import Path

from destinai.catalog.db import Catalog
from destinai.search.titles import normalize_title

DATA = Path(__file__).parent / "data" / "job_ad_titles.tsv"


def evaluate(catalog: Catalog) -> dict[str, object]:
    """Top-1 and top-5 per split, and the tune half's misses."""
    rows = list(csv.reader(DATA.open(encoding="utf-8"), delimiter="\t"))[1:]
    out: dict[str, object] = {"titles": len(rows)}
    for split in ("tune", "report", "all"):
        chosen = [r for r in rows if split in ("all", r[2])]
        top1 = top5 = strict = 0
        misses = []
        for title, acceptable, _ in chosen:
            listed = [a.lower() for a in acceptable.split("|")]
            gold = set(listed)
            found = [r["label"].lower() for r in normalize_title(catalog, title, limit=5)]
            top1 += bool(found[:1] and found[0] in gold)
            strict += bool(found[:1] and found[0] == listed[0])
            top5 += bool(gold & set(found))
            if not (found[:1] and found[0] in gold):
                misses.append(f"{title} -> {found[0] if found else '-'}")
        out[split] = {"titles": len(chosen), "top1": round(top1 / len(chosen), 3),
                      "top5": round(top5 / len(chosen), 3),
                      "strict_top1": round(strict / len(chosen), 3)}
        if split == "tune":
            out["tune_misses"] = misses
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(evaluate(Catalog(Path(sys.argv[1] if len(sys.argv) > 1
                                           else "data/catalog.sqlite"))), indent=1))
