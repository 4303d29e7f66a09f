"""What a move needs and why it is listed, in plain words (moves.py decides what it is).

- **requirements**: a *regulated profession* (ESCO marks the EU sectoral professions: nurse,
  midwife, doctor, dentist, pharmacist …) the mover is not in, and a *degree* when the
  destination typically needs ISCED ≥ ``DEGREE_ISCED`` and more than the origin;
- **why**: the seniority evidence the destination has and the origin lacks ("title word
  'head'", "ISCO-08 group 3434: skill level 3 (from 2)"), supervision by ISCO group, the same
  line by title, the essential skills already held, job zone and pay.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.grammar import with_article
from destinai.paths import containment
from destinai.paths.index import CatalogIndex
from destinai.paths.lines import ASSISTS, MANAGES, SUPERVISES

DEGREE_ISCED = 6
ISCED_NAMES = {5: "a short-cycle tertiary qualification", 6: "a bachelor's degree",
               7: "a master's degree", 8: "a doctorate"}


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
    elif any(gb.startswith(p) for p in ASSISTS.get(ga, ())):
        out.append(f"{la} (ISCO-08 {ga}) assists the work of occupations such as {lb}")
    elif any(ga.startswith(p) for p in ASSISTS.get(gb, ())):
        out.append(f"{lb} (ISCO-08 {gb}) assists the work of occupations such as {la}")
    if float(index.edge_cols["title_share"][edge]) >= 0.5:
        out.append("same line of work by title")
    n_ess = len(index.essential_of(b))
    held = n_ess - int(index.edge_cols["missing_essential"][edge])
    if n_ess and held:  # covered: a's essential, optional or closely related skills
        out.append(f"{with_article(la)} already has {held} of the {n_ess} essential skills of "
                   f"{with_article(lb)}")
    elif n_ess:     # listed for its title, ISCO group or hierarchy: say what is new
        out.append(f"none of the {n_ess} essential skills of {with_article(lb)} are yet "
                   f"among {with_article(la)}'s")
    if kind["job_zone_change"]:
        out.append(f"{kind['job_zone_change']:+d} job zone")
    if kind["wage"]:
        out.append(f"US median wage ×{kind['wage']['ratio']:.2f}")
    return out

