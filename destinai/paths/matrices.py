"""Occupation×skill matrices, skill weights and partial-credit expansion (numpy/scipy).

Shared by the paths build step (occupation similarity) and the matching engine. Works on any
``sqlite3.Connection`` (the build's writable one or the catalog's read-only one).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

# ESCO reuse level -> how much a skill says about fit: transversal skills are everywhere.
REUSE_FACTOR = {"transversal": 0.4, "cross-sector": 0.75, "sector-specific": 1.0,
                "occupation-specific": 1.0}


@dataclass
class SkillMatrix:
    """Essential and optional occupation×skill incidence, with skill weights."""

    occupations: list[str]
    skills: list[str]
    occupation_index: dict[str, int]
    skill_index: dict[str, int]
    essential: sparse.csr_matrix     # 1.0 where essential
    optional: sparse.csr_matrix      # 1.0 where optional
    weights: np.ndarray              # per skill: IDF over occupations × reuse-level factor
    neighbours: sparse.csr_matrix    # skill×skill partial credit (0..1), no diagonal

    @cached_property
    def all_skills(self) -> sparse.csr_matrix:
        """Essential or optional (1.0), computed once."""
        return sparse.csr_matrix((self.essential + self.optional) > 0, dtype=np.float32)

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        mats = (self.essential, self.optional, self.neighbours)
        return int(sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in mats)
                   + self.weights.nbytes)


def load_skill_matrix(conn: sqlite3.Connection) -> SkillMatrix:
    """Read occupations, skills, relations and ``skill_neighbours`` into sparse matrices."""
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

    def csr(name: str, cols: int) -> sparse.csr_matrix:
        return sparse.csr_matrix((arrays[f"{name}.data"], arrays[f"{name}.indices"],
                                  arrays[f"{name}.indptr"]), shape=(len(arrays[f"{name}.indptr"])
                                                                    - 1, cols))

    return SkillMatrix(occupations, skills, {u: i for i, u in enumerate(occupations)},
                       {u: i for i, u in enumerate(skills)},
                       csr("essential", len(skills)), csr("optional", len(skills)),
                       np.asarray(arrays["weights"]), csr("neighbours", len(skills)))


MATRIX_ARRAYS = ("occupations", "skills", "weights", *(
    f"{n}.{p}" for n in ("essential", "optional", "neighbours") for p in ("data", "indices",
                                                                            "indptr")))


def load_neighbours(conn: sqlite3.Connection, skill_index: dict[str, int]) -> sparse.csr_matrix:
    """The ``skill_neighbours`` table as a skill×skill sparse matrix (empty if absent)."""
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
