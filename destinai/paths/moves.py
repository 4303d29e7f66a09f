"""What kind of move a → b is, and why: direction (seniority), line of work, pay, requirements.

Rules (docs/paths.md; each has a test):

- **seniority gap** of a → b: b's seniority minus a's (seniority.py), except that junior title
  words (assistant, aide, deputy, trainee …) count only between occupations of the same line
  by title (title share ≥ 0.5): a nurse assistant is below a nurse, not below a hospital
  porter;
- **same line of work**: ``line`` (lines.py) ≥ ``SAME_LINE``;
- **step up**: b more senior in total and at least ``ADVANCEMENT_STEP`` more senior
  *structurally* (ISCO group, title, responsibility skills), or the **specialist step**: not
  structurally lower, at least ``SPECIALIST_STEP`` more senior in total and a higher job
  zone or ESCO's narrower/broader occupation (nurse → specialist nurse), or the **title
  step**: b's title is a's with a seniority word that votes it above and no signal votes it
  below (pharmacist → specialist pharmacist), or the **market step**: the same structural
  level, the same line by title or ESCO's hierarchy, and only the market places b above,
  paying at least ``MARKET_STEP_RATIO`` times as much;
- **advancement**: a step up in the same line of work — ``line`` ≥ ``ADVANCEMENT_LINE``, or
  ≥ ``SAME_LINE`` with title, supervision, assistance (lines.ASSISTS) or ESCO-hierarchy
  evidence — with similarity at least ``ADVANCEMENT_MIN_SIMILARITY`` (a manager group over
  the origin's with no skill in common is not a step up) and, when only similarity puts it
  in the line (no title, ISCO group or hierarchy in common), covering at least
  ``MIN_STEP_HELD`` of b's essential skills; that does not cut pay by a third
  (wage ratio ≥ ``MIN_STEP_UP_WAGE_RATIO`` or unknown) nor go down a job zone;
- **other profession**: both professionals (ISCO-08 major group 2) in different minor groups
  with no title in common (nurse → physiotherapist) are never advancement, unless b's title
  or responsibility for people places it above a (graphic designer → creative director);
- **no step out of the forces or over two ISCO skill levels**: an armed-forces occupation
  does not advance into a civilian one (a change of career), nor an occupation into one more
  than ``MAX_SKILL_LEVEL_STEP`` ISCO skill levels above it, unless into management;
- **lateral**: seniority within ``LATERAL_LEVEL`` in total and ``LATERAL_STRUCTURAL``
  structurally,
  similarity ≥ ``VIABLE`` or ``line`` ≥ ``ADVANCEMENT_LINE`` (``LATERAL_SIBLING_LINE`` for a
  peer of the same ISCO-08 unit group), job zone within one, wage at
  least ``DESIRABLE_WAGE_RATIO`` of the origin's (Nesta);
- **entry point** into b: a is *below* b by evidence (direction.py): some seniority signal
  votes b above a, none votes it below, b is more senior in total under both readings of
  junior title words, and a is not structurally higher; occupations at one level with no
  signal between them are sideways moves, never entry points (never a reversed move), unless
  a clearly asymmetric **feeding line of skills** (containment.py) leads from a to b, no
  signal votes b below a, b is at least as senior in total, the pair is not in ESCO's
  hierarchy and a's title is not b's with a qualifier (``entry_by_skills``: listed after the
  entry points voted below). The source is in the same line of work or a viable move
  (similarity ≥ ``VIABLE``, job zone within one); one that only the market (pay, job zone,
  education) places below must be in the same line (``MARKET_ENTRY_LINE``);
- **advancement against a vote**: no advancement that a structural signal (ISCO skill level,
  responsibility, title) or, where those are silent, a market signal places below a;
- **hard rule** (``direction_ok``, applied last whatever the thresholds): no entry point as
  senior as the occupation or more (one by a feeding line of skills: never more senior),
  no advancement that is not more senior or pays below ``MIN_STEP_UP_WAGE_RATIO`` of the
  origin;
- **armed forces**: their O*NET links are coarse civilian stand-ins, so their moves are judged
  without job zone or pay (as their seniority is).

Requirements and reasons in plain words: reasons.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.paths import containment, direction
from destinai.paths.index import CatalogIndex
from destinai.paths.seniority import ARMED_FORCES_LEVEL, borrowed_manager_wage

VIABLE = 0.28
HIGHLY_VIABLE = 0.42
MAX_JOB_ZONE_STEP = 1
SAME_LINE = 0.6
ADVANCEMENT_LINE = 0.9
ADVANCEMENT_STEP = 0.5
ADVANCEMENT_MIN_SIMILARITY = 0.08
SPECIALIST_STEP = 0.75
LATERAL_LEVEL = 0.75        # total seniority: one job zone and some pay either way
LATERAL_STRUCTURAL = ADVANCEMENT_STEP
MANAGERIAL_STEP = 1.0
MARKET_ENTRY_LINE = SAME_LINE   # an entry point only the market places below: same line
MAX_SKILL_LEVEL_STEP = 2.0   # ISCO-08 skill levels, outside management
MIN_STEP_UP_WAGE_RATIO = 2 / 3
# a step up that only similarity puts in the origin's line (no title, ISCO group, assistance
# or ESCO hierarchy in common) must build on at least this many of b's essential skills
MIN_STEP_HELD = 1
# a sideways move to a sibling of the same ISCO-08 unit group needs only the same line of
# work, not similarity >= VIABLE: an occupation with few close neighbours (international
# relations officer, foreign affairs officer: similarity 0.26, line 0.90) has its peers there
LATERAL_SIBLING_LINE = SAME_LINE
MARKET_STEP_TITLE = 0.5     # title share a market step needs (or ESCO hierarchy)
MARKET_STEP_RATIO = 1.5     # wage ratio of a step up that only the market places above
DESIRABLE_WAGE_RATIO = 0.75


def wage_change(index: CatalogIndex, a: int, b: int) -> dict[str, Any] | None:
    """Median wage of b relative to a (US OEWS), or None when either is unknown."""
    wa, wb = own_wage(index.facts[index.matrix.occupations[a]]), own_wage(
        index.facts[index.matrix.occupations[b]])
    if not wa or not wb:
        return None
    return {"from": wa, "to": wb, "ratio": round(wb / wa, 3), "difference": round(wb - wa)}


def own_wage(fact: dict[str, Any]) -> float | None:
    """The occupation's US median wage, unless it is borrowed from an O*NET management
    occupation (seniority.borrowed_manager_wage): then unknown to the move rules."""
    if borrowed_manager_wage(fact.get("isco_group"), fact.get("onet_code")):
        return None
    return fact.get("wage_annual_median")


def job_zone(index: CatalogIndex, o: int) -> int | None:
    """The occupation's job zone (O*NET, else estimated from ISCO)."""
    return index.facts[index.matrix.occupations[o]]["job_zone"]


