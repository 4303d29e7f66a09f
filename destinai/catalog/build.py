"""Build the catalog: import every release into a temporary SQLite file, validate, rename.

A failed build never leaves a half-written catalog, and an existing good catalog survives:
the new database is written beside the target and moved over it only when complete.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from destinai import __version__
from destinai.catalog import keys, links
from destinai.catalog.build_imports import ImportApart
from destinai.catalog.format import build_parameters, format_fingerprint
from destinai.catalog.progress import BuildProgress, Lines, Timings
from destinai.catalog.steps import BuildContext, dependencies, next_step, ordered
from destinai.catalog.validate import failed_checks, validate_counts
from destinai.config import REPO_ROOT, cache_dir
from destinai.features import Step, build_steps, load
from destinai.sources import crosswalks, esco, oews, onet, projections
from destinai.sources.errors import SourceError
from destinai.sources.manifest import (
    SourceFile,
    expected_sources,
    fingerprint,
    latest_release_dir,
)
from destinai.sources.report import ImportReport

Say = Callable[[str], None]


class BuildError(Exception):
    """The imported data failed validation; the previous catalog is left in place."""


@dataclass
class BuildResult:
    """What ``build_catalog`` did."""

    db: Path
    seconds: float
    record: dict[str, object]


def code_version() -> str:
    """The package version, plus the git commit when run from a checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                                capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__}+{commit}" if commit else __version__


def schema_sql() -> str:
    """The catalog's CREATE statements."""
    return resources.files("destinai.catalog").joinpath("schema.sql").read_text()


def missing_sources(files: list[SourceFile]) -> list[SourceFile]:
    """Required files that are not present."""
    return [f for f in files if f.required and not f.present]


def build_catalog(sources: Path, target: Path, progress: BuildProgress | Say | None = None,
                  cache: Path | None = None) -> BuildResult:
    """Import all releases under ``sources`` into a new catalog at ``target``.

    ``progress`` gets each phase as it starts (a ``BuildProgress``, or a function that is
    given one line per phase and note). ``cache`` holds expensive step results between
    builds (default: ``config.cache_dir()``).
    """
    if progress is None:
        progress = Timings()
    elif not isinstance(progress, BuildProgress):
        progress = Lines(progress)
    started = time.perf_counter()
    files = expected_sources(sources)
    missing = missing_sources(files)
    if missing:
        first = missing[0]
        raise SourceError(first.path, f"required {first.release} file is missing from the sources "
                          f"directory {sources} ({len(missing)} missing in all; "
                          f"`destinai sources` lists them with their download pages)")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.building-{os.getpid()}")
    temp.unlink(missing_ok=True)
    try:
        record = _build_into(temp, sources, files, progress, started, cache or cache_dir())
        os.replace(temp, target)
    finally:
        progress.finish()
        temp.unlink(missing_ok=True)
        Path(f"{temp}-journal").unlink(missing_ok=True)
    return BuildResult(target, record["duration_s"], record)  # type: ignore[arg-type]


def _build_into(path: Path, sources: Path, files: list[SourceFile], progress: BuildProgress,
                started: float, cache: Path) -> dict[str, object]:
    report = ImportReport()
    db = sqlite3.connect(path)
    onet_apart: ImportApart | None = None
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA page_size = 8192")
        db.executescript(schema_sql())
        by_key = {f.key: f for f in files}
        esco_dir = latest_release_dir(sources / "esco", "v1.1.1")
        onet_dir = by_key["onet:Occupation Data"].path.parent
        onet_apart = ImportApart(path.with_name(f"{path.name}-onet"), schema_sql(),
                                 lambda part, part_report: onet.import_onet(part, onet_dir,
                                                                            part_report))
        imports: list[tuple[str, Callable[[], object]]] = [
            ("ESCO", lambda: esco.import_esco(db, esco_dir, report)),
            ("O*NET", lambda: onet_apart.finish(db, report)),
            ("OEWS", lambda: oews.import_oews(db, by_key["oews:national"].path, report)),
            ("crosswalks", lambda: _crosswalks(db, by_key, report)),
        ]
        if by_key["projections:occupation"].present:
            imports.append(("projections", lambda: projections.import_projections(
                db, by_key["projections:occupation"].path, report)))
        steps = ordered(build_steps())
        progress.start([*(f"importing {n}" for n, _ in imports), "resolving reviewed links",
                        *(f"building {s.name}" for s in steps), "validating", "recording",
                        "compacting"])
        for name, run_import in imports:
            progress.phase(f"importing {name}")
            run_import()
        progress.phase("resolving reviewed links")
        for reason, n in links.resolve_reviewed_links(db).items():
            report.skip(f"Nesta crosswalk link: {reason}", n)
        context = BuildContext(sources, cache, progress.note)
        for step in steps:
            if step.prepare:
                context.step = step.name
                load(step.prepare)(db, context)
        step_results = _run_steps(db, steps, context, progress)
        without_wage = step_results["step:wages"]["onet_codes_without_wage"]
        no_wage = without_wage if isinstance(without_wage, int) else 0
        progress.phase("validating")
        validation = validate_counts(db, report)
        bad = failed_checks(validation)
        if bad:
            raise BuildError(f"row counts do not add up for {', '.join(bad)}: {validation}")
        coverage = links.coverage(db)
        progress.phase("recording")
        _record_sources(db, files)
        record = _record(db, sources, files, report, validation, coverage, no_wage, started,
                         step_results)
        db.commit()
        progress.phase("compacting")
        keys.key_tables(db)   # integer keys behind views of the same names
        db.commit()
        db.execute("ANALYZE")
        db.commit()
        db.execute("VACUUM")  # dropped and rebuilt tables leave free pages behind
    finally:
        if onet_apart is not None:
            onet_apart.close()
        db.close()
    return record


