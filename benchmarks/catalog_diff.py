"""Do two catalog files hold the same data? Table by table, blobs unpacked.

    python -m benchmarks.catalog_diff A.sqlite B.sqlite

Every table (FTS shadow tables included) is compared as a sorted multiset of rows; packed
array blobs (``search_arrays``, ``paths_arrays``: a ``dtype`` column beside ``data``) are
compared unpacked, so a different compression of the same array is no difference, and for
float arrays that differ the largest absolute difference is printed. ``build_record`` is
compared without what differs by nature between two builds (time, duration, commit, per-step
seconds and whether a step came from the cache). Exit status 1 when anything differs.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import numpy as np

from destinai.catalog import blobs

VOLATILE = {"built_at", "duration_s", "code_version", "sources_dir"}
VOLATILE_STEP_KEYS = ("seconds", "cached", "compiled_from_cache")


def tables(db: sqlite3.Connection) -> list[str]:
    """Names of the stored tables (not views)."""
    return [n for (n,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]


def _value(v: object) -> object:
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items() if k not in VOLATILE_STEP_KEYS}
    return v


def _record(db: sqlite3.Connection) -> dict[str, object]:
    return {k: _value(json.loads(v)) for k, v in db.execute("SELECT key, value FROM build_record")
            if k not in VOLATILE}


def _rows(db: sqlite3.Connection, table: str) -> list[tuple]:
    columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
    rows = db.execute(f'SELECT * FROM "{table}"').fetchall()
    if "dtype" in columns and "data" in columns:
        d, i = columns.index("dtype"), columns.index("data")
        unpacked = []
        for row in rows:
            dtype, raw = blobs.unpack(row[d], row[i])
            row = list(row)
            row[d], row[i] = dtype, bytes(raw)
            unpacked.append(tuple(row))
        rows = unpacked
    return sorted(rows, key=lambda r: tuple((x is None, type(x).__name__, x) for x in r))


def _array_differences(a: list[tuple], b: list[tuple], table: str) -> list[str]:
    """For blob tables: which arrays differ, and by how much when they are floats."""
    out = []
    named_a = {r[:-3] if table == "search_arrays" else r[:1]: r for r in a}
    for r in b:
        key = r[:-3] if table == "search_arrays" else r[:1]
        old = named_a.get(key)
        if old == r:
            continue
        if old is None:
            out.append(f"    {key}: only in B")
            continue
        dtype = str(r[-3])
        note = ""
        if dtype.lstrip("<>=|").startswith("f") and old[-3] == r[-3] and old[-2] == r[-2]:
            x, y = np.frombuffer(old[-1], dtype), np.frombuffer(r[-1], dtype)
            note = f" (max |diff| {float(np.max(np.abs(x - y))):.3g})"
        out.append(f"    {key}: differs{note}")
    return out


def compare(a_path: Path, b_path: Path) -> int:
    """Print what differs between two catalogs; 1 when anything does."""
    a, b = sqlite3.connect(f"file:{a_path}?mode=ro", uri=True), sqlite3.connect(
        f"file:{b_path}?mode=ro", uri=True)
    names_a, names_b = tables(a), tables(b)
    differ = 0
    for name in sorted(set(names_a) ^ set(names_b)):
        print(f"{name}: only in {'A' if name in names_a else 'B'}")
        differ += 1
    for name in sorted(set(names_a) & set(names_b)):
        if name == "build_record":
            ra, rb = _record(a), _record(b)
            keys = sorted(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k))
            if keys:
                print(f"build_record: differs in {keys}")
                differ += 1
            continue
        rows_a, rows_b = _rows(a, name), _rows(b, name)
        if rows_a != rows_b:
            differ += 1
            print(f"{name}: differs ({len(rows_a)} vs {len(rows_b)} rows, "
                  f"{len(set(rows_a) ^ set(rows_b))} rows in one only)")
            if name.endswith("_arrays"):
                print("\n".join(_array_differences(rows_a, rows_b, name)))
    print(f"{len(set(names_a) | set(names_b))} tables compared; {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(compare(Path(sys.argv[1]), Path(sys.argv[2])))
