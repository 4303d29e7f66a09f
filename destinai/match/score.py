"""Rank every occupation for a profile, with the parts of the score.

skills = (0.40 × essential coverage + 0.25 × relevance + 0.25 × tasks + 0.10 × optional
coverage) × (1 + own-words fit) + title, where
- essential coverage is weighted by skill specificity (IDF over occupations × reuse level),
  close skills earn partial credit, and the total is smoothed by 4 median-weight skills: an
  occupation with two essential skills is not "fully covered" by two phrases (fishing net
  maker for a fisher), one with twenty is not sunk by the ones nobody lists;
- relevance is the share of the things the person said that the occupation uses (each phrase
  once, at its best reading);
- tasks is how well the phrases match the occupation's O*NET task statements;
- optional skills count only where the person holds at least one essential skill, so an
  optional-only match never outranks an occupation whose essential skills they have;
- own-words fit is where the search engine ranks the occupation for the person's own words;
- title: + 0.15 × the reading's confidence for the occupation of a job title the person holds
  (named, or opening a line of their CV), half for a doubtful reading; its first three
  alternatives get 0.8 of that at their own confidence (tuning half of the CV set).
total = weighted mean of the available parts: skills 0.70, education 0.15, interests 0.15.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.match.data import RIASEC, MatchData, match_data
from destinai.match.fields import field_fit, field_skills, resolve_field
from destinai.match.profile import WORDS_DEPTH, Profile
from destinai.match.reading import DOUBTFUL_STRENGTH
from destinai.match.tasks import task_fit
from destinai.paths.similarity import COVERED

SKILL_PARTS = {"essential": float(os.environ.get("W_E", 0.40)), "optional": 0.10,
               "relevance": float(os.environ.get("W_R", 0.25)),
               "tasks": float(os.environ.get("W_T", 0.25))}
WORDS_BOOST = float(os.environ.get("W_B", 1.0))
SMOOTH = 4.0             # essential coverage counts this many median-weight skills more
                         # (tuning half; a 2-skill occupation no longer covers "all" with 2)
HAS_SKILL = 0.5          # credit from which a skill counts as held (directly or a close one)
PARTIAL = 0.3            # partial credit from a close skill that is named in the results
POWER = 16               # power mean ≈ max over a phrase's skills
OPTIONAL_USE = 0.5       # an optional skill is worth half an essential one in relevance
TITLE_BOOST = 0.15        # + this × confidence for the occupation of a title the person holds
# ... and this share of it for the reading's first alternatives: a CV title often reads as
# several near-synonyms ("Laboratory technician": bacteriology, chemistry ... technician)
ALTERNATIVE_TITLE = 0.8
TITLE_ALTERNATIVES = 3
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

    Each phrase (or CV clause, or one of a job title's skills) counts once, at the best credit
    any of its readings or their close skills earn there; optional skills count half and only
    where an essential skill is held too. The best credit is a power mean (p = ``POWER``) over
    the phrase's skills, so that all phrases go through one sparse product.
    """
    m = data.index.matrix
    nb = m.neighbours
    groups = profile.phrase_groups()
    rows, cols, vals, weights = [], [], [], []
    for g, (weight, group) in enumerate(groups):
        credit_of: dict[int, float] = {}
        for s, strength in group.items():
            credit_of[s] = max(credit_of.get(s, 0.0), strength)
            lo, hi = nb.indptr[s], nb.indptr[s + 1]
            for t, sim in zip(nb.indices[lo:hi], nb.data[lo:hi], strict=True):
                credit_of[int(t)] = max(credit_of.get(int(t), 0.0), strength * float(sim))
        rows += list(credit_of)
        cols += [g] * len(credit_of)
        vals += list(credit_of.values())
        weights.append(weight)
    if not groups:
        return np.zeros(len(m.occupations))
    values = np.asarray(vals, np.float64)
    powered = sparse.csr_matrix((values ** POWER, (rows, cols)), shape=(len(m.skills),
                                                                        len(groups)))
    cap = np.zeros(len(groups))
    np.maximum.at(cap, np.asarray(cols), values)
    best = np.minimum(np.asarray((m.essential @ powered).todense()) ** (1 / POWER), cap)
    best_opt = np.minimum(np.asarray((m.optional @ powered).todense()) ** (1 / POWER), cap)
    credit_per_phrase = np.maximum(best, OPTIONAL_USE * gate[:, None] * best_opt)
    w = np.asarray(weights)
    return credit_per_phrase @ w / max(float(w.sum()), 1e-9)


def words_fit(catalog: Catalog, data: MatchData, text: str | None,
              hits: list[dict[str, Any]] | None = None) -> np.ndarray:
    """Per occupation 0..1: how high the search engine ranks it for the person's own words
    (``hits``: its answer when the profile asked already)."""
    out = np.zeros(len(data.index.matrix.occupations))
    if not text:
        return out
    if hits is None:
        from destinai.search.hybrid import search_hybrid

        hits = search_hybrid(catalog, text, "occupation", WORDS_DEPTH)
    if not hits:
        return out
    # fused scores are flat near the top: spread them from the last hit (0) to the first (1)
    high, low = hits[0]["score"], hits[-1]["score"] if len(hits) >= WORDS_DEPTH else 0.0
    for h in hits:
        o = data.index.matrix.occupation_index.get(h["uri"])
        if o is not None:
            out[o] = (h["score"] - low) / max(high - low, 1e-9)
    return out


