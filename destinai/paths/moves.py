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
  zone or ESCO's narrower/broader occupation (nurse → specialist nurse);
- **advancement**: a step up in the same line of work — ``line`` ≥ ``ADVANCEMENT_LINE``, or
  ≥ ``SAME_LINE`` with title, supervision or ESCO-hierarchy evidence — with similarity at
  least ``ADVANCEMENT_MIN_SIMILARITY`` (a manager group over the origin's with no skill in
  common is not a step up), that does not cut pay by a third (wage ratio ≥
  ``MIN_STEP_UP_WAGE_RATIO`` or unknown) nor go down a job zone;
- **other profession**: both professionals (ISCO-08 major group 2) in different minor groups
  with no title in common (nurse → physiotherapist) are never advancement, unless b's title
  or responsibility for people places it above a (graphic designer → creative director);
- **lateral**: seniority within ``ADVANCEMENT_STEP`` either way (total and structural),
  similarity ≥ ``VIABLE`` or ``line`` ≥ ``ADVANCEMENT_LINE``, job zone within one, wage at
  least ``DESIRABLE_WAGE_RATIO`` of the origin's (Nesta);
- **entry point** into b: a is *below* b by evidence (direction.py): some seniority signal
  votes b above a, none votes it below, b is more senior in total under both readings of
  junior title words, and a is not structurally higher; occupations at one level with no
  signal between them are sideways moves, never entry points (never a reversed move), unless
  a clearly asymmetric **feeding line of skills** (containment.py) leads from a to b, no
  signal votes b below a, b is at least as senior in total, the pair is not in ESCO's
  hierarchy and a's title is not b's with a qualifier (``entry_by_skills``: listed after the
  entry points voted below). The source is in the same line of work or a viable move
  (similarity ≥ ``VIABLE``, job zone within one);
- **advancement against a vote**: no advancement that a structural signal (ISCO skill level,
  responsibility, title) or, where those are silent, a market signal places below a;
- **hard rule** (``direction_ok``, applied last whatever the thresholds): no entry point as
  senior as the occupation or more (one by a feeding line of skills: never more senior),
  no advancement that is not more senior or pays below ``MIN_STEP_UP_WAGE_RATIO`` of the
  origin;
- **armed forces**: their O*NET links are coarse civilian stand-ins, so their moves are judged
  without job zone or pay (as their seniority is).

Requirements of a move: a **regulated profession** (ESCO, EU sectoral professions) the origin
is not, and a **degree** when b typically needs ISCED ≥ 6 and more than the origin.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.grammar import with_article
from destinai.paths import containment, direction
from destinai.paths.index import CatalogIndex
from destinai.paths.lines import MANAGES, SUPERVISES
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
MARKET_STEP_RATIO = 1.5     # wage ratio of a step up that only the market places above
DESIRABLE_WAGE_RATIO = 0.75
DEGREE_ISCED = 6
ISCED_NAMES = {5: "a short-cycle tertiary qualification", 6: "a bachelor's degree",
               7: "a master's degree", 8: "a doctorate"}


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


def regulated(index: CatalogIndex, o: int) -> bool:
    """Whether ESCO marks the occupation as a regulated profession."""
    note = index.facts[index.matrix.occupations[o]].get("regulated_note") or ""
    return note.endswith("/regulated")


def requirements(index: CatalogIndex, a: int, b: int) -> list[dict[str, Any]]:
    """What the move needs beyond skills: a regulated qualification, a degree."""
    out = []
    if regulated(index, b) and not regulated(index, a):
        out.append({"kind": "regulated_profession",
                    "text": f"{index.occupation_labels[b]} is a regulated profession (ESCO): "
                            "access requires a recognised qualification"})
    ea = index.facts[index.matrix.occupations[a]].get("education_isced")
    eb = index.facts[index.matrix.occupations[b]].get("education_isced")
    if eb and eb >= DEGREE_ISCED and (ea or 0) < eb:
        out.append({"kind": "degree", "isced_from": str(ea), "isced_to": str(eb),
                    "text": f"typically needs {ISCED_NAMES.get(eb, f'ISCED {eb}')} "
                            f"(ISCED {eb}; {with_article(index.occupation_labels[a])} "
                            f"typically ISCED {ea or '?'})"})
    return out


