"""Query-time search index: label rows, their vectors and the retrievers over them.

One :class:`SearchIndex` per catalog file, loaded on first use (about a second) and kept for
the process: the CLI's batch modes and the web server load it once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from destinai import collector
from destinai.catalog.db import Catalog, CatalogMissing
from destinai.catalog.search import fts_query
from destinai.search import compiled
from destinai.search.embedder import get_embedder
from destinai.search.kind import KindIndex, StoredArrays, stored_acronyms
from destinai.search.text import fold
from destinai.text import STOP_WORDS

Rows = Callable[[str, Sequence[Any]], list[dict[str, Any]]]
TRIGRAM_NAMES = "'trigram_indices', 'trigram_indptr', 'trigram_sizes'"


class SearchIndex:
    """Label table, FTS5 and vectors of one catalog (or of an evaluation subset)."""

    def __init__(self, rows: Rows, kinds: tuple[str, ...] = ("occupation", "skill"),
                 release: Callable[[], None] | None = None) -> None:
        self.rows = rows
        self.release = release      # called after a kind is loaded (frees SQLite's page cache)
        self.lock = threading.Lock()
        self.kinds = _Kinds(self, kinds)

    def acronyms_of(self, kind: str) -> dict[str, str]:
        """The acronyms learned from one kind's labels, read alone when that kind's index is
        not loaded (the extractor asks occupations' acronyms without needing their vectors)."""
        if kind in self.kinds:
            return dict.__getitem__(self.kinds, kind).acronyms
        if kind not in self.kinds.allowed:
            return {}
        a = compiled.load(self.rows(
            "SELECT name, dtype, shape, data FROM search_arrays WHERE kind = ? "
            "AND name IN ('acronym_keys', 'acronym_values')", (kind,)))
        return stored_acronyms(a)

    def _load_kind(self, kind: str) -> KindIndex:
        # the trigram arrays are read on the first fuzzy search only (TrigramIndex.deferred);
        # the others are read now and each unpacked on first use (StoredArrays)
        # memory-mapped while the blobs are read: SQLite copies each page once instead of
        # twice (~10 ms for a kind); unmapped after, so a server holds no mapped pages
        self.rows("PRAGMA mmap_size = 268435456", ())
        try:
            rows = self.rows("SELECT name, dtype, shape, data FROM search_arrays "
                             f"WHERE kind = ? AND name NOT IN ({TRIGRAM_NAMES})", (kind,))
        finally:
            self.rows("PRAGMA mmap_size = 0", ())
        if not rows:
            raise CatalogMissing("the catalog's search index is from an older version: "
                                 "run `destinai build`")
        return KindIndex(StoredArrays(rows), lambda: compiled.load(
            self.rows("SELECT name, dtype, shape, data FROM search_arrays WHERE kind = ? "
                      f"AND name IN ({TRIGRAM_NAMES})", (kind,))),
            lambda uris: self._links(kind, uris))

    def _links(self, kind: str, uris: list[str]) -> dict[str, list[tuple[int, float]]]:
        position = {u: i for i, u in enumerate(uris)}
        links: dict[str, list[tuple[int, float]]] = {u: [(i, 1.0)] for u, i in position.items()}
        if kind == "occupation":
            for link in self.rows("SELECT esco_uri, onet_code, coalesce(confidence, 0.5) AS c "
                                  "FROM occupation_onet", ()):
                if link["esco_uri"] in position:
                    links.setdefault(link["onet_code"], []).append(
                        (position[link["esco_uri"]],
                         compiled.ONET_WEIGHT * (0.8 + 0.2 * link["c"])))
        return links

    # --- retrievers: each returns owner indices best first, with a score -------------------

    def lexical(self, kind: str, text: str, limit: int) -> list[tuple[int, float]]:
        """BM25 over labels (all words, then any word), best label per owner."""
        index = self.kinds[kind]
        best: dict[int, float] = {}
        for any_word in (False, True):
            match = fts_query(_content_words(text) if any_word else text, any_word)
            if match is None:
                return []
            fts = f"search_label_fts_{kind}"
            found = self.rows(
                f"SELECT rowid AS id, -bm25({fts}) AS s FROM {fts} "
                f"WHERE {fts} MATCH ? ORDER BY bm25({fts}) LIMIT ?", (match, limit * 3))
            for row in found:
                share = index.share_of(row["id"])
                target = index.target_of(row["id"])
                for owner, weight in index.owner_of_target.get(target, []):
                    score = row["s"] * weight * share + (0 if any_word else 1000)
                    if score > best.get(owner, -1e9):
                        best[owner] = score
            if len(best) >= limit:
                break
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]

    def lexical_descriptions(self, kind: str, text: str, limit: int) -> list[tuple[int, float]]:
        """BM25 over "label. description" texts (any word)."""
        index = self.kinds[kind]
        match = fts_query(text, any_word=True)
        if match is None:
            return []
        fts = f"search_description_fts_{kind}"
        found = self.rows(
            f"SELECT rowid AS id, -bm25({fts}) AS s FROM {fts} "
            f"WHERE {fts} MATCH ? ORDER BY bm25({fts}) LIMIT ?", (match, limit))
        rows = np.searchsorted(index.description_ids, [r["id"] for r in found])
        return [(int(index.description_owner[n]), r["s"]) for n, r in zip(rows, found,
                                                                           strict=True)]

    def fuzzy(self, kind: str, text: str, limit: int) -> list[tuple[int, float]]:
        """Typo-tolerant whole-label similarity (rapidfuzz ratio over folded labels)."""
        index = self.kinds[kind]
        query = fold(text)
        if not query:
            return []
        best: dict[int, float] = {}
        for i, score in index.fuzzy_choices.search(query, limit * 2):
            for owner, weight in index.owners_of(i):
                best[owner] = max(best.get(owner, 0.0), weight * score / 100.0)
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]

    def correct(self, kind: str, text: str) -> str:
        """The query with each unknown word replaced by the closest label word (typos)."""
        index = self.kinds[kind]
        out = []
        for word in fold(text).split():
            if word not in index.vocabulary and len(word) >= 4:
                found = process.extract(word, index.vocabulary.keys(),
                                        scorer=OSA.normalized_similarity, limit=8,
                                        score_cutoff=0.74 if len(word) > 6 else 0.7)
                if found:
                    # closest spelling first, then the commonest word among equally close ones
                    word = max(found, key=lambda f: (round(f[1], 2),
                                                     index.vocabulary[f[0]]))[0]
            out.append(word)
        return " ".join(out)

    def label_scores(self, kind: str, vectors: np.ndarray) -> np.ndarray:
        """(len(vectors), owners): best cosine of each query vector with an owner's labels."""
        index = self.kinds[kind]
        sims = (vectors @ index.matrix.T)[:, index.row_vector] * index.row_weight
        best = np.maximum.reduceat(sims, index.starts, axis=1)
        best[:, index.empty] = -1.0
        return best

    def preferred_scores(self, kind: str, vectors: np.ndarray) -> np.ndarray:
        """(len(vectors), owners): cosine with each owner's preferred label."""
        return vectors @ self.kinds[kind].preferred.T

    def description_scores(self, kind: str, vectors: np.ndarray) -> np.ndarray:
        """(len(vectors), owners): cosine with each owner's "label. description" vector."""
        index = self.kinds[kind]
        out = np.full((len(vectors), len(index.uris)), -1.0, dtype=np.float32)
        out[:, index.description_owner] = vectors @ index.description_matrix.T
        return out

    def learned(self, kind: str, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """The query mapped by the learned adapter against concept centroids."""
        index = self.kinds[kind]
        mapped = vector @ index.adapter
        scores = index.centroids @ (mapped / max(float(np.linalg.norm(mapped)), 1e-12))
        top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
        return sorted(((int(i), float(scores[i])) for i in top), key=lambda kv: -kv[1])

    def semantic(self, kind: str, text: str, limit: int,
                 vector: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Embedding similarity with labels (O*NET titles included for occupations)."""
        if vector is None:
            vector = get_embedder().encode([text])
        scores = self.label_scores(kind, vector)[0]
        top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
        return sorted(((int(i), float(scores[i])) for i in top), key=lambda kv: -kv[1])


def _content_words(text: str) -> str:
    """``text`` without stop words, for the any-word pass: "talking OR to OR families" ranks
    every label holding "to" (thousands, most of the query's time) and adds nothing."""
    kept = [w for w in text.split() if w.lower().strip(".,;:!?()") not in STOP_WORDS]
    return " ".join(kept) or text


class _Kinds(dict):  # type: ignore[type-arg, unused-ignore]
    """Per-kind indexes, each loaded on first use (a skill search never loads occupations)."""

    def __init__(self, index: SearchIndex, allowed: tuple[str, ...]) -> None:
        super().__init__()
        self.index = index
        self.allowed = allowed

    def __missing__(self, kind: str) -> KindIndex:
        if kind not in self.allowed:
            raise KeyError(kind)
        with self.index.lock, collector.paused():
            if kind not in self:
                self[kind] = self.index._load_kind(kind)
                if self.index.release is not None:
                    self.index.release()
            return dict.__getitem__(self, kind)


def get_index(catalog: Catalog) -> SearchIndex:
    """The search index of ``catalog``, loaded once per Catalog (``Catalog.derived``)."""
    return catalog.derived("search.index", lambda: _load_index(catalog))


def _load_index(catalog: Catalog) -> SearchIndex:
    if catalog.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_arrays'") == 0:
        raise CatalogMissing(f"{catalog.path} has no search index: run `destinai build`")
    return SearchIndex(catalog.rows, release=catalog.release_page_cache)
