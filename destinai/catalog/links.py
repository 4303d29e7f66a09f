"""Resolve crosswalks into the links every feature uses (ESCO occupation → O*NET-SOC 2019)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

# Nesta's published confidence levels (2 high, 1 medium, 0.5 low) on a 0..1 scale.
NESTA_CONFIDENCE = {2.0: 0.95, 1.0: 0.8, 0.5: 0.5}


def resolve_reviewed_links(db: sqlite3.Connection) -> Counter[str]:
    """Turn Nesta's ESCO→O*NET-SOC 2010 links into O*NET-SOC 2019 links marked ``reviewed``.

    A 2010 code maps to one or more 2019 codes through the O*NET 2010→2019 crosswalk; all are
    kept. A 2010 code absent from the crosswalk but present in O*NET 29.2 is kept as is.
    Returns the Nesta links that could not be resolved, counted by reason.
    """
    current = {c for (c,) in db.execute("SELECT code FROM onet_occupations")}
    walk: dict[str, list[str]] = {}
    for old, new in db.execute("SELECT code_2010, code_2019 FROM xw_onet_2010_2019"):
        walk.setdefault(old, []).append(new)
    esco = {u for (u,) in db.execute("SELECT uri FROM occupations")}
    rows: dict[tuple[str, str], tuple[object, ...]] = {}
    unresolved: Counter[str] = Counter()
    links = db.execute(
        "SELECT esco_uri, onet_2010_code, confidence, semantic_similarity, matching_titles "
        "FROM xw_esco_onet_2010")
    for uri, old, raw_conf, similarity, titles in links:
        if uri not in esco:
            unresolved["ESCO occupation not in this ESCO release"] += 1
            continue
        targets = [c for c in walk.get(old, [old]) if c in current]
        if not targets:
            unresolved["O*NET-SOC 2010 code with no current O*NET code"] += 1
            continue
        confidence = NESTA_CONFIDENCE.get(raw_conf, 0.5)
        # A 2010 code split into several 2019 codes is a less certain link for each part.
        if len(targets) > 1:
            confidence *= 0.9
        for code in targets:
            evidence = {"source": "Nesta ESCO-O*NET crosswalk (Nov 2020)",
                        "nesta_confidence": raw_conf, "semantic_similarity": similarity,
                        "matching_job_titles": titles, "onet_2010_code": old,
                        "split_into": len(targets)}
            rows[(uri, code)] = (uri, code, "reviewed", round(confidence, 3), old,
                                 json.dumps(evidence))
    db.executemany("INSERT OR REPLACE INTO occupation_onet VALUES (?,?,?,?,?,?)", rows.values())
    return unresolved


def link_wages(db: sqlite3.Connection) -> int:
    """Fill ``onet_wage_link``: each O*NET code's OEWS row (exact SOC, else its broad group).

    Returns the number of O*NET codes left without a wage row.
    """
    wages: dict[str, list[str]] = {}
    for soc, group in db.execute("SELECT soc_code, o_group FROM oews_wages "
                                 "WHERE annual_mean IS NOT NULL OR annual_median IS NOT NULL "
                                 "OR hourly_mean IS NOT NULL"):
        wages.setdefault(soc, []).append(group)
    rows, missing = [], 0
    for code, soc in db.execute("SELECT code, soc_code FROM onet_occupations"):
        broad = soc[:-1] + "0"
        if soc in wages:
            group = "detailed" if "detailed" in wages[soc] else wages[soc][0]
            rows.append((code, soc, group, "exact"))
        elif broad in wages:
            group = "broad" if "broad" in wages[broad] else wages[broad][0]
            rows.append((code, broad, group, "broad"))
        else:
            missing += 1
    db.executemany("INSERT INTO onet_wage_link VALUES (?,?,?,?)", rows)
    return missing


def coverage(db: sqlite3.Connection) -> dict[str, object]:
    """Share of ESCO occupations with an O*NET code, and with a US wage, split by method."""
    total = db.execute("SELECT count(*) FROM occupations").fetchone()[0] or 1
    result: dict[str, object] = {"occupations": total}
    for label, where in (("any", ""), ("reviewed", "WHERE l.method = 'reviewed'"),
                         ("derived", "WHERE l.method = 'derived'")):
        linked = db.execute(
            f"SELECT count(DISTINCT l.esco_uri) FROM occupation_onet l {where}").fetchone()[0]
        waged = db.execute(
            "SELECT count(DISTINCT l.esco_uri) FROM occupation_onet l "
            "JOIN onet_wage_link w ON w.code = l.onet_code "
            + (where.replace("WHERE", "AND") if where else "")
        ).fetchone()[0]
        result[f"onet_{label}"] = {"count": linked, "share": round(linked / total, 4)}
        result[f"wage_{label}"] = {"count": waged, "share": round(waged / total, 4)}
    return result
