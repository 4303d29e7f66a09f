"""Extraction's build step: the per-skill tables the extractor used to compute at every start.

The re-ranker reads, for each ESCO skill label in the skill index, its content words (an
inverted index: word -> skills), how many it has, and three fixed features (label words,
knowledge, transversal). Computing them from 13,900 labels and the ``skills`` table took
~0.2 s of every cold ``destinai extract``; they are stored here instead (``search_arrays``,
kind ``extract``: ~0.2 MB), in the skill index's order, and read back as they were computed.
"""

from __future__ import annotations

import math
import sqlite3
from typing import TYPE_CHECKING, Any

import numpy as np

from destinai.extract.ranker import STOP, WORD, content_words
from destinai.search import compiled

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from destinai.catalog.steps import BuildContext

KIND = "extract"
NAMES = ("posting_keys", "posting_ptr", "posting_owner", "content_len", "owner_features")


def label_tables(uris: list[str], labels: list[str],
                 kinds: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The stored arrays for skill labels (``uris``/``labels`` in the skill index's order) and
    ``kinds`` (uri -> (skill_type, reuse_level))."""
    content = [content_words(label) for label in labels]
    postings: dict[str, list[int]] = {}
    for owner, words in enumerate(content):
        for word in sorted(words):      # a set: sorted, so every build stores the same order
            postings.setdefault(word, []).append(owner)
    owner_features = np.array([
        (math.log1p(len(label.split())), kinds.get(uri, ("", ""))[0] == "knowledge",
         kinds.get(uri, ("", ""))[1] == "transversal")
        for uri, label in zip(uris, labels, strict=True)], dtype=np.float32).reshape(-1, 3)
    keys = list(postings)
    return {
        "posting_keys": keys,
        "posting_ptr": np.cumsum([0] + [len(postings[k]) for k in keys], dtype=np.int64),
        "posting_owner": np.array([o for k in keys for o in postings[k]], dtype=np.int64),
        "content_len": np.array([max(len(c), 1) for c in content], dtype=np.float32),
        "owner_features": owner_features}


def tables_from_rows(rows: Callable[[str, Sequence[Any]], list[dict[str, Any]]],
                     uris: list[str], labels: list[str]) -> dict[str, Any]:
    """:func:`label_tables` with the skill kinds read through ``rows`` (a Catalog's)."""
    kinds = {r["uri"]: (r["skill_type"], r["reuse_level"]) for r in rows(
        "SELECT uri, skill_type, reuse_level FROM skills", ())}
    return label_tables(uris, labels, kinds)


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Store the label tables of the skill index written by the search step."""
    context.say("extract: storing the skill labels' feature tables")

    def rows(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor]

    skill = compiled.load(rows("SELECT name, dtype, shape, data FROM search_arrays WHERE "
                               "kind = 'skill' AND name IN ('uris', 'labels')", ()))
    tables = tables_from_rows(rows, skill["uris"], skill["labels"])
    compiled.store(db, KIND, tables)
    return {"labels": len(skill["labels"]), "words": len(tables["posting_keys"])}


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    return {"stop": sorted(STOP), "word": WORD.pattern, "features": list(NAMES)}