def requirement_counts(index: CatalogIndex) -> np.ndarray:
    """Per stored edge, the number of requirements of the move (cached on the index)."""
    cached = index.__dict__.get("_requirement_counts")
    if cached is None:
        uris = index.matrix.occupations
        reg = np.array([regulated(index, o) for o in range(len(uris))])
        edu = np.array([index.facts[u].get("education_isced") or 0 for u in uris])
        src, dst = index.edge_src, index.edge_dst
        cached = ((reg[dst] & ~reg[src]).astype(np.float64)
                  + ((edu[dst] >= DEGREE_ISCED) & (edu[src] < edu[dst])))
        index.__dict__["_requirement_counts"] = cached
    return cached


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
    evidence = broader | (cols["supervision"][edges] > 0) | (cols["title_share"][edges] >= 0.5)
    viable = (sim >= VIABLE) & (np.abs(step) <= MAX_JOB_ZONE_STEP)
    above, below, by_market = direction.votes_detail(index, a, b, ignored)
    # the market step: the same structural level, and only the market says b is above, by
    # clearly better pay (a van driver → a cargo vehicle driver, ×1.3)
    market_step = (by_market & above & (structural >= -1e-9) & ~pay_unknown
                   & (ratio >= MARKET_STEP_RATIO))
    step_up = (delta > 0) & ((structural >= ADVANCEMENT_STEP) | market_step | (
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
          & ((line >= ADVANCEMENT_LINE) | ((line >= SAME_LINE) & evidence))
          & (pay_unknown | (ratio >= MIN_STEP_UP_WAGE_RATIO)))
    level = (np.abs(delta) < LATERAL_LEVEL) & (np.abs(structural) < LATERAL_STRUCTURAL)
    desirable = pay_unknown | (ratio >= DESIRABLE_WAGE_RATIO)
    lateral = (level & desirable & ~up
               & (viable | ((line >= ADVANCEMENT_LINE) & (np.abs(step) <= MAX_JOB_ZONE_STEP))))
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
            "step": step, "ratio": ratio, "delta": delta, "structural": structural,
            "above": above, "below": below, "by_market": by_market}


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


def _evidence(index: CatalogIndex, o: int) -> dict[str, dict[str, Any]]:
    return {e["kind"] + e["text"]: e for e in index.evidence(o)}


def _gained(index: CatalogIndex, a: int, b: int) -> list[str]:
    """Structural seniority evidence that b has and a lacks (the votes a reader can check)."""
    ea, eb = _evidence(index, a), _evidence(index, b)
    level = {e["kind"]: e["points"] for e in index.evidence(a)}.get("isco_skill_level", 0)
    gained = [e["text"] for key, e in eb.items() if key not in ea and e["points"] > 0
              and e["kind"] not in ("wage", "education", "job_zone", "isco_skill_level")]
    gained += [f"{e['text']} (from {level:g})" for e in eb.values()
               if e["kind"] == "isco_skill_level" and e["points"] > level]
    return gained


def why(index: CatalogIndex, a: int, b: int, edge: int, kind: dict[str, Any],
        listed_as: str = "") -> list[str]:
    """Readable reasons for the move: seniority evidence b has and a lacks (for advancement,
    and for an entry point a into b: ``listed_as`` = "entry"), shared skills, title, job
    zone and pay."""
    out = []
    la, lb = index.occupation_labels[a], index.occupation_labels[b]
    gap = f"{kind['seniority_change']:+.1f} levels"
    if listed_as == "entry" and kind.get("entry_by_skills"):
        out.append(f"feeds {lb} (same seniority, no signal against): {lb} "
                   + containment.reason(index, a, b, edge))
    elif kind["advancement"] or (listed_as == "entry" and kind["entry"]):
        gained = "; ".join(_gained(index, a, b)[:3])
        if listed_as == "entry":
            out.append(f"a rung below {lb} ({gap})" + (f", which has {gained}" if gained else ""))
        else:   # no structural evidence: the market's (a market or specialist step)
            out.append(f"more senior ({gap}): {gained}" if gained else
                       f"more senior ({gap}): the same level of work, with more pay, a "
                       "higher job zone or more education (below)")
    ga = index.facts[index.matrix.occupations[a]]["isco_group"] or ""
    gb = index.facts[index.matrix.occupations[b]]["isco_group"] or ""
    if any(ga.startswith(p) for p in SUPERVISES.get(gb, ())):
        out.append(f"{lb} (ISCO-08 {gb}) supervises the work of occupations such as {la}")
    elif any(ga.startswith(p) for p in MANAGES.get(gb, ())):
        out.append(f"{lb} (ISCO-08 {gb}) manages the work of occupations such as {la}")
    if float(index.edge_cols["title_share"][edge]) >= 0.5:
        out.append("same line of work by title")
    n_ess = len(index.essential_of(b))
    held = n_ess - int(index.edge_cols["missing_essential"][edge])
    if n_ess:  # covered: a's essential, optional or closely related skills
        out.append(f"{with_article(la)} already has {held} of the {n_ess} essential skills of "
                   f"{with_article(lb)}")
    if kind["job_zone_change"]:
        out.append(f"{kind['job_zone_change']:+d} job zone")
    if kind["wage"]:
        out.append(f"US median wage ×{kind['wage']['ratio']:.2f}")
    return out

