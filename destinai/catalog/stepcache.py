"""Replay a build step's tables from the cache when its inputs and code are unchanged.

A step whose tables are a pure function of the release files and of the code that reads them
(the compiled search index, the paths matrices) can be stored after it ran and replayed, row
for row, by a later build. The cache key covers everything that can change those tables:

- the SHA-256 of every release file present in the sources directory;
- the bytes of every module, SQL and JSON file of the ``destinai`` package (any code change,
  anywhere, computes afresh: no hand-kept dependency list to forget);
- the Python version and the versions of the numerical libraries and the embedding model's
  package (their results, to the last bit, are part of what is stored);
- the step's name and its tunable parameters.

A damaged or unreadable cache file is ignored and the step runs. The embeddings keep their own,
finer cache (``search.build.encode_cached``: keyed by the texts), so a code change that leaves
the labels alone still skips the slow embedding.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import platform
import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import destinai
from destinai.catalog.steps import BuildContext
from destinai.sources.manifest import expected_sources

CACHE_VERSION = "step-cache-1"
LIBRARIES = ("numpy", "scipy", "wordllama", "tokenizers", "safetensors", "snowballstemmer",
             "rapidfuzz", "python-calamine", "zstandard")
CODE_SUFFIXES = (".py", ".sql", ".json", ".txt.gz")
KEEP = 3        # cache files kept per step (one per code version: the most recently written)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the ``destinai`` package's code and data files and of the libraries used."""
    root = Path(destinai.__file__).parent
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(platform.python_version().encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=absent".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and p.name.endswith(CODE_SUFFIXES) and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sources_digest(sources: Path) -> str:
    """A digest of the content (SHA-256) of every expected release file that is present."""
    return _sources_digest(sources, _stat_signature(sources))


def _stat_signature(sources: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for f in expected_sources(sources):
        if f.present:
            st = f.path.stat()
            out.append((str(f.path), st.st_size, st.st_mtime_ns))
    return tuple(out)


@lru_cache(maxsize=4)
def _sources_digest(sources: Path, signature: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for f in expected_sources(sources):
        digest.update(f"{f.key}:{f.sha256()}\n".encode())
    return digest.hexdigest()


def step_key(context: BuildContext, name: str, parameters: object = None) -> str:
    """The cache key of step ``name``: sources, code, libraries and parameters."""
    digest = hashlib.sha256(name.encode())
    digest.update(sources_digest(context.sources).encode())
    digest.update(code_digest().encode())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:24]


def cache_path(context: BuildContext, name: str, parameters: object = None) -> Path:
    """Where step ``name``'s tables are (or will be) kept for these inputs."""
    return context.cache_dir / "steps" / f"{name}-{step_key(context, name, parameters)}.pickle"


def replay_or_run(db: sqlite3.Connection, context: BuildContext, name: str,
                  tables: Sequence[str], run: Callable[[], dict[str, object]],
                  parameters: object = None) -> dict[str, object]:
    """Replay ``tables`` (and the step's record) from the cache, or ``run`` the step and store
    them. ``tables`` must be every table the step creates or changes, and none that existed
    before it (a test checks this with SQLite's authorizer)."""
    path = cache_path(context, name, parameters)
    stored = _read(path)
    if stored is not None:
        try:
            for table, (schema, columns, rows) in stored["tables"].items():
                _restore(db, table, schema, columns, rows)
            return {**stored["result"], "cached": True}
        except (sqlite3.Error, KeyError, TypeError, ValueError):
            for table in tables:                      # a damaged file: compute afresh
                db.execute(f'DROP TABLE IF EXISTS "{table}"')
    result = run()
    dumps = {t: _dump(db, t) for t in tables}
    _write(path, {"tables": {t: d for t, d in dumps.items() if d is not None}, "result": result})
    return {**result, "cached": False}


def _dump(db: sqlite3.Connection, table: str
          ) -> tuple[list[str], list[str], list[tuple]] | None:
    schema = [sql for (sql,) in db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY type = 'index', rowid", (table,))]
    if not schema:
        return None                 # the step did not create it this time
    columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
    without_rowid = "WITHOUT ROWID" in schema[0].upper()
    select = ", ".join(f'"{c}"' for c in columns)
    if not without_rowid:           # keep rowids: some tables are read by rowid
        columns = ["rowid", *columns]
        select = f"rowid, {select}"
    rows = db.execute(f'SELECT {select} FROM "{table}" ORDER BY 1').fetchall() \
        if not without_rowid else db.execute(f'SELECT {select} FROM "{table}"').fetchall()
    return schema, columns, rows


def _restore(db: sqlite3.Connection, table: str, schema: list[str], columns: list[str],
             rows: list[tuple]) -> None:
    db.execute(f'DROP TABLE IF EXISTS "{table}"')
    for sql in schema:
        db.execute(sql)
    names = ", ".join(c if c == "rowid" else f'"{c}"' for c in columns)
    db.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({",".join("?" * len(columns))})',
                   rows)


def _read(path: Path) -> dict | None:
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return stored if isinstance(stored, dict) and {"tables", "result"} <= set(stored) else None


def _write(path: Path, stored: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        with partial.open("wb") as handle:
            pickle.dump(stored, handle, protocol=5)
        partial.replace(path)
        name = path.name.rsplit("-", 1)[0]
        older = sorted(path.parent.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in older[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass                        # a read-only cache directory only costs time