def _market_known(fact: dict[str, Any]) -> bool:
    """Armed forces have no civilian job zone or wage (their O*NET links are coarse
    stand-ins, seniority.py ignores them too): their moves are judged without pay."""
    return (fact.get("isco_group") or "")[:2] not in ARMED_FORCES_LEVEL


def _arrays(index: CatalogIndex) -> dict[str, np.ndarray]:
    cached = index.__dict__.get("_move_arrays")
    if cached is None:
        facts = [index.facts[u] for u in index.matrix.occupations]
        groups = [f["isco_group"] or "" for f in facts]
        market = np.array([_market_known(f) for f in facts])
        forces = ~market
        cached = {"zone": np.where(market, [f["job_zone"] or 0 for f in facts], 0.0),
                  "wage": np.where(market, [own_wage(f) or np.nan for f in facts], np.nan),
                  "major": np.array([g[:1] == "2" for g in groups]),
                  "forces": forces, "manager": np.array([g[:1] == "1" for g in groups]),
                  "down": np.array([sum(e["points"] for e in index.evidence(o)
                                        if e["kind"] == "title" and e["points"] < 0)
                                    for o in range(len(facts))]),
                  "minor": np.array([int(g[:3]) if g[:3].isdigit() else -1 for g in groups]),
                  "unit": np.array([int(g[:4]) if g[:4].isdigit() else -1 for g in groups])}
        index.__dict__["_move_arrays"] = cached
    return cached


def lower_degree(index: CatalogIndex) -> np.ndarray:
    """Per occupation, how many stored destinations it is below (by more than the entry gap)
    in the same line of work or as a viable move: a generic lower job (attraction operator,
    usher) is below a hundred or more, the assistant of one trade below a few (cached)."""
    cached = index.__dict__.get("_lower_degree")
    if cached is None:
        cols = index.edge_cols
        gap = index.seniority[index.edge_dst] - index.seniority[index.edge_src]
        ok = (gap > direction.MIN_ENTRY_GAP) & ((cols["line"] >= SAME_LINE)
                                                | (cols["similarity"] >= VIABLE))
        cached = np.bincount(index.edge_src[ok], minlength=len(index.seniority))
        index.__dict__["_lower_degree"] = cached
    return cached


