"""US pay and jobs for an occupation: OEWS wages and BLS projections.

Linked occupations take the OEWS row of each linked O*NET code (its SOC 2018 detailed code,
else the broad group, flagged approximate). Occupations without an O*NET link fall back to
their ISCO-08 unit group through the BLS ISCO-08 -> SOC 2010 crosswalk: each SOC 2010 code is
read directly in OEWS (most 6-digit codes did not change in SOC 2018) or, when it changed,
through the O*NET-SOC 2010 -> 2019 crosswalk. The fallback reports the employment-weighted
median of the mapped occupations' medians and the range of those medians, labelled
approximate. Nothing is estimated beyond the published figures: hourly-only rows keep their
hourly figures and no annual value is made up.
"""

from __future__ import annotations

import json
from typing import Any

from destinai.catalog.db import Catalog

PAY_FIELDS = ("employment", "annual_p10", "annual_p25", "annual_median", "annual_p75",
              "annual_p90", "annual_mean", "hourly_p10", "hourly_p25", "hourly_median",
              "hourly_p75", "hourly_p90", "hourly_mean", "annual_only", "hourly_only")
_SELECT = (f"SELECT w.soc_code, w.title, w.o_group, w.year, "
           f"{', '.join('w.' + f for f in PAY_FIELDS)}, w.flags FROM oews_wages w")


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    row["flags"] = json.loads(row["flags"])
    row["annual_only"] = bool(row["annual_only"])
    row["hourly_only"] = bool(row["hourly_only"])
    return row


def linked_wages(catalog: Catalog, codes: list[str]) -> list[dict[str, Any]]:
    """One OEWS row per distinct SOC row behind the O*NET ``codes`` (in the order given)."""
    found: list[dict[str, Any]] = []
    for code in codes:
        row = catalog.row(f"{_SELECT} JOIN onet_wage_link k ON k.soc_code = w.soc_code "
                          "AND k.o_group = w.o_group WHERE k.code = ?", (code,))
        if row and all(f["soc_code"] != row["soc_code"] for f in found):
            row = _clean(row)
            row["onet_code"] = code
            row["approximate"] = row["o_group"] != "detailed"
            found.append(row)
    return found


def isco_wages(catalog: Catalog, isco_code: str | None) -> list[dict[str, Any]]:
    """OEWS rows of the SOC occupations the ISCO-08 unit group maps to (BLS crosswalk)."""
    if not isco_code:
        return []
    mapped = catalog.rows("SELECT soc2010_code, soc2010_title, part FROM xw_isco_soc "
                          "WHERE isco_code = ? ORDER BY soc2010_code", (isco_code,))
    rows: dict[str, dict[str, Any]] = {}
    for m in mapped:
        direct = catalog.rows(f"{_SELECT} WHERE w.soc_code = ? AND w.o_group = 'detailed'",
                              (m["soc2010_code"],))
        if not direct:  # the code changed in SOC 2018: follow O*NET-SOC 2010 -> 2019
            direct = catalog.rows(
                f"{_SELECT} JOIN onet_wage_link k ON k.soc_code = w.soc_code "
                "AND k.o_group = w.o_group JOIN xw_onet_2010_2019 x ON x.code_2019 = k.code "
                "WHERE x.code_2010 LIKE ? GROUP BY w.soc_code, w.o_group",
                (m["soc2010_code"] + ".%",))
        for row in direct:
            if row["soc_code"] not in rows:
                row = _clean(row)
                row["soc2010_code"] = m["soc2010_code"]
                row["partial_match"] = bool(m["part"])
                rows[row["soc_code"]] = row
    return list(rows.values())


def weighted_median(pairs: list[tuple[float, float]]) -> float | None:
    """The value at which the cumulative weight reaches half the total weight."""
    pairs = sorted((v, w) for v, w in pairs if v is not None and w)
    if not pairs:
        return None
    half, running = sum(w for _, w in pairs) / 2, 0.0
    for value, weight in pairs:
        running += weight
        if running >= half:
            return value
    return pairs[-1][0]


