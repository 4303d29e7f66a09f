"""Ranking a sentence's skills: candidates, their features, the learned re-ranker.

Per sentence (acronyms read as their expansions first, see extractor.py):

1. candidates: the sentence's vector against every skill's preferred label and its
   "label. description" vector, each z-scored over the skill set and added; the best
   ``CANDIDATES`` skills, plus every skill whose label appears verbatim;
2. features of each candidate: those two z-scores, the best 1-5 word window of the sentence
   against any label of the skill (z-score and cosine), the whole sentence against any
   label, a verbatim mention, the share of the label's words in the sentence, and the
   skill's label length, type and reuse level, and the gap between each similarity and the
   sentence's best candidate on it (ranker.FEATURES);
3. the learned re-ranker (ranker.py, trained by fitting.py) turns them into the log-odds
   that the skill is right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from destinai.extract.extractor import Extractor
from destinai.extract.lines import ACRONYM
from destinai.extract.ranker import FEATURES, HAND, RELATIVE
from destinai.extract.sentences import Sentence
from destinai.extract.windows import windows, zscore
from destinai.search.embedder import get_embedder
from destinai.search.text import fold
from destinai.search.trigrams import distinct

CANDIDATES = 120         # skills re-ranked per sentence
EXPLICIT_BONUS = 2.0
_GAPS = [FEATURES.index(gap) for gap in RELATIVE]
_SIGNALS = [FEATURES.index(of) for of in RELATIVE.values()]


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
    candidates = distinct(np.concatenate([top, np.fromiter(explicit, dtype=np.int64,
                                                           count=len(explicit))]))
    features = np.zeros((len(candidates), len(FEATURES)), dtype=np.float32)
    features[:, 0] = label_row[candidates]
    features[:, 1] = method.description_weight * description_row[candidates]
    token_vectors, offsets = get_embedder().token_vectors(sentence.text)
    token_vectors = extractor.read_acronyms(sentence, tokens, token_vectors, offsets)
    window_vectors, spans = windows(sentence, token_vectors, offsets)
    if not method.windows:
        window_vectors = window_vectors[:0]
    best_window = _window_features(extractor, candidates, window_vectors, vector, features,
                                   method.window_weight)
    is_explicit = np.fromiter((o in explicit for o in candidates.tolist()), dtype=bool,
                              count=len(candidates))
    features[:, 4] = is_explicit * (method.explicit_bonus / EXPLICIT_BONUS)
    words = {w.rstrip("s") if len(w) > 3 else w for w in folded}
    hits = [extractor.postings[w] for w in words if w in extractor.postings]
    if hits:
        shared = np.bincount(np.concatenate(hits), minlength=len(extractor.content_len))
        features[:, 5] = shared[candidates] / extractor.content_len[candidates]
    features[:, 6:9] = extractor.owner_features[candidates]
    features[:, 9] = math.log1p(len(tokens))
    if len(candidates):
        signals = features[:, _SIGNALS]
        features[:, _GAPS] = signals - signals.max(axis=0)
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


def _window_features(extractor: Extractor, candidates: np.ndarray, window_vectors: np.ndarray,
                     vector: np.ndarray, features: np.ndarray, weight: float) -> np.ndarray:
    """Fill the window and whole-sentence-vs-any-label features of ``candidates`` in place;
    return each candidate's best window (index into the sentence's windows)."""
    best_window = np.zeros(len(candidates), dtype=np.int64)
    if not len(window_vectors):
        return best_window
    skills = extractor.index.kinds["skill"]
    # windows against every label row of the candidates; z-scored against a fixed sample
    reference = (window_vectors @ extractor.sample.T).max(axis=0)
    lengths = skills.ends[candidates] - skills.starts[candidates]
    offsets_of = np.cumsum(lengths) - lengths
    owner_of_row = np.repeat(np.arange(len(candidates)), lengths)
    rows = skills.starts[candidates][owner_of_row] + (
        np.arange(lengths.sum()) - np.repeat(offsets_of, lengths))
    label_vectors = skills.vectors(skills.row_vector[rows])
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
    features[:, 2] = weight * (window_score - reference.mean()) / (reference.std() + 1e-9)
    features[:, 3] = window_score
    return best_window


def sentence_text(sentence: Sentence, span: tuple[int, int]) -> str:
    """The document text of a span (document offsets) inside ``sentence``."""
    return sentence.text[span[0] - sentence.start:span[1] - sentence.start]