def title_fit(data: MatchData, profile: Profile) -> np.ndarray:
    """Per occupation 0..1: the confidence of a job title the person holds (or held) read as
    it; a doubtful reading counts half."""
    out = np.zeros(len(data.index.matrix.occupations))
    index = data.index.matrix.occupation_index
    for t in profile.titles:
        sure = 1.0 if t.get("status") == "used" else DOUBTFUL_STRENGTH
        for n, c in enumerate([t, *t.get("alternatives", [])[:TITLE_ALTERNATIVES]]):
            o = index.get(c["uri"])
            if o is not None:
                share = 1.0 if n == 0 else ALTERNATIVE_TITLE
                out[o] = max(out[o], float(c.get("confidence", 0.0)) * sure * share)
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
    best_task = None
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
        # the score uses the smoothed coverage; the part shown stays the plain share
        smoothed = ess / (et + SMOOTH * float(np.median(m.weights)))
        # "has an essential skill": one essential skill held or covered by a close one
        has_essential = (m.essential @ (cred >= HAS_SKILL)) > 0
        gate = has_essential.astype(np.float64)
        parts["optional"] = gate * np.divide(opt, ot, out=np.zeros(n), where=ot > 0)
        parts["relevance"] = phrase_relevance(data, profile, cred, gate)
        parts["words"] = words_fit(catalog, data, profile.text, profile.words_hits)
        parts["tasks"], best_task = task_fit(catalog, data, profile.phrases)
        parts["title"] = title_fit(data, profile)
        used = {**parts, "essential": smoothed}
        parts["skills"] = np.asarray(sum(SKILL_PARTS[k] * used[k] for k in SKILL_PARTS) * (
            1 + WORDS_BOOST * parts["words"]) + TITLE_BOOST * parts["title"])
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
    parts["total"] = np.asarray(sum(weights[k] * parts[k] for k in weights) / total_w)
    return {"data": data, "parts": parts, "weights": {k: v / total_w for k, v in weights.items()},
            "held": held, "credit": cred, "via": via, "field_groups": field_groups,
            "best_task": best_task if profile.skills else None}


def importance(data: MatchData, o: int) -> dict[int, float]:
    """How much each essential skill matters for occupation ``o`` (higher first).

    Core skills are the specific ones that the occupation's ISCO unit-group siblings need too
    ("provide nursing care" for every kind of nurse); transversal skills and one-off ESCO
    details come after: specificity weight × (0.5 + share of siblings needing it).
    """
    if o in data.importance:
        return data.importance[o]
    m, idx = data.index.matrix, data.index
    unit = idx.facts.get(m.occupations[o], {}).get("isco_group")
    siblings = data.siblings.get(unit, [o]) if unit else [o]
    rows = m.essential[siblings]
    share = np.asarray((rows > 0).sum(axis=0)).ravel() / max(len(siblings), 1)
    out = {}
    for s in m.essential[o].indices:
        reuse = 0.4 if idx.skill_reuse[s] == "transversal" else 1.0
        out[int(s)] = float(m.weights[s] * reuse * (0.5 + share[s]))
    data.importance[o] = out
    return out


def missing_by_gain(data: MatchData, o: int, cred: np.ndarray, skills_weight: float,
                    limit: int = 8, via: dict[int, int] | None = None) -> list[dict[str, Any]]:
    """Essential skills not yet held (credit < COVERED), most important for ``o`` first.

    ``gain``: how much the total score would rise with the skill; ``partly_covered``: a close
    skill the person holds already earns some credit.
    """
    m = data.index.matrix
    via = via or {}
    total = max(float(data.essential_total[o]), 1e-9)
    weight = importance(data, o)
    out = []
    for s, w in weight.items():
        if cred[s] < COVERED:
            gain = skills_weight * SKILL_PARTS["essential"] * m.weights[s] * (1 - cred[s]) / total
            out.append((w, gain, s))
    out.sort(reverse=True)
    return [{**data.index.skill_ref(s), "gain": round(float(g), 4),
             "importance": round(w, 3), "partly_covered": bool(cred[s] > 0),
             **({"close_skill_held": data.index.skill_ref(via[s])} if s in via else {})}
            for w, g, s in out[:limit]]


def matched_skills(data: MatchData, o: int, held: np.ndarray, cred: np.ndarray,
                   via: dict[int, int]) -> list[dict[str, Any]]:
    """The occupation's skills the profile covers (``covered``: credit ≥ COVERED, exactly the
    complement of the missing skills), held or via a close skill (``stood_in_by``), plus
    close skills that earn partial credit below that (``covered`` false, still missing)."""
    m = data.index.matrix
    out = []
    for relation, mat in (("essential", m.essential), ("optional", m.optional)):
        for s in mat[o].indices:
            s = int(s)
            close = held[s] < COVERED and s in via
            if cred[s] < (PARTIAL if close else COVERED):
                continue
            item = {**data.index.skill_ref(s), "relation": relation,
                    "credit": round(float(cred[s]), 3), "covered": bool(cred[s] >= COVERED)}
            if close:
                item["stood_in_by"] = data.index.skill_ref(via[s])
            out.append(item)
    return out
