"""How senior an occupation is, with the evidence shown: the direction of career moves.

Seniority is a score in "levels" summed from evidence a counsellor would recognise
(``EVIDENCE_POINTS``; docs/paths.md):

- **ISCO-08 skill level** of the major group (elementary 1, clerks/services/trades/operators 2,
  technicians and associate professionals 3, professionals 4; armed forces by rank group);
- **ISCO-08 managers** (major group 1) and **supervisor unit groups** (3121–3123 mining,
  manufacturing and construction supervisors, 3341 office supervisors, 5151 cleaning and
  housekeeping supervisors, 5222 shop supervisors);
- **title words**: head, chief, director, manager, supervisor, lead, … up; senior, advanced,
  specialist a half-step up; deputy a half-step below the post it deputises; assistant,
  junior, trainee, apprentice, aide, helper down; military ranks in their order;
- **responsibility skills** among the essential skills (manage staff, supervise …, manage
  budgets, recruit employees, plan shifts …);
- the **O*NET job zone**, the **typical education** (ISCED) and the **US median wage**.

ESCO's broader/narrower hierarchy is a generalisation (welder above pipe welder), not
seniority, so it informs the line of work (see lines.py), not this score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

ISCO_SKILL_LEVEL = {"1": 4.0, "2": 4.0, "3": 3.0, "4": 2.0, "5": 2.0, "6": 2.0, "7": 2.0,
                    "8": 2.0, "9": 1.0}
ARMED_FORCES_LEVEL = {"01": 4.0, "02": 2.5, "03": 2.0}
SUPERVISOR_GROUPS = {"3121": "mining supervisors", "3122": "manufacturing supervisors",
                     "3123": "construction supervisors", "3341": "office supervisors",
                     "5151": "cleaning and housekeeping supervisors",
                     "5222": "shop supervisors"}
MANAGER_POINTS = 1.5
SUPERVISOR_GROUP_POINTS = 1.0
TOP_EXECUTIVE_POINTS = 0.75
# title word -> points; a word counts once per title
TITLE_POINTS = {
    "head": 1.0, "chief": 1.5, "director": 1.5, "manager": 1.25, "principal": 1.0,
    "superintendent": 1.0, "dean": 1.5, "headteacher": 1.0, "ambassador": 1.0,
    "supervisor": 1.0, "foreman": 1.0, "forewoman": 1.0, "lead": 0.75, "leader": 0.75,
    "commander": 1.0, "captain": 1.0, "skipper": 1.0, "governor": 1.0, "master": 0.5,
    "coordinator": 0.25,
    "senior": 0.5, "advanced": 0.75, "specialist": 0.5, "specialised": 0.5, "consultant": 0.0,
    "deputy": -0.5, "vice": -0.5,
    "assistant": -0.75, "junior": -0.75, "trainee": -1.0, "apprentice": -1.0, "aide": -0.75,
    "helper": -0.75, "co-pilot": -0.5,
}
# "consultant social worker" is a senior post, "business consultant" is not: only the former
TITLE_PHRASES = {"consultant social worker": 0.5, "embassy counsellor": 0.5,
                 "second officer": -0.25, "in-chief": 1.0, "chief executive": 0.5,
                 "teaching assistant": -0.25}
# armed forces ranks (ESCO unit group 0110 holds them all), lowest first
RANKS = ("corporal", "sergeant", "lieutenant", "captain", "major", "colonel", "brigadier",
         "general")
RANK_STEP = 0.75
LEADERSHIP_WORDS = frozenset(("head", "chief", "director", "manager", "supervisor", "foreman",
                              "forewoman", "lead", "leader", "superintendent"))
CONFIRMS_LEADERSHIP = frozenset(("isco_manager", "isco_supervisor", "responsibility_skills"))
UNCONFIRMED_SHARE = 0.5
# responsibility for people or budgets, not for their paperwork ("manage personnel agenda")
RESPONSIBILITY = re.compile(
    r"^(?!.*\b(agenda|agendas|records|files|documents|data)\b)"
    r"(manage|supervise|lead|direct|coordinate|oversee)\b.*\b(staff|crew|crews|team|teams|"
    r"workers|employees|personnel|troops|managers|operators|volunteers|teachers)\b"
    r"|^supervise work\b|^supervision of persons|^supervise the work|^recruit (employees|"
    r"personnel|staff)|^hire new personnel|^train (employees|staff)\b|^plan shifts|"
    r"^schedule shifts|^delegate|^manage budget|^control (the )?budget|^manage a team|"
    r"^lead a team|^manage personnel$|^supervise (daily|the) .*operations|"
    r"^supervise .*(activities|production|operations)$")
RESPONSIBILITY_POINTS = 0.3
RESPONSIBILITY_CAP = 3
JOB_ZONE_POINTS = 0.35      # per job zone away from 3
EDUCATION_POINTS = 0.15     # per ISCED level away from 4
WAGE_POINTS = 0.4           # per doubling of the US median wage from REFERENCE_WAGE
REFERENCE_WAGE = 50_000.0
WORD = re.compile(r"[a-z][a-z\-]*")


def title_words(label: str) -> list[str]:
    """Lower-case words of a title ("head waiter/head waitress" -> head, waiter, head, …)."""
    return WORD.findall(label.casefold().replace("/", " "))


def title_evidence(label: str, armed_forces: bool = False) -> list[dict[str, Any]]:
    """Points from the words and phrases of a title (military ranks only for armed forces)."""
    words = title_words(label)
    low = label.casefold()
    out = []
    seen: set[str] = set()
    for w in words:
        points = TITLE_POINTS.get(w)
        if points and w not in seen:
            seen.add(w)
            out.append({"kind": "title", "points": points,
                        "text": f"title word '{w}'"})
    for phrase, points in TITLE_PHRASES.items():
        if phrase in low:
            out.append({"kind": "title", "points": points, "text": f"title '{phrase}'"})
    ranks = [RANKS.index(w) for w in words if w in RANKS] if armed_forces else []
    if ranks:
        out = [e for e in out if e["text"] not in ("title word 'captain'",)]
        out.append({"kind": "rank", "points": RANK_STEP * max(ranks),
                    "text": f"military rank '{RANKS[max(ranks)]}'"})
    return out


def is_responsibility_skill(label: str) -> bool:
    """Whether an essential skill signals responsibility for people or budgets."""
    return bool(RESPONSIBILITY.search(label.casefold()))


def occupation_seniority(label: str, isco_group: str | None, job_zone: int | None,
                         education_isced: int | None, wage: float | None,
                         responsibility_skills: Sequence[str] = (),
                         zone_estimated: bool = False,
                         wage_estimated_from: str | None = None,
                         wage_estimated_because: str | None = None
                         ) -> tuple[float, list[dict[str, Any]]]:
    """Seniority score and its evidence for one occupation (see the module docstring)."""
    group = isco_group or ""
    evidence: list[dict[str, Any]] = []
    if group[:2] in ARMED_FORCES_LEVEL:
        base = ARMED_FORCES_LEVEL[group[:2]]
    else:
        base = ISCO_SKILL_LEVEL.get(group[:1], 2.0)
    evidence.append({"kind": "isco_skill_level", "points": base,
                     "text": f"ISCO-08 group {group or '?'}: skill level {base:g}"})
    if group[:1] == "1":
        evidence.append({"kind": "isco_manager", "points": MANAGER_POINTS,
                         "text": "ISCO-08 major group 1 (managers)"})
    if group in SUPERVISOR_GROUPS:
        evidence.append({"kind": "isco_supervisor", "points": SUPERVISOR_GROUP_POINTS,
                         "text": f"ISCO-08 {group} ({SUPERVISOR_GROUPS[group]})"})
    armed_forces = group[:2] in ARMED_FORCES_LEVEL
    evidence += title_evidence(label, armed_forces)
    if group[:2] == "11":
        evidence.append({"kind": "isco_top_executive", "points": TOP_EXECUTIVE_POINTS,
                         "text": "ISCO-08 sub-major group 11 (chief executives, senior "
                                 "officials and legislators)"})
    if responsibility_skills and group[:1] != "1":    # every manager manages: no extra
        shown = list(responsibility_skills)[:RESPONSIBILITY_CAP]
        evidence.append({"kind": "responsibility_skills",
                         "points": RESPONSIBILITY_POINTS * len(shown),
                         "text": "essential: " + ", ".join(shown)})
    _discount_unconfirmed_leadership(evidence)
    if armed_forces:      # O*NET's military codes are too coarse to rank officers
        job_zone = education_isced = wage = None
    if job_zone and not zone_estimated:
        evidence.append({"kind": "job_zone", "points": JOB_ZONE_POINTS * (job_zone - 3),
                         "text": f"O*NET job zone {job_zone}"})
    if education_isced is not None and not zone_estimated:
        evidence.append({"kind": "education", "points": EDUCATION_POINTS * (education_isced - 4),
                         "text": f"typical education ISCED {education_isced}"})
    if wage:
        text = f"US median wage ${wage:,.0f}"
        if wage_estimated_from:
            why = wage_estimated_because or "none published for its O*NET occupation"
            text = (f"US median wage about ${wage:,.0f} ({why}: the median of ISCO-08 group "
                    f"{wage_estimated_from})")
        evidence.append({"kind": "wage",
                         "points": WAGE_POINTS * math.log2(wage / REFERENCE_WAGE),
                         "text": text, "estimated": bool(wage_estimated_from)})
    for e in evidence:
        e["points"] = round(float(e["points"]), 3)
    return round(sum(e["points"] for e in evidence), 3), evidence


def borrowed_manager_wage(isco_group: str | None, onet_code: str | None) -> bool:
    """Whether an occupation that ISCO-08 does not class as a manager takes its US wage from
    an O*NET management occupation (SOC major group 11): an international relations officer
    linked to public relations managers. That wage belongs to the managers, not to it, so the
    paths judge it by its ISCO group's median instead (profiles still show the O*NET wage)."""
    return (isco_group or "1")[:1] != "1" and (onet_code or "").startswith("11-")