def _run_steps(db: sqlite3.Connection, steps: list[Step], context: BuildContext,
               progress: BuildProgress) -> dict[str, dict[str, object]]:
    """Run the steps in ``steps``' order, except that a step whose dependency is finishing in
    the background (``BuildContext.defer``) waits while the steps that do not need it run."""
    needs = dependencies(steps)
    remaining = list(steps)
    results: dict[str, dict[str, object]] = {}
    try:
        while remaining:
            step = next_step(remaining, needs, context.deferred)
            if step is None:
                context.finish()
                continue
            remaining.remove(step)
            progress.phase(f"building {step.name}")
            context.step = step.name
            results[f"step:{step.name}"] = load(step.run)(db, context)
        context.finish()
    finally:
        context.deferred.clear()    # a failed build leaves no background work waited for
    return {f"step:{s.name}": results[f"step:{s.name}"] for s in steps}


def _crosswalks(db: sqlite3.Connection, by_key: dict[str, SourceFile],
                report: ImportReport) -> None:
    crosswalks.import_esco_onet(db, by_key["crosswalk:esco_onet"].path, report)
    crosswalks.import_onet_2010_2019(db, by_key["crosswalk:onet_2010_2019"].path, report)
    crosswalks.import_isco_soc(db, by_key["crosswalk:isco_soc"].path, report)


def _record_sources(db: sqlite3.Connection, files: list[SourceFile]) -> None:
    rows = []
    for f in files:
        if f.present:
            rows.append((f.key, str(f.path), f.release, f.publisher, f.download,
                         f.path.stat().st_size, f.sha256()))
    db.executemany("INSERT INTO build_sources VALUES (?,?,?,?,?,?,?)", rows)


def table_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Row count of every table in the catalog (FTS shadow tables excluded)."""
    names = [n for (n,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _record(db: sqlite3.Connection, sources: Path, files: list[SourceFile],
            report: ImportReport, validation: dict[str, object], coverage: dict[str, object],
            no_wage: int, started: float, steps: Mapping[str, object]) -> dict[str, object]:
    record: dict[str, object] = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "catalog_format": format_fingerprint(),
        "build_parameters": build_parameters(),
        "sources_dir": str(sources),
        "sources_fingerprint": fingerprint(files),
        "releases": sorted({f.release for f in files if f.present}),
        "row_counts": table_counts(db),
        "import": report.as_dict(),
        "validation": validation,
        "crosswalk_coverage": coverage,
        "onet_codes_without_wage": no_wage,
        **steps,
        "duration_s": round(time.perf_counter() - started, 2),
    }
    db.executemany("INSERT OR REPLACE INTO build_record VALUES (?, ?)",
                   [(k, json.dumps(v, ensure_ascii=False)) for k, v in record.items()])
    return record


def is_stale(sources: Path, target: Path) -> bool:
    """True when the catalog is missing, unreadable, built from different source files, or
    built by code that writes a different catalog format."""
    if not target.is_file():
        return True
    try:
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as db:
            rows = dict(db.execute("SELECT key, value FROM build_record WHERE key IN "
                                   "('sources_fingerprint', 'catalog_format')").fetchall())
    except sqlite3.Error:
        return True
    return (json.loads(rows.get("sources_fingerprint", "null"))
            != fingerprint(expected_sources(sources))
            or json.loads(rows.get("catalog_format", "null")) != format_fingerprint())
