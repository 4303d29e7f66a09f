"""Which way a move goes: the seniority signals must agree, not only their sum.

The seniority score (seniority.py) sums evidence of different kinds. A sum can hide a
disagreement: a software architect and a software developer share their ISCO group, title
level and job zone, but the architect's own O*NET occupation pays a third more; a lecturer
has no junior title word while a university research assistant does. A counsellor reads each
such signal as a direction, so we do too. Per occupation, the evidence is grouped into
independent **signals** (``SIGNALS``); a signal *votes* that b is above (or below) a when
their points differ by at least its ``MARGINS`` entry (its noise: one responsibility skill
or a wage within 20 % is not a vote; one ISCO level, one job zone or one ISCED level is).
Market signals vote only when both sides have their own figure (no estimated job zone or
wage).

Rules (moves.py applies them; each has a test in tests/paths/test_direction_rules.py):

- **structure first**: the structural signals (ISCO skill level; responsibility for people —
  an ISCO manager or supervisor group, responsibility skills; title words) vote; the market
  signals (job zone, education, wage) vote only where every structural signal is silent
  (a restaurant manager is above a head chef though O*NET gives it a lower job zone);
- **an entry point needs evidence**: a is an entry point into b only if some signal votes
  b above a, none votes it below, and b is at least ``MIN_ENTRY_GAP`` more senior in total.
  Occupations at one level with no signal between them (train dispatcher and train driver,
  software tester and ICT test analyst) are sideways moves, never entry points: the data
  does not say which way such a move goes, so we do not claim one — unless their skills do:
  a clearly asymmetric feeding line of essential skills (containment.py, applied in
  moves.py) with no vote against;
- **no advancement against a vote**: b is advancement from a only if no signal votes that b
  is below a;
- **leading is not another profession**: ``leads`` — b's leadership title words (head,
  director, manager …) or ISCO manager/supervisor group place it above a (graphic designer
  → creative director); responsibility skills or a specialist title alone do not (an
  advanced physiotherapist is no nurse's step up).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.paths.seniority import LEADERSHIP_WORDS

# structural signals: what the job is (its ISCO skill level, responsibility for people, title)
SIGNALS = {"skill_level": ("isco_skill_level", "isco_top_executive"),
           "responsibility": ("isco_manager", "isco_supervisor", "responsibility_skills"),
           "title": ("title", "rank"),
           # market signals: what the job pays and asks, read only between structural equals
           "job_zone": ("job_zone",), "education": ("education",), "wage": ("wage",)}
# the smallest difference in points that is a vote (seniority.py's units)
MARGINS = {"skill_level": 0.5, "responsibility": 0.6, "title": 0.25, "job_zone": 0.35,
           "education": 0.15, "wage": 0.1}
MARKET = ("job_zone", "education", "wage")
MIN_ENTRY_GAP = 0.1      # levels: an entry point is below in total, not only by one vote


def signal_points(evidence: list[dict[str, Any]]) -> dict[str, float | None]:
    """Points per signal for one occupation's evidence; None for a market signal without its
    own figure (a wage estimated from the ISCO group)."""
    out: dict[str, float | None] = {}
    for name, kinds in SIGNALS.items():
        parts = [e for e in evidence if e["kind"] in kinds
                 and not (name == "wage" and e.get("estimated"))]
        out[name] = (sum(e["points"] for e in parts) if parts
                     else (None if name in MARKET else 0.0))
    return out


def _leadership(e: dict[str, Any]) -> bool:
    word = e["text"].removeprefix("title word '").split("'")[0]
    return word in LEADERSHIP_WORDS


def signal_arrays(index: Any) -> dict[str, np.ndarray]:
    """Per occupation and signal, its points (NaN where unknown); cached on the index."""
    cached = index.__dict__.get("_signal_arrays")
    if cached is None:
        rows = [signal_points(index.evidence(o)) for o in range(len(index.seniority))]
        cached = {name: np.array([np.nan if r[name] is None else r[name] for r in rows])
                  for name in SIGNALS}
        cached["isco_lead"] = np.array([sum(e["points"] for e in index.evidence(o)
                                            if e["kind"] in ("isco_manager", "isco_supervisor"))
                                        for o in range(len(index.seniority))])
        cached["lead_title"] = np.array([sum(e["points"] for e in index.evidence(o)
                                             if e["kind"] == "title" and _leadership(e))
                                         for o in range(len(index.seniority))])
        index.__dict__["_signal_arrays"] = cached
    return cached


def votes(index: Any, a: np.ndarray, b: np.ndarray,
          ignored_titles: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per pair a → b: (b above a, b below a) by the votes of the structural signals, or of
    the market signals where the structural ones are silent. ``ignored_titles``: title
    points not to count (junior words between unrelated titles)."""
    above, below, _ = votes_detail(index, a, b, ignored_titles)
    return above, below


def votes_detail(index: Any, a: np.ndarray, b: np.ndarray,
                 ignored_titles: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``votes`` and, per pair, whether every structural signal was silent (the direction,
    if any, is the market's: pay, job zone, education)."""
    x = signal_arrays(index)
    above = {m: np.zeros(len(a), bool) for m in (False, True)}
    below = {m: np.zeros(len(a), bool) for m in (False, True)}
    for name, margin in MARGINS.items():
        diff = x[name][b] - x[name][a]
        if name == "title" and ignored_titles is not None:
            diff = diff - ignored_titles
        known = np.isfinite(diff)
        above[name in MARKET] |= known & (diff >= margin - 1e-9)
        below[name in MARKET] |= known & (diff <= -margin + 1e-9)
    silent = ~above[False] & ~below[False]
    return (above[False] | (silent & above[True]), below[False] | (silent & below[True]),
            silent)


def leads(index: Any, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: b's leadership title words (head, director, manager …) or its ISCO manager
    or supervisor group place it above a — a director over a's work, not merely another
    profession. Responsibility skills or a specialist title alone do not: an advanced
    physiotherapist manages physiotherapy staff, yet is no nurse's step up."""
    x = signal_arrays(index)
    title = x["lead_title"][b] - x["lead_title"][a]
    return (title >= MARGINS["title"] - 1e-9) | (x["isco_lead"][b] > x["isco_lead"][a])


def entry_direction(delta: np.ndarray, above: np.ndarray, below: np.ndarray) -> np.ndarray:
    """Whether a may be an entry point into b (see the module docstring): some signal votes
    b above a, none votes it below, and b is at least ``MIN_ENTRY_GAP`` more senior in
    total."""
    return above & ~below & (delta >= MIN_ENTRY_GAP)
