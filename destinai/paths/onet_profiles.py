"""O*NET profile similarity between occupations: rated descriptors and task statements.

Descriptor profile: importance of the 35 skills, 33 knowledge areas and work styles, each
z-scored across O*NET occupations, compared by cosine. Tasks: TF-IDF cosine over the task
statements. Both are mapped onto ESCO occupations through their best O*NET link. O*NET
"Related Occupations" are deliberately not used: they are the yardstick in the benchmark.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

import numpy as np

from destinai.paths.text import tfidf


def descriptor_vectors(db: sqlite3.Connection) -> tuple[list[str], np.ndarray]:
    """O*NET codes and their z-scored, L2-normalised descriptor importance vectors."""
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for code, element, value in db.execute(
            "SELECT code, domain || element_id, importance FROM onet_ratings "
            "WHERE importance IS NOT NULL UNION ALL "
            "SELECT code, 'ws' || element_id, value FROM onet_scores "
            "WHERE domain = 'work_styles' AND value IS NOT NULL"):
        values[code][element] = value
    codes = sorted(values)
    elements = sorted({e for v in values.values() for e in v})
    if not codes:
        return [], np.zeros((0, 0), np.float32)
    col = {e: j for j, e in enumerate(elements)}
    matrix = np.full((len(codes), len(elements)), np.nan, np.float32)
    for i, code in enumerate(codes):
        for element, value in values[code].items():
            matrix[i, col[element]] = value
    mean = np.nanmean(matrix, axis=0)
    std = np.nanstd(matrix, axis=0)
    std[std == 0] = 1
    z = np.nan_to_num((matrix - mean) / std)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return codes, z / norms


def task_vectors(db: sqlite3.Connection):
    """O*NET codes and TF-IDF rows of their task statements (core tasks count twice)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for code, task, kind in db.execute("SELECT code, task, task_type FROM onet_tasks"):
        texts[code].append(task if kind != "Core" else f"{task} {task}")
    codes = sorted(texts)
    matrix, _ = tfidf([" ".join(texts[c]) for c in codes], max_df_share=0.3)
    return codes, matrix


def onet_similarity(db: sqlite3.Connection, links: dict[str, str],
                    occupations: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(descriptor, tasks, linked) for ESCO occupations: two dense matrices and a mask.

    Cells for unlinked occupations are NaN. Descriptor cosine is mapped to 0..1 as (1+cos)/2.
    """
    n = len(occupations)
    linked = np.array([occ in links for occ in occupations])
    out = []
    for kind in ("descriptors", "tasks"):
        codes, vectors = (descriptor_vectors(db) if kind == "descriptors"
                          else task_vectors(db))
        index = {c: i for i, c in enumerate(codes)}
        pos = np.array([index.get(links.get(o, ""), -1) for o in occupations])
        have = pos >= 0
        full = np.full((n, n), np.nan, np.float32)
        if have.any():
            sub = vectors[pos[have]]
            sim = sub @ sub.T
            sim = np.asarray(sim.todense() if hasattr(sim, "todense") else sim, np.float32)
            if kind == "descriptors":
                sim = (1 + sim) / 2
            full[np.ix_(have, have)] = sim
        out.append(full)
    return out[0], out[1], linked
