"""Occupation×skill matrices, skill weights and partial-credit expansion (numpy/scipy).

Shared by the paths build step (occupation similarity) and the matching engine. Works on any
``sqlite3.Connection`` (the build's writable one or the catalog's read-only one).

A matrix loaded from the catalog keeps its raw CSR arrays (``Csr``) and becomes a scipy
matrix only when asked (``SkillMatrix.essential`` …): scipy costs ~0.1 s to import, and the
paths queries read rows straight from the raw arrays.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

# ESCO reuse level -> how much a skill says about fit: transversal skills are everywhere.
REUSE_FACTOR = {"transversal": 0.4, "cross-sector": 0.75, "sector-specific": 1.0,
                "occupation-specific": 1.0}


class Csr(NamedTuple):
    """A CSR matrix as its raw arrays: rows are read without scipy."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    def row(self, i: int) -> np.ndarray:
        """Column indices of row ``i`` (a view)."""
        return self.indices[self.indptr[i]:self.indptr[i + 1]]

    def to_scipy(self) -> sparse.csr_matrix:
        """The scipy matrix over the same arrays."""
        from scipy import sparse

        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


def union_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.union1d`` without its first-call import of ``numpy.ma`` (~15 ms, numpy 2)."""
    both = np.sort(np.concatenate([a, b]))
    keep = np.ones(len(both), bool)
    keep[1:] = both[1:] != both[:-1]
    return both[keep]


def _raw(m: sparse.csr_matrix | Csr) -> Csr:
    return m if isinstance(m, Csr) else Csr(m.data, m.indices, m.indptr, m.shape)


class SkillMatrix:
    """Essential and optional occupation×skill incidence, with skill weights.

    ``essential``, ``optional`` (1.0 where essential / optional, occupation × skill) and
    ``neighbours`` (skill×skill partial credit 0..1, no diagonal) are scipy CSR matrices,
    built on first use from ``raw`` when given as ``Csr``. ``weights``: per skill, IDF over
    occupations × reuse-level factor."""

    def __init__(self, occupations: list[str], skills: list[str],
                 occupation_index: dict[str, int], skill_index: dict[str, int],
                 essential: sparse.csr_matrix | Csr, optional: sparse.csr_matrix | Csr,
                 weights: np.ndarray, neighbours: sparse.csr_matrix | Csr) -> None:
        self.occupations, self.skills = occupations, skills
        self.occupation_index, self.skill_index = occupation_index, skill_index
        self.weights = weights
        given = {"essential": essential, "optional": optional, "neighbours": neighbours}
        self.raw = {name: _raw(m) for name, m in given.items()}
        for name, m in given.items():
            if not isinstance(m, Csr):     # already scipy: the cached property is filled
                self.__dict__[name] = m

    def _scipy(self, name: str) -> sparse.csr_matrix:
        made = self.raw[name].to_scipy()
        # scipy copied the arrays (one index dtype): the raw rows now read its copies, so
        # the matrix is held once
        self.raw[name] = _raw(made)
        return made

    @cached_property
    def essential(self) -> sparse.csr_matrix:
        """1.0 where essential (scipy, built once)."""
        return self._scipy("essential")

    @cached_property
    def optional(self) -> sparse.csr_matrix:
        """1.0 where optional (scipy, built once)."""
        return self._scipy("optional")

    @cached_property
    def neighbours(self) -> sparse.csr_matrix:
        """Skill×skill partial credit (scipy, built once)."""
        return self._scipy("neighbours")

    @cached_property
    def all_skills(self) -> sparse.csr_matrix:
        """Essential or optional (1.0), computed once."""
        from scipy import sparse

        return sparse.csr_matrix((self.essential + self.optional) > 0, dtype=np.float32)

    def held(self, o: int) -> np.ndarray:
        """Sorted skill indices the occupation lists as essential or optional (the columns
        of its ``all_skills`` row, from the raw arrays)."""
        return union_sorted(self.raw["essential"].row(o), self.raw["optional"].row(o))

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return int(sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
                       for m in self.raw.values()) + self.weights.nbytes)


def load_skill_matrix(conn: sqlite3.Connection) -> SkillMatrix:
    """Read occupations, skills, relations and ``skill_neighbours`` into sparse matrices."""
    from scipy import sparse

    occupations = [u for (u,) in conn.execute("SELECT uri FROM occupations ORDER BY uri")]
    skills, reuse = [], []
    for uri, level in conn.execute("SELECT uri, reuse_level FROM skills ORDER BY uri"):
        skills.append(uri)
        reuse.append(REUSE_FACTOR.get(level or "", 0.75))
    oi = {u: i for i, u in enumerate(occupations)}
    si = {u: i for i, u in enumerate(skills)}
    shape = (len(occupations), len(skills))
    parts: dict[str, tuple[list[int], list[int]]] = {"essential": ([], []), "optional": ([], [])}
    for occ, skill, relation in conn.execute(
            "SELECT occupation_uri, skill_uri, relation FROM occupation_skills"):
        if occ in oi and skill in si and relation in parts:
            parts[relation][0].append(oi[occ])
            parts[relation][1].append(si[skill])
    mats = {k: sparse.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=shape)
            for k, (r, c) in parts.items()}
    df = np.asarray(((mats["essential"] + mats["optional"]) > 0).sum(axis=0)).ravel()
    idf = np.log((len(occupations) + 1) / (df + 1)) + 1
    weights = (idf * np.array(reuse)).astype(np.float32)
    return SkillMatrix(occupations, skills, oi, si, mats["essential"], mats["optional"],
                       weights, load_neighbours(conn, si))


def matrix_arrays(m: SkillMatrix) -> dict[str, np.ndarray | list[str]]:
    """The matrix as flat arrays for ``destinai.paths.store.save_arrays``."""
    out: dict[str, np.ndarray | list[str]] = {
        "occupations": m.occupations, "skills": m.skills, "weights": m.weights}
    for name in ("essential", "optional", "neighbours"):
        mat = getattr(m, name).tocsr()
        mat.sort_indices()
        out[f"{name}.data"] = mat.data.astype(np.float32)
        out[f"{name}.indices"] = mat.indices.astype(np.int32)
        out[f"{name}.indptr"] = mat.indptr.astype(np.int64)
    return out


def matrix_from_arrays(arrays: dict[str, np.ndarray | list[str]]) -> SkillMatrix:
    """Rebuild a ``SkillMatrix`` from ``matrix_arrays`` output (no row loops)."""
    occupations, skills = list(arrays["occupations"]), list(arrays["skills"])

    def csr(name: str, cols: int) -> Csr:
        indptr = np.asarray(arrays[f"{name}.indptr"])
        return Csr(np.asarray(arrays[f"{name}.data"]), np.asarray(arrays[f"{name}.indices"]),
                   indptr, (len(indptr) - 1, cols))

    return SkillMatrix(occupations, skills, {u: i for i, u in enumerate(occupations)},
                       {u: i for i, u in enumerate(skills)},
                       csr("essential", len(skills)), csr("optional", len(skills)),
                       np.asarray(arrays["weights"]), csr("neighbours", len(skills)))


MATRIX_ARRAYS = ("occupations", "skills", "weights", *(
    f"{n}.{p}" for n in ("essential", "optional", "neighbours") for p in ("data", "indices",
                                                                            "indptr")))


def load_neighbours(conn: sqlite3.Connection, skill_index: dict[str, int]) -> sparse.csr_matrix:
    """The ``skill_neighbours`` table as a skill×skill sparse matrix (empty if absent)."""
    from scipy import sparse

    n = len(skill_index)
    try:
        rows = conn.execute("SELECT skill_uri, neighbour_uri, similarity FROM skill_neighbours")
        triples = [(skill_index[a], skill_index[b], v) for a, b, v in rows
                   if a in skill_index and b in skill_index]
    except sqlite3.OperationalError:
        triples = []
    if not triples:
        return sparse.csr_matrix((n, n), dtype=np.float32)
    r, c, v = zip(*triples, strict=True)
    return sparse.csr_matrix((np.array(v, np.float32), (r, c)), shape=(n, n))


def expand(profile: sparse.csr_matrix, neighbours: sparse.csr_matrix) -> sparse.csr_matrix:
    """Credit per skill: held skills keep their value, others get max(value × similarity).

    Row-wise maximum (not a sum): three loosely related skills never add up to one real one.
    """
    from scipy import sparse

    coo = profile.tocoo()
    counts = np.diff(neighbours.indptr)[coo.col]
    starts = neighbours.indptr[coo.col]
    take = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    rows = np.concatenate([coo.row, np.repeat(coo.row, counts)])
    cols = np.concatenate([coo.col, neighbours.indices[take]])
    vals = np.concatenate([coo.data, np.repeat(coo.data, counts) * neighbours.data[take]])
    key = rows.astype(np.int64) * profile.shape[1] + cols
    order = np.lexsort((-vals, key))
    key, vals = key[order], vals[order]
    first = np.ones(len(key), bool)
    first[1:] = key[1:] != key[:-1]
    key, vals = key[first], vals[first]
    return sparse.csr_matrix((vals.astype(np.float32),
                              (key // profile.shape[1], key % profile.shape[1])),
                             shape=profile.shape)
