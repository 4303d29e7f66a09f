"""The in-memory index matching and paths query: loaded once per catalog file, then shared.

Holds the occupation×skill matrices (``SkillMatrix``), per-occupation facts, labels and the
precomputed transition edges as numpy arrays. Loading takes a fraction of a second; the index
is cached per catalog path and modification time, so a rebuilt catalog is picked up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.paths.matrices import SkillMatrix, expand, load_skill_matrix
from destinai.paths.similarity import COVERED

_CACHE: dict[tuple[str, int], CatalogIndex] = {}
_LOCK = threading.Lock()


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
    edge_cols: dict[str, np.ndarray]   # similarity, components, missing_essential

    def nbytes(self) -> int:
        """Memory of the numeric arrays (matrices and edges)."""
        edges = self.edge_src.nbytes + self.edge_dst.nbytes + sum(
            a.nbytes for a in self.edge_cols.values())
        return self.matrix.nbytes() + edges

    def held_credit(self, occupation: int) -> np.ndarray:
        """Dense credit per skill that an occupation's workers hold (all skills, expanded)."""
        row = self.matrix.all_skills[occupation]
        return expand(row, self.matrix.neighbours).toarray().ravel()

    def skills_to_acquire(self, credit: np.ndarray, target: int,
                          limit: int = 5) -> tuple[list[dict[str, Any]], int]:
        """The target's essential skills not covered by ``credit``, most specific first."""
        ess = self.matrix.essential[target].indices
        lacking = [int(s) for s in ess if credit[s] < COVERED]
        lacking.sort(key=lambda s: -self.matrix.weights[s])
        return [self.skill_ref(s) for s in lacking[:limit]], len(lacking)

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
                "wage_annual_median": f.get("wage_annual_median")}


def load_index(catalog: Catalog) -> CatalogIndex:
    """The cached index for ``catalog`` (built on first use)."""
    key = (str(catalog.path.resolve()), catalog.path.stat().st_mtime_ns)
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = _load(catalog)
        return _CACHE[key]


def _load(catalog: Catalog) -> CatalogIndex:
    matrix = load_skill_matrix(catalog.connection)
    occ = {r["uri"]: r for r in catalog.rows(
        "SELECT o.uri, o.label, o.code, o.isco_group, f.job_zone, f.job_zone_estimated, "
        "f.wage_annual_median, f.education_isced, f.education_estimated, f.isco_major, "
        "f.isco_sub_major, f.onet_code FROM occupations o "
        "LEFT JOIN occupation_facts f ON f.uri = o.uri")}
    skills = {r["uri"]: r for r in catalog.rows(
        "SELECT uri, label, skill_type, reuse_level FROM skills")}
    oi = matrix.occupation_index
    src, dst, cols = [], [], {k: [] for k in (
        "similarity", "essential", "all_skills", "onet_descriptors", "onet_tasks",
        "onet_imputed", "missing_essential")}
    for r in catalog.connection.execute(
            "SELECT origin_uri, target_uri, similarity, essential, all_skills, onet_descriptors, "
            "onet_tasks, onet_imputed, missing_essential FROM occupation_similarity"):
        src.append(oi[r[0]])
        dst.append(oi[r[1]])
        for k, v in zip(cols, r[2:], strict=True):
            cols[k].append(v)
    broader = {(a, b) for a, b in catalog.connection.execute(
        "SELECT uri, broader_uri FROM occupation_broader WHERE broader_type = 'Occupation'")}
    return CatalogIndex(
        matrix=matrix,
        occupation_labels=[occ[u]["label"] for u in matrix.occupations],
        skill_labels=[skills[u]["label"] for u in matrix.skills],
        skill_types=[skills[u]["skill_type"] or "" for u in matrix.skills],
        skill_reuse=[skills[u]["reuse_level"] or "" for u in matrix.skills],
        facts=occ, broader=broader,
        edge_src=np.array(src, np.int32), edge_dst=np.array(dst, np.int32),
        edge_cols={k: np.array(v, np.float32) for k, v in cols.items()})
