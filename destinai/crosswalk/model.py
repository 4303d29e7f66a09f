"""Fit the ranking on known links and predict codes for other occupations.

Used by the build step (fit on all reviewed links, predict the unlinked occupations) and by
the evaluation (fit on four folds of reviewed links, predict the fifth without its links).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from destinai.crosswalk import rank
from destinai.crosswalk.features import PairEvidence, relatives_share
from destinai.crosswalk.inputs import CrosswalkInputs

# A runner-up is kept as a further link when it is nearly as likely as the first choice.
KEEP_RATIO = 0.5
KEEP_MIN = 0.2
MAX_CODES = 3


@dataclass
class Prediction:
    """Ranked candidates for one occupation (best first) and which of them are kept."""

    occupation: int
    codes: list[int]
    probabilities: list[float]
    features: list[dict[str, float]]
    kept: int                       # the first ``kept`` codes become links


@dataclass
class FittedModel:
    """Weights and how they were obtained."""

    weights: np.ndarray
    fitted_on: int                  # occupations with a right candidate; 0 = default weights

    def as_dict(self) -> dict[str, object]:
        """Weights by feature name, for the build record and the evidence."""
        return {"fitted_on_occupations": self.fitted_on,
                "weights": {f: round(float(w), 3)
                            for f, w in zip(rank.MODEL_FEATURES, self.weights, strict=True)}}


def fit(inputs: CrosswalkInputs, evidence: PairEvidence, known: dict[int, set[int]]) -> FittedModel:
    """Fit the weights on the occupations in ``known``; default weights when too few."""
    train = np.array(sorted(known), dtype=np.int64)
    if len(train) < rank.MIN_TRAINING_OCCUPATIONS:
        return FittedModel(rank.default_weights(), 0)
    cands = rank.candidate_set(evidence, relatives_share(inputs, known, train), train)
    gold = np.array([[c in known[i] for c in row] for i, row in zip(train, cands.codes,
                                                                      strict=True)])
    return FittedModel(rank.fit_weights(cands, gold), int(gold.any(axis=1).sum()))


def keep_count(probabilities: list[float]) -> int:
    """How many of the ranked codes to keep: the first, plus close runners-up."""
    kept = 1
    for p in probabilities[1:MAX_CODES]:
        if p >= KEEP_MIN and p >= KEEP_RATIO * probabilities[0]:
            kept += 1
        else:
            break
    return kept


def predict(inputs: CrosswalkInputs, evidence: PairEvidence, known: dict[int, set[int]],
            model: FittedModel, occupations: np.ndarray, top: int = 5) -> list[Prediction]:
    """Ranked codes for ``occupations``, using the links in ``known`` of their relatives."""
    if len(occupations) == 0:
        return []
    cands = rank.candidate_set(evidence, relatives_share(inputs, known, occupations),
                               occupations)
    probs = rank.probabilities(cands, model.weights)
    out = []
    for row, i in enumerate(occupations):
        order = np.argsort(-probs[row], kind="stable")[:top]
        ps = [float(probs[row, j]) for j in order]
        feats = [{f: round(float(v), 4) for f, v in
                  zip(rank.MODEL_FEATURES, cands.features[row, j], strict=True)} for j in order]
        out.append(Prediction(int(i), [int(cands.codes[row, j]) for j in order], ps, feats,
                              keep_count(ps)))
    return out
