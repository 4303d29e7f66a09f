"""Get-started evaluation: hit@5 for skill lists and CVs, recall@20 for fields of study.

The sets live in ``benchmarks/data`` (see its README). Each row falls in the *tune* or the
*report* half by SHA-256 of its id, so tuning never looks at the half that is reported.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

from destinai.catalog.db import Catalog
from destinai.config import REPO_ROOT

DATA = REPO_ROOT / "benchmarks" / "data"


def half(key: str) -> str:
    """``tune`` or ``report``: a fixed, content-independent split of the rows."""
    return "tune" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "report"


def load(name: str, part: str | None = None) -> list[dict[str, Any]]:
    """Rows of one set (``getstarted_skills``, ``getstarted_cvs``, ``study_fields``)."""
    rows = [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text().splitlines()
            if line.strip()]
    for row in rows:
        row["part"] = half(row.get("id") or row["field"])
    return [r for r in rows if part is None or r["part"] == part]


def _top_labels(catalog: Catalog, limit: int, **profile: Any) -> list[str]:
    from destinai.match.engine import match
    from destinai.match.profile import build_profile

    result = match(catalog, build_profile(catalog, **profile), limit)
    return [r["occupation"]["label"] for r in result["results"]]


def evaluate_profiles(catalog: Catalog, name: str, part: str | None = None,
                      k: int = 5) -> dict[str, Any]:
    """hit@k over a skills or CV set, with the misses (what ranked instead)."""
    rows = load(name, part)
    hits, misses = 0, []
    for row in rows:
        args = {"skills": row["skills"]} if "skills" in row else {"cv_text": row["cv"]}
        top = _top_labels(catalog, k, **args)
        if set(top) & set(row["expected"]):
            hits += 1
        else:
            misses.append({"id": row["id"], "expected": row["expected"], "got": top})
    return {"n": len(rows), "hit": hits / max(len(rows), 1), "misses": misses}


def evaluate_study(catalog: Catalog, part: str | None = None, k: int = 20) -> dict[str, Any]:
    """Field accuracy (top ISCED-F code acceptable) and recall@k of the core occupations."""
    from destinai.match.study import study

    rows = load("study_fields", part)
    field_ok, recalls, misses = 0, [], []
    for row in rows:
        result = study(catalog, row["field"], limit=k)
        labels = [o["label"] for o in result["ranked"]][:k]
        codes = [g["code"] for g in result["isced_f"]]
        field_ok += bool(codes) and codes[0] in row["isced_f"]
        found = set(labels) & set(row["core"])
        recalls.append(len(found) / len(row["core"]))
        if len(found) < len(row["core"]) or codes[:1] != row["isced_f"][:1]:
            misses.append({"field": row["field"], "codes": codes, "missing": sorted(
                set(row["core"]) - found), "top": labels[:8]})
    return {"n": len(rows), "field_accuracy": field_ok / max(len(rows), 1),
            "recall": sum(recalls) / max(len(recalls), 1), "misses": misses}


def main(argv: list[str]) -> None:
    """``python -m destinai.match.evaluation [skills|cvs|study] [tune|report|all]``."""
    from destinai.config import Settings

    what = argv[0] if argv else "skills"
    part = None if len(argv) < 2 or argv[1] == "all" else argv[1]
    catalog = Catalog(Settings.from_env().db)
    if what == "study":
        out = evaluate_study(catalog, part)
    else:
        out = evaluate_profiles(catalog, f"getstarted_{what}", part)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
