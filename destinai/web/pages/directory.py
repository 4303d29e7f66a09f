"""The careers directory query: ISCO tree, A–Z, text search and facets, paginated.

Facets (all optional, combined with AND):

- ``isco``: an ISCO-08 code of any level (1 to 4 digits); occupations in that group;
- ``zone``: O*NET job zone 1-5 (estimated from the ISCO skill level when no O*NET link);
- ``wage``: US median annual wage band (``WAGE_BANDS``), from the best O*NET link's OEWS row;
- ``outlook``: BLS 2024-34 employment change band (``OUTLOOK_BANDS``);
- ``digital`` / ``green``: at least one essential ESCO skill in that collection;
- ``letter``: first letter of the preferred label; ``q``: free text (hybrid search, relevant
  hits only, in relevance order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from destinai.catalog.db import Catalog

PAGE_SIZE = 50
Band = tuple[str, float, float]  # label, lower bound (inclusive), upper bound
WAGE_BANDS: dict[str, Band] = {"lt40": ("under $40,000", 0, 40_000),
              "40-60": ("$40,000–$60,000", 40_000, 60_000),
              "60-80": ("$60,000–$80,000", 60_000, 80_000),
              "80-100": ("$80,000–$100,000", 80_000, 100_000),
              "100+": ("$100,000 and over", 100_000, 10**9)}
OUTLOOK_BANDS: dict[str, Band] = {
                 "decline": ("declining (below 0%)", -1000, 0.0),
                 "slow": ("little change (0% to under 3%)", 0.0, 3.0),
                 "growing": ("growing (3% to under 7%)", 3.0, 7.0),
                 "fast": ("growing fast (7% and over)", 7.0, 1000)}
ZONES = {1: "1 · little preparation", 2: "2 · some preparation", 3: "3 · medium preparation",
         4: "4 · considerable preparation", 5: "5 · extensive preparation"}
_FROM = ("FROM occupations o LEFT JOIN occupation_facts f ON f.uri = o.uri "
         "LEFT JOIN bls_projections p ON p.soc_code = f.wage_soc")


@dataclass
class Filters:
    """The directory's filters, parsed and validated from the query string."""

    q: str = ""
    isco: str = ""
    zone: int | None = None
    wage: str = ""
    outlook: str = ""
    digital: bool = False
    green: bool = False
    letter: str = ""
    page: int = 1
    invalid: list[str] = field(default_factory=list)

    def active(self) -> bool:
        """True when anything narrows the list."""
        return bool(self.q or self.isco or self.zone or self.wage or self.outlook
                    or self.digital or self.green or self.letter)

    def params(self, **change: Any) -> dict[str, str]:
        """The query-string parameters (for links that keep the filters)."""
        values = {"q": self.q, "isco": self.isco, "zone": self.zone or "", "wage": self.wage,
                  "outlook": self.outlook, "digital": "1" if self.digital else "",
                  "green": "1" if self.green else "", "letter": self.letter,
                  "page": self.page if self.page > 1 else ""}
        values.update(change)
        return {k: str(v) for k, v in values.items() if v not in ("", None, 0)}


def parse_filters(raw: dict[str, str]) -> Filters:
    """Filters from query parameters; unknown values are dropped and reported."""
    f = Filters(q=raw.get("q", "").strip()[:200])
    isco = raw.get("isco", "").strip()
    if isco:
        if isco.isdigit() and 1 <= len(isco) <= 4:
            f.isco = isco
        else:
            f.invalid.append(f"ISCO-08 code {isco!r}")
    zone = raw.get("zone", "").strip()
    if zone:
        if zone.isdigit() and int(zone) in ZONES:
            f.zone = int(zone)
        else:
            f.invalid.append(f"job zone {zone!r}")
    for name, bands in (("wage", WAGE_BANDS), ("outlook", OUTLOOK_BANDS)):
        value = raw.get(name, "").strip()
        if value and value in bands:
            setattr(f, name, value)
        elif value:
            f.invalid.append(f"{name} band {value!r}")
    f.digital = raw.get("digital", "") in ("1", "on", "true")
    f.green = raw.get("green", "") in ("1", "on", "true")
    letter = raw.get("letter", "").strip().upper()
    if len(letter) == 1 and letter.isalpha():
        f.letter = letter
    page = raw.get("page", "1")
    f.page = max(1, int(page)) if page.isdigit() else 1
    return f


def directory_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """Every occupation with the fields the facets use, A–Z; loaded once per catalog file
    (3,007 rows: filtering them in memory is faster than one SQL query per facet)."""
    return catalog.derived("web.directory_rows", lambda: _directory_rows(catalog))


