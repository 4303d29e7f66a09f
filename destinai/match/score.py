"""Rank every occupation for a profile, with the parts of the score and a sentence why.

skills = 0.60 × essential coverage + 0.15 × optional coverage + 0.25 × profile relevance,
where coverage is weighted by skill specificity (IDF over occupations × reuse level) and close
skills earn partial credit; relevance is the share of the profile's own skills the occupation
uses, optional skills at half (so a narrow occupation does not win on a broad profile just
by being small).
total = weighted mean of the available parts: skills 0.70, education 0.15, interests 0.15.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import RIASEC, MatchData, match_data
from destinai.match.fields import field_fit, field_skills, resolve_field
from destinai.match.profile import Profile
from destinai.paths.similarity import COVERED

SKILL_PARTS = {"essential": 0.45, "optional": 0.10, "relevance": 0.30, "words": 0.15}
WORDS_DEPTH = 40         # occupations the search engine ranks for the person's own words
HAS_SKILL = 0.5          # credit from which a skill counts as held (directly or a close one)
OPTIONAL_USE = 0.5       # an optional skill is worth half an essential one in relevance
TOTAL_PARTS = {"skills": 0.70, "education": 0.15, "interests": 0.15}
RIASEC_WEIGHTS = (3.0, 2.0, 1.0)


def credit(data: MatchData, profile: Profile) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    """(held, credit, stand_in): direct strengths, credit with close skills, who stood in."""
    m = data.index.matrix
    held = np.zeros(len(m.skills), np.float32)
    for s, (strength, _) in profile.skills.items():
        held[s] = strength
    out = held.copy()
    via: dict[int, int] = {}
    nb = m.neighbours
    for s, (strength, _) in profile.skills.items():
        lo, hi = nb.indptr[s], nb.indptr[s + 1]
        for t, sim in zip(nb.indices[lo:hi], nb.data[lo:hi], strict=True):
            if held[t] == 0 and strength * sim > out[t]:
                out[t] = strength * sim
                via[int(t)] = s
    return held, out, via


def phrase_relevance(data: MatchData, profile: Profile, cred: np.ndarray,
                     gate: np.ndarray) -> np.ndarray:
    """Per occupation 0..1: the weighted share of what the person said that it uses.

    Each phrase (or CV skill, or a job title's skills) counts once, at the best credit any of
    its readings or their close skills earn there; optional skills count half and only where
    an essential skill is held too.
    """
    m = data.index.matrix
    nb = m.neighbours
    ess_c, opt_c = m.essential.tocsc(), m.optional.tocsc()
    n = len(m.occupations)
    total, weight_sum = np.zeros(n), 0.0
    for weight, group in profile.phrase_groups():
        credit_of: dict[int, float] = {}
        for s, strength in group.items():
            credit_of[s] = max(credit_of.get(s, 0.0), strength)
            lo, hi = nb.indptr[s], nb.indptr[s + 1]
            for t, sim in zip(nb.indices[lo:hi], nb.data[lo:hi], strict=True):
                credit_of[int(t)] = max(credit_of.get(int(t), 0.0), strength * float(sim))
        cols = np.fromiter(credit_of, np.int64, len(credit_of))
        values = np.fromiter(credit_of.values(), np.float64, len(credit_of))
        best = (ess_c[:, cols].multiply(values[None, :])).max(axis=1).toarray().ravel()
        best_opt = (opt_c[:, cols].multiply(values[None, :])).max(axis=1).toarray().ravel()
        total += weight * np.maximum(best, OPTIONAL_USE * gate * best_opt)
        weight_sum += weight
    return total / max(weight_sum, 1e-9)


def words_fit(catalog: Catalog, data: MatchData, text: str | None) -> np.ndarray:
    """Per occupation 0..1: how high the search engine ranks it for the person's own words."""
    out = np.zeros(len(data.index.matrix.occupations))
    if not text:
        return out
    from destinai.search.hybrid import search_hybrid

    hits = search_hybrid(catalog, text, "occupation", WORDS_DEPTH)
    top = max((h["score"] for h in hits), default=1.0)
    for h in hits:
        o = data.index.matrix.occupation_index.get(h["uri"])
        if o is not None:
            out[o] = h["score"] / top
    return out


def level_fit(required: np.ndarray, level: int) -> np.ndarray:
    """1 when the level meets the typical requirement; −0.3 a level short; 0.85 if far above."""
    gap = required - level
    fit = np.where(gap > 0, np.maximum(0.0, 1 - 0.3 * gap), 1.0)
    return np.where(gap <= -3, 0.85, fit)


def interest_fit(data: MatchData, letters: str) -> np.ndarray:
    """Weighted mean of the occupation's O*NET interest scores for the letters (0..1)."""
    cols = [RIASEC.index(ch) for ch in letters]
    w = np.array(RIASEC_WEIGHTS[: len(cols)])
    return (data.interests[:, cols] * w).sum(axis=1) / w.sum()


def score_all(catalog: Catalog, profile: Profile) -> dict[str, Any]:
    """Scores of every occupation: arrays per part, plus the profile's vectors."""
    data = match_data(catalog)
    held, cred, via = credit(data, profile)
    n = len(data.index.matrix.occupations)
    parts: dict[str, np.ndarray] = {}
    weights: dict[str, float] = {}
    if profile.skills:
        m = data.index.matrix
        ess_direct = data.essential_w @ np.minimum(held, 1)
        ess = data.essential_w @ cred
        opt = data.optional_w @ cred
        et = np.maximum(data.essential_total, 1e-9)
        ot = data.optional_total
        parts["essential"] = ess / et
        parts["essential_direct"] = ess_direct / et
        # "has an essential skill": one essential skill held or covered by a close one
        has_essential = (m.essential @ (cred >= HAS_SKILL)) > 0
        gate = has_essential.astype(np.float64)
        parts["optional"] = gate * np.divide(opt, ot, out=np.zeros(n), where=ot > 0)
        parts["relevance"] = phrase_relevance(data, profile, cred, gate)
        parts["words"] = words_fit(catalog, data, profile.text)
        parts["skills"] = sum(SKILL_PARTS[k] * parts[k] for k in SKILL_PARTS)
        weights["skills"] = TOTAL_PARTS["skills"]
    education = []
    field_groups: list[dict[str, Any]] = []
    if profile.field_query:
        field_groups = resolve_field(catalog, profile.field_query)
        parts["field"] = field_fit(data, field_skills(catalog, data, field_groups))[0]
        education.append(parts["field"])
    if profile.level is not None:
        required = np.array([data.index.facts[u]["education_isced"] or 3
                             for u in data.index.matrix.occupations], np.float64)
        parts["level"] = level_fit(required, profile.level)
        education.append(parts["level"])
    if education:
        parts["education"] = np.mean(education, axis=0)
        weights["education"] = TOTAL_PARTS["education"]
    if profile.interests:
        fit = interest_fit(data, profile.interests)
        parts["interests_known"] = ~np.isnan(fit)
        parts["interests"] = np.nan_to_num(fit, nan=0.5)
        weights["interests"] = TOTAL_PARTS["interests"]
    total_w = sum(weights.values())
    parts["total"] = sum(weights[k] * parts[k] for k in weights) / total_w
    return {"data": data, "parts": parts, "weights": {k: v / total_w for k, v in weights.items()},
            "held": held, "credit": cred, "via": via, "field_groups": field_groups}


def missing_by_gain(data: MatchData, o: int, cred: np.ndarray, skills_weight: float,
                    limit: int = 8) -> list[dict[str, Any]]:
    """Essential skills not yet held, with the rise in total score each would bring."""
    m = data.index.matrix
    total = max(float(data.essential_total[o]), 1e-9)
    out = []
    for s in m.essential[o].indices:
        if cred[s] < 1:
            gain = skills_weight * SKILL_PARTS["essential"] * m.weights[s] * (1 - cred[s]) / total
            out.append((gain, int(s)))
    out.sort(reverse=True)
    return [{**data.index.skill_ref(s), "gain": round(float(g), 4),
             "partly_covered": bool(cred[s] > 0)} for g, s in out[:limit]]


def matched_skills(data: MatchData, o: int, held: np.ndarray, cred: np.ndarray,
                   via: dict[int, int]) -> list[dict[str, Any]]:
    """The occupation's skills the profile covers: held directly, or via a close skill."""
    m = data.index.matrix
    out = []
    for relation, mat in (("essential", m.essential), ("optional", m.optional)):
        for s in mat[o].indices:
            if held[s] > 0:
                out.append({**data.index.skill_ref(int(s)), "relation": relation,
                            "credit": round(float(cred[s]), 3)})
            elif cred[s] >= COVERED * 0.6 and int(s) in via:
                out.append({**data.index.skill_ref(int(s)), "relation": relation,
                            "credit": round(float(cred[s]), 3),
                            "stood_in_by": data.index.skill_ref(via[int(s)])})
    return out