def _discount_unconfirmed_leadership(evidence: list[dict[str, Any]]) -> None:
    """A leadership title word (supervisor, manager, head …) that neither an ISCO manager or
    supervisor group nor a responsibility skill confirms counts ``UNCONFIRMED_SHARE``: a door
    supervisor supervises a door, an asset manager manages assets, not people."""
    if any(e["kind"] in CONFIRMS_LEADERSHIP for e in evidence):
        return
    for e in evidence:
        word = e["text"].removeprefix("title word '").rstrip("'")
        if e["kind"] == "title" and word in LEADERSHIP_WORDS:
            e["points"] *= UNCONFIRMED_SHARE
            e["text"] += " (no ISCO group or responsibility skill confirms it)"


MARKET_KINDS = frozenset(("job_zone", "education", "wage"))


def structural_score(evidence: Sequence[dict[str, Any]]) -> float:
    """The score without the market evidence (job zone, education, wage), which ESCO
    occupations sharing one O*NET code share: what ISCO, the title and the skills say."""
    return round(sum(e["points"] for e in evidence if e["kind"] not in MARKET_KINDS), 3)


def build_seniority(db: Any, occupations: Sequence[str]) -> tuple[list[float], list[str]]:
    """Seniority score and JSON evidence per occupation (needs ``occupation_facts``)."""
    import json

    facts = {r[0]: r[1:] for r in db.execute(
        "SELECT o.uri, o.label, o.isco_group, f.job_zone, f.education_isced, "
        "f.wage_annual_median, f.job_zone_estimated, f.onet_code FROM occupations o "
        "LEFT JOIN occupation_facts f ON f.uri = o.uri")}
    responsibility: dict[str, list[str]] = {}
    for uri, label in db.execute(
            "SELECT os.occupation_uri, s.label FROM occupation_skills os JOIN skills s "
            "ON s.uri = os.skill_uri WHERE os.relation = 'essential' ORDER BY s.label"):
        if is_responsibility_skill(label):
            responsibility.setdefault(uri, []).append(label)
    group_wages = _group_wages(facts.values())
    scores, evidence = [], []
    for uri in occupations:
        label, isco, zone, level, wage, estimated, soc = facts[uri]
        wage_from = because = None
        if borrowed_manager_wage(isco, soc):
            wage, because = None, f"its O*NET link {soc} is a management occupation"
        if not wage and not estimated:
            wage, wage_from = _estimated_wage(isco or "", group_wages)
        score, ev = occupation_seniority(label, isco, zone, level, wage,
                                         responsibility.get(uri, ()), bool(estimated),
                                         wage_from, because if wage_from else None)
        scores.append(score)
        evidence.append(json.dumps(ev))
    return scores, evidence


def _group_wages(rows: Iterable[Sequence[Any]]) -> dict[str, float]:
    """Median of the known US wages per ISCO-08 group prefix (4, 3 and 2 digits)."""
    known: dict[str, list[float]] = {}
    for row in rows:
        isco, wage = row[1] or "", row[4]
        if wage and not borrowed_manager_wage(isco, row[6]):
            for n in (4, 3, 2):
                if len(isco) >= n:
                    known.setdefault(isco[:n], []).append(float(wage))
    return {g: float(np.median(v)) for g, v in known.items()}


def _estimated_wage(isco: str, group_wages: dict[str, float]) -> tuple[float | None, str | None]:
    """An O*NET-linked occupation without a published wage (OEWS top-codes the highest, and
    does not survey some) gets the median of its nearest ISCO-08 group with known wages, so
    missing data does not read as a median wage (a specialised doctor below a GP)."""
    for n in (4, 3, 2):
        if len(isco) >= n and isco[:n] in group_wages:
            return group_wages[isco[:n]], isco[:n]
    return None, None