def _summary(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    values = [(r[key], r["employment"]) for r in rows if r[key] is not None]
    if not values:
        return {}
    return {key: weighted_median(values), f"{key}_min": min(v for v, _ in values),
            f"{key}_max": max(v for v, _ in values)}


def pay(catalog: Catalog, links: list[dict[str, Any]], isco_code: str | None,
        assessment: dict[str, Any] | None = None) -> dict[str, Any]:
    """The pay section, honest about how well the US series fits the occupation.

    ``links`` are the O*NET links (dicts with code, method, confidence; best first);
    ``assessment`` is :func:`destinai.profiles.relevance.assess_links`' answer. A *close* link
    (reviewed, same title) shows its OEWS figures (``basis: onet_link``). A *coarse* or
    derived link shows the candidates' medians as a range with the basis named
    (``basis: candidates``), never one number. Without any wage: the ISCO-group fallback.
    """
    closeness = (assessment or {}).get("closeness", "close" if links else "none")
    if closeness == "close":
        rows = linked_wages(catalog, [link["code"] for link in links])
        if rows:
            return _linked_pay(rows, links)
    candidates = (assessment or {}).get("candidates") or [
        {"code": x["code"], "title": x["title"], "why": "linked"} for x in links]
    rows = linked_wages(catalog, [c["code"] for c in candidates])
    if rows:
        return _candidate_pay(rows, candidates, (assessment or {}).get("reason", ""))
    return _isco_pay(catalog, isco_code)


def _linked_pay(rows: list[dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Any]:
    first = rows[0]
    link = next(x for x in links if x["code"] == first["onet_code"])
    reasons = ["OEWS publishes only the broad group"] if first["approximate"] else []
    note = (f"OEWS national estimates for SOC {first['soc_code']} {first['title']}, the "
            "O*NET occupation this one is linked to by the reviewed crosswalk")
    if reasons:
        note += "; approximate: " + "; ".join(reasons)
    return {"available": True, "basis": "onet_link", "approximate": bool(reasons),
            "approximate_reasons": reasons, "link_method": link["method"],
            "link_confidence": link["confidence"], "currency": "USD",
            "area": "United States", "year": first["year"], "release": f"OEWS May "
            f"{first['year']}", "primary": first, "rows": rows, "note": note,
            "basis_text": f"US pay for {first['title']} (SOC {first['soc_code']})"}


def _names(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _candidate_pay(rows: list[dict[str, Any]], candidates: list[dict[str, Any]],
                   reason: str) -> dict[str, Any]:
    why = {c["code"]: c["why"] for c in candidates}
    for row in rows:
        row["why"] = why.get(row["onet_code"], "linked")
    medians = [r["annual_median"] for r in rows if r["annual_median"] is not None]
    hourly = [r["hourly_median"] for r in rows if r["hourly_median"] is not None]
    titles = [r["title"] for r in rows]
    basis = (f"US pay for {_names(titles)}; no US series matches this occupation exactly")
    return {"available": True, "basis": "candidates", "approximate": True,
            "approximate_reasons": [reason] if reason else [],
            "currency": "USD", "area": "United States", "year": rows[0]["year"],
            "release": f"OEWS May {rows[0]['year']}",
            "range": {"annual_median_min": min(medians, default=None),
                      "annual_median_max": max(medians, default=None),
                      "hourly_median_min": min(hourly, default=None),
                      "hourly_median_max": max(hourly, default=None),
                      "annual_p25_min": min((r["annual_p25"] for r in rows
                                             if r["annual_p25"] is not None), default=None),
                      "annual_p75_max": max((r["annual_p75"] for r in rows
                                             if r["annual_p75"] is not None), default=None),
                      "soc_codes": len(rows)},
            "rows": rows, "basis_text": basis,
            "note": f"{basis} ({reason})" if reason else basis}


def _isco_pay(catalog: Catalog, isco_code: str | None) -> dict[str, Any]:
    rows = isco_wages(catalog, isco_code)
    if not rows:
        why = "no linked O*NET occupation and no ISCO-08 to SOC mapping with OEWS figures"
        return {"available": False, "basis": "none", "note": why}
    summary = {**_summary(rows, "annual_median"), **_summary(rows, "hourly_median")}
    employment = sum(r["employment"] or 0 for r in rows)
    titles = [r["title"] for r in sorted(rows, key=lambda r: -(r["employment"] or 0))]
    return {"available": True, "basis": "isco_fallback", "approximate": True,
            "currency": "USD", "area": "United States", "year": rows[0]["year"],
            "release": f"OEWS May {rows[0]['year']}",
            "approximate_reasons": [f"no US series for this occupation: figures of the US "
                                    f"occupations that ISCO-08 {isco_code} maps to"],
            "isco_group": isco_code, "summary": {**summary, "employment": employment,
                                                 "soc_codes": len(rows)},
            "range": {"annual_median_min": summary.get("annual_median_min"),
                      "annual_median_max": summary.get("annual_median_max"),
                      "hourly_median_min": summary.get("hourly_median_min"),
                      "hourly_median_max": summary.get("hourly_median_max"),
                      "soc_codes": len(rows)},
            "rows": sorted(rows, key=lambda r: -(r["employment"] or 0)),
            "basis_text": f"US pay for the occupations of ISCO-08 group {isco_code} "
                          f"({_names(titles[:3])}{' and others' if len(titles) > 3 else ''})",
            "note": f"approximate: employment-weighted median of the "
                    f"{len(rows)} US occupation(s) that ISCO-08 {isco_code} maps to "
                    "(BLS ISCO-08 to SOC 2010 crosswalk)"}


def projections(catalog: Catalog, soc_codes: list[str]) -> dict[str, Any]:
    """BLS 2024-34 projections for the SOC 2018 codes (employment in thousands)."""
    found = []
    for soc in dict.fromkeys(soc_codes):
        row = catalog.row("SELECT * FROM bls_projections WHERE soc_code = ?", (soc,))
        if row:
            found.append(row)
    if not found:
        return {"available": False, "note": "no BLS projection for "
                + (", ".join(soc_codes) if soc_codes else "an unlinked occupation")}
    return {"available": True, "period": "2024-34", "employment_unit": "thousands",
            "rows": found}
