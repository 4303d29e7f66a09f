"""Mutation testing summary: ``make mutation`` runs mutmut, then this prints the kill rate.

Reads ``mutants/mutmut-cicd-stats.json`` (written by ``mutmut export-cicd-stats``) and prints a
Markdown section for docs/benchmarks.md. Kill rate = killed (including timeouts, which a test
also caught) / mutants that some test ran; mutants no test reaches are listed apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STATS = Path("mutants/mutmut-cicd-stats.json")


def summary(stats: dict[str, int]) -> str:
    """The Markdown lines for one mutmut run."""
    caught = stats["killed"] + stats["timeout"]
    tested = caught + stats["survived"] + stats["suspicious"]
    rate = caught / tested if tested else 0.0
    return "\n".join([
        "## Mutation testing (match/score.py, paths/engine.py, resolver)", "",
        f"mutmut: **{rate:.1%}** of {tested} tested mutants killed ({stats['killed']} killed, "
        f"{stats['timeout']} timed out, {stats['survived']} survived, "
        f"{stats['suspicious']} suspicious); {stats['no_tests']} mutants reached by no test, "
        f"{stats['skipped']} skipped.",
    ])


def main(argv: list[str]) -> int:
    """Print the summary of the last run (``mutmut export-cicd-stats`` first)."""
    import subprocess

    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], check=False)
    if not STATS.is_file():
        print("no mutmut results: run `make mutation`", file=sys.stderr)
        return 1
    print(summary(json.loads(STATS.read_text())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
