"""Occupation×occupation transition similarity, computed once at build time.

Components for a move from origin *a* to destination *b* (each 0..1):

- ``essential``: share of *b*'s essential skills that *a*'s essential skills cover, each skill
  weighted by specificity (IDF × reuse level), close skills earning partial credit;
- ``all_skills``: the same over essential + optional skills of both (Nesta found the
  all/optional-skill overlap agreed best with crowd feasibility ratings);
- ``onet_descriptors``: cosine of O*NET skill, knowledge and work-style importance profiles;
- ``onet_tasks``: TF-IDF cosine of O*NET task statements;
- ``occupation_text``: how alike the occupations' titles, alternative labels and descriptions
  are (TF-IDF blended with static sentence embeddings);
- ``isco_proximity``: depth of the deepest shared ISCO-08 group / 4.

``similarity`` = the weighted mean with ``WEIGHTS``. The weights were tuned on one half of the
occupations (split by ISCO unit group) against O*NET Related Occupations and checked on the
other half (docs/matching.md); they are the tuned z-score weights divided by each component's
spread over all pairs, so each is comparable in effect. Where either side has no O*NET link the
two O*NET components are *imputed*: the mean value they take, over linked pairs, at the same
non-O*NET similarity (30 quantile bins) — so linked and unlinked occupations stay comparable.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import numpy as np

from destinai.paths.matrices import SkillMatrix, expand

if TYPE_CHECKING:    # scipy and the text layer are the build's: queries read the constants
    from scipy import sparse

TOP_K = 80           # stored destinations per origin
COVERED = 0.5        # a skill counts as held when its (partial) credit reaches this
# weighted mean of the components (sum 1); see the module docstring and docs/matching.md
WEIGHTS = {"essential": 0.12, "all_skills": 0.12, "onet_descriptors": 0.24, "onet_tasks": 0.25,
           "occupation_text": 0.23, "isco_proximity": 0.04}
COMPONENTS = tuple(WEIGHTS)


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
    """All dense component matrices plus ``similarity``, ``both_linked`` and ``missing``."""
    from destinai.paths.facts import best_links
    from destinai.paths.occupation_text import isco_proximity, occupation_text_similarity
    from destinai.paths.onet_profiles import onet_similarity

    ess, every = m.essential, m.all_skills
    parts = {"essential": coverage(ess, ess, m.weights, m.neighbours),
             "all_skills": coverage(every, every, m.weights, m.neighbours),
             "occupation_text": occupation_text_similarity(db, m.occupations),
             "isco_proximity": isco_proximity(db, m.occupations)}
    local = list(parts)
    base = np.asarray(sum(parts[k] * WEIGHTS[k] for k in local) / sum(WEIGHTS[k] for k in local))
    descriptors, tasks, linked = onet_similarity(db, best_links(db), m.occupations)
    both = linked[:, None] & linked[None, :]
    parts["onet_descriptors"] = impute(np.nan_to_num(descriptors), base, both)
    parts["onet_tasks"] = impute(np.nan_to_num(tasks), base, both)
    held = expand(every, m.neighbours)
    held.data = (held.data >= COVERED).astype(np.float32)
    held.eliminate_zeros()
    n_essential = np.asarray(ess.sum(axis=1)).ravel()
    missing = n_essential[None, :] - (held @ ess.T).toarray()
    similarity = np.asarray(sum(parts[k] * w for k, w in WEIGHTS.items()), dtype=np.float32)
    return {**parts, "similarity": similarity, "both_linked": both, "missing": missing}


def top_k_edges(parts: dict[str, np.ndarray], k: int = TOP_K,
                extra: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Each origin's k most similar destinations, plus the pairs marked in ``extra`` (the
    same-line candidates, lines.py), as flat edge arrays sorted by origin, then by descending
    similarity: ``src``, ``dst``, ``similarity``, the components, ``onet_imputed`` and
    ``missing_essential``."""
    sim = parts["similarity"].copy()
    n = len(sim)
    np.fill_diagonal(sim, -np.inf)
    k = min(k, max(0, n - 1))
    if k == 0:
        return {"src": np.zeros(0, np.int32), "dst": np.zeros(0, np.int32)}
    best = np.argpartition(-sim, k - 1, axis=1)[:, :k]
    mask = np.zeros((n, n), bool)
    mask[np.repeat(np.arange(n), k), best.ravel()] = True
    if extra is not None:
        mask |= extra
    np.fill_diagonal(mask, False)
    src, dst = np.nonzero(mask)
    order = np.lexsort((-sim[src, dst], src))
    src, dst = src[order], dst[order]
    edges = {"src": src.astype(np.int32), "dst": dst.astype(np.int32),
             "similarity": parts["similarity"][src, dst].astype(np.float32)}
    for c in COMPONENTS:
        edges[c] = parts[c][src, dst].astype(np.float32)
    edges["onet_imputed"] = (~parts["both_linked"][src, dst]).astype(np.float32)
    edges["missing_essential"] = parts["missing"][src, dst].astype(np.float32)
    return edges
