"""Matching's in-memory extras on top of the shared index: label lookup and RIASEC profiles.

The label map (~0.1 s: every skill's alternative labels) and the interest profiles are read
on first use, so ``study`` (which needs neither) and a match on interests alone skip them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.paths.index import CatalogIndex, load_index

RIASEC = "RIASEC"


@dataclass
class MatchData:
    """Weighted incidence matrices, a label→skill map and interest profiles."""

    index: CatalogIndex
    catalog: Catalog = field(repr=False)   # read by the lazily loaded parts below
    essential_w: sparse.csr_matrix   # essential × skill weight
    optional_w: sparse.csr_matrix
    all_skills: sparse.csr_matrix
    essential_total: np.ndarray      # per occupation: sum of essential weights
    optional_total: np.ndarray
    siblings: dict[str, list[int]]           # ISCO unit group -> its occupations
    importance: dict[int, dict[int, float]] = field(default_factory=dict)   # cached per job
    cache: dict[str, object] = field(default_factory=dict)   # per-catalog facts, built once

    @cached_property
    def skill_by_label(self) -> dict[str, int]:
        """Casefolded preferred or alternative label -> skill (a preferred label wins)."""
        return _labels(self.catalog, self.index)

    @cached_property
    def interests(self) -> np.ndarray:
        """Occupation × 6 (R, I, A, S, E, C) O*NET interest scores, 0..1; NaN unlinked."""
        return _interests(self.catalog, self.index)

    @cached_property
    def essential_by_skill(self) -> sparse.csc_matrix:
        """Column access to the essential matrix."""
        return self.index.matrix.essential.tocsc()

    @cached_property
    def optional_by_skill(self) -> sparse.csc_matrix:
        """Column access to the optional matrix."""
        return self.index.matrix.optional.tocsc()

    @property
    def uses(self) -> sparse.csr_matrix:
        """occupation × skill: 1 essential, 0.5 optional."""
        if "uses" not in self.cache:
            m = self.index.matrix
            self.cache["uses"] = (m.essential + 0.5 * m.optional).tocsr()
        return self.cache["uses"]  # type: ignore[return-value, unused-ignore]

    @property
    def is_knowledge(self) -> np.ndarray:
        """Per skill: True for ESCO knowledge."""
        if "knowledge" not in self.cache:
            self.cache["knowledge"] = np.array([t == "knowledge"
                                                for t in self.index.skill_types])
        return self.cache["knowledge"]  # type: ignore[return-value]

    def nbytes(self) -> int:
        """Memory of the matrices (shared index included)."""
        mats = (self.essential_w, self.optional_w, self.all_skills)
        return self.index.nbytes() + self.interests.nbytes + int(sum(
            m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in mats))


def match_data(catalog: Catalog) -> MatchData:
    """The matching data for ``catalog``, built once per Catalog (``Catalog.derived``)."""
    return catalog.derived("match.data", lambda: _build(catalog, load_index(catalog)))


def _build(catalog: Catalog, index: CatalogIndex) -> MatchData:
    m = index.matrix
    ess_w = m.essential.multiply(m.weights[None, :]).tocsr()
    opt_w = m.optional.multiply(m.weights[None, :]).tocsr()
    siblings: dict[str, list[int]] = {}
    for o, uri in enumerate(m.occupations):
        unit = index.facts.get(uri, {}).get("isco_group")
        if unit:
            siblings.setdefault(unit, []).append(o)
    return MatchData(index, catalog, ess_w, opt_w, m.all_skills,
                     np.asarray(ess_w.sum(axis=1)).ravel(), np.asarray(opt_w.sum(axis=1)).ravel(),
                     siblings)


def _labels(catalog: Catalog, index: CatalogIndex) -> dict[str, int]:
    by_label: dict[str, int] = {}
    for uri, label, alts in catalog.connection.execute(
            "SELECT uri, label, alt_labels FROM skills"):
        s = index.matrix.skill_index[uri]
        for name in json.loads(alts or "[]"):
            by_label.setdefault(name.casefold(), s)
        by_label[label.casefold()] = s
    return by_label


def _interests(catalog: Catalog, index: CatalogIndex) -> np.ndarray:
    m = index.matrix
    interests = np.full((len(m.occupations), 6), np.nan, np.float32)
    codes = {u: f["onet_code"] for u, f in index.facts.items() if f.get("onet_code")}
    scores: dict[str, dict[str, float]] = {}
    for code, name, value in catalog.connection.execute(
            "SELECT code, element_name, value FROM onet_scores WHERE domain = 'interests' "
            "AND scale_id = 'OI'"):
        scores.setdefault(code, {})[name[:1].upper()] = (value - 1) / 6
    for uri, code in codes.items():
        if code in scores:
            interests[m.occupation_index[uri]] = [scores[code].get(k, np.nan) for k in RIASEC]
    return interests
