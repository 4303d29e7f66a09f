"""A learned re-ranker for job titles: the fused candidates re-scored by a linear model.

Reciprocal-rank fusion weighs every retriever the same for every query. The re-ranker looks
at each of the first ``DEPTH`` fused candidates again with features that fusion cannot see:
how much of the title the candidate's *ESCO* labels cover word by word, whether the title's
head noun ("officer", "nurse", "developer") is the head of one of those labels, the best
embedding cosine with ESCO labels apart from O*NET titles (an O*NET alternate title filed under
a distant occupation is weaker evidence than an ESCO label), each retriever's rank and, with
an ad text, how well the ad fits the candidate's description compared with the others.

The weights are learned, not set by hand: a listwise softmax (one query, its candidates, the
right occupation's probability maximised) fitted on held-out ESCO alternative labels and
O*NET alternate titles of an index that does not contain them (``benchmarks/title_rerank.py``
holds the recipe, the cross-validation and the figures; it writes ``WEIGHTS`` below).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from destinai.search import title_similarity
from destinai.search.index import KindIndex
from destinai.search.text import fold, singular

DEPTH = 40
RETRIEVERS = ("lexical", "lexical_corrected", "fuzzy", "semantic", "learned", "description",
              "context")
FEATURES = ("fused", *(f"rank_{r}" for r in RETRIEVERS), "esco_cosine", "onet_cosine",
            "preferred_cosine", "word_cover", "label_cover", "jaccard", "head", "head_preferred",
            "ratio", "bag_cover", "esco_labels", "exact_word_label", "idf_bag_cover",
            "idf_cover", "idf_label_cover", "learned_gap", "semantic_gap", "fuzzy_gap",
            "retrievers", "head_anywhere", "context_gap", *title_similarity.NAMES)

# fitted by benchmarks/title_rerank.py (see its docstring), in the order of FEATURES; the
# context weights were fitted on held-out O*NET titles given their code's tasks as the ad
WEIGHTS: tuple[float, ...] | None = (
    -1.2161, 1.7570, 1.1584, 1.5263, 0.9044, 2.3462, 1.4792, 4.2948, -0.6809, 1.9243,
    -0.5715, -3.6502, -0.1610, 2.3970, -0.4725, -0.0812, 0.7468, 2.5064, -0.1780, 0.6926,
    1.5141, -1.3052, 0.4822, -0.2054, 0.3498, 0.2422, -2.8211, 0.4063, 5.9274, 4.3540,
    3.1126, 0.7142, -1.2484)


@lru_cache(maxsize=200_000)
def label_words(text: str) -> tuple[str, ...]:
    """The folded, singular words of a label."""
    return tuple(singular(w) for w in fold(text).split())


_IDF: dict[int, dict[str, float]] = {}


def idf(k: KindIndex) -> dict[str, float]:
    """Inverse label frequency of each (singular) label word: rare words say more."""
    if id(k) not in _IDF:
        counts: dict[str, int] = {}
        for word, n in k.vocabulary.items():
            w = singular(word)
            counts[w] = counts.get(w, 0) + n
        total = sum(counts.values()) or 1
        _IDF[id(k)] = {w: math.log(total / n) for w, n in counts.items()}
    return _IDF[id(k)]


def features(k: KindIndex, query: str, vector: np.ndarray,
             fused: list[tuple[int, float, dict[str, Any]]], head: str | None = None,
             context: np.ndarray | None = None) -> np.ndarray:
    """(len(fused), len(FEATURES)) features of each candidate for the cleaned ``query``;
    ``head``: the title's head noun (``titles.title_head``), else its last word; ``context``:
    the ad text's cosine with every occupation's description (``titles.ad_scores``), whose
    gap to the best candidate's lets the ad decide between candidates."""
    words = label_words(query)
    qset = set(words)
    head = head or (words[-1] if words else "")
    weight = idf(k)
    unknown = max(weight.values(), default=1.0)
    qweight = {w: weight.get(w, unknown) for w in qset}
    qtotal = sum(qweight.values()) or 1.0
    out = np.zeros((len(fused), len(FEATURES)), np.float32)
    raw = {name: [why.get(name, {}).get("score") for _, _, why in fused]
           for name in ("learned", "semantic", "fuzzy")}
    top = {name: max((v for v in values if v is not None), default=0.0)
           for name, values in raw.items()}
    owners = [owner for owner, _, _ in fused]
    gaps = (context[owners] - context[owners].max() if context is not None and owners
            else np.zeros(len(fused), np.float32))
    esco_labels: list[list[tuple[str, ...]]] = []
    for n, (owner, score, why) in enumerate(fused):
        rows = np.arange(k.starts[owner], k.ends[owner])
        esco = rows[k.row_source[rows] <= 2]
        onet = rows[k.row_source[rows] > 2]
        ranks = {r: 0.0 for r in RETRIEVERS}
        for name, hit in why.items():
            base = name.split("@")[0]
            if base in ranks:
                ranks[base] = max(ranks[base], 10.0 / (10.0 + hit["rank"]))
        esco_cos = float((k.matrix[k.row_vector[esco]] @ vector).max()) if len(esco) else 0.0
        onet_cos = float(((k.matrix[k.row_vector[onet]] @ vector) * k.row_weight[onet]).max()
                         ) if len(onet) else 0.0
        cover = lcover = jac = ratio = icover = ilcover = 0.0
        heads = exact_word = 0.0
        bag: set[str] = set()
        esco_bag: set[str] = set()
        esco_labels.append([label_words(k.texts[int(k.row_vector[r])]) for r in esco])
        for lw in esco_labels[-1]:
            lset = set(lw)
            bag |= lset
            esco_bag |= lset
            common = len(qset & lset)
            if qset and lset:
                cover = max(cover, common / len(qset))
                lcover = max(lcover, common / len(lset))
                jac = max(jac, common / len(qset | lset))
                if lset == qset:
                    exact_word = 1.0
                shared = sum(qweight[w] for w in qset & lset)
                icover = max(icover, shared / qtotal)
                ilcover = max(ilcover, shared / (sum(weight.get(w, unknown) for w in lset)
                                                 or 1.0))
            if lw and lw[-1] == head:
                heads = 1.0
            ratio = max(ratio, fuzz.ratio(query, " ".join(lw)) / 100.0)
        for r in onet:
            bag |= set(label_words(k.texts[int(k.row_vector[r])]))
        preferred = label_words(k.labels[owner])
        out[n, :-len(title_similarity.NAMES)] = (score, *ranks.values(), esco_cos, onet_cos,
                  float(k.preferred[owner] @ vector), cover, lcover, jac, heads,
                  float(bool(preferred) and preferred[-1] == head), ratio,
                  len(qset & bag) / max(len(qset), 1), math.log1p(len(esco)), exact_word,
                  sum(qweight[w] for w in qset & bag) / qtotal, icover, ilcover,
                  *((raw[r][n] - top[r]) if raw[r][n] is not None else -1.0
                    for r in ("learned", "semantic", "fuzzy")),
                  len({name.split("@")[0] for name in why}) / len(RETRIEVERS),
                  float(head in esco_bag), float(gaps[n]))
    out[:, -len(title_similarity.NAMES):] = title_similarity.similarity_features(
        k, words, qweight, head, vector, owners, esco_labels)
    return out


def rerank(k: KindIndex, query: str, vector: np.ndarray,
           fused: list[tuple[int, float, dict[str, Any]]],
           weights: tuple[float, ...] | None = None, head: str | None = None,
           context: np.ndarray | None = None) -> list[tuple[int, float, dict[str, Any]]]:
    """The first ``DEPTH`` candidates ordered by the learned model (the rest after them);
    scores keep their fused values, so confidence stays comparable. ``head``: the title's
    head noun, ``context`` the ad text's description cosines (see :func:`features`)."""
    weights = weights if weights is not None else WEIGHTS
    if weights is None or len(fused) < 2:
        return fused
    top, tail = fused[:DEPTH], fused[DEPTH:]
    scores = features(k, query, vector, top, head, context) @ np.asarray(weights, np.float32)
    order = np.argsort(-scores, kind="stable")
    return [top[i] for i in order] + tail
