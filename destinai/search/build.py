"""Build-time step of the search feature: FTS5 indexes and the compiled query-time index.

Searchable names: ESCO preferred/alternative/hidden labels of occupations and skills, O*NET
titles and alternate titles (target = O*NET code, mapped to ESCO occupations through
``occupation_onet``), and one "label. description" text per ESCO concept. Tables (created
here, not in schema.sql):

- ``search_label_fts_<kind>`` / ``search_description_fts_<kind>``: contentless FTS5 (BM25)
  over names and descriptions; rowid = the name's / description's id (its position in
  :func:`label_rows` / :func:`description_rows`).
- ``search_arrays``: the query-time index of each kind, compiled into numpy blobs (unique
  label texts with int8 vectors, owners, trigram matrix, exact-match keys; see
  :mod:`destinai.search.compiled`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

import numpy as np

from destinai.catalog.fts import TOKENIZER
from destinai.catalog.steps import BuildContext
from destinai.search.compiled import UNPACKED, compile_kind, quantize, store
from destinai.search.embedder import DIM, MODEL_ID, get_embedder


def label_rows(db: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """(kind, target, source, text) for every searchable name, without duplicates."""
    out: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, target: str, source: str, text: str | None) -> None:
        text = (text or "").strip()
        if text and (target, text.lower()) not in seen:
            seen.add((target, text.lower()))
            out.append((kind, target, source, text))

    for kind, table in (("occupation", "occupations"), ("skill", "skills")):
        for uri, label, alts, hidden in db.execute(
                f"SELECT uri, label, alt_labels, hidden_labels FROM {table} ORDER BY uri"):
            add(kind, uri, "preferred", label)
            for alt in json.loads(alts):
                add(kind, uri, "alt", alt)
            for alt in json.loads(hidden):
                add(kind, uri, "hidden", alt)
    for code, title in db.execute("SELECT code, title FROM onet_occupations ORDER BY code"):
        add("occupation", code, "onet_title", title)
    for code, title in db.execute(
            "SELECT code, title FROM onet_alternate_titles ORDER BY code, title"):
        add("occupation", code, "onet_alt", title)
    return out


def description_rows(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(kind, uri, "label. description") for every ESCO occupation and skill."""
    out = []
    for kind, table in (("occupation", "occupations"), ("skill", "skills")):
        for uri, label, desc in db.execute(
                f"SELECT uri, label, coalesce(description, '') FROM {table} ORDER BY uri"):
            out.append((kind, uri, f"{label}. {desc}".strip()))
    return out


def write_index(db: sqlite3.Connection, labels: list[tuple[str, str, str, str]],
                descriptions: list[tuple[str, str, str]], cache_dir: Path | None = None) -> None:
    """Create the search tables in ``db`` and fill them (also used by the held-out evaluation)."""
    for kind in ("occupation", "skill"):
        for fts, rows in ((f"search_label_fts_{kind}", [(i, r[3]) for i, r in enumerate(labels)
                                                         if r[0] == kind]),
                          (f"search_description_fts_{kind}",
                           [(i, r[2]) for i, r in enumerate(descriptions) if r[0] == kind])):
            # contentless: the texts live in search_arrays; rowid = label / description id
            db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(text, content='', "
                       f"tokenize='{TOKENIZER}')")
            db.executemany(f"INSERT INTO {fts}(rowid, text) VALUES (?, ?)", rows)
    label_vectors = encode_cached([r[3] for r in labels], cache_dir)
    description_vectors = encode_cached([r[2] for r in descriptions], cache_dir)
    for kind in sorted({r[0] for r in labels}):
        store(db, kind, compile_kind(db, kind, labels, label_vectors, descriptions,
                                     description_vectors))


def encode_cached(texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Unit vectors of ``texts`` (float32), from a cache file keyed by the texts and model."""
    digest = hashlib.sha256("\n".join([MODEL_ID, *texts]).encode()).hexdigest()[:24]
    path = cache_dir / "search" / f"vectors-{digest}.npz" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with np.load(path) as cached:
                data, scale = cached["data"], cached["scale"]
                return data.reshape(len(texts), -1).astype(np.float32) * scale[:, None]
        except (OSError, ValueError, KeyError):
            pass                                    # a damaged cache file: recompute
    vectors = get_embedder().encode(texts)
    if path is not None:
        data, scale = quantize(vectors)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.npz")
        np.savez(partial, scale=scale, data=data)
        partial.replace(path)
    return vectors


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Index every label and description for lexical, fuzzy and semantic search."""
    started = time.perf_counter()
    labels = label_rows(db)
    descriptions = description_rows(db)
    context.say(f"search: indexing {len(labels)} labels and {len(descriptions)} descriptions")
    write_index(db, labels, descriptions, context.cache_dir)
    return {"model": MODEL_ID, "labels": len(labels), "descriptions": len(descriptions),
            "seconds": round(time.perf_counter() - started, 2)}


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    return {"model": MODEL_ID, "dim": DIM, "tokenizer": TOKENIZER, "quantization": "int8-row",
            "unpacked": sorted(".".join(n) for n in UNPACKED)}
