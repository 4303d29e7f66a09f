"""What a person can rule in or out: current job, level, pay and job outlook.

Outlook is the US BLS 2024–34 employment projection of the occupation's O*NET code (its
SOC code), put in words on BLS's own scale around the 3.1% all-occupation average.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import MatchData

# (lowest change %, words): BLS's projected 2024-34 growth of all occupations is 3.1%
OUTLOOK_WORDS = ((8.0, "much faster than average"), (4.5, "faster than average"),
                 (1.5, "about as fast as average"), (-1.5, "little or no change"),
                 (-1e9, "declining"))
GROWING = 1.5             # "--outlook growing": at least about as fast as average
OUTLOOKS = ("any", "growing", "not-declining")


def outlook_words(change_percent: float | None) -> str | None:
    """BLS-style words for a projected employment change, or None when unknown."""
    if change_percent is None or np.isnan(change_percent):
        return None
    return next(words for low, words in OUTLOOK_WORDS if change_percent >= low)


def projected_change(catalog: Catalog, data: MatchData) -> np.ndarray:
    """Per occupation: BLS projected employment change 2024–34 in percent (NaN unknown)."""
    return catalog.derived("match.projected_change", lambda: _projected_change(catalog, data))


def _projected_change(catalog: Catalog, data: MatchData) -> np.ndarray:
    by_soc = {r["soc_code"]: r["change_percent"] for r in catalog.rows(
        "SELECT soc_code, change_percent FROM bls_projections "
        "WHERE change_percent IS NOT NULL")}
    out = np.full(len(data.index.matrix.occupations), np.nan)
    for o, uri in enumerate(data.index.matrix.occupations):
        code = (data.index.facts.get(uri, {}).get("onet_code") or "")[:7]
        if code in by_soc:
            out[o] = by_soc[code]
    return out


@dataclass
class Filters:
    """Rules that remove occupations from the results (never change their scores)."""

    exclude: list[str] = field(default_factory=list)   # occupation titles or URIs
    exclude_current: bool = False   # leave the job(s) held: their ISCO unit groups too
    max_job_zone: int | None = None
    min_job_zone: int | None = None
    min_wage: float | None = None   # US median annual wage, USD
    outlook: str = "any"            # any | growing | not-declining

    def describe(self) -> list[str]:
        """The active rules, in words."""
        out = []
        if self.exclude_current:
            out.append("leaving your current job: it and its close relatives are left out")
        if self.exclude:
            out.append("left out: " + ", ".join(self.exclude))
        if self.min_job_zone or self.max_job_zone:
            out.append(f"preparation level (O*NET job zone) {self.min_job_zone or 1}"
                       f"–{self.max_job_zone or 5}")
        if self.min_wage:
            out.append(f"US median pay at least ${self.min_wage:,.0f} a year")
        if self.outlook != "any":
            out.append("jobs expected to grow" if self.outlook == "growing"
                       else "jobs not expected to decline")
        return out


def allowed(catalog: Catalog, data: MatchData, filters: Filters | None,
            current: list[str]) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """(mask of occupations allowed, occupations left out by name) for the filters."""
    from destinai.match.reading import read_title

    m = data.index.matrix
    mask = np.ones(len(m.occupations), bool)
    if filters is None:
        return mask, []
    left_out: list[dict[str, Any]] = []
    groups = [data.index.facts.get(u, {}).get("isco_group") for u in m.occupations]
    names = list(filters.exclude)
    uris = [u for u in names if u in m.occupation_index]
    for name in names:
        if name not in m.occupation_index:
            reading = read_title(catalog, name)
            if "uri" in reading:
                uris.append(reading["uri"])
                left_out.append({"input": name, "uri": reading["uri"], "label": reading["label"]})
    for uri in uris:
        mask[m.occupation_index[uri]] = False
    if filters.exclude_current:
        for uri in current:
            unit = data.index.facts.get(uri, {}).get("isco_group")
            mask[m.occupation_index[uri]] = False
            if unit:
                mask &= np.array([g != unit for g in groups])
    zones = np.array([data.index.facts.get(u, {}).get("job_zone") or 0 for u in m.occupations])
    if filters.max_job_zone:
        mask &= zones <= filters.max_job_zone
    if filters.min_job_zone:
        mask &= zones >= filters.min_job_zone
    if filters.min_wage:
        wages = np.array([data.index.facts.get(u, {}).get("wage_annual_median") or 0
                          for u in m.occupations])
        mask &= wages >= filters.min_wage
    if filters.outlook != "any":
        change = projected_change(catalog, data)
        floor = GROWING if filters.outlook == "growing" else -1.5
        mask &= np.nan_to_num(change, nan=-1e9) >= floor
    return mask, left_out