def _directory_rows(catalog: Catalog) -> list[dict[str, Any]]:
    flagged = {flag: {u for (u,) in catalog.connection.execute(
        "SELECT DISTINCT r.occupation_uri FROM occupation_skills r JOIN skills s "
        f"ON s.uri = r.skill_uri WHERE r.relation = 'essential' AND s.{flag} = 1")}
        for flag in ("is_digital", "is_green")}
    rows = catalog.rows(
        "SELECT o.uri, o.label, o.code, o.isco_group, f.job_zone, f.job_zone_estimated, "
        f"f.wage_annual_median, p.change_percent {_FROM}")
    for r in rows:
        r["digital"] = r["uri"] in flagged["is_digital"]
        r["green"] = r["uri"] in flagged["is_green"]
        r["letter"] = r["label"][:1].upper()
        r["wage"] = _band(WAGE_BANDS, r["wage_annual_median"])
        r["outlook"] = _band(OUTLOOK_BANDS, r["change_percent"])
    rows.sort(key=lambda r: r["label"].casefold())
    return rows


def _band(bands: dict[str, tuple[str, float, float]], value: float | None) -> str | None:
    if value is None:
        return None
    return next((k for k, (_, lo, hi) in bands.items() if lo <= value < hi), None)


def _failed(f: Filters, r: dict[str, Any]) -> list[str]:
    """The filters row ``r`` does not pass (``letter`` counts as a filter too)."""
    out = []
    if f.isco and not (r["isco_group"] or "").startswith(f.isco):
        out.append("isco")
    if f.zone and r["job_zone"] != f.zone:
        out.append("zone")
    if f.wage and r["wage"] != f.wage:
        out.append("wage")
    if f.outlook and r["outlook"] != f.outlook:
        out.append("outlook")
    if f.digital and not r["digital"]:
        out.append("digital")
    if f.green and not r["green"]:
        out.append("green")
    if f.letter and r["letter"] != f.letter:
        out.append("letter")
    return out


def _count(counts: dict[str, Any], r: dict[str, Any], only: str | None) -> None:
    for name, value in (("zone", r["job_zone"]), ("wage", r["wage"]),
                        ("outlook", r["outlook"])):
        if value is not None and only in (None, name):
            counts[name][str(value)] = counts[name].get(str(value), 0) + 1
    for name in ("digital", "green"):
        if r[name] and only in (None, name):
            counts[name] += 1


def filter_rows(f: Filters, rows: list[dict[str, Any]]
                ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(rows passing every filter, facet counts): how many occupations each facet value would
    give with the other filters applied, in one pass."""
    counts: dict[str, Any] = {"zone": {}, "wage": {}, "outlook": {}, "digital": 0, "green": 0}
    found = []
    for r in rows:
        failed = _failed(f, r)
        if not failed:
            found.append(r)
            _count(counts, r, None)
        elif len(failed) == 1 and failed[0] in counts:
            _count(counts, r, failed[0])
    return found, counts


def directory(catalog: Catalog, f: Filters) -> dict[str, Any]:
    """One page of occupations for the filters: ``items``, ``total``, ``page``, ``pages`` and
    ``facets`` (the count each facet value would give)."""
    rows = directory_rows(catalog)
    if f.q:
        from destinai.web.pages.common import relevant_hits

        rank = {h["uri"]: i for i, h in enumerate(relevant_hits(catalog, f.q, "occupation",
                                                                  200))}
        if not rank:
            return {"items": [], "total": 0, "page": 1, "pages": 0, "facets": {}}
        rows = sorted((r for r in rows if r["uri"] in rank), key=lambda r: rank[r["uri"]])
    found, facets = filter_rows(f, rows)
    total = len(found)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(f.page, pages)
    start = (page - 1) * PAGE_SIZE
    return {"items": found[start:start + PAGE_SIZE], "total": total, "page": page,
            "pages": pages, "facets": facets}


def isco_children(catalog: Catalog, code: str) -> list[dict[str, Any]]:
    """The ISCO-08 groups one level below ``code`` ('' for the major groups), with counts."""
    level = len(code) + 1
    groups = catalog.rows("SELECT code, label FROM isco_groups WHERE level = ? AND code LIKE ? "
                          "ORDER BY code", (level, code + "%"))
    counts = dict(catalog.connection.execute(
        "SELECT substr(isco_group, 1, ?), count(*) FROM occupations GROUP BY 1", (level,)))
    return [{**g, "count": counts.get(g["code"], 0)} for g in groups]


def isco_group(catalog: Catalog, code: str) -> dict[str, Any] | None:
    """One ISCO-08 group with its description."""
    return catalog.row("SELECT code, label, level, description FROM isco_groups WHERE code = ?",
                       (code,))


def outlook_by_uri(catalog: Catalog, uris: list[str]) -> dict[str, float]:
    """BLS 2024-34 employment change (%) of each occupation's best O*NET link's SOC code."""
    if not uris:
        return {}
    marks = ",".join("?" * len(uris))
    return {r["uri"]: r["change_percent"] for r in catalog.rows(
        f"SELECT f.uri, p.change_percent FROM occupation_facts f JOIN bls_projections p "
        f"ON p.soc_code = f.wage_soc WHERE f.uri IN ({marks})", uris)
        if r["change_percent"] is not None}

