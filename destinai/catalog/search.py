"""Lexical search over the catalog's FTS5 indexes (BM25, label-weighted)."""

from __future__ import annotations

import re
from typing import Any, Literal

from destinai.catalog.db import Catalog

Kind = Literal["occupation", "skill"]
WORD = re.compile(r"\w+", re.UNICODE)
# bm25 column weights: uri (unindexed), preferred label, alternative labels, description
WEIGHTS = "0.0, 10.0, 5.0, 0.5"
MAX_QUERY_CHARS = 500


def fts_query(text: str, any_word: bool = False) -> str | None:
    """An FTS5 MATCH expression for free text: each word quoted, the last as a prefix.

    Quoting makes every user input safe (no FTS5 syntax is interpreted). Returns None when
    the text has no words.
    """
    words = WORD.findall(text[:MAX_QUERY_CHARS].lower())[:32]
    if not words:
        return None
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return (" OR " if any_word else " ").join(terms)


def search(catalog: Catalog, text: str, kind: Kind = "occupation",
           limit: int = 10) -> list[dict[str, Any]]:
    """Rank occupations or skills for ``text`` by BM25; all words first, then any word."""
    table = "occupations" if kind == "occupation" else "skills"
    extra = "t.code, t.isco_group" if kind == "occupation" else "t.skill_type, t.reuse_level"
    results: list[dict[str, Any]] = []
    seen: set[str] = set()
    for any_word in (False, True):
        match = fts_query(text, any_word)
        if match is None:
            return []
        rows = catalog.rows(
            f"SELECT t.uri, t.label, {extra}, -bm25({kind}_fts, {WEIGHTS}) AS score "
            f"FROM {kind}_fts JOIN {table} t ON t.uri = {kind}_fts.uri "
            f"WHERE {kind}_fts MATCH ? ORDER BY bm25({kind}_fts, {WEIGHTS}) LIMIT ?",
            (match, limit))
        for row in rows:
            if row["uri"] not in seen and len(results) < limit:
                seen.add(row["uri"])
                row["score"] = round(row["score"], 4)
                row["matched"] = "all words" if not any_word else "some words"
                results.append(row)
        if len(results) >= limit:
            break
    return results
