"""The in-memory index matching and paths query: loaded once per catalog file, then shared.

Holds the occupation×skill matrices (``SkillMatrix``), per-occupation facts, labels and the
precomputed transition edges as numpy arrays, read from the blobs the build step stored
(``paths_arrays``) — no per-row loops, so loading takes well under 0.1 s. The index is cached per
catalog path and modification time, so a rebuilt catalog is picked up.

A cold ``destinai paths`` pays for what it reads, so the index never imports scipy itself
(the matrices become scipy ones on first use, matrices.py), reads the skills' labels on first
use (``skill_labels``), and finds an occupation's incoming edges by a scan until it is asked
often enough to sort the edges by destination (``in_edges``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.paths.lines import LINE_COLUMNS
from destinai.paths.matrices import (
    MATRIX_ARRAYS,
    SkillMatrix,
    expand,
    matrix_from_arrays,
    union_sorted,
)
from destinai.paths.similarity import COMPONENTS, COVERED
from destinai.paths.store import load_arrays

EDGE_COLUMNS = ("similarity", *COMPONENTS, "onet_imputed", "missing_essential", *LINE_COLUMNS)
SCANS_BEFORE_SORT = 16      # in_edges calls answered by a scan before sorting by destination
SkillRow = tuple[str, str, str]      # a skill's label, skill type and reuse level
SkillRows = tuple[list[str], list[str], list[str]]     # the same per column, matrix order
EVIDENCE_ONE_BY_ONE = 64    # occupations whose evidence is parsed alone before all at once

@dataclass
class CatalogIndex:
    """Everything a transition or match query needs, in memory."""

    matrix: SkillMatrix
    occupation_labels: list[str]
    skill_rows: Callable[[list[str] | None], dict[str, SkillRow]]  # by URI (None: all)
    facts: dict[str, dict[str, Any]]
    broader: set[tuple[str, str]]      # (narrower, broader) occupation pairs
    edge_src: np.ndarray
    edge_dst: np.ndarray
    edge_cols: dict[str, np.ndarray]   # similarity, components, missing_essential, line
    seniority: np.ndarray              # per occupation, in levels (seniority.py)
    seniority_structural: np.ndarray   # the same without job zone, education and wage
    seniority_evidence: list[str]      # per occupation, JSON list of evidence
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # values derived at use

    @cached_property
    def _skills(self) -> SkillRows:
        every = self.skill_rows(None)
        rows = [every[u] for u in self.matrix.skills]
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def _skill_row(self, s: int) -> SkillRow:
        """One skill's row: from the columns once loaded, else looked up alone (a cold
        ``paths`` shows a few dozen of the 14k skills)."""
        if "_skills" in self.__dict__:
            return self.skill_labels[s], self.skill_types[s], self.skill_reuse[s]
        seen = self.__dict__.setdefault("_skill_seen", {})
        if s not in seen:
            uri = self.matrix.skills[s]
            seen[s] = self.skill_rows([uri])[uri]
        return seen[s]

    @property
    def skill_labels(self) -> list[str]:
        """Per skill (matrix order), its preferred label."""
        return self._skills[0]

    @property
    def skill_types(self) -> list[str]:
        """Per skill, its ESCO skill type ("" when unknown)."""
        return self._skills[1]

    @property
    def skill_reuse(self) -> list[str]:
        """Per skill, its ESCO reuse level ("" when unknown)."""
        return self._skills[2]

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
        """Indices of the stored edges arriving at ``o``, in ascending order. The first
        ``SCANS_BEFORE_SORT`` calls scan the destinations (~0.3 ms; a cold command asks
        once), later ones search them sorted (the sort costs ~20 ms, once)."""
        by_dst = self.__dict__.get("_by_dst")
        if by_dst is None:
            scans = self.__dict__.get("_dst_scans", 0)
            if scans < SCANS_BEFORE_SORT:
                self.__dict__["_dst_scans"] = scans + 1
                return np.flatnonzero(self.edge_dst == o)
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
        return self.matrix.raw["essential"].row(o)

    def evidence(self, o: int) -> list[dict[str, Any]]:
        """The occupation's seniority evidence (parsed once; every occupation's in one
        ``json.loads`` once many are asked for, twice as fast as one by one)."""
        parsed = self.__dict__.setdefault("_evidence", {})
        if o not in parsed:
            if len(parsed) < EVIDENCE_ONE_BY_ONE:
                parsed[o] = json.loads(self.seniority_evidence[o])
            else:
                every = json.loads("[" + ",".join(self.seniority_evidence) + "]")
                parsed.update((i, parsed.get(i, e)) for i, e in enumerate(every))
        return parsed[o]

    def covered(self, o: int) -> np.ndarray:
        """Skill indices the occupation's workers hold or cover through a close skill (partial
        credit ≥ COVERED): the same rule as ``held_credit`` thresholded, from raw CSR arrays."""
        strong = self.__dict__.get("_strong_neighbours")
        if strong is None:      # the neighbour pairs with credit >= COVERED, as CSR arrays
            nb = self.matrix.raw["neighbours"]
            keep = nb.data >= COVERED
            kept = np.concatenate([[0], np.cumsum(keep)])
            strong = (nb.indices[keep], kept[nb.indptr])
            self.__dict__["_strong_neighbours"] = strong
        indices, indptr = strong
        held = self.matrix.held(o)
        starts = indptr[held]
        counts = indptr[held + 1] - starts
        take = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        return union_sorted(held, indices[take])

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
        label, skill_type, _ = self._skill_row(s)
        return {"uri": self.matrix.skills[s], "label": label, "skill_type": skill_type or None}

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
    cursor = catalog.connection.cursor()
    cursor.row_factory = None    # plain tuples zipped into dicts: 40% faster than sqlite3.Row
    cursor.execute(
        "SELECT o.uri, o.label, o.code, o.isco_group, f.job_zone, f.job_zone_estimated, "
        "f.wage_annual_median, f.education_isced, f.education_estimated, f.isco_major, "
        "f.isco_sub_major, f.onet_code, o.regulated_note FROM occupations o "
        "LEFT JOIN occupation_facts f ON f.uri = o.uri")
    columns = [d[0] for d in cursor.description]
    occ = {r[0]: dict(zip(columns, r, strict=True)) for r in cursor}
    broader = {(a, b) for a, b in catalog.connection.execute(
        "SELECT uri, broader_uri FROM occupation_broader WHERE broader_type = 'Occupation'")}
    return CatalogIndex(
        matrix=matrix,
        occupation_labels=[occ[u]["label"] for u in matrix.occupations],
        skill_rows=lambda uris: _skill_rows(catalog, uris),
        facts=occ, broader=broader,
        edge_src=np.asarray(arrays["edge.src"]), edge_dst=np.asarray(arrays["edge.dst"]),
        edge_cols={c: np.asarray(arrays[f"edge.{c}"]) for c in EDGE_COLUMNS},
        seniority=np.asarray(arrays["occupation.seniority"], np.float64),
        seniority_structural=np.asarray(arrays["occupation.seniority_structural"], np.float64),
        seniority_evidence=list(arrays["occupation.seniority_evidence"]))


def _skill_rows(catalog: Catalog, uris: list[str] | None) -> dict[str, SkillRow]:
    """Label, skill type and reuse level of the given skills (all when ``uris`` is None)."""
    sql = "SELECT uri, label, skill_type, reuse_level FROM skills"
    if uris is not None and not uris:
        return {}
    if uris is not None:
        sql += f" WHERE uri IN ({','.join('?' * len(uris))})"
    return {u: (label, kind or "", reuse or "") for u, label, kind, reuse in
            catalog.connection.execute(sql, uris or ())}
