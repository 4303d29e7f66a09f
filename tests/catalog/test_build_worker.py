"""Part of a build step computed in a forked worker from copied tables, and its fallbacks."""

import sqlite3
from pathlib import Path

import pytest

from destinai.catalog import build_worker
from destinai.catalog.build_worker import Apart, copy_tables, restore_tables
from destinai.catalog.steps import BuildContext
from destinai.paths import build as paths_build


def _db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript("""
        CREATE TABLE t (name TEXT, n INTEGER);
        CREATE INDEX t_name ON t(name);
        CREATE TABLE k (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
        CREATE INDEX k_back ON k(b);
        INSERT INTO t (rowid, name, n) VALUES (7, 'z', 1), (3, 'y', 2), (5, 'x', 3);
        INSERT INTO k VALUES ('b', '1'), ('a', '2'), ('c', '0');
    """)
    return db


def _scan(db: sqlite3.Connection) -> list[list[tuple]]:
    return [db.execute("SELECT rowid, name, n FROM t").fetchall(),
            db.execute("SELECT name FROM t WHERE name > 'a'").fetchall(),
            db.execute("SELECT a, b FROM k").fetchall()]


def test_copied_tables_answer_queries_in_the_same_order():
    # GIVEN tables with rowids out of insertion order, an index and a WITHOUT ROWID table
    db = _db()
    # WHEN copied into a fresh in-memory database
    copy = restore_tables(copy_tables(db, ["t", "k"]))
    # THEN the same queries return the same rows in the same order
    assert _scan(copy) == _scan(db)


def test_a_worker_computes_from_the_copy():
    apart = Apart(_db(), ["t", "k"], _scan)
    assert apart.worker is not None
    assert apart.result() == _scan(_db())


def _fails(db: sqlite3.Connection) -> list[list[tuple]]:
    import os

    if os.environ.get("IN_PARENT") != "1":
        raise RuntimeError("only in the parent")
    return _scan(db)


def test_a_failing_worker_is_computed_here(monkeypatch: pytest.MonkeyPatch):
    # GIVEN a function that fails in the worker (forked before the variable is set)
    apart = Apart(_db(), ["t", "k"], _fails)
    monkeypatch.setenv("IN_PARENT", "1")
    # THEN the step still gets its value, computed in this process
    assert apart.result() == _scan(_db())


def test_one_process_build_starts_no_paths_worker(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path):
    monkeypatch.setenv("DESTINAI_BUILD_PROCESSES", "1")
    assert build_worker.one_process()
    context = BuildContext(tmp_path, tmp_path / "cache", lambda _m: None)
    paths_build.prepare(_db(), context)
    assert context.prepared == {}


def _rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()


def test_a_build_in_one_process_stores_the_same_neighbours(mini_sources: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    # GIVEN two empty-cache builds of the miniature release, with and without workers
    from destinai.catalog.build import build_catalog

    build_catalog(mini_sources, tmp_path / "two.sqlite", cache=tmp_path / "cache-two")
    monkeypatch.setenv("DESTINAI_BUILD_PROCESSES", "1")
    build_catalog(mini_sources, tmp_path / "one.sqlite", cache=tmp_path / "cache-one")
    # THEN the skill neighbours computed apart are the rows computed in the build's process
    neighbours = _rows(tmp_path / "one.sqlite", "skill_neighbours")
    assert neighbours and neighbours == _rows(tmp_path / "two.sqlite", "skill_neighbours")
