"""Skill extraction: free text -> ESCO skills with evidence spans, scores, explicit/implied.

Per sentence (acronyms read as their expansions first, see lines.py):

1. candidates: the sentence's vector against every skill's preferred label and its
   "label. description" vector, each z-scored over the skill set and added; the best
   ``CANDIDATES`` skills, plus every skill whose label appears verbatim;
2. features of each candidate: those two z-scores, the best 1-5 word window of the sentence
   against any label of the skill (z-score and cosine), the whole sentence against any
   label, a verbatim mention, the share of the label's words in the sentence, and the
   skill's label length, type and reuse level (ranker.FEATURES);
3. the learned re-ranker (ranker.py, trained by fitting.py) turns them into the log-odds
   that the skill is right; its probability is the reported ``score``.

Results are merged over the document: a skill's score is its best sentence score, its
evidence the spans that support it.
"""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.extract.lines import ACRONYM, COMMON_EXPANSIONS, content_sentences
from destinai.extract.phrases import PhraseMatcher
from destinai.extract.ranker import (
    FEATURES,
    HAND,
    Ranker,
    content_words,
    load_ranker,
    probability,
)
from destinai.extract.sentences import Sentence, split_sentences
from destinai.extract.windows import windows, zscore
from destinai.search.embedder import get_embedder, single_threaded_blas
from destinai.search.index import SearchIndex, get_index
from destinai.search.text import fold

CANDIDATES = 120         # skills re-ranked per sentence
EXPLICIT_BONUS = 2.0
PER_SENTENCE = 5         # skills reported per sentence at most by default
RANKED_DEPTH = 10        # with min_score 0: every ranked candidate, this many per sentence
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Method:
    """Which signals rank a sentence's skills (the defaults are the shipped method)."""

    all_labels: bool = False      # sentence vs best of all labels (slower) or preferred only
    description: bool = True      # add sentence vs "label. description"
    windows: bool = True          # re-rank candidates with n-gram windows
    explicit_bonus: float = EXPLICIT_BONUS
    candidates: int = CANDIDATES
    description_weight: float = 1.0
    window_weight: float = 1.0
    learned: bool = True          # the shipped ranker (ranker.json), else the hand-weighted sum


DEFAULT = Method()


@dataclass
class Found:
    """One skill in one sentence."""

    owner: int
    score: float
    explicit: bool
    span: tuple[int, int]


@dataclass
class Extractor:
    """Per-catalog state: the search index, the phrase matcher and the z-score sample."""

    index: SearchIndex
    phrases: PhraseMatcher
    sample: np.ndarray = field(repr=False)
    ranker: Ranker = field(repr=False)
    postings: dict[str, np.ndarray] = field(repr=False)   # label content word -> owners
    content_len: np.ndarray = field(repr=False)            # content words of each label
    owner_features: np.ndarray = field(repr=False)    # label words (log), knowledge, transversal
    expansions: dict[str, np.ndarray | None] = field(default_factory=dict, repr=False)

    @cached_property
    def occupation_acronyms(self) -> dict[str, str]:
        """Acronyms of occupation titles ("RN"), read without loading the occupation index."""
        return self.index.acronyms_of("occupation")

    def expansion(self, token: str) -> str | None:
        """An acronym's expansion: common job-ad usage, else learned from the labels."""
        folded = token.lower()
        index = self.index
        return (COMMON_EXPANSIONS.get(folded) or index.kinds["skill"].acronyms.get(folded)
                or self.occupation_acronyms.get(folded))

    def acronym_vector(self, token: str) -> np.ndarray | None:
        """The embedding of an acronym's expansion (None when none is known)."""
        folded = token.lower()
        if folded not in self.expansions:
            known = self.expansion(token)
            self.expansions[folded] = (get_embedder().token_vectors(known)[0].mean(axis=0)
                                       if known else None)
        return self.expansions[folded]

    def kept_as_written(self, token: str) -> bool:
        """A label written exactly so ("SQL"), unless job ads mean something else by it
        ("POS" is point of sale before it is the proof-of-stake label)."""
        return self.phrases.written_as(token) and token.lower() not in COMMON_EXPANSIONS

    def read_text(self, sentence: Sentence) -> str:
        """The sentence with its acronyms read as :func:`_read_acronyms` reads them: the
        sentence-level vector must not see "RN" as *R* either."""
        if not any(ACRONYM.match(sentence.text[a:b]) for a, b in sentence.words):
            return sentence.text
        vocabulary = self.index.kinds["skill"].vocabulary
        parts, last = [], 0
        for a, b in sentence.words:
            token = sentence.text[a:b]
            if not ACRONYM.match(token) or self.kept_as_written(token):
                continue
            known = self.expansion(token)
            if known is None and token.lower() in vocabulary:
                continue
            parts += [sentence.text[last:a], known or ""]
            last = b
        return "".join(parts) + sentence.text[last:]


