"""The step cache: keyed by sources, code and parameters; replays tables exactly."""

import pickle
import sqlite3
from pathlib import Path

import pytest

from destinai.catalog import stepcache
from destinai.catalog.build import build_catalog
from destinai.catalog.steps import BuildContext
from destinai.paths import build as paths_build
from tests.fixtures.release import write_release


def _context(sources: Path, cache: Path) -> BuildContext:
    return BuildContext(sources, cache, lambda _m: None)


def _fill(db: sqlite3.Connection) -> dict[str, object]:
    db.execute("CREATE TABLE t (a TEXT, b BLOB)")
    db.execute("CREATE INDEX t_a ON t (a)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [("x", b"\0\1"), ("y", None), ("z", 2.5)])
    db.execute("DELETE FROM t WHERE a = 'x'")           # a gap in the rowids must survive
    db.execute("CREATE TABLE w (k TEXT PRIMARY KEY, v REAL) WITHOUT ROWID")
    db.execute("INSERT INTO w VALUES ('k', 0.1)")
    return {"rows": 2}


def _dump(db: sqlite3.Connection) -> object:
    return (db.execute("SELECT rowid, * FROM t ORDER BY rowid").fetchall(),
            db.execute("SELECT * FROM w").fetchall(),
            db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall())


def test_replay_gives_back_the_same_tables_and_record(tmp_path, mini_sources):
    context = _context(mini_sources, tmp_path / "cache")
    first = sqlite3.connect(":memory:")
    record = stepcache.replay_or_run(first, context, "demo", ["t", "w"], lambda: _fill(first))
    assert record == {"rows": 2, "cached": False}
    second = sqlite3.connect(":memory:")
    replayed = stepcache.replay_or_run(second, context, "demo", ["t", "w"],
                                       lambda: pytest.fail("the step ran again"))
    assert replayed == {"rows": 2, "cached": True}
    assert _dump(second) == _dump(first)


def test_a_damaged_cache_file_runs_the_step(tmp_path, mini_sources):
    context = _context(mini_sources, tmp_path / "cache")
    db = sqlite3.connect(":memory:")
    stepcache.replay_or_run(db, context, "demo", ["t", "w"], lambda: _fill(db))
    [path] = (tmp_path / "cache" / "steps").iterdir()
    path.write_bytes(pickle.dumps({"tables": {"t": ("not", "a", "dump")}, "result": {}}))
    again = sqlite3.connect(":memory:")
    assert stepcache.replay_or_run(again, context, "demo", ["t", "w"],
                                   lambda: _fill(again))["cached"] is False
    assert _dump(again) == _dump(db)


def test_only_the_latest_few_files_of_a_step_are_kept(tmp_path, mini_sources):
    context = _context(mini_sources, tmp_path / "cache")
    for k in range(stepcache.KEEP + 2):
        db = sqlite3.connect(":memory:")
        stepcache.replay_or_run(db, context, "demo", ["t", "w"], lambda db=db: _fill(db),
                                parameters=k)
    assert len(list((tmp_path / "cache" / "steps").glob("demo-*.pickle"))) == stepcache.KEEP
    assert stepcache.cache_path(context, "demo", stepcache.KEEP + 1).is_file()


def test_the_key_follows_source_content_parameters_and_code(tmp_path, monkeypatch):
    sources = write_release(tmp_path / "src")
    context = _context(sources, tmp_path / "cache")
    key = stepcache.step_key(context, "demo", {"k": 1})
    assert stepcache.step_key(context, "demo", {"k": 1}) == key
    assert stepcache.step_key(context, "demo", {"k": 2}) != key
    assert stepcache.step_key(context, "other", {"k": 1}) != key
    monkeypatch.setattr(stepcache, "code_digest", lambda: "changed code")
    assert stepcache.step_key(context, "demo", {"k": 1}) != key
    monkeypatch.undo()
    release_file = next(f for f in sorted(sources.rglob("*")) if f.is_file())
    release_file.write_bytes(release_file.read_bytes() + b"\n")
    assert stepcache.step_key(context, "demo", {"k": 1}) != key


def test_code_digest_covers_the_package_modules():
    import destinai

    root = Path(destinai.__file__).parent
    assert (root / "paths" / "similarity.py").is_file()
    assert len(stepcache.code_digest()) == 64


def test_paths_step_writes_only_the_tables_it_caches(tmp_path, mini_sources, monkeypatch):
    """Every table the paths step creates or changes is replayed; it changes nothing else."""
    written: set[str] = set()
    compute = paths_build.compute

    def watch(action: int, arg1: str | None, _arg2: str | None, _db: str | None,
              _trigger: str | None) -> int:
        if action in (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE,
                      sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_DROP_TABLE) and arg1 \
                and not arg1.startswith("sqlite_"):
            written.add(arg1)
        return sqlite3.SQLITE_OK

    def watched(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
        db.set_authorizer(watch)
        try:
            return compute(db, context)
        finally:
            db.set_authorizer(None)

    monkeypatch.setattr(paths_build, "compute", watched)
    build_catalog(mini_sources, tmp_path / "c.sqlite", cache=tmp_path / "cache")
    assert written
    assert written <= set(paths_build.TABLES)


def test_a_rebuild_from_the_cache_stores_the_same_catalog(tmp_path, mini_sources):
    cache = tmp_path / "cache"
    first = build_catalog(mini_sources, tmp_path / "a.sqlite", cache=cache)
    second = build_catalog(mini_sources, tmp_path / "b.sqlite", cache=cache)
    assert first.record["step:paths"]["cached"] is False
    assert second.record["step:paths"]["cached"] is True
    assert second.record["step:search"]["compiled_from_cache"] is True
    a, b = sqlite3.connect(first.db), sqlite3.connect(second.db)
    for table in (*paths_build.TABLES, "search_arrays"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_the_search_index_compiled_apart_equals_the_one_compiled_in_process(
        tmp_path, mini_sources, monkeypatch):
    from destinai.search import build as search_build

    forked = build_catalog(mini_sources, tmp_path / "a.sqlite", cache=tmp_path / "a")
    monkeypatch.setattr(search_build, "_start_worker", lambda *_a: None)
    inline = build_catalog(mini_sources, tmp_path / "b.sqlite", cache=tmp_path / "b")
    assert list((tmp_path / "a" / "steps").glob("search-*.pickle"))
    query = "SELECT rowid, * FROM search_arrays ORDER BY rowid"
    assert (sqlite3.connect(forked.db).execute(query).fetchall()
            == sqlite3.connect(inline.db).execute(query).fetchall())
