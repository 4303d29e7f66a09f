"""Per-process lookup tables for sector overviews, loaded once per catalog file.

A sector can hold hundreds of occupations (ISCO major group 7 has 392), so aggregating its
skill relations, fields of study and similarity edges with SQL at request time costs about a
second. The catalog is read-only between builds, so these tables are read once (about 0.5 s)
and kept, keyed by the catalog's path and modification time: a rebuilt catalog is re-read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.paths.index import load_index
from destinai.profiles.wording import soft_skill_uris

KINDS = ("skills", "knowledge", "transversal", "language")


@dataclass(frozen=True)
class SectorIndex:
    """Skill relations by occupation, skill attributes, knowledge fields, similarity edges."""

    uris: list[str]  # occupation uris: the rows of the matrices, the ids of the edges
    position: dict[str, int]
    labels: list[str]  # occupation label and ISCO group, by row
    isco: list[str]
    skill_uris: list[str]  # the columns of the skill matrices
    skills: list[dict[str, Any]]  # label, skill_type, kind (skills|knowledge|transversal|language)
    essential: sparse.csr_matrix  # occupation x skill, 1 where essential
    anywhere: sparse.csr_matrix  # occupation x skill, 1 where essential or optional
    field_codes: list[tuple[str, str]]  # (isced_f, label): the columns of ``fields``
    fields: np.ndarray  # occupation x field, True when an essential knowledge skill reaches it
    kind: np.ndarray  # skill column -> index into KINDS
    facts: dict[str, dict[str, Any]]  # occupation -> its row of the members' table
    origin: np.ndarray
    target: np.ndarray
    similarity: np.ndarray


def index_for(catalog: Catalog) -> SectorIndex:
    """The index of ``catalog`` (loaded on first use, then reused)."""
    return catalog.derived("profiles.sector_index", lambda: _load(catalog))


def _load(catalog: Catalog) -> SectorIndex:
    occupations = catalog.rows("SELECT uri, label, isco_group FROM occupations ORDER BY uri")
    uris = [r["uri"] for r in occupations]
    position = {u: i for i, u in enumerate(uris)}
    rows = catalog.rows("SELECT uri, label, skill_type, is_language FROM skills ORDER BY uri")
    soft = soft_skill_uris(catalog, [r["uri"] for r in rows])
    skill_uris = [r["uri"] for r in rows]
    column = {u: i for i, u in enumerate(skill_uris)}
    skills = [{"label": r["label"], "skill_type": r["skill_type"], "kind": (
        "language" if r["is_language"] else "transversal" if r["uri"] in soft else
        "knowledge" if r["skill_type"] == "knowledge" else "skills")} for r in rows]
    # plain tuples: dicts for 124,000 relations and 240,000 edges cost seconds
    raw = catalog.connection
    links = [(position[o], column[k], rel) for o, k, rel in raw.execute(
        "SELECT occupation_uri, skill_uri, relation FROM occupation_skills")
        if o in position and k in column]
    shape = (len(uris), len(skill_uris))

    def matrix(selected: list[tuple[int, int, str]]) -> sparse.csr_matrix:
        return sparse.csr_matrix((np.ones(len(selected), np.int32),
                                  ([x[0] for x in selected], [x[1] for x in selected])),
                                 shape=shape)

    essential = matrix([x for x in links if x[2] == "essential"])
    anywhere = matrix(links)
    reach: dict[str, list[tuple[str, str]]] = {}
    for r in catalog.rows(
            "WITH RECURSIVE up(skill, uri, depth) AS (SELECT uri, uri, 0 FROM skills WHERE "
            "skill_type = 'knowledge' UNION SELECT up.skill, b.broader_uri, depth + 1 FROM up "
            "JOIN skill_broader b ON b.uri = up.uri WHERE depth < 8) SELECT DISTINCT up.skill, "
            "g.isced_f, g.label FROM up JOIN skill_groups g ON g.uri = up.uri WHERE "
            "length(g.isced_f) = 3"):
        reach.setdefault(r["skill"], []).append((r["isced_f"], r["label"]))
    field_codes = sorted({f for found in reach.values() for f in found})
    field_column = {f: i for i, f in enumerate(field_codes)}
    skill_fields = sparse.csr_matrix(
        (np.ones(sum(len(v) for v in reach.values()), np.int32),
         ([column[u] for u, v in reach.items() for _ in v],
          [field_column[f] for v in reach.values() for f in v])),
        shape=(len(skill_uris), len(field_codes)))
    fields = np.asarray((essential @ skill_fields).todense()) > 0
    # occupation-to-occupation similarity edges: the career-paths index's stored top-k edges
    paths = load_index(catalog)
    names = paths.matrix.occupations
    keep = np.array([names[i] in position for i in range(len(names))], bool)
    src, dst = paths.edge_src, paths.edge_dst
    both = keep[src] & keep[dst]
    origin = np.array([position[names[i]] for i in src[both].tolist()], np.int32)
    target = np.array([position[names[i]] for i in dst[both].tolist()], np.int32)
    similarity = paths.edge_cols["similarity"][both].astype(np.float32)
    kind = np.array([KINDS.index(x["kind"]) for x in skills], np.int8)
    facts = {r["uri"]: r for r in catalog.rows(
        "SELECT o.uri, o.label, o.code, o.isco_group, f.onet_code, f.job_zone, "
        "f.job_zone_estimated, f.wage_annual_median, f.wage_soc, f.education_isced, "
        "f.isco_major, f.isco_sub_major FROM occupations o LEFT JOIN occupation_facts f "
        "ON f.uri = o.uri")}
    return SectorIndex(uris, position, [r["label"] for r in occupations],
                       [r["isco_group"] or "" for r in occupations], skill_uris, skills,
                       essential, anywhere, field_codes, fields, kind, facts, origin, target,
                       similarity)
