"""Integer surrogate keys for the catalog's relation and edge tables.

ESCO identifies concepts by 60-70 character URIs; the relation tables (occupation -> skill,
skill -> broader group, skill -> neighbour...) repeat two of them in every row and again in
every index, which made ``occupation_skills`` and its index alone 42 MB. At the end of a build
:func:`key_tables` rewrites each table of :data:`KEYED` as ``<table>_ids``, where every text
column holds an integer from ``catalog_keys`` (one row per distinct URI or term, numbered in
sorted order, so integer order is text order and primary-key scans return rows in the order
they had), and replaces the table by a VIEW of the same name and columns that joins the texts
back. Every query written against the old tables reads the view and gets the same rows: URIs
and codes stay the public identifiers, the integers never leave the database.
"""

from __future__ import annotations

import sqlite3

# tables rewritten with integer keys (every TEXT column of each is keyed)
KEYED = ("occupation_skills", "skill_neighbours", "skill_broader", "skill_relations",
         "occupation_broader")

KEYS_DDL = """
CREATE TABLE IF NOT EXISTS catalog_keys (
    id INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE      -- an ESCO URI, or a term such as 'essential'
);
"""


def _columns(db: sqlite3.Connection, table: str) -> list[tuple[str, str, bool, int]]:
    """(name, declared type, not null, position in the primary key) of each column."""
    return [(r[1], r[2].upper(), bool(r[3]), r[5])
            for r in db.execute(f'PRAGMA table_info("{table}")')]


def _is_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                      (name,)).fetchone() is not None


def key_tables(db: sqlite3.Connection, tables: tuple[str, ...] = KEYED) -> dict[str, int]:
    """Rewrite ``tables`` with integer keys behind views of the same name; returns the number
    of keys. Tables already keyed, or absent, are left alone."""
    todo = [t for t in tables if _is_table(db, t)]
    db.executescript(KEYS_DDL)
    values: set[str] = set()
    for table in todo:
        for name, kind, _, _ in _columns(db, table):
            if kind == "TEXT":
                values.update(v for (v,) in db.execute(
                    f'SELECT DISTINCT "{name}" FROM "{table}" WHERE "{name}" IS NOT NULL'))
    # sorted, so that in a fresh catalog integer order is text order
    db.executemany("INSERT OR IGNORE INTO catalog_keys(value) VALUES (?)",
                   [(v,) for v in sorted(values)])
    for table in todo:
        _key_table(db, table)
    return {"catalog_keys": db.execute("SELECT count(*) FROM catalog_keys").fetchone()[0],
            "tables": len(todo)}


def _key_table(db: sqlite3.Connection, table: str) -> None:
    columns = _columns(db, table)
    keyed = [c[0] for c in columns if c[1] == "TEXT"]
    pk = [c[0] for c in sorted((c for c in columns if c[3]), key=lambda c: c[3])]
    indexes = [(name, [r[2] for r in db.execute(f'PRAGMA index_info("{name}")')])
               for _, name, unique, origin, _ in db.execute(f'PRAGMA index_list("{table}")')
               if origin == "c"]
    ids = f"{table}_ids"
    defs = ", ".join(f'"{n}" {"INTEGER" if n in keyed else kind}{" NOT NULL" if nn else ""}'
                     for n, kind, nn, _ in columns)
    primary = f', PRIMARY KEY ({", ".join(pk)})' if pk else ""
    db.execute(f'CREATE TABLE "{ids}" ({defs}{primary}){" WITHOUT ROWID" if pk else ""}')
    select = ", ".join(f'(SELECT id FROM catalog_keys WHERE value = t."{n}")' if n in keyed
                       else f't."{n}"' for n, *_ in columns)
    db.execute(f'INSERT INTO "{ids}" SELECT {select} FROM "{table}" t')
    db.execute(f'DROP TABLE "{table}"')
    for name, cols in indexes:
        db.execute(f'CREATE INDEX "{name}" ON "{ids}" ({", ".join(cols)})')
    joins, outputs = [], []
    for i, (n, _, not_null, _) in enumerate(columns):
        if n not in keyed:
            outputs.append(f't."{n}" AS "{n}"')
        elif not_null:
            joins.append(f'JOIN catalog_keys k{i} ON k{i}.id = t."{n}"')
            outputs.append(f'k{i}.value AS "{n}"')
        else:   # a nullable term: a lookup keeps NULL as NULL without an outer join
            outputs.append(f'(SELECT value FROM catalog_keys WHERE id = t."{n}") AS "{n}"')
    db.execute(f'CREATE VIEW "{table}" AS SELECT {", ".join(outputs)} FROM "{ids}" t '
               f'{" ".join(joins)}')
