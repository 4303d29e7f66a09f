"""Held-out evaluation of title normalisation.

A random 20% of ESCO alternative labels and O*NET alternate titles is held out; every label
whose folded text equals a held-out one is removed too (whatever occupation it names), and a
separate index (FTS5, trigram fuzzy, vectors) is built from the rest in a temporary database,
so no held-out title is in any retriever. Held-out titles are then normalised against that
index: an ESCO label is recovered when its occupation ranks first (top-1) or in the first five
(top-5); an O*NET title when any ESCO occupation linked to its O*NET code does.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from destinai.catalog.db import Catalog
from destinai.search.build import description_rows, label_rows, write_index
from destinai.search.embedder import single_threaded_blas
from destinai.search.index import SearchIndex
from destinai.search.text import fold
from destinai.search.titles import rank_raw_title

HELD_OUT = ("alt", "onet_alt")


def split_labels(catalog: Catalog, share: float = 0.2, seed: int = 0
                 ) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    """(kept, held out) occupation label rows; kept rows share no folded text with held-out."""
    rows = [r for r in label_rows(catalog.connection) if r[0] == "occupation"]
    rng = random.Random(seed)
    held = [r for r in rows if r[2] in HELD_OUT and rng.random() < share]
    held_texts = {fold(r[3]) for r in held}
    kept = [r for r in rows if fold(r[3]) not in held_texts]
    return kept, held


def build_heldout_index(catalog: Catalog, kept: list[tuple[str, str, str, str]],
                        directory: Path) -> SearchIndex:
    """A search index over ``kept`` labels only, in a temporary database."""
    db = sqlite3.connect(directory / "heldout.sqlite", check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE occupations (uri TEXT PRIMARY KEY, label TEXT)")
    db.executemany("INSERT INTO occupations VALUES (?, ?)", catalog.connection.execute(
        "SELECT uri, label FROM occupations").fetchall())
    db.execute("CREATE TABLE occupation_onet (esco_uri, onet_code, confidence)")
    db.executemany("INSERT INTO occupation_onet VALUES (?,?,?)", catalog.connection.execute(
        "SELECT esco_uri, onet_code, confidence FROM occupation_onet").fetchall())
    descriptions = [d for d in description_rows(catalog.connection) if d[0] == "occupation"]
    write_index(db, kept, descriptions)
    db.commit()
    return SearchIndex(lambda sql, params: [dict(r) for r in db.execute(sql, params)],
                       kinds=("occupation",))


def evaluate_titles(catalog: Catalog, sample: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Top-1 / top-5 accuracy on held-out ESCO alternative labels and O*NET titles."""
    kept, held = split_labels(catalog, seed=seed)
    links: dict[str, set[str]] = {}
    for r in catalog.rows("SELECT esco_uri, onet_code FROM occupation_onet", ()):
        links.setdefault(r["onet_code"], set()).add(r["esco_uri"])
    rng = random.Random(seed)
    out: dict[str, Any] = {"held_out": len(held), "indexed": len(kept)}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        index = build_heldout_index(catalog, kept, Path(tmp))
        out["index_seconds"] = round(time.perf_counter() - started, 1)
        for source, name in (("alt", "esco_alt_labels"), ("onet_alt", "onet_alternate_titles")):
            rows = [r for r in held if r[2] == source]
            rows = rng.sample(rows, min(sample, len(rows)))
            top1 = top5 = 0
            with single_threaded_blas():
                for _, target, _, text in rows:
                    gold = {target} if source == "alt" else links.get(target, set())
                    found = [r["uri"] for r in rank_raw_title(index, text, limit=5)]
                    top1 += bool(found[:1] and found[0] in gold)
                    top5 += bool(gold & set(found))
            out[name] = {"queries": len(rows), "top1": round(top1 / max(len(rows), 1), 3),
                         "top5": round(top5 / max(len(rows), 1), 3)}
    return out
