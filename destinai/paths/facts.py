"""Per-occupation facts the transition engine and matching need at query time.

For each ESCO occupation: its best O*NET link, job zone, US median wage, typical education
(ISCED level) and ISCO major/sub-major group. Occupations without an O*NET link get a job zone
and education level estimated from the ISCO-08 skill level of their major group (flagged).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from destinai.catalog.steps import read_sql

# ISCO-08 major group -> (job zone, ISCED level) from the ISCO skill levels
# (1: primary, 2: secondary, 3: short tertiary, 4: bachelor and above).
ISCO_ESTIMATE = {"0": (3, 3), "1": (4, 6), "2": (4, 6), "3": (3, 5), "4": (2, 3), "5": (2, 3),
                 "6": (2, 3), "7": (2, 3), "8": (2, 3), "9": (1, 2)}
# O*NET "Required Level of Education" category -> ISCED 2011 level
ONET_EDUCATION_ISCED = {1: 2, 2: 3, 3: 4, 4: 4, 5: 5, 6: 6, 7: 6, 8: 7, 9: 7, 10: 7, 11: 8,
                        12: 8}

FACTS_DDL = read_sql("destinai.paths", "occupation_facts.sql")


def best_links(db: sqlite3.Connection) -> dict[str, str]:
    """ESCO uri -> its best O*NET code (reviewed before derived, then confidence)."""
    best: dict[str, str] = {}
    for uri, code in db.execute(
            "SELECT esco_uri, onet_code FROM occupation_onet ORDER BY esco_uri, "
            "method = 'reviewed' DESC, confidence DESC, onet_code"):
        best.setdefault(uri, code)
    return best


def typical_education(db: sqlite3.Connection) -> dict[str, int]:
    """O*NET code -> the ISCED level reached by the median respondent's required education."""
    shares: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for code, category, value in db.execute(
            "SELECT code, category, value FROM onet_education WHERE element_id = '2.D.1' "
            "AND scale_id = 'RL' AND value IS NOT NULL ORDER BY code, category"):
        shares[code].append((category, value))
    out = {}
    for code, dist in shares.items():
        total, running = sum(v for _, v in dist), 0.0
        for category, value in dist:
            running += value
            if total and running >= total / 2:
                out[code] = ONET_EDUCATION_ISCED.get(category, 3)
                break
    return out


def build_facts(db: sqlite3.Connection) -> int:
    """Create and fill ``occupation_facts``; returns the number of occupations."""
    db.execute("DROP TABLE IF EXISTS occupation_facts")
    db.execute(FACTS_DDL)
    links = best_links(db)
    zones = dict(db.execute("SELECT code, job_zone FROM onet_occupations"))
    wages = {code: (soc, median) for code, soc, median in db.execute(
        "SELECT k.code, w.soc_code, w.annual_median FROM onet_wage_link k JOIN oews_wages w "
        "ON w.soc_code = k.soc_code AND w.o_group = k.o_group")}
    education = typical_education(db)
    rows = []
    for uri, isco in db.execute("SELECT uri, isco_group FROM occupations"):
        major = (isco or "")[:1] or None
        estimate = ISCO_ESTIMATE.get(major or "", (None, None))
        code = links.get(uri)
        zone = zones.get(code) if code else None
        level = education.get(code) if code else None
        soc, median = wages.get(code, (None, None)) if code else (None, None)
        rows.append((uri, code, zone or estimate[0], int(zone is None), median, soc,
                     level or estimate[1], int(level is None), major,
                     (isco or "")[:2] or None))
    db.executemany("INSERT INTO occupation_facts VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)
