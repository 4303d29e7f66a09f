"""Evidence a person can check for a derived link: which titles and tasks matched, and why."""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.crosswalk.features import PairEvidence, isco_paths
from destinai.crosswalk.inputs import CrosswalkInputs
from destinai.crosswalk.model import FittedModel, Prediction
from destinai.crosswalk.rank import MODEL_FEATURES

SOURCE = "DestinAI crosswalk builder"


class Explainer:
    """Finds the matching titles and tasks of (occupation, code) pairs."""

    def __init__(self, inputs: CrosswalkInputs, evidence: PairEvidence, tasks: dict[int, list[str]],
                 known: dict[int, set[int]]) -> None:
        self.inputs = inputs
        self.spaces = evidence.spaces
        self.known = known
        alt_code = np.array([c for c, _ in inputs.alt_titles], dtype=np.int64)
        self.title_start = np.searchsorted(alt_code, np.arange(inputs.n_codes + 1))
        self.tasks = tasks
        self._paths: dict[str, dict[int, str]] = {}

    def matching_titles(self, occupation: int, code: int, limit: int = 3) -> list[dict]:
        """The O*NET titles closest to any of the ESCO occupation's labels."""
        labels = self.inputs.alt_labels[occupation]
        lo, hi = self.title_start[code], self.title_start[code + 1]
        if hi <= lo or not labels:
            return []
        sims = np.asarray((self.spaces.chars.transform(labels)
                           @ self.spaces.alt_titles[lo:hi].T).todense())
        best: list[dict[str, Any]] = []
        for flat in np.argsort(-sims, axis=None)[: limit * 3]:
            li, ti = np.unravel_index(flat, sims.shape)
            onet_title = self.inputs.alt_titles[lo + ti][1]
            if sims[li, ti] <= 0 or any(b["onet_title"] == onet_title for b in best):
                continue
            best.append({"esco_label": labels[li], "onet_title": onet_title,
                         "similarity": round(float(sims[li, ti]), 3)})
            if len(best) == limit:
                break
        return best

    def matching_tasks(self, occupation: int, code: int, limit: int = 3) -> list[dict]:
        """The O*NET tasks closest to the ESCO description and skills."""
        tasks = self.tasks.get(code, [])
        if not tasks:
            return []
        prose = self.spaces.prose
        query = prose.transform([self.inputs.descriptions[occupation] + " "
                                 + self.inputs.skill_texts[occupation]])
        sims = np.asarray((prose.transform(tasks) @ query.T).todense()).ravel()
        order = np.argsort(-sims)[:limit]
        return [{"task": tasks[j], "similarity": round(float(sims[j]), 3)}
                for j in order if sims[j] > 0]

    def isco_path(self, occupation: int, code: int) -> str | None:
        """How the ISCO-08 → SOC crosswalk reaches the code, when it does."""
        isco = self.inputs.isco[occupation]
        if isco not in self._paths:
            self._paths[isco] = isco_paths(self.inputs, isco) if isco else {}
        return self._paths[isco].get(code)

    def relatives(self, occupation: int, code: int) -> list[str]:
        """ESCO URIs of reviewed relatives (broader occupation or ISCO group) linked to it."""
        inputs = self.inputs
        linked_up = [a for a in inputs.ancestors[occupation] if a in self.known]
        pool = linked_up[:1] or [j for j, codes in self.known.items()
                                 if inputs.isco[j] == inputs.isco[occupation] and j != occupation]
        return [inputs.uris[j] for j in pool if code in self.known[j]][:5]

    def evidence(self, pred: Prediction, rank: int, model: FittedModel) -> dict[str, object]:
        """The evidence JSON of the ``rank``-th code of a prediction (0 = best)."""
        i, code = pred.occupation, pred.codes[rank]
        feats = pred.features[rank]
        contributions = {f: round(float(w) * feats[f], 3)
                         for f, w in zip(MODEL_FEATURES, model.weights, strict=True)
                         if feats[f] and w}
        return {
            "source": SOURCE,
            "rank": rank + 1,
            "probability": round(pred.probabilities[rank], 4),
            "matching_titles": self.matching_titles(i, code),
            "matching_tasks": self.matching_tasks(i, code),
            "isco_soc_path": self.isco_path(i, code),
            "reviewed_relatives": self.relatives(i, code),
            "features": feats,
            "contributions": dict(sorted(contributions.items(), key=lambda kv: -abs(kv[1]))),
        }


def task_lists(inputs: CrosswalkInputs, rows: list[tuple[str, str]]) -> dict[int, list[str]]:
    """O*NET task statements grouped by code index, from (code, task) rows."""
    position = {c: i for i, c in enumerate(inputs.codes)}
    grouped: dict[int, list[str]] = {}
    for code, task in rows:
        if code in position:
            grouped.setdefault(position[code], []).append(task)
    return grouped

