"""A release imported in a forked process: the same rows, the same report, and its fallbacks."""

import sqlite3
from pathlib import Path

import pytest

from destinai.catalog.build_imports import ImportApart
from destinai.sources.report import ImportReport

SCHEMA = """
CREATE TABLE a (code TEXT PRIMARY KEY, n INTEGER);
CREATE TABLE b (x TEXT, y TEXT, PRIMARY KEY (x, y)) WITHOUT ROWID;
CREATE TABLE untouched (z TEXT);
"""


def _import(db: sqlite3.Connection, report: ImportReport) -> None:
    db.executemany("INSERT OR REPLACE INTO a VALUES (?, ?)", [("q", 1), ("p", 2), ("q", 3)])
    db.executemany("INSERT INTO b VALUES (?, ?)", [("2", "a"), ("1", "b")])
    report.read("a.xlsx", 3)
    report.skip("a: duplicate code", 1)
    report.warnings.append("a warning")


def _state(db: sqlite3.Connection) -> list[list[tuple]]:
    return [db.execute("SELECT rowid, * FROM a ORDER BY rowid").fetchall(),
            db.execute("SELECT * FROM b").fetchall(),
            db.execute("SELECT * FROM untouched").fetchall()]


def _in_place() -> tuple[sqlite3.Connection, ImportReport]:
    db, report = sqlite3.connect(":memory:"), ImportReport()
    db.executescript(SCHEMA)
    report.warnings.append("earlier")
    _import(db, report)
    return db, report


def _apart(tmp_path: Path, run=_import) -> tuple[sqlite3.Connection, ImportReport, ImportApart]:
    db, report = sqlite3.connect(":memory:"), ImportReport()
    db.executescript(SCHEMA)
    apart = ImportApart(tmp_path / "part.sqlite", SCHEMA, run)
    report.warnings.append("earlier")        # what the build imports meanwhile comes first
    apart.finish(db, report)
    return db, report, apart


def test_an_import_apart_gives_the_rows_and_report_of_an_import_in_place(tmp_path: Path):
    db, report, apart = _apart(tmp_path)
    expected_db, expected_report = _in_place()
    assert apart.worker is not None
    assert _state(db) == _state(expected_db)
    assert report.as_dict() == expected_report.as_dict()
    assert not (tmp_path / "part.sqlite").exists()


def _fails_apart(db: sqlite3.Connection, report: ImportReport) -> None:
    import os

    if os.environ.get("IN_PARENT") != "1":
        raise RuntimeError("fails in the worker")
    _import(db, report)


def test_a_failed_worker_is_imported_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db, report = sqlite3.connect(":memory:"), ImportReport()
    db.executescript(SCHEMA)
    apart = ImportApart(tmp_path / "part.sqlite", SCHEMA, _fails_apart)
    monkeypatch.setenv("IN_PARENT", "1")
    report.warnings.append("earlier")
    apart.finish(db, report)
    expected_db, expected_report = _in_place()
    assert _state(db) == _state(expected_db)
    assert report.as_dict() == expected_report.as_dict()


def test_one_process_imports_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DESTINAI_BUILD_PROCESSES", "1")
    db, _report, apart = _apart(tmp_path)
    assert apart.worker is None
    assert _state(db) == _state(_in_place()[0])
