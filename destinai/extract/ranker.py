"""The learned re-ranker: per-candidate features -> log-odds that the skill is in the sentence.

A logistic regression over a few features of each (sentence, candidate skill) pair, trained
by :mod:`destinai.extract.training` on the SkillSpan-ESCO validation sentences and on
sentences built from ESCO and O*NET (see docs/extract.md). Its output is a calibrated
probability, so the reporting threshold is a probability too. The weights are a few numbers
in ``ranker.json`` beside this file; without that file the hand-weighted sum of the three
similarity z-scores (the previous method) is used.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

FEATURES = (
    "label_z",          # sentence vs the skill's preferred label (z over all skills)
    "description_z",    # sentence vs "label. description"
    "window_z",         # best 1-5 word window vs any label of the skill (z over a sample)
    "window_cos",       # that window's cosine
    "explicit",         # a label of the skill appears verbatim
    "overlap",          # share of the preferred label's content words in the sentence
    "label_words",      # words in the preferred label (log)
    "knowledge",        # skill_type is knowledge
    "transversal",      # reuse level is transversal
    "sentence_words",   # words in the sentence (log): calibration only, same for all
    "sentence_cos",     # the whole sentence vs the best of the skill's labels (any)
    # the same signals relative to the sentence's best candidate (value - max over them):
    # how a skill compares with its rivals carries over between domains better than a raw
    # cosine, whose scale shifts with the kind of text
    "label_z_gap",
    "window_z_gap",
    "window_cos_gap",
    "sentence_cos_gap",
)
RELATIVE = {"label_z_gap": "label_z", "window_z_gap": "window_z",
            "window_cos_gap": "window_cos", "sentence_cos_gap": "sentence_cos"}
WEIGHTS_FILE = Path(__file__).with_name("ranker.json")
STOP = {"and", "or", "the", "of", "to", "in", "for", "on", "with", "a", "an", "use", "using",
        "apply", "manage", "perform", "work", "ensure", "provide", "principles", "techniques",
        "methods", "by", "as", "at", "from", "into", "other", "related", "relevant"}
WORD = re.compile(r"[a-z0-9+#]+")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of a label that carry meaning (crude plural folding)."""
    return frozenset(w.rstrip("s") if len(w) > 3 else w for w in WORD.findall(text.lower())
                     if w not in STOP)


@dataclass(frozen=True)
class Ranker:
    """A linear model over :data:`FEATURES`; ``threshold`` is the default reporting
    probability chosen by cross-validation."""

    weights: np.ndarray
    bias: float
    threshold: float
    learned: bool

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        """Scores of a (candidates, len(FEATURES)) feature matrix."""
        return features @ self.weights + self.bias


HAND = Ranker(np.array([1.0, 1.0, 1.0, 0.0, 2.0] + [0.0] * (len(FEATURES) - 5),
                       dtype=np.float32) / 3.0,
              -6.0, 0.15, learned=False)


@lru_cache(maxsize=1)
def load_ranker() -> Ranker:
    """The shipped weights (``ranker.json``), or the hand-weighted sum without them."""
    if not WEIGHTS_FILE.exists():
        return HAND
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return HAND
    return Ranker(np.asarray(data["weights"], dtype=np.float32), float(data["bias"]),
                  float(data["threshold"]), learned=True)


def probability(log_odds: float) -> float:
    """Log-odds -> 0..1."""
    return round(1.0 / (1.0 + math.exp(-max(min(log_odds, 50.0), -50.0))), 4)
