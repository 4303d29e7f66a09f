"""FTS5 full-text indexes over occupation and skill labels, alternative labels, descriptions.

``occupation_fts`` and ``skill_fts`` are external-content FTS5 tables: the index and the
document sizes (all BM25 needs) are stored, the texts are not, since they already live in
``occupations`` / ``skills`` (storing them again cost 9 MB). Reading a column of a match (the
``uri`` the queries join on) goes through the view ``<kind>_fts_source``, which maps the FTS
rowid back to the concept through ``<kind>_fts_uris`` (rowid = position in URI order) and
gives each column the text that was indexed (so ``highlight()`` and ``snippet()`` work).
``onet_title_codes`` finds the O*NET codes of an exact (case-folded) title.
"""

from __future__ import annotations

import json
import sqlite3

TOKENIZER = "porter unicode61 remove_diacritics 2"


def build_fts(db: sqlite3.Connection) -> None:
    """Create and fill ``occupation_fts`` and ``skill_fts`` (column weights applied at query)."""
    for kind, table in (("occupation", "occupations"), ("skill", "skills")):
        db.executescript(f"""
            CREATE TABLE {kind}_fts_uris (id INTEGER PRIMARY KEY, uri TEXT NOT NULL);
            CREATE VIEW {kind}_fts_source AS
                SELECT f.id AS id, f.uri AS uri, t.label AS label,
                       coalesce((SELECT group_concat(value, ' ; ') FROM json_each(t.alt_labels)),
                                '') AS alt_labels,
                       coalesce(t.description, '') AS description
                FROM {kind}_fts_uris f JOIN {table} t ON t.uri = f.uri;
            CREATE VIRTUAL TABLE {kind}_fts USING fts5(uri UNINDEXED, label, alt_labels,
                description, content='{kind}_fts_source', content_rowid='id',
                tokenize = '{TOKENIZER}');
        """)
        rows = db.execute(f"SELECT uri, label, alt_labels, coalesce(description, '') "
                          f"FROM {table} ORDER BY uri").fetchall()
        db.executemany(f"INSERT INTO {kind}_fts_uris VALUES (?, ?)",
                       [(i, r[0]) for i, r in enumerate(rows, start=1)])
        db.executemany(f"INSERT INTO {kind}_fts(rowid, uri, label, alt_labels, description) "
                       f"VALUES (?,?,?,?,?)",
                       [(i, u, label, " ; ".join(json.loads(alts)), desc)
                        for i, (u, label, alts, desc) in enumerate(rows, start=1)])
        db.execute(f"INSERT INTO {kind}_fts({kind}_fts) VALUES ('optimize')")


def build_title_lookup(db: sqlite3.Connection) -> None:
    """``onet_title_codes``: case-folded O*NET title or alternate title -> its codes, so that
    an exact-title lookup is one indexed query instead of a 56,000-title dictionary built in
    every process."""
    db.execute("CREATE TABLE onet_title_codes (title TEXT NOT NULL, code TEXT NOT NULL, "
               "PRIMARY KEY (title, code)) WITHOUT ROWID")
    rows = {(title.casefold(), code) for code, title in db.execute(
        "SELECT code, title FROM onet_occupations UNION ALL "
        "SELECT code, title FROM onet_alternate_titles")}
    db.executemany("INSERT INTO onet_title_codes VALUES (?, ?)", sorted(rows))
