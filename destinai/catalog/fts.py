"""FTS5 full-text indexes over occupation and skill labels, alternative labels, descriptions."""

from __future__ import annotations

import json
import sqlite3

TOKENIZER = "porter unicode61 remove_diacritics 2"


def build_fts(db: sqlite3.Connection) -> None:
    """Create and fill ``occupation_fts`` and ``skill_fts`` (column weights applied at query)."""
    for kind, table in (("occupation", "occupations"), ("skill", "skills")):
        db.execute(f"CREATE VIRTUAL TABLE {kind}_fts USING fts5(uri UNINDEXED, label, "
                   f"alt_labels, description, tokenize = '{TOKENIZER}')")
        rows = db.execute(f"SELECT uri, label, alt_labels, coalesce(description, '') "
                          f"FROM {table}").fetchall()
        db.executemany(f"INSERT INTO {kind}_fts VALUES (?,?,?,?)",
                       [(u, label, " ; ".join(json.loads(alts)), desc)
                        for u, label, alts, desc in rows])
        db.execute(f"INSERT INTO {kind}_fts({kind}_fts) VALUES ('optimize')")
