"""ISCED-F 2013 fields of education: resolve free text or a code, and each field's knowledge.

ESCO's knowledge pillar hangs under ISCED-F groups (``skill_groups.isced_f``); a field's
knowledge is every skill below its group through ``skill_broader`` (skills may hang under other
skills). Free text is resolved by the field labels and by the fields that the best matching
knowledge skills belong to.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.search import search
from destinai.match.data import MatchData

ISCED_CODE = re.compile(r"^\d{2,4}$")


def _tree(catalog: Catalog) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(children, parents) maps of the skill hierarchy, built once per Catalog."""
    return catalog.derived("match.skill_tree", lambda: _load_tree(catalog))


def _load_tree(catalog: Catalog) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    children: dict[str, list[str]] = defaultdict(list)
    parents: dict[str, list[str]] = defaultdict(list)
    for uri, up in catalog.connection.execute("SELECT uri, broader_uri FROM skill_broader"):
        children[up].append(uri)
        parents[uri].append(up)
    return children, parents


def field_groups(catalog: Catalog) -> list[dict[str, Any]]:
    """All ISCED-F groups: uri, code, label."""
    return catalog.rows("SELECT uri, isced_f AS code, label FROM skill_groups "
                        "WHERE isced_f IS NOT NULL ORDER BY isced_f")


def resolve_field(catalog: Catalog, query: str) -> list[dict[str, Any]]:
    """ISCED-F groups for a code or free text, best first; NotFound with suggestions."""
    q = query.strip()
    groups = field_groups(catalog)
    if not q:
        raise NotFound("empty field of study")
    if ISCED_CODE.match(q):
        found = [g | {"matched_by": "isced_code"} for g in groups if g["code"] == q]
        if found:
            return found
        raise NotFound(f"no ISCED-F 2013 field with code {q}", _suggest(groups, q))
    labelled = [(fuzz.token_set_ratio(q.lower(), g["label"].lower()), g) for g in groups]
    exact = [g for score, g in labelled if score >= 95 and len(g["code"]) >= 3]
    if exact:  # the broadest group carrying that label (it includes its narrower fields)
        best = min(exact, key=lambda g: len(g["code"]))
        return [best | {"matched_by": "label"}]
    votes = _votes(catalog, q)
    if not votes:
        raise NotFound(f"no field of education matches {q!r}", _suggest(groups, q))
    by_code = {g["code"]: g for g in groups}
    top = votes.most_common(1)[0][1]
    return [by_code[c] | {"matched_by": "knowledge_search", "votes": round(v, 2)}
            for c, v in votes.most_common(3) if v >= 0.5 * top and c in by_code]


def _votes(catalog: Catalog, q: str) -> Counter[str]:
    """Detailed ISCED-F fields of the knowledge skills that match ``q``, rank-weighted."""
    _, parents = _tree(catalog)
    votes: Counter[str] = Counter()
    hits = [h for h in search(catalog, q, "skill", 25) if h["skill_type"] == "knowledge"]
    for rank, hit in enumerate(hits[:15]):
        for code in _isced_ancestors(parents, hit["uri"]):
            if len(code) == 4:
                votes[code] += 1 / (1 + rank)  # type: ignore[assignment]  # float votes
    return votes


def _isced_ancestors(parents: dict[str, list[str]], uri: str) -> set[str]:
    out, todo, seen = set(), [uri], set()
    while todo:
        node = todo.pop()
        for up in parents.get(node, []):
            if up not in seen:
                seen.add(up)
                if "/isced-f/" in up:
                    out.add(up.rsplit("/", 1)[1])
                todo.append(up)
    return out


def _suggest(groups: list[dict[str, Any]], q: str) -> list[dict[str, Any]]:
    scored = sorted(groups, key=lambda g: -fuzz.WRatio(q, g["label"]))
    return [{"uri": g["uri"], "label": f"{g['label']} (ISCED-F {g['code']})"}
            for g in scored[:5]]


def field_skills(catalog: Catalog, data: MatchData, groups: list[dict[str, Any]]) -> np.ndarray:
    """Indices of every skill below the given ISCED-F groups."""
    children, _ = _tree(catalog)
    index = data.index.matrix.skill_index
    found, todo, seen = set(), [g["uri"] for g in groups], set()
    while todo:
        node = todo.pop()
        for child in children.get(node, []):
            if child not in seen:
                seen.add(child)
                if child in index:
                    found.add(index[child])
                todo.append(child)
    return np.array(sorted(found), np.int64)


def field_fit(data: MatchData, skills: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per occupation (fit, share, depth), all 0..1.

    share: the part of the occupation's knowledge (weighted, optional at half) inside the field;
    depth: how much field knowledge it draws on, relative to the 95th percentile occupation;
    fit = (share + depth) / 2.
    """
    m = data.index.matrix
    knowledge = np.array([t == "knowledge" for t in data.index.skill_types])
    mask = np.zeros(len(m.skills), bool)
    mask[skills] = True
    weights = m.weights
    relation = m.essential + 0.5 * m.optional
    inside = relation @ (weights * mask)
    total = relation @ (weights * (knowledge | mask))
    share = np.divide(inside, total, out=np.zeros_like(inside), where=total > 0)
    positive = inside[inside > 0]
    ref = float(np.percentile(positive, 95)) if len(positive) else 1.0
    depth = np.minimum(1.0, inside / max(ref, 1e-9))
    return (share + depth) / 2, share, depth


def focus_fit(catalog: Catalog, data: MatchData, query: str, hits: int = 8) -> np.ndarray | None:
    """Per occupation 0..1: use of the skills that best match the free-text field name.

    ISCED-F fields are broad ("political sciences and civics"); the words the person typed
    ("international relations") pick out the skills that matter most inside it.
    """
    if ISCED_CODE.match(query.strip()):
        return None
    m = data.index.matrix
    vector = np.zeros(len(m.skills))
    for rank, hit in enumerate(search(catalog, query, "skill", hits)):
        s = m.skill_index.get(hit["uri"])
        if s is not None and hit["matched"] == "all words":
            vector[s] = 1 / (1 + rank)
    if not vector.any():
        return None
    used = (m.essential + 0.5 * m.optional) @ vector
    return used / max(float(used.max()), 1e-9)
