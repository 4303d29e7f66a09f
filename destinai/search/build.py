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
import multiprocessing
import os
import sqlite3
import time
from multiprocessing.process import BaseProcess
from pathlib import Path

import numpy as np

from destinai.catalog.fts import TOKENIZER
from destinai.catalog.stepcache import cache_path, replay_or_run
from destinai.catalog.steps import BuildContext
from destinai.search.compiled import UNPACKED, compile_kind, store
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
    write_fts(db, labels, descriptions)
    write_arrays(db, labels, descriptions, cache_dir)


def write_fts(db: sqlite3.Connection, labels: list[tuple[str, str, str, str]],
              descriptions: list[tuple[str, str, str]]) -> None:
    """The contentless FTS5 tables over names and descriptions, per kind."""
    for kind in ("occupation", "skill"):
        for fts, rows in ((f"search_label_fts_{kind}", [(i, r[3]) for i, r in enumerate(labels)
                                                         if r[0] == kind]),
                          (f"search_description_fts_{kind}",
                           [(i, r[2]) for i, r in enumerate(descriptions) if r[0] == kind])):
            # contentless: the texts live in search_arrays; rowid = label / description id
            db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(text, content='', "
                       f"tokenize='{TOKENIZER}')")
            db.executemany(f"INSERT INTO {fts}(rowid, text) VALUES (?, ?)", rows)


def write_arrays(db: sqlite3.Connection, labels: list[tuple[str, str, str, str]],
                 descriptions: list[tuple[str, str, str]], cache_dir: Path | None) -> None:
    """The compiled query-time index of each kind (``search_arrays``)."""
    label_vectors = encode_cached([r[3] for r in labels], cache_dir)
    description_vectors = encode_cached([r[2] for r in descriptions], cache_dir)
    for kind in sorted({r[0] for r in labels}):
        store(db, kind, compile_kind(db, kind, labels, label_vectors, descriptions,
                                     description_vectors))


def encode_cached(texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Unit vectors of ``texts`` (float32), from a cache file keyed by the texts and model.

    The file holds the float32 vectors exactly (``.npy``, memory-mapped), so a build from
    the cache stores what a build from an empty cache stores, bit for bit. (The former
    int8 cache gave back slightly different vectors, and a different learned adapter.)
    """
    digest = hashlib.sha256("\n".join([MODEL_ID, *texts]).encode()).hexdigest()[:24]
    path = cache_dir / "search" / f"vectors-f32-{digest}.npy" if cache_dir else None
    if path is not None and path.is_file():
        try:
            cached = np.load(path, mmap_mode="r")
            if cached.shape == (len(texts), DIM) and cached.dtype == np.float32:
                return np.array(cached)
        except (OSError, ValueError):
            pass                                    # a damaged cache file: recompute
    vectors = get_embedder().encode(texts)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".tmp.npy")
            np.save(partial, np.ascontiguousarray(vectors, dtype=np.float32))
            partial.replace(path)
        except OSError:
            pass                                    # a read-only cache only costs time
    return vectors


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Index every label and description for lexical, fuzzy and semantic search.

    Unless the cache holds it, the query-time index is compiled in a forked process (the
    embedding and the compilation take most of an empty-cache build), while the build runs
    the steps that do not read it; it is stored when a step that does comes up.
    """
    started = time.perf_counter()
    labels = label_rows(db)
    descriptions = description_rows(db)
    context.say(f"search: indexing {len(labels)} labels and {len(descriptions)} descriptions")
    write_fts(db, labels, descriptions)

    def store() -> dict[str, object]:
        return replay_or_run(db, context, "search", ["search_arrays"], lambda: _compiled(
            db, labels, descriptions, context.cache_dir), parameters())

    worker = None
    if not cache_path(context, "search", parameters()).is_file():
        worker = _start_worker(db, labels, descriptions, context)
    if worker is None:
        cached = bool(store()["cached"])
    else:
        cached = False
        context.say("search: compiling the index in a second process")

        def finish() -> None:
            worker.join()           # then replayed from the file it wrote (or computed here)
            store()

        context.defer(finish)
    return {"model": MODEL_ID, "labels": len(labels), "descriptions": len(descriptions),
            "compiled_from_cache": cached, "seconds": round(time.perf_counter() - started, 2)}


# what compile_kind reads from the catalog, selected with the same columns (the same order)
WORKER_TABLES = {"occupations": ("uri", "label"), "skills": ("uri", "label"),
                 "occupation_onet": ("esco_uri", "onet_code", "confidence"),
                 "onet_alternate_titles": ("title", "short_title")}


def _start_worker(db: sqlite3.Connection, labels: list[tuple[str, str, str, str]],
                  descriptions: list[tuple[str, str, str]], context: BuildContext
                  ) -> BaseProcess | None:
    if os.environ.get("DESTINAI_BUILD_PROCESSES") == "1":
        return None                 # asked to build in one process
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        return None                 # no fork on this platform: compile in this process
    tables = {name: (columns, db.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall())
              for name, columns in WORKER_TABLES.items()}
    quiet = BuildContext(context.sources, context.cache_dir, lambda _m: None)
    worker = fork.Process(target=_compile_apart, args=(tables, labels, descriptions, quiet),
                          daemon=True)
    worker.start()
    return worker


def _compile_apart(tables: dict[str, tuple[tuple[str, ...], list[tuple]]],
                   labels: list[tuple[str, str, str, str]],
                   descriptions: list[tuple[str, str, str]], context: BuildContext) -> None:
    """In the worker: compile from a private copy of the rows, into the step cache."""
    db = sqlite3.connect(":memory:")
    for name, (columns, rows) in tables.items():
        db.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
        db.executemany(f"INSERT INTO {name} VALUES ({','.join('?' * len(columns))})", rows)
    replay_or_run(db, context, "search", ["search_arrays"], lambda: _compiled(
        db, labels, descriptions, context.cache_dir), parameters())


def _compiled(db: sqlite3.Connection, labels: list[tuple[str, str, str, str]],
              descriptions: list[tuple[str, str, str]], cache_dir: Path) -> dict[str, object]:
    write_arrays(db, labels, descriptions, cache_dir)
    return {}


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    return {"model": MODEL_ID, "dim": DIM, "tokenizer": TOKENIZER, "quantization": "int8-row",
            "unpacked": sorted(".".join(n) for n in UNPACKED)}
