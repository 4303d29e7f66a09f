"""Build-time step of the paths feature (see destinai.catalog.steps).

Creates ``skill_neighbours`` (partial credit between skills), ``occupation_facts`` (job zone,
wage, education, ISCO groups) and ``occupation_similarity`` (top-K destinations per origin with
the similarity components), so that matching, paths and routes only read precomputed tables.
The skill matrices and the edges are also stored as numpy blobs (``paths_arrays``), which is
what the query-time index loads.
"""

from __future__ import annotations

import json
import sqlite3
import time

import numpy as np

from destinai.catalog.steps import BuildContext
from destinai.paths.facts import build_facts
from destinai.paths.lines import LINE_COLUMNS, candidate_mask, line_of_work
from destinai.paths.matrices import load_skill_matrix, matrix_arrays
from destinai.paths.seniority import build_seniority, structural_score
from destinai.paths.similarity import COMPONENTS, TOP_K, WEIGHTS, similarity_components, top_k_edges
from destinai.paths.skill_similarity import skill_neighbours
from destinai.paths.store import DDL as ARRAYS_DDL
from destinai.paths.store import save_arrays

DDL = """
DROP TABLE IF EXISTS skill_neighbours;
CREATE TABLE skill_neighbours (
    skill_uri TEXT NOT NULL,
    neighbour_uri TEXT NOT NULL,
    similarity REAL NOT NULL,       -- partial credit 0..1 when neighbour stands in for skill
    source TEXT NOT NULL,           -- text | related | text+related
    PRIMARY KEY (skill_uri, neighbour_uri)
) WITHOUT ROWID;
DROP TABLE IF EXISTS occupation_similarity;
CREATE TABLE occupation_similarity (
    origin_uri TEXT NOT NULL,
    target_uri TEXT NOT NULL,
    similarity REAL NOT NULL,
    essential REAL NOT NULL,
    all_skills REAL NOT NULL,
    onet_descriptors REAL NOT NULL,
    onet_tasks REAL NOT NULL,
    occupation_text REAL NOT NULL,
    isco_proximity REAL NOT NULL,
    onet_imputed INTEGER NOT NULL,  -- 1 when an end has no O*NET link (components imputed)
    missing_essential INTEGER NOT NULL,  -- target's essential skills the origin lacks
    PRIMARY KEY (origin_uri, target_uri)
) WITHOUT ROWID;
DROP TABLE IF EXISTS occupation_seniority;
CREATE TABLE occupation_seniority (
    uri TEXT PRIMARY KEY,
    score REAL NOT NULL,            -- seniority in levels (destinai/paths/seniority.py)
    evidence TEXT NOT NULL          -- JSON list of {kind, points, text}
) WITHOUT ROWID;
"""

# a destination at least this much more senior is a step up (engine.ADVANCEMENT_STEP)
CANDIDATE_STEP = 0.5


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Precompute skill neighbours, occupation facts and top-K occupation similarity."""
    started = time.perf_counter()
    db.executescript(DDL + ARRAYS_DDL)
    context.say("paths: skill neighbours")
    neighbours = skill_neighbours(db)
    db.executemany("INSERT INTO skill_neighbours VALUES (?,?,?,?)", neighbours)
    facts = build_facts(db)
    context.say("paths: occupation similarity")
    matrix = load_skill_matrix(db)
    save_arrays(db, matrix_arrays(matrix))
    if not matrix.occupations:
        return {"skill_neighbours": len(neighbours), "occupations": 0}
    parts = similarity_components(db, matrix)
    seniority, evidence = build_seniority(db, matrix.occupations)
    db.executemany("INSERT INTO occupation_seniority VALUES (?,?,?)",
                   zip(matrix.occupations, seniority, evidence, strict=True))
    score = np.array(seniority, np.float32)
    structural = np.array([structural_score(json.loads(e)) for e in evidence], np.float32)
    save_arrays(db, {"occupation.seniority": score, "occupation.seniority_structural": structural,
                     "occupation.seniority_evidence": evidence})
    lines = line_of_work(db, matrix.occupations, parts["similarity"])
    edges = top_k_edges(parts, extra=candidate_mask(lines["line"], score, structural,
                                                    CANDIDATE_STEP))
    for name in LINE_COLUMNS:
        edges[name] = lines[name][edges["src"], edges["dst"]]
    save_arrays(db, {f"edge.{k}": v for k, v in edges.items()})
    uris = np.array(matrix.occupations, dtype=object)
    columns = [uris[edges["src"]], uris[edges["dst"]],
               *(np.round(edges[c].astype(np.float64), 4) for c in ("similarity", *COMPONENTS)),
               edges["onet_imputed"].astype(int), edges["missing_essential"].astype(int)]
    db.executemany("INSERT INTO occupation_similarity VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   zip(*(c.tolist() for c in columns), strict=True))
    db.execute("CREATE INDEX occupation_similarity_target ON occupation_similarity(target_uri)")
    sim = parts["similarity"]
    off = ~np.eye(len(sim), dtype=bool)
    return {
        "skill_neighbours": len(neighbours),
        "occupations": facts,
        "similarity_rows": len(edges["src"]),
        "top_k": TOP_K,
        "weights": WEIGHTS,
        "similarity_percentiles": {str(p): round(float(v), 4) for p, v in zip(
            (50, 90, 98.5, 99), np.percentile(sim[off], [50, 90, 98.5, 99]) if off.any()
            else (0, 0, 0, 0), strict=True)},
        "seconds": round(time.perf_counter() - started, 2),
    }
