"""The in-memory index matching and paths query: loaded once per catalog file, then shared.

Holds the occupation×skill matrices (``SkillMatrix``), per-occupation facts, labels and the
precomputed transition edges as numpy arrays, read from the blobs the build step stored
(``paths_arrays``) — no per-row loops, so loading takes well under 0.1 s. The index is cached per
catalog path and modification time, so a rebuilt catalog is picked up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.paths.lines import LINE_COLUMNS
from destinai.paths.matrices import MATRIX_ARRAYS, SkillMatrix, expand, matrix_from_arrays
from destinai.paths.similarity import COMPONENTS, COVERED
from destinai.paths.store import load_arrays

EDGE_COLUMNS = ("similarity", *COMPONENTS, "onet_imputed", "missing_essential", *LINE_COLUMNS)

@dataclass
class CatalogIndex:
    """Everything a transition or match query needs, in memory."""

    matrix: SkillMatrix
    occupation_labels: list[str]
    skill_labels: list[str]
    skill_types: list[str]
    skill_reuse: list[str]
    facts: dict[str, dict[str, Any]]
    broader: set[tuple[str, str]]      # (narrower, broader) occupation pairs
    edge_src: np.ndarray
    edge_dst: np.ndarray
    edge_cols: dict[str, np.ndarray]   # similarity, components, missing_essential, line
    seniority: np.ndarray              # per occupation, in levels (seniority.py)
    seniority_structural: np.ndarray   # the same without job zone, education and wage
    seniority_evidence: list[str]      # per occupation, JSON list of evidence
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # values derived at use

    def nbytes(self) -> int:
        """Memory of the numeric arrays (matrices and edges)."""
        edges = self.edge_src.nbytes + self.edge_dst.nbytes + sum(
            a.nbytes for a in self.edge_cols.values())
        return self.matrix.nbytes() + edges

    def out_edges(self, o: int) -> np.ndarray:
        """Indices of the stored edges leaving ``o`` (edges are sorted by origin)."""
        lo, hi = np.searchsorted(self.edge_src, np.array([o, o + 1], self.edge_src.dtype))
        return np.arange(lo, hi)

    def in_edges(self, o: int) -> np.ndarray:
        """Indices of the stored edges arriving at ``o``."""
        by_dst = self.__dict__.get("_by_dst")
        if by_dst is None:
            order = np.argsort(self.edge_dst, kind="stable")
            by_dst = (order, self.edge_dst[order])
            self.__dict__["_by_dst"] = by_dst
        lo, hi = np.searchsorted(by_dst[1], np.array([o, o + 1], by_dst[1].dtype))
        return by_dst[0][lo:hi]

    def held_credit(self, occupation: int) -> np.ndarray:
        """Dense credit per skill that an occupation's workers hold (all skills, expanded)."""
        row = self.matrix.all_skills[occupation]
        return expand(row, self.matrix.neighbours).toarray().ravel()

    def essential_of(self, o: int) -> np.ndarray:
        """Skill indices of the occupation's essential skills (raw CSR slice: no scipy call)."""
        m = self.matrix.essential
        return m.indices[m.indptr[o]:m.indptr[o + 1]]

    def evidence(self, o: int) -> list[dict[str, Any]]:
        """The occupation's seniority evidence (parsed once)."""
        parsed = self.__dict__.setdefault("_evidence", {})
        if o not in parsed:
            parsed[o] = json.loads(self.seniority_evidence[o])
        return parsed[o]

    def covered(self, o: int) -> np.ndarray:
        """Skill indices the occupation's workers hold or cover through a close skill (partial
        credit ≥ COVERED): the same rule as ``held_credit`` thresholded, from raw CSR arrays."""
        strong = self.__dict__.get("_strong_neighbours")
        if strong is None:
            nb = self.matrix.neighbours
            strong = sparse.csr_matrix((nb >= COVERED).astype(np.float32))
            self.__dict__["_strong_neighbours"] = strong
        m = self.matrix.all_skills
        held = m.indices[m.indptr[o]:m.indptr[o + 1]]
        starts = strong.indptr[held]
        counts = strong.indptr[held + 1] - starts
        take = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        return np.union1d(held, strong.indices[take])

    def lacking(self, source: int, target: int) -> np.ndarray:
        """The target's essential skills the source's workers lack (see ``covered``)."""
        ess = self.essential_of(target)
        return ess[~np.isin(ess, self.covered(source), assume_unique=True)]

    def skills_to_acquire(self, credit: np.ndarray | None, target: int, limit: int = 5,
                          lacking: np.ndarray | None = None
                          ) -> tuple[list[dict[str, Any]], int]:
        """The target's essential skills not covered by ``credit`` (or the given ``lacking``
        indices), most specific first."""
        if lacking is None:
            assert credit is not None
            ess = self.essential_of(target)
            lacking = ess[credit[ess] < COVERED]
        order = sorted((int(s) for s in lacking), key=lambda s: -self.matrix.weights[s])
        return [self.skill_ref(s) for s in order[:limit]], len(order)

    def skill_ref(self, s: int) -> dict[str, Any]:
        """A short skill record."""
        return {"uri": self.matrix.skills[s], "label": self.skill_labels[s],
                "skill_type": self.skill_types[s] or None}

    def occupation_ref(self, o: int) -> dict[str, Any]:
        """A short occupation record with its facts."""
        uri = self.matrix.occupations[o]
        f = self.facts.get(uri, {})
        return {"uri": uri, "label": self.occupation_labels[o], "code": f.get("code"),
                "isco_group": f.get("isco_group"), "job_zone": f.get("job_zone"),
                "job_zone_estimated": bool(f.get("job_zone_estimated")),
                "wage_annual_median": f.get("wage_annual_median"),
                "seniority": round(float(self.seniority[o]), 2)}


