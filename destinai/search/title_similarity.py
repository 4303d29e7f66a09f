"""Similarity features of the title re-ranker for near-synonymous occupations.

The re-ranker's word features (``rerank.features``) count *equal* words, so "lorry engine
assembler" scores the same against *motor vehicle engine assembler* and *motor vehicle
assembler* on every word but "engine". These features add what equal words miss:

* ``soft_cover``: a soft TF-IDF alignment: every title word is matched to its most similar
  word of one ESCO label (WordLlama cosine, 1.0 for the same word), weighted by its inverse
  label frequency; the best label's weighted mean;
* ``description_cosine``: the title's embedding against the occupation's "label. description"
  vector (a description names the job in other words than its labels);
* ``prep_head``: the title's head noun is the head of an ESCO label read as a title is
  ("import export manager in office furniture" -> *manager*, not *furniture*);
* ``onet_link_cosine``: the best O*NET-title cosine weighted by the row's crosswalk weight
  (link confidence times fit) rescaled so that a weak link counts almost nothing; the
  ``onet_cosine`` feature weighs it by 0.74-0.92 only.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from destinai.search.compiled import ONET_WEIGHT
from destinai.search.embedder import SMALL_BATCH, get_embedder
from destinai.search.kind import KindIndex

NAMES = ("soft_cover", "description_cosine", "prep_head", "onet_link_cosine")
PREPOSITIONS = frozenset({"to", "of", "for", "in", "at", "with", "on", "within"})
_WORDS: dict[str, np.ndarray] = {}
_DESCRIPTION_ROW: dict[int, np.ndarray] = {}   # per index: owner -> description row, or -1
MAX_CACHED_WORDS = 50_000


def word_vectors(words: list[str]) -> np.ndarray:
    """(len(words), DIM) unit vectors of single words, cached for the process."""
    missing = [w for w in dict.fromkeys(words) if w not in _WORDS]
    if missing:
        if len(_WORDS) + len(missing) > MAX_CACHED_WORDS:
            _WORDS.clear()
        # in batches small enough for the embedder's numpy path: its sparse path imports
        # scipy (0.2-0.3 s of a cold normalize-title)
        for start in range(0, len(missing), SMALL_BATCH):
            chunk = missing[start:start + SMALL_BATCH]
            _WORDS.update(zip(chunk, get_embedder().encode(chunk), strict=True))
    if not words:
        return np.zeros((0, get_embedder().dim), np.float32)
    return np.stack([_WORDS[w] for w in words])


def label_head(words: tuple[str, ...]) -> str:
    """The head noun of a label read as a title: the word before its first preposition,
    else its last word."""
    for i, w in enumerate(words[1:], start=1):
        if w in PREPOSITIONS:
            return words[i - 1]
    return words[-1] if words else ""


def similarity_features(k: KindIndex, words: tuple[str, ...], query_weight: dict[str, float],
                        head: str, vector: np.ndarray, owners: list[int],
                        esco_labels: list[list[tuple[str, ...]]]) -> np.ndarray:
    """(len(owners), len(NAMES)) features; ``words``: the title's folded singular words,
    ``query_weight`` their inverse label frequencies, ``esco_labels`` each owner's ESCO
    labels as word tuples (``rerank.label_words``)."""
    out = np.zeros((len(owners), len(NAMES)), np.float32)
    query = list(dict.fromkeys(words))
    weights = np.array([query_weight[w] for w in query], np.float32)
    weights /= max(float(weights.sum()), 1e-9)
    vocabulary = list(dict.fromkeys(w for labels in esco_labels for lw in labels for w in lw))
    column = {w: i for i, w in enumerate(vocabulary)}
    sims = (word_vectors(query) @ word_vectors(vocabulary).T if query and vocabulary
            else np.zeros((len(query), len(vocabulary)), np.float32))
    if query:
        out[:, 0] = _soft_cover(sims, weights, [[[column[w] for w in lw] for lw in labels]
                                                for labels in esco_labels])
    out[:, 1] = _description_cosines(k, vector, owners)
    out[:, 2] = [float(any(lw and label_head(lw) == head for lw in labels))
                 for labels in esco_labels]
    out[:, 3] = [_onet_link_cosine(k, vector, owner) for owner in owners]
    return out


def _soft_cover(sims: np.ndarray, weights: np.ndarray,
                columns: Iterable[list[list[int]]]) -> np.ndarray:
    """Per owner, the best label's IDF-weighted mean of each title word's best similarity
    with that label's words (one gather and two segmented maxima, not a loop per label)."""
    flat: list[int] = []
    label_starts: list[int] = []
    owner_starts: list[int] = []
    for labels in columns:
        owner_starts.append(len(label_starts))
        for cols in labels:
            if cols:
                label_starts.append(len(flat))
                flat.extend(cols)
    out = np.zeros(len(owner_starts), np.float32)
    if not flat:
        return out
    per_label = weights @ np.maximum.reduceat(sims[:, flat], label_starts, axis=1)
    ends = [*owner_starts[1:], len(label_starts)]
    has = np.array([end > start for start, end in zip(owner_starts, ends, strict=True)])
    out[has] = np.maximum.reduceat(per_label, np.asarray(owner_starts)[has])
    return out


def _description_cosines(k: KindIndex, vector: np.ndarray, owners: list[int]) -> np.ndarray:
    if id(k) not in _DESCRIPTION_ROW:
        row = np.full(len(k.uris), -1, np.int64)
        row[k.description_owner] = np.arange(len(k.description_owner))
        _DESCRIPTION_ROW[id(k)] = row
    rows = _DESCRIPTION_ROW[id(k)][owners]
    cosines = k.description_matrix[np.maximum(rows, 0)] @ vector
    return np.where(rows >= 0, cosines, -1.0).astype(np.float32)


def _onet_link_cosine(k: KindIndex, vector: np.ndarray, owner: int) -> float:
    rows = np.arange(k.starts[owner], k.ends[owner])
    onet = rows[k.row_source[rows] > 2]
    if not len(onet):
        return 0.0
    link = np.clip((k.row_weight[onet] / ONET_WEIGHT - 0.8) / 0.2, 0.0, 1.0)
    return float(((k.matrix[k.row_vector[onet]] @ vector) * link).max())
