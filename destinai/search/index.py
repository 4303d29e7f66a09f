"""Query-time search index: label rows, their vectors and the retrievers over them.

One :class:`SearchIndex` per catalog file, loaded on first use (about a second) and kept for
the process: the CLI's batch modes and the web server load it once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from destinai.catalog.db import Catalog, CatalogMissing
from destinai.catalog.search import fts_query
from destinai.search.embedder import get_embedder
from destinai.search.text import fold
from destinai.search.trigrams import TrigramIndex

Rows = Callable[[str, Sequence[Any]], list[dict[str, Any]]]
ONET_WEIGHT = 0.92   # an O*NET title reaches an ESCO occupation through a crosswalk link


@dataclass
class KindIndex:
    """Everything searchable for one kind (occupation or skill), by ESCO URI."""

    uris: list[str]                       # owner index -> ESCO URI
    labels: list[str]                     # owner index -> preferred label
    matrix: np.ndarray                    # this kind's label vectors
    preferred: np.ndarray                 # owner index -> vector of its preferred label
    row_vector: np.ndarray                # expanded row -> row of ``matrix``
    row_owner: np.ndarray                 # expanded row -> owner index (sorted)
    row_weight: np.ndarray                # expanded row -> weight (O*NET rows < 1)
    starts: np.ndarray                    # first expanded row of each owner
    ends: np.ndarray                      # one past the last expanded row of each owner
    row_text: list[str]                   # expanded row -> label text
    fuzzy_choices: TrigramIndex           # folded unique label texts
    fuzzy_owners: list[list[int]]         # their owners
    fuzzy_weights: list[list[float]]      # and each owner's weight (O*NET titles < 1)
    vocabulary: dict[str, int]            # words of all labels -> frequency (typo correction)
    description_matrix: np.ndarray        # "label. description" vectors
    description_owner: np.ndarray         # description row -> owner index
    empty: np.ndarray                     # owners without any label row (masked)
    owner_of_target: dict[str, list[tuple[int, float]]] = field(default_factory=dict)


class SearchIndex:
    """Label table, FTS5 and vectors of one catalog (or of an evaluation subset)."""

    def __init__(self, rows: Rows, kinds: tuple[str, ...] = ("occupation", "skill")) -> None:
        self.rows = rows
        self.lock = threading.Lock()
        self.quantized = {r["name"]: (np.frombuffer(r["data"], dtype=np.int8).reshape(
            r["rows"], r["dim"]), np.frombuffer(r["scale"], dtype=np.float32))
            for r in rows("SELECT name, rows, dim, scale, data FROM search_vectors", ())}
        self.label_ids = np.array([r["id"] for r in rows(
            "SELECT id FROM search_labels ORDER BY id", ())], dtype=np.int64)
        self.description_ids = np.array([r["id"] for r in rows(
            "SELECT id FROM search_descriptions ORDER BY id", ())], dtype=np.int64)
        self.kinds = _Kinds(self, kinds)

    def vectors(self, name: str, rows: np.ndarray) -> np.ndarray:
        """Float32 vectors of some rows of a stored matrix."""
        data, scale = self.quantized[name]
        return data[rows].astype(np.float32) * scale[rows, None]

    def _load_kind(self, kind: str) -> KindIndex:
        table = "occupations" if kind == "occupation" else "skills"
        concepts = self.rows(f"SELECT uri, label FROM {table} ORDER BY uri", ())
        uris = [c["uri"] for c in concepts]
        position = {u: i for i, u in enumerate(uris)}
        links: dict[str, list[tuple[int, float]]] = {u: [(i, 1.0)] for u, i in position.items()}
        if kind == "occupation":
            for link in self.rows("SELECT esco_uri, onet_code, coalesce(confidence, 0.5) AS c "
                                  "FROM occupation_onet", ()):
                if link["esco_uri"] in position:
                    links.setdefault(link["onet_code"], []).append(
                        (position[link["esco_uri"]], ONET_WEIGHT * (0.8 + 0.2 * link["c"])))
        labels = self.rows("SELECT id, target, source, text, folded FROM search_labels "
                           "WHERE kind = ? "
                           "ORDER BY id", (kind,))
        ids = np.array([r["id"] for r in labels], dtype=np.int64)
        matrix = self.vectors("labels", np.searchsorted(self.label_ids, ids))
        expanded = [(owner, weight, n, r["text"], r["folded"])
                    for n, r in enumerate(labels) for owner, weight in links.get(r["target"], [])]
        expanded.sort(key=lambda e: (e[0], -e[1]))
        owners = np.array([e[0] for e in expanded], dtype=np.int64)
        fuzzy: dict[str, dict[int, float]] = {}
        for owner, weight, _, _, folded in expanded:
            owners_of_text = fuzzy.setdefault(folded, {})
            owners_of_text[owner] = max(weight, owners_of_text.get(owner, 0.0))
        descriptions = self.rows("SELECT id, uri FROM search_descriptions WHERE kind = ? "
                                 "ORDER BY id", (kind,))
        desc_rows = np.searchsorted(self.description_ids, [d["id"] for d in descriptions])
        preferred = np.zeros((len(uris), matrix.shape[1]), dtype=np.float32)
        for n, r in enumerate(labels):
            if r["source"] == "preferred" and r["target"] in position:
                preferred[position[r["target"]]] = matrix[n]
        counts = np.bincount(owners, minlength=len(uris))
        return KindIndex(
            uris=uris, labels=[c["label"] for c in concepts], matrix=matrix, preferred=preferred,
            row_vector=np.array([e[2] for e in expanded], dtype=np.int64), row_owner=owners,
            row_weight=np.array([e[1] for e in expanded], dtype=np.float32),
            starts=np.minimum(np.searchsorted(owners, np.arange(len(uris))), len(owners) - 1),
            ends=np.searchsorted(owners, np.arange(len(uris)), side="right"),
            row_text=[e[3] for e in expanded],
            fuzzy_choices=TrigramIndex(list(fuzzy)),
            fuzzy_owners=[sorted(o) for o in fuzzy.values()],
            fuzzy_weights=[[o[k] for k in sorted(o)] for o in fuzzy.values()],
            vocabulary=Counter(w for text in fuzzy for w in text.split()),
            description_matrix=self.vectors("descriptions", desc_rows),
            description_owner=np.array([position[d["uri"]] for d in descriptions]),
            empty=np.flatnonzero(counts == 0), owner_of_target=links)

    # --- retrievers: each returns owner indices best first, with a score -------------------

    def lexical(self, kind: str, text: str, limit: int) -> list[tuple[int, float]]:
        """BM25 over labels (all words, then any word), best label per owner."""
        index = self.kinds[kind]
        best: dict[int, float] = {}
        for any_word in (False, True):
            match = fts_query(text, any_word)
            if match is None:
                return []
            fts = f"search_label_fts_{kind}"
            found = self.rows(
                f"SELECT l.target, f.s FROM (SELECT rowid, -bm25({fts}) AS s FROM {fts} "
                f"WHERE {fts} MATCH ? ORDER BY bm25({fts}) LIMIT ?) f "
                "JOIN search_labels l ON l.id = f.rowid ORDER BY f.s DESC", (match, limit * 3))
            for row in found:
                for owner, weight in index.owner_of_target.get(row["target"], []):
                    score = row["s"] * weight + (0 if any_word else 1000)
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
            f"SELECT d.uri, f.s FROM (SELECT rowid, -bm25({fts}) AS s FROM {fts} "
            f"WHERE {fts} MATCH ? ORDER BY bm25({fts}) LIMIT ?) f "
            "JOIN search_descriptions d ON d.id = f.rowid ORDER BY f.s DESC", (match, limit))
        return [(index.owner_of_target[r["uri"]][0][0], r["s"]) for r in found]

    def fuzzy(self, kind: str, text: str, limit: int) -> list[tuple[int, float]]:
        """Typo-tolerant whole-label similarity (rapidfuzz ratio over folded labels)."""
        index = self.kinds[kind]
        query = fold(text)
        if not query:
            return []
        best: dict[int, float] = {}
        for i, score in index.fuzzy_choices.search(query, limit * 2):
            for owner, weight in zip(index.fuzzy_owners[i], index.fuzzy_weights[i],
                                     strict=True):
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

    def semantic(self, kind: str, text: str, limit: int,
                 vector: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Embedding similarity with labels (O*NET titles included for occupations)."""
        if vector is None:
            vector = get_embedder().encode([text])
        scores = self.label_scores(kind, vector)[0]
        top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
        return sorted(((int(i), float(scores[i])) for i in top), key=lambda kv: -kv[1])


class _Kinds(dict):  # type: ignore[type-arg, unused-ignore]
    """Per-kind indexes, each loaded on first use (a skill search never loads occupations)."""

    def __init__(self, index: SearchIndex, allowed: tuple[str, ...]) -> None:
        super().__init__()
        self.index = index
        self.allowed = allowed

    def __missing__(self, kind: str) -> KindIndex:
        if kind not in self.allowed:
            raise KeyError(kind)
        with self.index.lock:
            if kind not in self:
                self[kind] = self.index._load_kind(kind)
            return dict.__getitem__(self, kind)


def get_index(catalog: Catalog) -> SearchIndex:
    """The search index of ``catalog``, loaded once per Catalog (``Catalog.derived``)."""
    return catalog.derived("search.index", lambda: _load_index(catalog))


def _load_index(catalog: Catalog) -> SearchIndex:
    if catalog.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'search_vectors'") == 0:
        raise CatalogMissing(f"{catalog.path} has no search index: run `destinai build`")
    return SearchIndex(catalog.rows)
