"""Do two catalogs (and the code reading each) answer every command the same way?

The lean-catalog work (issue 11) changes how the catalog stores things, never what the
engines compute. This runs ~120 CLI calls (``--json``) in one process and writes their outputs
to a JSON file; run it once with the old code and catalog, once with the new, and compare:

    python -m benchmarks.lean_equivalence OUT.json        # DESTINAI_DB picks the catalog
    python -m benchmarks.lean_equivalence --compare A.json B.json

Identical outputs mean identical quality figures for everything these commands feed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OCCUPATIONS = ["diplomat", "welder", "software developer", "nurse assistant", "hotel manager",
               "data scientist", "waiter/waitress", "policy officer", "mechanical engineer",
               "primary school teacher", "accountant", "chef", "electrician", "pharmacist"]
SKILLS = ["manage budgets", "negotiate international agreements", "Python (computer "
          "programming)", "teamwork principles", "use welding equipment", "wound dressing",
          "giving medication", "customer service", "project management", "statistics"]
SEARCHES = ["data scientst", "snr. diplomat", "pyhton", "team work", "nurse", "welding",
            "machine learning", "accounting", "sales manager", "truck driver", "carpentry",
            "social media marketing"]
TITLES = ["Senior Software Engineer (m/f/d)", "Snr. Diplomat", "RN - ICU", "Full Stack Developer",
          "Barista", "Head Chef", "HGV Driver", "Junior Data Analyst", "Welder/Fabricator",
          "Customer Success Manager", "Primary Teacher", "Pharmacy technician"]
DOCS = ["I operate welding equipment and read engineering drawings.",
        "Experienced nurse: wound dressing, giving medication, patient care, teamwork.",
        "Python developer with SQL, machine learning and cloud deployment experience.",
        "We seek a chef who manages a kitchen team, plans menus and controls food costs."]


def calls() -> list[list[str]]:
    """The command lines compared."""
    out: list[list[str]] = []
    out += [["occupation", q, "--json"] for q in OCCUPATIONS]
    out += [["skill", q, "--json"] for q in SKILLS]
    out += [["search", q, "--type", t, "--json"] for q in SEARCHES for t in ("occupation", "skill")]
    out += [["normalize-title", t, "--limit", "5", "--json"] for t in TITLES]
    out += [["paths", q, "--limit", "10", "--json"] for q in OCCUPATIONS]
    out += [["jobprofile", q, "--json"] for q in OCCUPATIONS[:6]]
    out += [["interview", q, "--json"] for q in OCCUPATIONS[:3]]
    out += [["crosswalk", q, "--json"] for q in OCCUPATIONS[:6]]
    out += [["sector", q, "--json"] for q in ("health", "construction", "25")]
    out += [["route", "welder", "mechanical engineer", "--json"],
            ["route", "waiter/waitress", "hotel manager", "--json"]]
    out += [["match", "--skills", "; ".join(SKILLS[i:i + 4]), "--json"] for i in range(0, 8, 2)]
    out += [["match", "--titles", t, "--json"] for t in ("nurse assistant", "barista")]
    out += [["study", f, "--json"] for f in ("international relations", "nursing", "0613")]
    out += [["gap", "--skills", "use welding equipment; read engineering drawings",
             "--to", "mechanical engineer", "--json"]]
    return out


def run(path: Path) -> None:
    """Write {command line: output} for every call."""
    from typer.testing import CliRunner

    from destinai.cli import app

    runner = CliRunner()
    results: dict[str, object] = {}
    for args in calls():
        result = runner.invoke(app, args)
        results[" ".join(args)] = {"exit": result.exit_code, "stdout": result.stdout}
    for doc in DOCS:
        result = runner.invoke(app, ["extract", "-", "--json"], input=doc)
        results[f"extract {doc}"] = {"exit": result.exit_code, "stdout": result.stdout}
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    bad = [k for k, v in results.items() if v["exit"] not in (0, 2)]  # type: ignore[index]
    print(f"{len(results)} calls written to {path}; failed: {bad}", file=sys.stderr)


def _normal(stdout: str) -> object:
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        return stdout
    return _drop_timings(data)


def _drop_timings(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_timings(v) for k, v in value.items()
                if not any(w in k for w in ("seconds", "_ms", "elapsed"))}
    if isinstance(value, list):
        return [_drop_timings(v) for v in value]
    return value


def compare(a: Path, b: Path) -> int:
    """Print the calls whose outputs differ; exit status 1 when any does."""
    old, new = json.loads(a.read_text()), json.loads(b.read_text())
    differ = [k for k in old if k not in new or old[k]["exit"] != new[k]["exit"]
              or _normal(old[k]["stdout"]) != _normal(new[k]["stdout"])]
    print(f"{len(old)} calls, {len(differ)} differ")
    for k in differ:
        print(" -", k)
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    run(Path(sys.argv[1]))