# one extractor per loaded index, released with it (the index lives on its Catalog)
_EXTRACTORS: weakref.WeakKeyDictionary[SearchIndex, Extractor] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def get_extractor(index: SearchIndex) -> Extractor:
    """The extractor for a loaded search index (built once: about 0.3 s)."""
    with _LOCK:
        return _extractor(index)


def _extractor(index: SearchIndex) -> Extractor:
    if index not in _EXTRACTORS:
        skills = index.kinds["skill"]
        rng = np.random.default_rng(0)
        sample = skills.matrix[rng.choice(len(skills.matrix), size=min(256, len(
            skills.matrix)), replace=False)]
        kinds = {r["uri"]: (r["skill_type"], r["reuse_level"]) for r in index.rows(
            "SELECT uri, skill_type, reuse_level FROM skills", ())}
        content = [content_words(label) for label in skills.labels]
        postings: dict[str, list[int]] = {}
        for owner, words in enumerate(content):
            for word in words:
                postings.setdefault(word, []).append(owner)
        owner_features = np.array([
            (math.log1p(len(label.split())), kinds.get(uri, ("", ""))[0] == "knowledge",
             kinds.get(uri, ("", ""))[1] == "transversal")
            for uri, label in zip(skills.uris, skills.labels, strict=True)], dtype=np.float32)
        _EXTRACTORS[index] = Extractor(
            index, PhraseMatcher(skills), sample, load_ranker(),
            {w: np.asarray(o, dtype=np.int64) for w, o in postings.items()},
            np.array([max(len(c), 1) for c in content], dtype=np.float32),
            owner_features.reshape(-1, 3))
    return _EXTRACTORS[index]


def rank_sentences(extractor: Extractor, sentences: list[Sentence], depth: int = 10,
                   method: Method = DEFAULT) -> list[list[Found]]:
    """For each sentence, its best ``depth`` skills by score (log-odds), best first."""
    return [[f for f, _ in ranked] for ranked in rank_with_features(
        extractor, sentences, depth, method)]


def rank_with_features(extractor: Extractor, sentences: list[Sentence], depth: int = 10,
                       method: Method = DEFAULT) -> list[list[tuple[Found, np.ndarray]]]:
    """Like :func:`rank_sentences`, each skill with its feature row (ranker.FEATURES)."""
    if not sentences:
        return []
    index = extractor.index
    vectors = get_embedder().encode([extractor.read_text(s) for s in sentences])
    labels = zscore(index.label_scores("skill", vectors) if method.all_labels
                    else index.preferred_scores("skill", vectors))
    descriptions = (zscore(index.description_scores("skill", vectors)) if method.description
                    else np.zeros_like(labels))
    combined = labels + method.description_weight * descriptions
    return [_rank_one(extractor, sentence, vectors[n], (combined[n], labels[n],
                      descriptions[n]), depth, method) for n, sentence in enumerate(sentences)]