def load_index(catalog: Catalog) -> CatalogIndex:
    """The index for ``catalog``, loaded once per Catalog (``Catalog.derived``)."""
    return catalog.derived("paths.index", lambda: _load(catalog))


def _load(catalog: Catalog) -> CatalogIndex:
    arrays = load_arrays(catalog.connection,
                         [*MATRIX_ARRAYS, "edge.src", "edge.dst",
                          *(f"edge.{c}" for c in EDGE_COLUMNS), "occupation.seniority",
                          "occupation.seniority_structural", "occupation.seniority_evidence"])
    matrix = matrix_from_arrays(arrays)
    occ = {r["uri"]: r for r in catalog.rows(
        "SELECT o.uri, o.label, o.code, o.isco_group, f.job_zone, f.job_zone_estimated, "
        "f.wage_annual_median, f.education_isced, f.education_estimated, f.isco_major, "
        "f.isco_sub_major, f.onet_code, o.regulated_note FROM occupations o "
        "LEFT JOIN occupation_facts f ON f.uri = o.uri")}
    skills = dict(((u, (label, kind or "", reuse or "")) for u, label, kind, reuse in
                   catalog.connection.execute(
                       "SELECT uri, label, skill_type, reuse_level FROM skills")))
    broader = {(a, b) for a, b in catalog.connection.execute(
        "SELECT uri, broader_uri FROM occupation_broader WHERE broader_type = 'Occupation'")}
    skill_rows = [skills[u] for u in matrix.skills]
    return CatalogIndex(
        matrix=matrix,
        occupation_labels=[occ[u]["label"] for u in matrix.occupations],
        skill_labels=[r[0] for r in skill_rows],
        skill_types=[r[1] for r in skill_rows],
        skill_reuse=[r[2] for r in skill_rows],
        facts=occ, broader=broader,
        edge_src=np.asarray(arrays["edge.src"]), edge_dst=np.asarray(arrays["edge.dst"]),
        edge_cols={c: np.asarray(arrays[f"edge.{c}"]) for c in EDGE_COLUMNS},
        seniority=np.asarray(arrays["occupation.seniority"], np.float64),
        seniority_structural=np.asarray(arrays["occupation.seniority_structural"], np.float64),
        seniority_evidence=list(arrays["occupation.seniority_evidence"]))
