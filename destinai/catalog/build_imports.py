"""Import one release in a forked process while the build imports another.

The O*NET import (~4 s of an empty-cache build, most of it reading the spreadsheets) writes
only ``onet_*`` tables and reads nothing the ESCO import writes, so a second process imports
it into its own temporary SQLite file with the catalog's schema while the build imports ESCO;
the build then copies the filled tables with their rowids (the same rows in the same order as
importing them in place) and adds the worker's import report to its own. If the worker fails,
the build imports the release itself, so an error in the files is reported as usual.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from destinai.catalog.build_worker import collect, fork_worker, one_process, row_columns
from destinai.sources.report import ImportReport

Importer = Callable[[sqlite3.Connection, ImportReport], None]


class ImportApart:
    """An import running in another process into ``path`` (or, when it cannot, later here)."""

    def __init__(self, path: Path, schema: str, run: Importer) -> None:
        self.path, self.run = path, run
        self.worker: tuple[multiprocessing.process.BaseProcess, Connection] | None = None
        if not one_process():
            path.unlink(missing_ok=True)
            self.worker = fork_worker(_work, path, schema, run)

    def finish(self, db: sqlite3.Connection, report: ImportReport) -> None:
        """Copy the worker's tables into ``db`` and its counts into ``report`` (or import)."""
        outcome = collect(self.worker)          # None: no worker, or it died: imported below
        try:
            if isinstance(outcome, ImportReport):
                _copy_tables(db, self.path)
                _merge(report, outcome)
            else:
                self.run(db, report)
        finally:
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop a worker that was never collected (the build failed first); idempotent."""
        if self.worker is not None:
            process, receive = self.worker
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
            self.worker = None
        self.path.unlink(missing_ok=True)


def _work(path: Path, schema: str, run: Importer, send: Connection) -> None:
    report = ImportReport()
    outcome: object = None
    try:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(schema)
        run(db, report)
        db.commit()
        db.close()
        outcome = report
    except Exception:  # the build imports it again and reports the error
        outcome = None
    send.send(outcome)
    send.close()


def _copy_tables(db: sqlite3.Connection, path: Path) -> None:
    db.execute("ATTACH DATABASE ? AS part", (str(path),))
    try:
        tables = [(name, sql) for name, sql in db.execute(
            "SELECT name, sql FROM part.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for name, sql in tables:
            if db.execute(f'SELECT 1 FROM part."{name}" LIMIT 1').fetchone() is None:
                continue
            listed = ", ".join(c if c == "rowid" else f'"{c}"'
                               for c in row_columns(db, name, sql, "part"))
            db.execute(f'INSERT INTO main."{name}" ({listed}) SELECT {listed} '
                       f'FROM part."{name}" ORDER BY 1')
        db.commit()
    finally:
        db.execute("DETACH DATABASE part")


def _merge(report: ImportReport, part: ImportReport) -> None:
    report.file_rows.update(part.file_rows)
    report.skipped.update(part.skipped)
    report.fixes.update(part.fixes)
    report.warnings.extend(part.warnings)