def _rank_one(extractor: Extractor, sentence: Sentence, vector: np.ndarray,
              rows_of: tuple[np.ndarray, np.ndarray, np.ndarray], depth: int, method: Method
              ) -> list[tuple[Found, np.ndarray]]:
    """Candidates from the sentence scores and verbatim labels, re-ranked with windows and
    the learned ranker."""
    skills = extractor.index.kinds["skill"]
    row, label_row, description_row = rows_of
    explicit: dict[int, tuple[int, int]] = {}
    tokens = [sentence.text[a:b] for a, b in sentence.words]
    folded = [fold(t) for t in tokens]
    for first, last, owners in extractor.phrases.find(folded, tokens):
        for owner in owners:
            explicit.setdefault(owner, sentence.span(first, last))
    top = (np.argpartition(-row, method.candidates)[:method.candidates]
           if len(row) > method.candidates else np.arange(len(row)))
    # an acronym alone ("POS") is a mention only where the sentence is about that skill
    plausible = set(top.tolist())
    explicit = {o: span for o, span in explicit.items() if o in plausible or not ACRONYM.match(
        sentence_text(sentence, span))}
    candidates = np.unique(np.concatenate([top, np.fromiter(explicit, dtype=np.int64,
                                                            count=len(explicit))]))
    features = np.zeros((len(candidates), len(FEATURES)), dtype=np.float32)
    features[:, 0] = label_row[candidates]
    features[:, 1] = method.description_weight * description_row[candidates]
    token_vectors, offsets = get_embedder().token_vectors(sentence.text)
    token_vectors = _read_acronyms(extractor, sentence, tokens, token_vectors, offsets)
    window_vectors, spans = windows(sentence, token_vectors, offsets)
    if not method.windows:
        window_vectors = window_vectors[:0]
    best_window = np.zeros(len(candidates), dtype=np.int64)
    if len(window_vectors):
        # windows against every label row of the candidates; z-scored against a fixed sample
        reference = (window_vectors @ extractor.sample.T).max(axis=0)
        lengths = skills.ends[candidates] - skills.starts[candidates]
        offsets_of = np.cumsum(lengths) - lengths
        owner_of_row = np.repeat(np.arange(len(candidates)), lengths)
        rows = skills.starts[candidates][owner_of_row] + (
            np.arange(lengths.sum()) - np.repeat(offsets_of, lengths))
        label_vectors = skills.matrix[skills.row_vector[rows]]
        sims = window_vectors @ label_vectors.T
        row_best, row_window = sims.max(axis=0), sims.argmax(axis=0)
        # rows are grouped by candidate: per-candidate maxima by segment
        has = lengths > 0
        starts_of = offsets_of[has]
        window_score = np.full(len(candidates), reference.mean(), dtype=np.float32)
        window_score[has] = np.maximum.reduceat(row_best, starts_of)
        best_row = np.flatnonzero(row_best == window_score[owner_of_row])
        once = best_row[np.unique(owner_of_row[best_row], return_index=True)[1]]
        best_window[owner_of_row[once]] = row_window[once]
        features[has, 10] = np.maximum.reduceat(label_vectors @ vector, starts_of)
        features[:, 2] = method.window_weight * (window_score - reference.mean()) / (
            reference.std() + 1e-9)
        features[:, 3] = window_score
    is_explicit = np.fromiter((o in explicit for o in candidates.tolist()), dtype=bool,
                              count=len(candidates))
    features[:, 4] = is_explicit * (method.explicit_bonus / EXPLICIT_BONUS)
    words = {w.rstrip("s") if len(w) > 3 else w for w in folded}
    hits = [extractor.postings[w] for w in words if w in extractor.postings]
    if hits:
        shared = np.bincount(np.concatenate(hits), minlength=len(skills.uris))
        features[:, 5] = shared[candidates] / extractor.content_len[candidates]
    features[:, 6:9] = extractor.owner_features[candidates]
    features[:, 9] = math.log1p(len(tokens))
    scores = (extractor.ranker if method.learned else HAND).log_odds(features)
    # every explicit candidate, and the best ``depth`` implied ones
    order = np.argsort(-scores, kind="stable")
    chosen = np.r_[order[is_explicit[order]], order[~is_explicit[order]][:depth]]
    found = []
    for j in chosen.tolist():
        owner = int(candidates[j])
        if owner in explicit:
            found.append((Found(owner, float(scores[j]), True, explicit[owner]), features[j]))
            continue
        span = sentence.span(*spans[best_window[j]]) if spans else (
            sentence.start, sentence.start + len(sentence.text))
        found.append((Found(owner, float(scores[j]), False, span), features[j]))
    return sorted(found, key=lambda f: -f[0].score)


def sentence_text(sentence: Sentence, span: tuple[int, int]) -> str:
    """The document text of a span (document offsets) inside ``sentence``."""
    return sentence.text[span[0] - sentence.start:span[1] - sentence.start]


def _read_acronyms(extractor: Extractor, sentence: Sentence, tokens: list[str],
                   vectors: np.ndarray, offsets: list[tuple[int, int]]) -> np.ndarray:
    """Token vectors with each acronym read as its expansion ("RN" as "registered nurse");
    without one, left alone when it is a label word ("HACCP"), else silenced ("XYZ")."""
    out = vectors
    vocabulary = extractor.index.kinds["skill"].vocabulary
    for (a, b), token in zip(sentence.words, tokens, strict=True):
        if not ACRONYM.match(token) or extractor.kept_as_written(token):
            continue                        # not an acronym, or a label as written ("SQL")
        vector = extractor.acronym_vector(token)
        if vector is None and token.lower() in vocabulary:
            continue
        rows = [n for n, (s, e) in enumerate(offsets) if s < b and e > a]
        if rows:
            if out is vectors:
                out = vectors.copy()
            out[rows] = 0.0 if vector is None else vector
    return out


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
    reported; ``min_score=0`` reports every ranked candidate (``RANKED_DEPTH`` per
    sentence). Section headers, dates, names and contact lines yield nothing.
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
            if confidence(found.score) < threshold or rank >= per_sentence:
                continue
            entry = merged.setdefault(found.owner, {"score": found.score, "explicit": False,
                                                    "evidence": []})
            entry["score"] = max(entry["score"], found.score)
            entry["explicit"] = entry["explicit"] or found.explicit
            if len(entry["evidence"]) < MAX_EVIDENCE:
                start, end = found.span
                entry["evidence"].append({"text": text[start:end], "start": start, "end": end})
    scored = sorted(((confidence(e["score"]), e["score"], owner)
                     for owner, e in merged.items()), reverse=True)
    return [(score, o, {"explicit": merged[o]["explicit"], "evidence": merged[o]["evidence"]})
            for score, _, o in scored if score >= threshold][:limit]


def _skill_types(catalog: Catalog, uris: list[str]) -> dict[str, str | None]:
    if not uris:
        return {}
    marks = ",".join("?" * len(uris))
    return {r["uri"]: r["skill_type"] or None for r in catalog.rows(
        f"SELECT uri, skill_type FROM skills WHERE uri IN ({marks})", uris)}
