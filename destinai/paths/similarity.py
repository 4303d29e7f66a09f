"""Occupation×occupation transition similarity, computed once at build time.

Components for a move from origin *a* to destination *b* (each 0..1):

- ``essential``: share of *b*'s essential skills that *a*'s essential skills cover, each skill
  weighted by specificity (IDF × reuse level), close skills earning partial credit;
- ``all_skills``: the same over essential + optional skills of both (Nesta found the
  all/optional-skill overlap agreed best with crowd feasibility ratings);
- ``onet_descriptors``: cosine of O*NET skill, knowledge and work-style importance profiles;
- ``onet_tasks``: TF-IDF cosine of O*NET task statements.

``similarity`` = mean(ESCO mean, descriptors, tasks). Where either side has no O*NET link the
two O*NET components are *imputed*: the mean value they take, over linked pairs, at the same
ESCO similarity (30 quantile bins) — so linked and unlinked occupations stay comparable.
"""

from __future__ import annotations

import sqlite3

import numpy as np
from scipy import sparse

from destinai.paths.facts import best_links
from destinai.paths.matrices import SkillMatrix, expand
from destinai.paths.onet_profiles import onet_similarity

TOP_K = 80           # stored destinations per origin
COVERED = 0.5        # a skill counts as held when its (partial) credit reaches this


def coverage(origin: sparse.csr_matrix, destination: sparse.csr_matrix,
             weights: np.ndarray, neighbours: sparse.csr_matrix) -> np.ndarray:
    """Dense [a, b]: weighted share of b's skills covered by a's skills (with partial credit)."""
    weighted = destination.multiply(weights[None, :]).tocsr()
    total = np.asarray(weighted.sum(axis=1)).ravel()
    total[total == 0] = 1
    return (expand(origin, neighbours) @ weighted.T).toarray() / total[None, :]


def impute(values: np.ndarray, base: np.ndarray, both: np.ndarray, bins: int = 30) -> np.ndarray:
    """Fill cells outside ``both`` with the mean of ``values`` at the same ``base`` quantile."""
    if not both.any():
        return np.zeros_like(base)
    edges = np.unique(np.quantile(base[both], np.linspace(0, 1, bins + 1)))
    if len(edges) < 2:
        return np.where(both, values, float(values[both].mean()))
    idx = np.clip(np.searchsorted(edges, base, side="right") - 1, 0, len(edges) - 2)
    sums = np.bincount(idx[both], weights=values[both], minlength=len(edges) - 1)
    counts = np.bincount(idx[both], minlength=len(edges) - 1)
    means = np.where(counts > 0, sums / np.maximum(counts, 1), values[both].mean())
    return np.where(both, values, means[idx]).astype(np.float32)


def similarity_components(db: sqlite3.Connection, m: SkillMatrix) -> dict[str, np.ndarray]:
    """All dense component matrices plus ``similarity``, ``linked`` and ``missing``."""
    ess, every = m.essential, m.all_skills
    c_ess = coverage(ess, ess, m.weights, m.neighbours)
    c_all = coverage(every, every, m.weights, m.neighbours)
    esco = (c_ess + c_all) / 2
    descriptors, tasks, linked = onet_similarity(db, best_links(db), m.occupations)
    both = linked[:, None] & linked[None, :]
    d = impute(np.nan_to_num(descriptors), esco, both)
    t = impute(np.nan_to_num(tasks), esco, both)
    held = expand(every, m.neighbours)
    held.data = (held.data >= COVERED).astype(np.float32)
    held.eliminate_zeros()
    n_essential = np.asarray(ess.sum(axis=1)).ravel()
    missing = n_essential[None, :] - (held @ ess.T).toarray()
    return {"essential": c_ess, "all_skills": c_all, "onet_descriptors": d, "onet_tasks": t,
            "similarity": (esco + d + t) / 3, "both_linked": both, "missing": missing}


def top_k_rows(parts: dict[str, np.ndarray], occupations: list[str],
               k: int = TOP_K) -> list[tuple]:
    """Rows for ``occupation_similarity``: each origin's k most similar destinations."""
    sim = parts["similarity"].copy()
    np.fill_diagonal(sim, -1)
    k = min(k, max(0, len(occupations) - 1))
    if k == 0:
        return []
    best = np.argpartition(-sim, k - 1, axis=1)[:, :k]
    rows = []
    for a in range(len(occupations)):
        for b in best[a]:
            rows.append((occupations[a], occupations[int(b)], round(float(sim[a, b]), 4),
                         round(float(parts["essential"][a, b]), 4),
                         round(float(parts["all_skills"][a, b]), 4),
                         round(float(parts["onet_descriptors"][a, b]), 4),
                         round(float(parts["onet_tasks"][a, b]), 4),
                         int(not parts["both_linked"][a, b]),
                         int(parts["missing"][a, b])))
    return rows
