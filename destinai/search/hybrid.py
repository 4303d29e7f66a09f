"""Hybrid search: lexical (FTS5 BM25), typo-tolerant fuzzy and semantic retrievers, fused.

Each retriever ranks ESCO concepts; reciprocal-rank fusion adds ``weight / (K + rank)`` over
the retrievers that found a concept. The score returned is that sum divided by its maximum
(every retriever ranking the concept first), so it lies in 0..1.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from destinai.catalog.db import Catalog
from destinai.errors import BadInput
from destinai.search.compiled import SOURCES as SOURCE_NAMES
from destinai.search.embedder import get_embedder, single_threaded_blas
from destinai.search.index import SearchIndex, get_index
from destinai.search.text import fold

Kind = Literal["occupation", "skill"]
K = 60
DEPTH = 50                 # how many results each retriever contributes
MAX_QUERY_CHARS = 500
WEIGHTS = {"lexical": 1.0, "lexical_corrected": 1.0, "fuzzy": 1.0, "semantic": 1.0,
           "description": 0.5, "context": 1.0, "learned": 1.0}
LEARNED_KINDS = ("occupation",)   # skills: not evaluated yet, so not switched on


def retrieve(index: SearchIndex, kind: Kind, text: str,
             context: np.ndarray | None = None,
             semantic: list[tuple[int, float]] | None = None
             ) -> dict[str, list[tuple[int, float]]]:
    """Every retriever's ranked (owner, raw score) list for ``text``; ``semantic``: that
    retriever's list when the caller computed it already (batched, ``destinai.match.batch``)."""
    corrected = index.correct(kind, text)
    lists = {"lexical": index.lexical(kind, text, DEPTH),
             "fuzzy": index.fuzzy(kind, text, DEPTH),
             "description": index.lexical_descriptions(kind, corrected, DEPTH)}
    if corrected and corrected != " ".join(text.lower().split()):
        lists["lexical_corrected"] = index.lexical(kind, corrected, DEPTH)
    lists["semantic"] = (semantic if semantic is not None else
                         index.semantic(kind, corrected or text, DEPTH))
    if kind in LEARNED_KINDS:
        vector = get_embedder().encode([corrected or text])[0]
        lists["learned"] = index.learned(kind, vector, DEPTH)
    if context is not None:
        scores = index.description_scores(kind, context)[0]
        top = np.argsort(-scores)[:DEPTH]
        lists["context"] = [(int(i), float(scores[i])) for i in top]
    return lists


def fuse(lists: dict[str, list[tuple[int, float]]],
         weights: dict[str, float] = WEIGHTS) -> list[tuple[int, float, dict[str, Any]]]:
    """Reciprocal-rank fusion: (owner, score 0..1, {retriever: {rank, score}}) best first."""
    total: dict[int, float] = {}
    why: dict[int, dict[str, Any]] = {}
    for name, ranked in lists.items():
        for rank, (owner, raw) in enumerate(ranked, start=1):
            total[owner] = total.get(owner, 0.0) + weights[name] / (K + rank)
            why.setdefault(owner, {})[name] = {"rank": rank, "score": round(raw, 4)}
    best = sum(weights[name] for name in lists) / (K + 1)
    return sorted(((o, s / best, why[o]) for o, s in total.items()), key=lambda t: -t[1])


def exact_first(index: SearchIndex, kind: Kind, text: str,
                fused: list[tuple[int, float, dict[str, Any]]]
                ) -> list[tuple[int, float, dict[str, Any]]]:
    """Concepts with an ESCO label equal to the query (case, accents, punctuation and plurals
    folded) moved to the front: preferred label, then alternative, then hidden; within one
    kind of label, a preferred label written as the query (case aside) first, then fused
    order. Scores are raised so that the list stays sorted."""
    exact = {o: s for o, s in index.kinds[kind].exact_owners(text) if s <= 2}
    if not exact:
        return fused
    position = {owner: n for n, (owner, _, _) in enumerate(fused)}
    labels = index.kinds[kind].labels
    same = " ".join(text.casefold().split())   # "material" before "materials" for "material"
    front = sorted(exact, key=lambda o: (exact[o], labels[o].casefold() != same,
                                         position.get(o, len(fused))))
    found = {o: (s, why) for o, s, why in fused}
    top = fused[0][1] if fused else 1.0
    head = []
    for rank, owner in enumerate(front, start=1):
        score, why = found.get(owner, (0.0, {}))
        why = {"exact": {"rank": rank, "score": float(SOURCE_NAMES[exact[owner]] == "preferred"),
                         "label": SOURCE_NAMES[exact[owner]]}, **why}
        head.append((owner, max(score, top), why))
    return head + [f for f in fused if f[0] not in exact]


def search_hybrid(catalog: Catalog, text: str, kind: Kind = "occupation",
                  limit: int = 10) -> list[dict[str, Any]]:
    """Rank ESCO occupations or skills for free text, typos and synonyms included.

    Each result: ``uri``, ``label``, ``score`` (0..1, fused), ``retrievers`` (which
    retrievers found it, with rank and raw score) and ``matched_label`` (the closest name).
    """
    if kind not in ("occupation", "skill"):
        raise BadInput(f"kind must be occupation or skill, not {kind!r}")
    text = (text or "")[:MAX_QUERY_CHARS]
    if not fold(text):
        return []                  # no words: nothing to look for
    index = get_index(catalog)
    with single_threaded_blas():
        fused = exact_first(index, kind, text, fuse(retrieve(index, kind, text)))[:limit]
        return describe(index, kind, text, fused)


def describe(index: SearchIndex, kind: Kind, text: str,
             fused: list[tuple[int, float, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Result dicts for fused owners, with each one's closest label to the query."""
    if not fused:
        return []
    k = index.kinds[kind]
    query = get_embedder().encode([text])[0]
    out = []
    for owner, score, why in fused:
        rows = np.arange(k.starts[owner], k.ends[owner])
        sims = k.matrix[k.row_vector[rows]] @ query
        matched = (k.texts[int(k.row_vector[rows[int(np.argmax(sims))]])] if len(rows)
                   else k.labels[owner])
        out.append({"uri": k.uris[owner], "label": k.labels[owner], "score": round(score, 4),
                    "matched_label": matched, "retrievers": why})
    return out