def essential_held(index: CatalogIndex, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per stored edge a → b: how many of b's essential skills a's workers cover (held as
    essential or optional or through a close skill: the reasons' "already has 13 of the 18
    essential skills") and how many b has."""
    n = containment.essential_counts(index)[index.edge_dst[edges]].astype(np.float64)
    return n - index.edge_cols["missing_essential"][edges], n


def essential_cover(index: CatalogIndex, edges: np.ndarray) -> np.ndarray:
    """Per stored edge a → b, the share of b's essential skills a's workers cover
    (``essential_held``); 0 where b lists none."""
    held, n = essential_held(index, edges)
    return np.divide(held, n, out=np.zeros(len(n)), where=n > 0)


def kinds(index: CatalogIndex, edges: np.ndarray) -> dict[str, np.ndarray]:
    """Advancement / lateral / entry flags (and the numbers behind them) for many stored
    edges at once: the one implementation of the rules in the module docstring."""
    x = _arrays(index)
    cols = index.edge_cols
    edges = np.asarray(edges, np.int64)
    a, b = index.edge_src[edges], index.edge_dst[edges]
    known = (x["zone"][a] > 0) & (x["zone"][b] > 0)
    step = np.where(known, x["zone"][b] - x["zone"][a], 0).astype(np.int64)
    ratio = x["wage"][b] / x["wage"][a]
    pay_unknown = ~np.isfinite(ratio)
    line, sim = cols["line"][edges], cols["similarity"][edges]
    broader = cols["broader"][edges] > 0
    # junior title words (assistant, aide, deputy …) rank a role below the one it assists:
    # they count only against an occupation of the same line by title or of the same ISCO
    # unit group (a nurse assistant is below a nurse, not below a hospital porter; an
    # administrative assistant not below a scopist; a research assistant below a lecturer)
    related = (cols["title_share"][edges] >= 0.5) | ((x["unit"][a] == x["unit"][b])
                                                     & (x["unit"][a] >= 0))
    ignored = np.where(related, 0.0, x["down"][b] - x["down"][a])
    delta = index.seniority[b] - index.seniority[a] - ignored
    structural = (index.seniority_structural[b] - index.seniority_structural[a] - ignored)
    evidence = (broader | (cols["supervision"][edges] > 0) | (cols["assists"][edges] > 0)
                | (cols["title_share"][edges] >= 0.5))
    viable = (sim >= VIABLE) & (np.abs(step) <= MAX_JOB_ZONE_STEP)
    above, below, by_market = direction.votes_detail(index, a, b, ignored)
    titled = cols["title_share"][edges] >= MARKET_STEP_TITLE
    # the market step: the same structural level, the same line by title (or ESCO's
    # hierarchy), and only the market says b is above, by clearly better pay (ICT project
    # manager → ICT operations manager, ×1.57; not bank teller → post office counter clerk)
    market_step = (by_market & above & (structural >= -1e-9) & ~pay_unknown
                   & (ratio >= MARKET_STEP_RATIO) & (titled | broader))
    title_step = _title_step(index, a, b, ignored, below)
    step_up = (delta > 0) & ((structural >= ADVANCEMENT_STEP) | market_step | title_step | (
        (structural >= 0) & (delta >= SPECIALIST_STEP) & ((step >= 1) | broader)))
    other = (x["major"][a] & x["major"][b] & (x["minor"][a] != x["minor"][b])
             & (cols["title_share"][edges] < 0.5) & ~direction.leads(index, a, b))
    # a rank ladder is climbed inside the forces: leaving them for a civilian trade is a
    # change of career (an air force pilot becoming a commercial pilot), not a step up,
    # unless into management
    demob = x["forces"][a] & ~x["forces"][b] & ~x["manager"][b]
    # nor does an elementary job step up into a profession (warehouse worker → data
    # warehouse designer: a word in common, three ISCO skill levels and a degree apart)
    skill = direction.signal_arrays(index)["skill_level"]
    leap = (skill[b] - skill[a] > MAX_SKILL_LEVEL_STEP) & ~x["manager"][b]
    up = (step_up & ((step >= 0) | (structural >= MANAGERIAL_STEP)) & ~other & ~demob & ~leap
          & (sim >= ADVANCEMENT_MIN_SIMILARITY)
          & (evidence | _builds_on(index, edges))
          & ((line >= ADVANCEMENT_LINE) | ((line >= SAME_LINE) & evidence))
          & (pay_unknown | (ratio >= MIN_STEP_UP_WAGE_RATIO)))
    level = (np.abs(delta) < LATERAL_LEVEL) & (np.abs(structural) < LATERAL_STRUCTURAL)
    desirable = pay_unknown | (ratio >= DESIRABLE_WAGE_RATIO)
    sibling = ((x["unit"][a] == x["unit"][b]) & (x["unit"][a] >= 0)
               & (line >= LATERAL_SIBLING_LINE))
    lateral = (level & desirable & ~up
               & (viable | (((line >= ADVANCEMENT_LINE) | sibling)
                            & (np.abs(step) <= MAX_JOB_ZONE_STEP))))
    voted = direction.entry_direction(delta, above, below) & direction_ok(delta, ratio, "entry")
    # where only the market (pay, job zone, education) says which is lower, the lower job
    # must be in the same line of work: a lower-paid job elsewhere is not a way in
    fed = ~voted & ~below & ~broader & (delta >= -1e-9)
    voted &= ~by_market | (line >= MARKET_ENTRY_LINE)
    fed[fed] = containment.feeds(index, edges[fed])
    fed[fed] = ~containment.specialisation(index, a[fed], b[fed])
    entry = (structural >= 0) & ((line >= SAME_LINE) | viable) & (voted | fed)
    return {"advancement": up & ~below & direction_ok(delta, ratio, "advancement"),
            "lateral": lateral, "entry": entry, "entry_by_skills": entry & fed,
            "viable": viable, "desirable": desirable, "same_line": line >= SAME_LINE,
            "title_step": title_step, "step": step, "ratio": ratio, "delta": delta,
            "structural": structural, "above": above, "below": below, "by_market": by_market}


def _builds_on(index: CatalogIndex, edges: np.ndarray) -> np.ndarray:
    """Per edge a → b: a's workers cover at least ``MIN_STEP_HELD`` of b's essential skills
    (or b lists none). Similarity also counts optional skills and O*NET's profile, so without
    this an international relations officer "advanced" to programme funding manager with
    none of its 5 essential skills."""
    held, n = essential_held(index, edges)
    return (n == 0) | (held >= MIN_STEP_HELD)


def _title_step(index: CatalogIndex, a: np.ndarray, b: np.ndarray, ignored: np.ndarray,
                below: np.ndarray) -> np.ndarray:
    """The title step: b's title is a's with a seniority word that places it above (pharmacist
    → specialist pharmacist, chimney sweep → chimney sweep supervisor) and no signal votes it
    below: the next rung by name, whatever the sum of the other evidence says."""
    title = direction.signal_arrays(index)["title"]
    out = (title[b] - title[a] - ignored >= direction.MARGINS["title"] - 1e-9) & ~below
    out[out] = containment.specialisation(index, b[out], a[out])
    return out


def direction_ok(delta: np.ndarray, ratio: np.ndarray, kind: str) -> np.ndarray:
    """The hard rule, whatever the thresholds above say: an entry point voted below is always
    less senior than the occupation it leads into (one admitted by a feeding line of skills,
    ``kinds``, is never more senior), advancement is always more senior and never cuts pay
    below ``MIN_STEP_UP_WAGE_RATIO``."""
    if kind == "entry":
        return delta > 0
    return (delta > 0) & ~(np.isfinite(ratio) & (ratio < MIN_STEP_UP_WAGE_RATIO))


def classify(index: CatalogIndex, a: int, b: int, edge: int) -> dict[str, Any]:
    """The kind of the stored move a → b (``edge``): flags and the numbers behind them."""
    return classify_many(index, np.array([edge]))[0]


def classify_many(index: CatalogIndex, edges: np.ndarray) -> list[dict[str, Any]]:
    """``classify`` for several stored edges with one vectorised ``kinds`` call."""
    k = kinds(index, edges)
    out = []
    for i, edge in enumerate(np.asarray(edges).tolist()):
        a, b = int(index.edge_src[edge]), int(index.edge_dst[edge])
        similarity = float(index.edge_cols["similarity"][edge])
        viable = bool(k["viable"][i])
        out.append({
            "similarity": similarity, "line": float(index.edge_cols["line"][edge]),
            "viable": viable, "same_line": bool(k["same_line"][i]),
            "highly_viable": viable and similarity >= HIGHLY_VIABLE,
            "desirable": bool(k["desirable"][i]), "job_zone_change": int(k["step"][i]),
            "wage": wage_change(index, a, b) if np.isfinite(k["ratio"][i]) else None,
            "seniority_change": round(float(k["delta"][i]), 2),
            "structural_seniority_change": round(float(k["structural"][i]), 2),
            "advancement": bool(k["advancement"][i]), "lateral": bool(k["lateral"][i]),
            "entry": bool(k["entry"][i]), "entry_by_skills": bool(k["entry_by_skills"][i])})
    return out
