"""Matching's in-memory extras on top of the shared index: label lookup and RIASEC profiles.

The label map and the interest profiles are read on first use, so ``study`` (which needs
neither) and a match on interests alone skip them. The label map's first lookups search the
map the build stored (``match.build``); building the dictionary from every skill's JSON
alternative labels (~0.2 s) is left to a process that looks up many labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from destinai.scipy_start import import_sparse

import_sparse()     # the first scipy import of match and study: without numpy's test tools

from scipy import sparse  # noqa: E402

from destinai.catalog.db import Catalog  # noqa: E402
from destinai.match.build import LABELS_KIND, LABELS_SQL, skill_labels  # noqa: E402
from destinai.paths.index import CatalogIndex, load_index  # noqa: E402
from destinai.search.compiled import SEP  # noqa: E402
from destinai.search.kind import DICT_AFTER, StoredArrays, joined_position  # noqa: E402

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
    def skill_by_label(self) -> SkillLabels:
        """Casefolded preferred or alternative label -> skill (a preferred label wins)."""
        return SkillLabels(self.catalog, self.index)

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


class SkillLabels:
    """Casefolded label -> skill index: the first ``DICT_AFTER`` lookups find the key with
    one ``bytes.find`` in the stored keys' text, then the whole dictionary is built (from the
    stored map; from the skills table for a catalog built without it)."""

    def __init__(self, catalog: Catalog, index: CatalogIndex) -> None:
        self.catalog, self.index = catalog, index
        rows = catalog.rows("SELECT name, dtype, shape, data FROM search_arrays WHERE kind = ?",
                            (LABELS_KIND,))
        self._stored = StoredArrays(rows) if rows else None
        self._lookups = 0
        self._dict: dict[str, int] | None = None

    def get(self, key: str, default: int | None = None) -> int | None:
        """The skill whose preferred or alternative label casefolds to ``key``."""
        if self._dict is None:
            self._lookups += 1
            if self._stored is not None and self._lookups < DICT_AFTER and SEP not in key:
                at = joined_position(self._stored.joined("keys"), key)
                if at is None:
                    return default
                uri = self._stored["uris"][int(self._stored["skill"][at])]
                return self.index.matrix.skill_index[uri]
            self._dict = self.as_dict()
        return self._dict.get(key, default)

    def as_dict(self) -> dict[str, int]:
        """Every label -> skill."""
        skill_index = self.index.matrix.skill_index
        if self._stored is None:
            return {k: skill_index[u] for k, u in _labels(self.catalog).items()}
        uris = [skill_index[u] for u in self._stored["uris"]]
        return dict(zip(self._stored["keys"], [uris[i] for i in self._stored["skill"].tolist()],
                        strict=True))



def _labels(catalog: Catalog) -> dict[str, str]:
    """The label map computed from the skills table (what the build stores)."""
    return skill_labels(catalog.connection.execute(LABELS_SQL))


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
