"""Rank candidate O*NET codes for an ESCO occupation with a conditional logit model.

P(code | occupation) = softmax over the occupation's candidates of ``w · features``. The
weights are fitted by maximum likelihood (L2-penalised, L-BFGS) on reviewed links, so each
weight says how much a unit of evidence moves the odds; the probabilities are the confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from destinai.crosswalk.features import FEATURES, PairEvidence

CANDIDATES = 40
# "Is this candidate the best of the shortlist on this evidence?" indicators.
TOP_OF = ("title_words", "title_chars", "description", "skills_tasks")
MODEL_FEATURES = FEATURES + tuple(f"top_{name}" for name in TOP_OF)
L2 = 0.001
# Used when the catalog holds too few reviewed links to fit (e.g. a test fixture): weights
# fitted on the 1,680 occupations of Nesta's crosswalk with ESCO v1.1.1 and O*NET 29.2
# (python -m benchmarks.run crosswalk prints the fitted ones).
MIN_TRAINING_OCCUPATIONS = 200
DEFAULT_WEIGHTS = dict.fromkeys(MODEL_FEATURES, 0.0) | {
    "title_words": 4.0, "title_chars": 6.0, "title_official": 2.0, "description": 3.0,
    "skills_tasks": 3.0, "description_tasks": 2.0, "isco_member": 2.0, "isco_share": 1.0,
    "isco_minor": 0.5, "soc_major_agrees": 1.0, "level_gap": -2.0, "relatives_share": 3.0,
    "all_other": -0.5}


@dataclass
class CandidateSet:
    """For each chosen occupation: up to ``CANDIDATES`` codes and their feature vectors."""

    occupations: np.ndarray     # (n,) occupation indexes
    codes: np.ndarray           # (n, k) code indexes
    valid: np.ndarray           # (n, k) bool: False for padding
    features: np.ndarray        # (n, k, len(FEATURES))


def prescore(evidence: PairEvidence, relatives: np.ndarray, occupations: np.ndarray) -> np.ndarray:
    """A fixed broad score used only to shortlist candidates before the fitted ranking."""
    m = evidence.matrices
    return (m["title_words"][occupations] + m["title_chars"][occupations]
            + 0.5 * (m["description"][occupations] + m["skills_tasks"][occupations]
                     + m["description_tasks"][occupations])
            + m["isco_member"][occupations] + relatives)


def candidate_set(evidence: PairEvidence, relatives: np.ndarray, occupations: np.ndarray,
                  k: int = CANDIDATES) -> CandidateSet:
    """Shortlist: every ISCO → SOC code and relative's code, then the best by prescore."""
    pre = prescore(evidence, relatives, occupations)
    forced = (evidence.matrices["isco_member"][occupations] > 0) | (relatives > 0)
    pre = pre + forced * 100.0
    codes = np.argsort(-pre, axis=1, kind="stable")[:, :k]
    valid = np.ones(codes.shape, dtype=bool)
    columns = []
    for name in FEATURES:
        matrix = relatives if name == "relatives_share" else evidence.matrices[name][occupations]
        columns.append(np.take_along_axis(matrix, codes, axis=1))
    for name in TOP_OF:
        column = columns[FEATURES.index(name)]
        columns.append((column >= column.max(axis=1, keepdims=True)) & (column > 0))
    return CandidateSet(occupations, codes, valid, np.stack(columns, axis=2).astype(np.float64))


def _log_softmax(scores: np.ndarray, valid: np.ndarray) -> np.ndarray:
    scores = np.where(valid, scores, -np.inf)
    top = scores.max(axis=1, keepdims=True)
    return scores - top - np.log(np.exp(scores - top).sum(axis=1, keepdims=True))


def probabilities(cands: CandidateSet, weights: np.ndarray) -> np.ndarray:
    """P(code | occupation) over each occupation's candidates (n, k)."""
    return np.exp(_log_softmax(cands.features @ weights, cands.valid))


def fit_weights(cands: CandidateSet, gold: np.ndarray, l2: float = L2) -> np.ndarray:
    """Maximum-likelihood weights given ``gold`` (n, k) bool: which candidates are right.

    Occupations whose right code is not among their candidates carry no information and are
    left out.
    """
    usable = gold.any(axis=1)
    x, valid, g = cands.features[usable], cands.valid[usable], gold[usable]
    n = max(1, len(x))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        logp = _log_softmax(x @ w, valid)
        p = np.exp(logp)
        gold_logp = np.where(g, logp, -np.inf)
        top = gold_logp.max(axis=1, keepdims=True)
        log_gold = top[:, 0] + np.log(np.exp(gold_logp - top).sum(axis=1))
        q = np.where(g, np.exp(gold_logp - log_gold[:, None]), 0.0)  # posterior over gold
        grad = -np.einsum("nk,nkf->f", q - p, x) / n + 2 * l2 * w
        return float(-log_gold.mean() + l2 * w @ w), grad

    start = np.array([DEFAULT_WEIGHTS[f] for f in MODEL_FEATURES], dtype=np.float64)
    result = minimize(loss, start, jac=True, method="L-BFGS-B")
    return result.x


def default_weights() -> np.ndarray:
    """The shipped weights, for catalogs without enough reviewed links to fit."""
    return np.array([DEFAULT_WEIGHTS[f] for f in MODEL_FEATURES], dtype=np.float64)
