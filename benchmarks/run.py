"""Run every benchmark module (``benchmarks/bench_*.py``) and write docs/benchmarks.md.

Each module has ``run(catalog_path: Path) -> str`` returning a Markdown section. Usage:
``python -m benchmarks.run [NAME ...]`` (names without the ``bench_`` prefix) — a partial run
rewrites only those sections and keeps the others.
"""

from __future__ import annotations

import importlib
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from destinai.config import REPO_ROOT, Settings

DOC = REPO_ROOT / "docs" / "benchmarks.md"
SECTION = re.compile(r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->", re.S)


def machine() -> str:
    """One line describing the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
        cpu = model
    except (OSError, StopIteration):
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()}"


def main(names: list[str]) -> None:
    """Run the chosen benchmarks (all when ``names`` is empty) and update the document."""
    modules = sorted(p.stem.removeprefix("bench_") for p in
                     (REPO_ROOT / "benchmarks").glob("bench_*.py"))
    chosen = names or modules
    sections = dict(SECTION.findall(DOC.read_text())) if DOC.exists() else {}
    db = Settings.from_env().db
    for name in chosen:
        print(f"benchmark {name} …", file=sys.stderr)
        module = importlib.import_module(f"benchmarks.bench_{name}")
        stamp = f"_{datetime.now(UTC):%Y-%m-%d}, {machine()}_\n\n"
        sections[name] = stamp + module.run(db).strip() + "\n"
    body = ["# Benchmarks", "",
            "Figures from `make bench` (or `python -m benchmarks.run NAME`). Machines are noisy:",
            "medians and p95 over repeated runs in a warm process unless stated.", ""]
    for name in modules:
        if name in sections:
            body += [f"<!-- bench:{name} -->", sections[name].rstrip(), f"<!-- /bench:{name} -->",
                     ""]
    DOC.write_text("\n".join(body))
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
