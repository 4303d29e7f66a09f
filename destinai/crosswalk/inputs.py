"""What the crosswalk builder reads from the catalog, gathered into plain arrays and texts."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

import numpy as np


@dataclass
class CrosswalkInputs:
    """ESCO occupations on one side, O*NET-SOC 2019 occupations on the other."""

    uris: list[str]
    labels: list[str]
    alt_labels: list[list[str]]          # includes the preferred label
    descriptions: list[str]
    skill_texts: list[str]               # labels of the essential then optional skills
    isco: list[str]                      # ISCO-08 unit group ('' when missing)
    ancestors: list[list[int]]           # ESCO broader occupations, nearest first (indexes)
    codes: list[str]
    soc: list[str]
    titles: list[str]
    onet_descriptions: list[str]
    task_texts: list[str]                # tasks, technology skills, knowledge names
    job_zone: np.ndarray                 # 0 when O*NET gives none
    alt_titles: list[tuple[int, str]]    # (code index, title) including the official titles
    isco_soc: dict[str, list[str]] = field(default_factory=dict)   # ISCO unit -> SOC 2010
    soc_2010_to_2019: dict[str, list[str]] = field(default_factory=dict)
    reviewed: dict[int, set[int]] = field(default_factory=dict)    # occupation -> codes

    @property
    def n_occ(self) -> int:
        """Number of ESCO occupations."""
        return len(self.uris)

    @property
    def n_codes(self) -> int:
        """Number of O*NET-SOC 2019 occupations."""
        return len(self.codes)


def _grouped_text(db: sqlite3.Connection, sql: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, text in db.execute(sql):
        if text:
            grouped.setdefault(key, []).append(text)
    return grouped


def load_inputs(db: sqlite3.Connection) -> CrosswalkInputs:
    """Read ESCO occupations, O*NET occupations, the crosswalks and the reviewed links."""
    occ = db.execute("SELECT uri, label, alt_labels, coalesce(description, ''), "
                     "coalesce(isco_group, '') FROM occupations ORDER BY uri").fetchall()
    uris = [r[0] for r in occ]
    position = {u: i for i, u in enumerate(uris)}
    skills = _grouped_text(db, "SELECT r.occupation_uri, s.label FROM occupation_skills r "
                               "JOIN skills s ON s.uri = r.skill_uri "
                               "ORDER BY r.occupation_uri, r.relation, s.label")
    parent: dict[int, int] = {}
    for child, up in db.execute("SELECT uri, broader_uri FROM occupation_broader "
                                "WHERE broader_type = 'Occupation'"):
        if child in position and up in position:
            parent[position[child]] = position[up]
    ancestors = []
    for i in range(len(uris)):
        chain, seen, j = [], {i}, parent.get(i)
        while j is not None and j not in seen:
            chain.append(j)
            seen.add(j)
            j = parent.get(j)
        ancestors.append(chain)

    onet = db.execute("SELECT code, soc_code, title, coalesce(description, ''), "
                      "coalesce(job_zone, 0) FROM onet_occupations ORDER BY code").fetchall()
    codes = [r[0] for r in onet]
    code_pos = {c: i for i, c in enumerate(codes)}
    tasks = _grouped_text(db, "SELECT code, task FROM onet_tasks ORDER BY code, task_type, task_id")
    for code, text in db.execute(
            "SELECT code, group_concat(DISTINCT commodity_title) FROM onet_technology_skills "
            "GROUP BY code"):
        tasks.setdefault(code, []).append(text or "")
    for code, text in db.execute(
            "SELECT code, group_concat(element_name, '. ') FROM onet_ratings "
            "WHERE domain = 'knowledge' AND importance >= 3 GROUP BY code"):
        tasks.setdefault(code, []).append(text or "")
    alt_titles = [(code_pos[c], r[2]) for r in onet for c in [r[0]]]
    alt_titles += [(code_pos[c], t) for c, t in db.execute(
        "SELECT code, title FROM onet_alternate_titles") if c in code_pos]
    alt_titles.sort()

    isco_soc: dict[str, list[str]] = {}
    for isco, soc in db.execute("SELECT isco_code, soc2010_code FROM xw_isco_soc"):
        isco_soc.setdefault(isco, []).append(soc.strip())
    walk: dict[str, list[str]] = {}
    for old, new in db.execute("SELECT code_2010, code_2019 FROM xw_onet_2010_2019"):
        if new in code_pos:
            walk.setdefault(old[:7], []).append(new)
    reviewed: dict[int, set[int]] = {}
    for uri, code in db.execute(
            "SELECT esco_uri, onet_code FROM occupation_onet WHERE method = 'reviewed'"):
        if uri in position and code in code_pos:
            reviewed.setdefault(position[uri], set()).add(code_pos[code])

    return CrosswalkInputs(
        uris=uris, labels=[r[1] for r in occ],
        alt_labels=[sorted(set(json.loads(r[2] or "[]")) | {r[1]}) for r in occ],
        descriptions=[r[3] for r in occ],
        skill_texts=[". ".join(skills.get(u, [])) for u in uris],
        isco=[r[4] for r in occ], ancestors=ancestors,
        codes=codes, soc=[r[1] for r in onet], titles=[r[2] for r in onet],
        onet_descriptions=[r[3] for r in onet],
        task_texts=[" ".join(tasks.get(c, [])) for c in codes],
        job_zone=np.array([r[4] for r in onet], dtype=np.float32),
        alt_titles=alt_titles, isco_soc=isco_soc, soc_2010_to_2019=walk, reviewed=reviewed)
