"""Many short phrases read at once: the search and extraction engines' work, batched.

A profile holds ten to forty phrases (skills typed one by one, a CV's clauses). Asked one at a
time, each phrase multiplies its vector with every label vector on its own (about 100 MB read
per phrase); batched, one matrix product serves all of them, and the per-phrase steps (FTS5,
fuzzy, window re-ranking) run as before. The answers are those of ``search_hybrid`` phrase by phrase
(``tests/match/test_batch.py`` holds them to that); the extraction engine batches its own
work (``destinai.extract.skills.extract_skills_many``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.search.embedder import get_embedder, single_threaded_blas

if TYPE_CHECKING:
    from destinai.search.hybrid import Kind


def _top(scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (owner, score) of one row, best first (as ``SearchIndex.semantic``)."""
    top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
    return sorted(((int(i), float(scores[i])) for i in top), key=lambda kv: -kv[1])


def search_each(catalog: Catalog, texts: list[str], kind: Kind = "skill",
                limit: int = 6) -> list[list[dict[str, Any]]]:
    """``[search_hybrid(catalog, t, kind, limit) for t in texts]``, one label product for all."""
    from destinai.search.hybrid import DEPTH, MAX_QUERY_CHARS, describe, exact_first, fuse, retrieve
    from destinai.search.index import get_index
    from destinai.search.text import fold

    index = get_index(catalog)
    texts = [(t or "")[:MAX_QUERY_CHARS] for t in texts]
    todo = [n for n, t in enumerate(texts) if fold(t)]
    out: list[list[dict[str, Any]]] = [[] for _ in texts]
    if not todo:
        return out
    with single_threaded_blas():
        queries = [index.correct(kind, texts[n]) or texts[n] for n in todo]
        scores = index.label_scores(kind, get_embedder().encode(queries))
        for row, n in enumerate(todo):
            lists = retrieve(index, kind, texts[n], semantic=_top(scores[row], DEPTH))
            fused = exact_first(index, kind, texts[n], fuse(lists))[:limit]
            out[n] = describe(index, kind, texts[n], fused)
    return out
