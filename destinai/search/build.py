"""Build-time step of the search feature: label table, FTS5 indexes and stored embeddings.

Tables (created here, not in schema.sql):

- ``search_labels``: one row per searchable name: ESCO preferred/alternative/hidden labels of
  occupations and skills, O*NET titles and alternate titles (target = O*NET code, mapped to
  ESCO occupations through ``occupation_onet`` at query time).
- ``search_descriptions``: one row per ESCO concept, "label. description".
- ``search_label_fts_<kind>`` / ``search_description_fts_<kind>``: FTS5 (BM25) over both.
- ``search_vectors``: embedding matrices as int8 blobs with one float32 scale per row,
  row i of ``labels`` = i-th ``search_labels`` row by id.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

import numpy as np

from destinai.catalog.fts import TOKENIZER
from destinai.catalog.steps import BuildContext, read_sql
from destinai.search.embedder import DIM, MODEL_ID, get_embedder
from destinai.search.text import fold

SCHEMA = read_sql("destinai.search", "schema.sql")


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


def quantize(matrix: np.ndarray) -> tuple[bytes, bytes]:
    """Int8 rows with a per-row float32 scale (unit vectors lose < 1% cosine accuracy)."""
    scale = np.maximum(np.abs(matrix).max(axis=1), 1e-12) / 127.0
    data = np.round(matrix / scale[:, None]).astype(np.int8)
    return scale.astype(np.float32).tobytes(), data.tobytes()


def dequantize(scale: bytes, data: bytes, rows: int, dim: int) -> np.ndarray:
    """Float32 matrix back from :func:`quantize`'s blobs."""
    values = np.frombuffer(data, dtype=np.int8).reshape(rows, dim).astype(np.float32)
    return values * np.frombuffer(scale, dtype=np.float32)[:, None]


def write_index(db: sqlite3.Connection, labels: list[tuple[str, str, str, str]],
                descriptions: list[tuple[str, str, str]], cache_dir: Path | None = None) -> None:
    """Create the search tables in ``db`` and fill them (also used by the held-out evaluation)."""
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO search_labels (id, kind, target, source, text, folded) "
                   "VALUES (?,?,?,?,?,?)",
                   [(i, *row, fold(row[3])) for i, row in enumerate(labels)])
    db.executemany("INSERT INTO search_descriptions (id, kind, uri, text) VALUES (?,?,?,?)",
                   [(i, *row) for i, row in enumerate(descriptions)])
    for kind in ("occupation", "skill"):
        for fts, content in ((f"search_label_fts_{kind}", "search_labels"),
                             (f"search_description_fts_{kind}", "search_descriptions")):
            db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(text, content='{content}', "
                       f"content_rowid='id', tokenize='{TOKENIZER}')")
            db.execute(f"INSERT INTO {fts}(rowid, text) SELECT id, text FROM {content} "
                       "WHERE kind = ?", (kind,))
    for name, texts in (("labels", [r[3] for r in labels]),
                        ("descriptions", [r[2] for r in descriptions])):
        scale, data = encode_cached(texts, cache_dir)
        db.execute("INSERT INTO search_vectors VALUES (?,?,?,?,?,?)",
                   (name, MODEL_ID, len(texts), DIM, scale, data))


def encode_cached(texts: list[str], cache_dir: Path | None) -> tuple[bytes, bytes]:
    """Quantized vectors of ``texts``, from a cache file keyed by the texts and the model."""
    key = hashlib.sha256("\n".join([MODEL_ID, *texts]).encode()).hexdigest()[:24]
    path = cache_dir / "search" / f"vectors-{key}.npz" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with np.load(path) as cached:
                return cached["scale"].tobytes(), cached["data"].tobytes()
        except (OSError, ValueError, KeyError):
            pass                                    # a damaged cache file: recompute
    scale, data = quantize(get_embedder().encode(texts))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.npz")
        np.savez(partial, scale=np.frombuffer(scale, np.float32),
                 data=np.frombuffer(data, np.int8))
        partial.replace(path)
    return scale, data


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
    return {"model": MODEL_ID, "dim": DIM, "tokenizer": TOKENIZER, "quantization": "int8-row"}
