"""Evidence a person can check for a derived link: which titles and tasks matched, and why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from destinai.crosswalk.features import PairEvidence, isco_paths
from destinai.crosswalk.inputs import CrosswalkInputs
from destinai.crosswalk.model import FittedModel, Prediction
from destinai.crosswalk.rank import MODEL_FEATURES

if TYPE_CHECKING:
    import scipy.sparse as sp

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
        self._title_sims: dict[tuple[int, int], np.ndarray] = {}
        self._task_sims: dict[tuple[int, int], np.ndarray] = {}
        self._known_by_isco: dict[str, list[int]] | None = None

    def prepare(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Compute the title and task similarities of many (occupation, code) pairs at once.

        The texts are transformed in one call per space and each code's products are taken
        for all its occupations together; TF-IDF rows and sparse products are computed row by
        row, so every similarity is the one a pair computed alone gets, to the bit.
        """
        by_code: dict[int, list[int]] = {}
        for occupation, code in pairs:
            occupations = by_code.setdefault(code, [])
            if occupation not in occupations:
                occupations.append(occupation)
        inputs, spaces = self.inputs, self.spaces
        people = sorted({i for occupations in by_code.values() for i in occupations})
        label_start = np.cumsum([0] + [len(inputs.alt_labels[i]) for i in people])
        labels = spaces.chars.transform([t for i in people for t in inputs.alt_labels[i]])
        queries = spaces.prose.transform([inputs.descriptions[i] + " " + inputs.skill_texts[i]
                                          for i in people])
        row_of = {i: r for r, i in enumerate(people)}
        codes = sorted(by_code)
        task_start = np.cumsum([0] + [len(self.tasks.get(c, [])) for c in codes])
        task_rows = spaces.prose.transform([t for c in codes for t in self.tasks.get(c, [])])
        for k, code in enumerate(codes):
            occupations = by_code[code]
            self._prepare_titles(code, occupations, labels, label_start, row_of)
            if task_start[k + 1] > task_start[k]:
                rows = [row_of[i] for i in occupations]
                sims = np.asarray((task_rows[task_start[k]:task_start[k + 1]]
                                   @ queries[rows].T).todense())
                for column, i in enumerate(occupations):
                    self._task_sims[(i, code)] = sims[:, column]

    def _prepare_titles(self, code: int, occupations: list[int], labels: sp.csr_matrix,
                        label_start: np.ndarray, row_of: dict[int, int]) -> None:
        lo, hi = self.title_start[code], self.title_start[code + 1]
        if hi <= lo:
            return
        spans = [(label_start[row_of[i]], label_start[row_of[i] + 1]) for i in occupations]
        rows = np.concatenate([np.arange(a, b) for a, b in spans])
        if not len(rows):
            return
        sims = np.asarray((labels[rows] @ self.spaces.alt_titles[lo:hi].T).todense())
        at = 0
        for i, (a, b) in zip(occupations, spans, strict=True):
            self._title_sims[(i, code)] = sims[at:at + b - a]
            at += b - a

    def matching_titles(self, occupation: int, code: int, limit: int = 3) -> list[dict]:
        """The O*NET titles closest to any of the ESCO occupation's labels."""
        labels = self.inputs.alt_labels[occupation]
        lo, hi = self.title_start[code], self.title_start[code + 1]
        if hi <= lo or not labels:
            return []
        sims = self._title_sims.get((occupation, code))
        if sims is None:
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
        sims = self._task_sims.get((occupation, code))
        if sims is None:
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
        if self._known_by_isco is None:     # in ``known``'s order, as a scan of it gives
            self._known_by_isco = {}
            for j in self.known:
                self._known_by_isco.setdefault(inputs.isco[j], []).append(j)
        linked_up = [a for a in inputs.ancestors[occupation] if a in self.known]
        pool = linked_up[:1] or [j for j in self._known_by_isco.get(inputs.isco[occupation], [])
                                 if j != occupation]
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

