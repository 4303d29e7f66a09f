"""Skill extraction: free text -> ESCO skills with evidence spans, scores, explicit/implied.

The reporting half: sentences are split and cleaned (sentences.py, lines.py), ranked
(ranking.py: candidates, features, the learned re-ranker), and here merged over the document
and cut to what is reported. A skill's score is its best sentence probability, its evidence
the spans that support it; per sentence at most ``PER_SENTENCE`` skills whose probability
reaches the threshold (default: the shipped ranker's cross-validated one), and beyond those
every further skill named verbatim above the threshold.
"""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog
from destinai.extract.extractor import Extractor, get_extractor
from destinai.extract.lines import content_sentences
from destinai.extract.ranker import load_ranker, probability
from destinai.extract.ranking import DEFAULT, Found, Method, rank_sentences, rank_with_features
from destinai.extract.sentences import split_sentences
from destinai.search.embedder import single_threaded_blas
from destinai.search.index import get_index

# the ranking names stay importable from here (callers written before the split)
__all__ = ["DEFAULT", "Extractor", "Found", "Method", "extract_skills", "extract_skills_many",
           "get_extractor", "rank_sentences", "rank_with_features"]

PER_SENTENCE = 5         # skills reported per sentence at most by default
RANKED_DEPTH = 10        # with min_score 0: every ranked candidate, this many per sentence
MAX_EVIDENCE = 3


def confidence(score: float) -> float:
    """A skill's score (the ranker's log-odds) -> its probability of being right, 0..1."""
    return probability(score)


def default_min_score() -> float:
    """The default reporting threshold (a probability chosen by cross-validation)."""
    return load_ranker().threshold


def extract_skills(catalog: Catalog, text: str, limit: int | None = None,
                   min_score: float | None = None) -> list[dict[str, Any]]:
    """ESCO skills (knowledge and languages included) mentioned or implied in ``text``.

    Each result: ``uri``, ``label``, ``skill_type``, ``score`` (0..1), ``explicit`` (a label
    appears verbatim), ``evidence`` ([{text, start, end}] character offsets into ``text``).
    Deduplicated over the document, best first. ``score`` is the ranker's probability that
    the skill is right. Per sentence, the best ``PER_SENTENCE`` skills with a score of at
    least ``min_score`` (default: the shipped ranker's cross-validated threshold) are
    reported, and any further skill named verbatim above it; ``min_score=0`` reports every
    ranked candidate (``RANKED_DEPTH`` per sentence). Section headers, dates, names and
    contact lines yield nothing.
    """
    return extract_skills_many(catalog, [text], limit, min_score)[0]


def extract_skills_many(catalog: Catalog, texts: list[str], limit: int | None = None,
                        min_score: float | None = None) -> list[list[dict[str, Any]]]:
    """``[extract_skills(catalog, t, limit, min_score) for t in texts]`` in one sentence batch.

    Batching pays when many short texts are read at once (a skill list's phrases).
    """
    threshold = default_min_score() if min_score is None else min_score
    extractor = get_extractor(get_index(catalog))
    skills = extractor.index.kinds["skill"]
    per_text = [content_sentences(split_sentences(t or ""), skills.vocabulary) for t in texts]
    flat = [s for sentences in per_text for s in sentences]
    per_sentence = RANKED_DEPTH if threshold <= 0 else PER_SENTENCE
    ranking: list[list[Any]] = []
    if flat:
        with single_threaded_blas():
            ranking = rank_sentences(extractor, flat, depth=per_sentence)
    merged_texts: list[list[tuple[float, int, dict[str, Any]]]] = []
    at = 0
    for text, sentences in zip(texts, per_text, strict=True):
        ranked, at = ranking[at:at + len(sentences)], at + len(sentences)
        merged_texts.append(_merge_text(text or "", ranked, threshold, per_sentence, limit))
    uris = list({skills.uris[o] for found in merged_texts for _, o, _ in found})
    types = _skill_types(catalog, uris)
    return [[{"uri": skills.uris[o], "label": skills.labels[o],
              "skill_type": types.get(skills.uris[o]), "score": score, **entry}
             for score, o, entry in found] for found in merged_texts]


def _merge_text(text: str, ranking: list[list[Any]], threshold: float, per_sentence: int,
                limit: int | None) -> list[tuple[float, int, dict[str, Any]]]:
    """One document's sentence rankings deduplicated by skill, best first, with evidence."""
    merged: dict[int, dict[str, Any]] = {}
    for ranked in ranking:
        for rank, found in enumerate(ranked):
            # a label named verbatim is not cut by the per-sentence cap: a skills line
            # ("Python, SQL, Excel, Selenium, Polish, English") reports every one it names
            if confidence(found.score) < threshold or (rank >= per_sentence
                                                       and not found.explicit):
                continue
            entry = merged.setdefault(found.owner, {"score": found.score, "explicit": False,
                                                    "evidence": []})
            entry["score"] = max(entry["score"], found.score)
            entry["explicit"] = entry["explicit"] or found.explicit
            start, end = found.span
            entry["evidence"].append((not found.explicit, start, end))
    scored = sorted(((confidence(e["score"]), e["score"], owner)
                     for owner, e in merged.items()), reverse=True)
    return [(score, o, {"explicit": merged[o]["explicit"],
                        "evidence": _evidence(text, merged[o]["evidence"])})
            for score, _, o in scored if score >= threshold][:limit]


def _evidence(text: str, spans: list[tuple[bool, int, int]]) -> list[dict[str, Any]]:
    """Up to ``MAX_EVIDENCE`` spans: where the skill is named verbatim first, then where it
    is implied, each in document order."""
    return [{"text": text[start:end], "start": start, "end": end}
            for _, start, end in sorted(spans)[:MAX_EVIDENCE]]


def _skill_types(catalog: Catalog, uris: list[str]) -> dict[str, str | None]:
    if not uris:
        return {}
    marks = ",".join("?" * len(uris))
    return {r["uri"]: r["skill_type"] or None for r in catalog.rows(
        f"SELECT uri, skill_type FROM skills WHERE uri IN ({marks})", uris)}
