"""Many short phrases read at once: the search and extraction engines' work, batched.

A profile holds ten to forty phrases (skills typed one by one, a CV's clauses). Asked one at a
time, each phrase multiplies its vector with every label vector on its own (about 100 MB read
per phrase); batched, one matrix product serves all of them, and the per-phrase steps (FTS5,
fuzzy, window re-ranking) run as before. The answers are those of ``search_hybrid`` and
``extract_skills`` phrase by phrase (``tests/match/test_batch.py`` holds them to that).
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


def extract_each(catalog: Catalog, texts: list[str], limit: int | None = None
                 ) -> list[list[dict[str, Any]]]:
    """``[extract_skills(catalog, t, limit) for t in texts]``, one sentence batch for all."""
    from destinai.extract import skills as ex
    from destinai.extract.lines import content_sentences
    from destinai.extract.sentences import split_sentences
    from destinai.search.index import get_index

    extractor = ex.get_extractor(get_index(catalog))
    skills = extractor.index.kinds["skill"]
    per_text = [content_sentences(split_sentences(t or ""), skills.vocabulary) for t in texts]
    flat = [s for sentences in per_text for s in sentences]
    with single_threaded_blas():
        ranking = ex.rank_sentences(extractor, flat, depth=ex.PER_SENTENCE)
    out: list[list[dict[str, Any]]] = []
    at = 0
    for text, sentences in zip(texts, per_text, strict=True):
        ranked, at = ranking[at:at + len(sentences)], at + len(sentences)
        out.append([{"uri": skills.uris[o], "label": skills.labels[o], "skill_type": None,
                     **item} for o, item in _merge(ex, text, ranked, limit)])
    uris = list({item["uri"] for items in out for item in items})
    types = ex._skill_types(catalog, uris)
    for items in out:
        for item in items:
            item["skill_type"] = types.get(item["uri"])
    return out


def _merge(ex: Any, text: str, ranking: list[list[Any]], limit: int | None
           ) -> list[tuple[int, dict[str, Any]]]:
    """One text's sentence rankings merged as ``extract_skills`` does (default threshold)."""
    merged: dict[int, dict[str, Any]] = {}
    for ranked in ranking:
        for rank, found in enumerate(ranked):
            if not found.explicit and (ex.confidence(found.score) < ex.MIN_SCORE
                                       or rank >= ex.PER_SENTENCE):
                continue
            entry = merged.setdefault(found.owner, {"score": found.score, "explicit": False,
                                                    "evidence": []})
            entry["score"] = max(entry["score"], found.score)
            entry["explicit"] = entry["explicit"] or found.explicit
            if len(entry["evidence"]) < ex.MAX_EVIDENCE:
                start, end = found.span
                entry["evidence"].append({"text": text[start:end], "start": start, "end": end})
    scored = sorted(((max(ex.confidence(e["score"]), ex.EXPLICIT_FLOOR if e["explicit"]
                          else 0.0), e["score"], owner) for owner, e in merged.items()),
                    reverse=True)
    scored = [s for s in scored if s[0] >= ex.MIN_SCORE][:limit]
    return [(o, {"score": score, "explicit": merged[o]["explicit"],
                 "evidence": merged[o]["evidence"]}) for score, _, o in scored]
