"""Build-time step of the paths feature (see destinai.catalog.steps).

Creates ``skill_neighbours`` (partial credit between skills) and ``occupation_facts`` (job zone,
wage, education, ISCO groups), and stores the skill matrices and the top-K edges per origin
(with the similarity components) as numpy blobs in ``paths_arrays``, which is what the
query-time index loads, so that matching, paths and routes only read precomputed data.
"""

from __future__ import annotations

import json
import sqlite3
import time

import numpy as np

from destinai.catalog.build_worker import Apart, one_process
from destinai.catalog.stepcache import cache_path, replay_or_run
from destinai.catalog.steps import BuildContext, read_sql
from destinai.paths.facts import build_facts
from destinai.paths.lines import LINE_COLUMNS, candidate_mask, line_of_work
from destinai.paths.matrices import load_skill_matrix, matrix_arrays
from destinai.paths.seniority import build_seniority, structural_score
from destinai.paths.similarity import TOP_K, WEIGHTS, similarity_components, top_k_edges
from destinai.paths.skill_similarity import skill_neighbours
from destinai.paths.store import DDL as ARRAYS_DDL
from destinai.paths.store import save_arrays

DDL = read_sql("destinai.paths", "schema.sql")

# a destination at least this much more senior is a step up (engine.ADVANCEMENT_STEP)
CANDIDATE_STEP = 0.5


TABLES = ("skill_neighbours", "occupation_facts", "occupation_seniority", "paths_arrays")
# what ``skill_neighbours`` reads: imported ESCO tables, so it can start before the crosswalk
NEIGHBOUR_TABLES = ("skills", "skill_relations")


def prepare(db: sqlite3.Connection, context: BuildContext) -> None:
    """Unless the cache holds the step, start the skill neighbours (~4 s of an empty-cache
    build) in a second process now, while the crosswalk and the search index are built."""
    if one_process() or cache_path(context, "paths", parameters()).is_file():
        return
    context.prepared["paths"] = Apart(db, NEIGHBOUR_TABLES, skill_neighbours)


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Precompute skill neighbours, occupation facts and top-K occupation similarity (replayed
    from the cache when the release files and the code are unchanged)."""
    started = time.perf_counter()
    record = replay_or_run(db, context, "paths", TABLES, lambda: compute(db, context),
                           parameters())
    return {**record, "seconds": round(time.perf_counter() - started, 2)}


def compute(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Create and fill the step's ``TABLES``; returns the figures for the build record."""
    db.executescript(DDL + ARRAYS_DDL)
    context.say("paths: skill neighbours")
    apart = context.prepared.pop("paths", None)
    neighbours = apart.result() if apart is not None else skill_neighbours(db)
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
    }


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    from destinai.paths import (
        facts,
        lines,
        matrices,
        occupation_text,
        seniority,
        similarity,
        skill_similarity,
    )
    from destinai.text import TEXT_VERSION

    return {"top_k": TOP_K, "weights": WEIGHTS, "covered": similarity.COVERED, "text": TEXT_VERSION,
            "neighbours": skill_similarity.NEIGHBOURS,
            "min_text_similarity": skill_similarity.MIN_TEXT_SIMILARITY,
            "related_similarity": skill_similarity.RELATED_SIMILARITY,
            "max_credit": skill_similarity.MAX_CREDIT, "reuse_factor": matrices.REUSE_FACTOR,
            "embedding_share": occupation_text.EMBEDDING_SHARE,
            "isco_job_zone_estimate": facts.ISCO_ESTIMATE,
            "onet_education_isced": facts.ONET_EDUCATION_ISCED,
            "candidate_step": CANDIDATE_STEP,
            "line_weights": [lines.TITLE_WEIGHT, lines.SUPERVISION_WEIGHT, lines.BROADER_WEIGHT],
            "supervises": lines.SUPERVISES, "manages": lines.MANAGES,
            "assists": [lines.ASSISTS, lines.ASSIST_WEIGHT],
            "candidates": [lines.UP_CANDIDATES, lines.DOWN_CANDIDATES],
            "seniority": {"titles": seniority.TITLE_POINTS,
                          "missing_wage": "nearest ISCO-08 group median",
                          "responsibility": seniority.RESPONSIBILITY.pattern,
                          "unconfirmed_leadership": seniority.UNCONFIRMED_SHARE}}
