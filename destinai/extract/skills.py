"""Skill extraction: free text -> ESCO skills with evidence spans, scores, explicit/implied.

Per sentence, three semantic signals are combined as z-scores over the skill set (the method
that scored best on the validation sets, see docs/search.md):

1. the sentence's vector against every skill's labels (best of preferred and alternative),
2. the sentence's vector against every skill's "label. description" vector,
3. the best n-gram window (1 to 5 words) of the sentence against the labels of the
   candidate skills that (1)+(2) or a verbatim label match proposed (the re-ranking step).

A verbatim match of a skill label in the text is an explicit mention and adds a bonus; the
others are implied. Results are merged over the document: a skill's score is its best
sentence score, its evidence the spans that support it.
"""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.extract.lines import ACRONYM, COMMON_EXPANSIONS, content_sentences
from destinai.extract.phrases import PhraseMatcher
from destinai.extract.ranker import FEATURES, Ranker, content_words, load_ranker, probability
from destinai.extract.sentences import Sentence, split_sentences
from destinai.search.embedder import get_embedder, normalize, single_threaded_blas
from destinai.search.index import SearchIndex, get_index
from destinai.search.text import fold

CANDIDATES = 120         # skills re-ranked per sentence
WINDOW_WORDS = 5
EXPLICIT_BONUS = 2.0
PER_SENTENCE = 5         # skills reported per sentence at most by default (explicit: all)
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
    label_content: list[frozenset[str]] = field(repr=False)
    owner_features: np.ndarray = field(repr=False)    # label words (log), knowledge, transversal
    expansions: dict[str, np.ndarray | None] = field(default_factory=dict, repr=False)

    def acronym_vector(self, token: str) -> np.ndarray | None:
        """The embedding of an acronym's expansion (None when none is known)."""
        folded = token.lower()
        if folded not in self.expansions:
            index = self.index
            known = (COMMON_EXPANSIONS.get(folded)
                     or index.kinds["skill"].acronyms.get(folded)
                     or (index.kinds["occupation"].acronyms.get(folded)
                         if "occupation" in index.kinds.allowed else None))
            self.expansions[folded] = (get_embedder().token_vectors(known)[0].mean(axis=0)
                                       if known else None)
        return self.expansions[folded]


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
        owner_features = np.array([
            (math.log1p(len(label.split())), kinds.get(uri, ("", ""))[0] == "knowledge",
             kinds.get(uri, ("", ""))[1] == "transversal")
            for uri, label in zip(skills.uris, skills.labels, strict=True)], dtype=np.float32)
        _EXTRACTORS[index] = Extractor(index, PhraseMatcher(skills), sample, load_ranker(),
                                       content, owner_features.reshape(-1, 3))
    return _EXTRACTORS[index]


def zscore(matrix: np.ndarray) -> np.ndarray:
    """Per-row z-scores."""
    return (matrix - matrix.mean(axis=1, keepdims=True)) / (
        matrix.std(axis=1, keepdims=True) + 1e-9)


def windows(sentence: Sentence, tokens: np.ndarray, offsets: list[tuple[int, int]]
            ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Unit vectors of every 1..WINDOW_WORDS-word window, and (first, last) word of each."""
    starts = np.array([o[0] for o in offsets]) if offsets else np.zeros(0, dtype=int)
    ends = np.array([o[1] for o in offsets]) if offsets else np.zeros(0, dtype=int)
    cumulative = np.vstack([np.zeros((1, tokens.shape[1]), np.float32),
                            np.cumsum(tokens, axis=0)]) if len(tokens) else None
    vectors: list[np.ndarray] = []
    spans: list[tuple[int, int]] = []
    if cumulative is None:
        return np.zeros((0, get_embedder().table.shape[1]), np.float32), spans
    # token range of each word: tokens overlapping the word's characters
    first_token = np.searchsorted(ends, [w[0] + 1 for w in sentence.words])
    last_token = np.searchsorted(starts, [w[1] for w in sentence.words])
    count = len(sentence.words)
    for first in range(count):
        for last in range(first, min(first + WINDOW_WORDS, count)):
            lo, hi = first_token[first], last_token[last]
            if hi > lo:
                vectors.append((cumulative[hi] - cumulative[lo]) / (hi - lo))
                spans.append((first, last))
    if not vectors:
        return np.zeros((0, tokens.shape[1]), np.float32), spans
    return normalize(np.asarray(vectors, dtype=np.float32)), spans


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
    vectors = get_embedder().encode([s.text for s in sentences])
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
        first = np.unique(owner_of_row[best_row], return_index=True)[1]
        best_window[owner_of_row[best_row[first]]] = row_window[best_row[first]]
        features[has, 10] = np.maximum.reduceat(label_vectors @ vector, starts_of)
        features[:, 2] = method.window_weight * (window_score - reference.mean()) / (
            reference.std() + 1e-9)
        features[:, 3] = window_score
    is_explicit = np.fromiter((o in explicit for o in candidates.tolist()), dtype=bool,
                              count=len(candidates))
    features[:, 4] = is_explicit * (method.explicit_bonus / EXPLICIT_BONUS)
    words = {w.rstrip("s") if len(w) > 3 else w for w in folded}
    features[:, 5] = [len(extractor.label_content[o] & words) / max(len(
        extractor.label_content[o]), 1) for o in candidates.tolist()]
    features[:, 6:9] = extractor.owner_features[candidates]
    features[:, 9] = math.log1p(len(tokens))
    scores = extractor.ranker.log_odds(features)
    found = []
    for j, owner in enumerate(candidates.tolist()):
        if owner in explicit:
            found.append((Found(owner, float(scores[j]), True, explicit[owner]), features[j]))
            continue
        span = sentence.span(*spans[best_window[j]]) if spans else (
            sentence.start, sentence.start + len(sentence.text))
        found.append((Found(owner, float(scores[j]), False, span), features[j]))
    found.sort(key=lambda f: -f[0].score)
    implied = [f for f in found if not f[0].explicit][:depth]
    return sorted([f for f in found if f[0].explicit] + implied, key=lambda f: -f[0].score)


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
        if not ACRONYM.match(token) or extractor.phrases.written_as(token):
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
    threshold = default_min_score() if min_score is None else min_score
    extractor = get_extractor(get_index(catalog))
    sentences = content_sentences(split_sentences(text or ""),
                                  extractor.index.kinds["skill"].vocabulary)
    if not sentences:
        return []
    skills = extractor.index.kinds["skill"]
    merged: dict[int, dict[str, Any]] = {}
    per_sentence = RANKED_DEPTH if threshold <= 0 else PER_SENTENCE
    with single_threaded_blas():
        ranking = rank_sentences(extractor, sentences, depth=per_sentence)
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
    scored = [s for s in scored if s[0] >= threshold][:limit]
    types = _skill_types(catalog, [skills.uris[o] for _, _, o in scored])
    return [{"uri": skills.uris[o], "label": skills.labels[o],
             "skill_type": types.get(skills.uris[o]), "score": score,
             "explicit": merged[o]["explicit"], "evidence": merged[o]["evidence"]}
            for score, _, o in scored]


def _skill_types(catalog: Catalog, uris: list[str]) -> dict[str, str | None]:
    if not uris:
        return {}
    marks = ",".join("?" * len(uris))
    return {r["uri"]: r["skill_type"] or None for r in catalog.rows(
        f"SELECT uri, skill_type FROM skills WHERE uri IN ({marks})", uris)}
