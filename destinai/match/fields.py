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
from destinai.search.embedder import get_embedder
from destinai.search.text import fold

ISCED_CODE = re.compile(r"^\d{2,4}$")
PROGRAMME_COSINE = 0.95   # embedding similarity for reading free text as a programme name
PROGRAMME_VOTE = 1.0      # weight of a near programme's vote (× cosine²) for its field
PROGRAMME_FLOOR = 0.45    # programmes this close take part in the vote
RELATED_FIELDS = 3
RELATED_COSINE = 0.5      # other readings offered must be at least this close


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


def programmes(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Folded name -> (ISCED-F code, name as written): every detailed field's label and the
    programmes ISCED-F 2013 lists as its main content ("Computer science" under 0613)."""
    return catalog.derived("match.programmes", lambda: _programmes(catalog))


def _programmes(catalog: Catalog) -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for g in catalog.rows("SELECT isced_f AS code, label, description FROM skill_groups "
                          "WHERE isced_f IS NOT NULL AND length(isced_f) = 4"):
        if "not elsewhere classified" in g["label"] or "not further defined" in g["label"]:
            continue
        names.setdefault(fold(g["label"]), (g["code"], g["label"]))
        text = (g["description"] or "").split("===")[0]
        if "classified here:" in text:
            for line in text.split("classified here:", 1)[1].splitlines():
                if line.strip() and len(line.split()) <= 8:
                    names.setdefault(fold(line), (g["code"], line.strip()))
    return names


def resolve_field(catalog: Catalog, query: str) -> list[dict[str, Any]]:
    """ISCED-F groups for a code or free text, best first; NotFound with suggestions.

    Free text is read as a student means it: a detailed field's name or a programme ISCED-F
    lists under it ("international relations" -> 0312), else the closest such name by the
    search engine's embeddings, else the fields of the best matching knowledge skills. The
    first group is the one used; the others are ``related`` readings the user can pick.
    """
    q = query.strip()
    groups = field_groups(catalog)
    if not q:
        raise NotFound("empty field of study")
    by_code = {g["code"]: g for g in groups}
    if ISCED_CODE.match(q):
        if q in by_code:
            return [by_code[q] | {"matched_by": "isced_code"}]
        raise NotFound(f"no ISCED-F 2013 field with code {q}", _suggest(groups, q))
    names = programmes(catalog)
    wanted = fold(q)
    for variant in (wanted, wanted.removesuffix("s"), wanted.removeprefix("studies in ")):
        if variant in names:
            code, name = names[variant]
            return [by_code[code] | {"matched_by": "isced_f_programme", "programme": name},
                    *_related(catalog, q, {code}, by_code)]
    close = _closest_programmes(catalog, q)
    if not close or close[0][0] < PROGRAMME_FLOOR:
        # nothing a student could mean ("qqqq zzzz", "lorem ipsum"): say so, never guess
        raise NotFound(f"no field of education matches {q!r}", _suggest(groups, q))
    if close[0][0] >= PROGRAMME_COSINE:
        score, code, name = close[0]
        return [by_code[code] | {"matched_by": "closest_programme", "programme": name,
                                 "similarity": round(score, 3)},
                *_related(catalog, q, {code}, by_code)]
    # no programme is close enough alone: the nearest programmes and the fields of the best
    # matching knowledge skills vote together
    votes = _votes(catalog, q)
    top_votes = max(votes.values(), default=0.0) or 1.0
    combined: dict[str, float] = {c: v / top_votes for c, v in votes.items()}
    for score, code, _ in close[:8]:
        if score >= PROGRAMME_FLOOR:
            combined[code] = combined.get(code, 0.0) + PROGRAMME_VOTE * score ** 2
    if not combined:
        raise NotFound(f"no field of education matches {q!r}", _suggest(groups, q))
    code = max(combined.items(), key=lambda kv: kv[1])[0]
    return [by_code[code] | {"matched_by": "programmes_and_knowledge",
                             "votes": round(combined[code], 2)},
            *_related(catalog, q, {code}, by_code)]


def _closest_programmes(catalog: Catalog, q: str) -> list[tuple[float, str, str]]:
    """(cosine, code, programme) of the nearest programme names, best first."""
    names = programmes(catalog)
    vectors = catalog.derived("match.programme_vectors", lambda: get_embedder().encode(
        [n for _, n in names.values()]))
    cos = vectors @ get_embedder().encode([q])[0]
    entries = list(names.values())
    order = np.argsort(-cos)[:10]
    return [(float(cos[i]), entries[i][0], entries[i][1]) for i in order]


def _related(catalog: Catalog, q: str, used: set[str], by_code: dict[str, dict[str, Any]]
             ) -> list[dict[str, Any]]:
    """Other fields the words could mean, for the user to switch to (not used by default)."""
    out: list[dict[str, Any]] = []
    for score, code, name in _closest_programmes(catalog, q):
        if code not in used and len(out) < RELATED_FIELDS and score >= RELATED_COSINE:
            used.add(code)
            out.append(by_code[code] | {"matched_by": "related", "programme": name,
                                        "related": True})
    return out


def _votes(catalog: Catalog, q: str) -> Counter[str]:
    """Detailed ISCED-F fields of the knowledge skills that match ``q``, rank-weighted."""
    _, parents = _tree(catalog)
    votes: Counter[str] = Counter()
    from destinai.search.hybrid import search_hybrid

    found = search_hybrid(catalog, q, "skill", 40)
    kinds = {r["uri"]: r["skill_type"] for r in catalog.rows(
        f"SELECT uri, skill_type FROM skills WHERE uri IN ({','.join('?' * len(found))})",
        [h["uri"] for h in found])} if found else {}
    hits = [h for h in found if kinds.get(h["uri"]) == "knowledge"]
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
    """Indices of every skill below the given ISCED-F groups (``related`` ones left out)."""
    children, _ = _tree(catalog)
    index = data.index.matrix.skill_index
    found, todo, seen = set(), [g["uri"] for g in groups if not g.get("related")], set()
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

    share: the part of the occupation's knowledge (weighted, optional at half) inside the field,
    of at least a typical occupation's knowledge (so none or a little never makes a full fit);
    depth: how much field knowledge it draws on, relative to the 95th percentile occupation;
    fit = (share + depth) / 2.
    """
    m = data.index.matrix
    knowledge = data.is_knowledge
    mask = np.zeros(len(m.skills), bool)
    mask[skills] = True
    weights = m.weights
    relation = data.uses
    inside = relation @ (weights * mask)
    total = relation @ (weights * (knowledge | mask))
    # an occupation with little knowledge of any kind cannot be "all in the field": the share
    # is taken of at least a typical occupation's knowledge (its 25th percentile)
    floor = float(np.percentile(total[total > 0], 25)) if (total > 0).any() else 1.0
    share = inside / np.maximum(total, floor)
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
    used = data.uses @ vector
    return used / max(float(used.max()), 1e-9)


def field_shares(catalog: Catalog, data: MatchData) -> tuple[list[str], np.ndarray]:
    """(codes, occupation × detailed field share of knowledge), every 4-digit ISCED-F field;
    built once per catalog: where each occupation's knowledge lies."""
    if "field_shares" not in data.cache:
        groups = [g for g in field_groups(catalog) if len(g["code"]) == 4]
        shares = _shares(data, [field_skills(catalog, data, [g]) for g in groups]) if groups \
            else np.zeros((len(data.index.matrix.occupations), 0))
        data.cache["field_shares"] = ([g["code"] for g in groups], shares)
    return data.cache["field_shares"]  # type: ignore[return-value]


def _shares(data: MatchData, fields: list[np.ndarray]) -> np.ndarray:
    """``field_fit``'s share for many fields at once, the same numbers to the bit: the weighted
    field knowledge of every occupation in one sparse product (the same sums in the same
    order as one product per field), and the knowledge total once for every field whose
    skills are all knowledge (its ``knowledge | mask`` is then ``knowledge``)."""
    from scipy import sparse

    m = data.index.matrix
    knowledge, weights, relation = data.is_knowledge, m.weights, data.uses
    rows = np.concatenate(fields)
    cols = np.repeat(np.arange(len(fields)), [len(f) for f in fields])
    inside = (relation @ sparse.csr_matrix((weights[rows], (rows, cols)),
                                           shape=(len(m.skills), len(fields)))).toarray()
    shared = relation @ (weights * knowledge)
    out = np.empty_like(inside)
    for j, skills in enumerate(fields):
        total = shared
        if not knowledge[skills].all():
            mask = np.zeros(len(m.skills), bool)
            mask[skills] = True
            total = relation @ (weights * (knowledge | mask))
        floor = float(np.percentile(total[total > 0], 25)) if (total > 0).any() else 1.0
        out[:, j] = inside[:, j] / np.maximum(total, floor)
    return out


def share_elsewhere(catalog: Catalog, data: MatchData, groups: list[dict[str, Any]]
                    ) -> np.ndarray:
    """Per occupation: the largest share of its knowledge in one detailed field other than
    the ones used (``groups`` without the ``related`` readings)."""
    codes, shares = field_shares(catalog, data)
    used = {g["code"] for g in groups if not g.get("related")}
    cols = [i for i, c in enumerate(codes) if not any(c.startswith(u) for u in used)]
    if not cols:
        return np.zeros(len(data.index.matrix.occupations))
    return shares[:, cols].max(axis=1)
