"""Cold match, fourth round (issue 11): the label map stored at build, the knowledge table
and the co-use matrices equal what the eager computations give."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.match import context, onet_knowledge
from destinai.match.build import LABELS_KIND
from destinai.match.data import SkillLabels, match_data
from destinai.search.kind import DICT_AFTER
from tests.lean.conftest import without_arrays


def _eager_labels(catalog: Catalog, skill_index: dict[str, int]) -> dict[str, int]:
    """The map as matching built it before it was stored."""
    by_label: dict[str, int] = {}
    for uri, label, alts in catalog.connection.execute(
            "SELECT uri, label, alt_labels FROM skills"):
        s = skill_index[uri]
        for name in json.loads(alts or "[]"):
            by_label.setdefault(name.casefold(), s)
        by_label[label.casefold()] = s
    return by_label


def _asked(eager: dict[str, int]) -> list[str]:
    keys = sorted(eager)
    return keys[:: max(len(keys) // (3 * DICT_AFTER), 1)] + ["no such skill", "a\x1fb", ""]


def test_the_stored_label_map_answers_as_the_eager_one(mini: Catalog):
    catalog = Catalog(mini.path)
    data = match_data(catalog)
    eager = _eager_labels(catalog, data.index.matrix.skill_index)
    assert catalog.rows("SELECT 1 FROM search_arrays WHERE kind = ?", (LABELS_KIND,))
    labels = SkillLabels(catalog, data.index)
    assert labels.as_dict() == eager
    fresh = SkillLabels(catalog, data.index)        # lookups before and after the dictionary
    assert [fresh.get(k) for k in _asked(eager)] == [eager.get(k) for k in _asked(eager)]


def test_a_catalog_without_the_stored_map_computes_it(mini: Catalog, tmp_path):
    catalog = without_arrays(mini, tmp_path / "catalog.sqlite", LABELS_KIND)
    data = match_data(catalog)
    eager = _eager_labels(catalog, data.index.matrix.skill_index)
    labels = SkillLabels(catalog, data.index)
    assert [labels.get(k) for k in _asked(eager)] == [eager.get(k) for k in _asked(eager)]


def test_the_knowledge_table_equals_one_array_per_code(mini: Catalog):
    catalog = Catalog(mini.path)
    data = match_data(catalog)
    rows = catalog.connection.execute(
        "SELECT code, element_id, importance FROM onet_ratings "
        "WHERE domain = 'knowledge' AND importance IS NOT NULL").fetchall()
    if not rows:
        pytest.skip("the miniature release has no knowledge ratings")
    areas = sorted({r[1] for r in rows})
    by_code: dict[str, np.ndarray] = {}
    for code, element, importance in rows:
        by_code.setdefault(code, np.full(len(areas), np.nan))[areas.index(element)] = importance
    occupations = data.index.matrix.occupations
    raw = np.full((len(occupations), len(areas)), np.nan)
    for o, uri in enumerate(occupations):
        code = data.index.facts.get(uri, {}).get("onet_code")
        if code in by_code:
            raw[o] = by_code[code]
    known = ~np.isnan(raw).all(axis=1)
    z = np.nan_to_num((raw - np.nanmean(raw[known], axis=0))
                      / np.where((s := np.nanstd(raw[known], axis=0)) > 0, s, 1.0))
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    profiles, got_known = onet_knowledge._load(catalog, data)
    assert got_known.tolist() == known.tolist()
    assert profiles.tobytes() == (z / np.where(norms > 0, norms, 1.0)).tobytes()


def test_the_transposed_uses_are_the_converted_ones(mini: Catalog):
    catalog = Catalog(mini.path)
    data = match_data(catalog)
    readings = [{"uri": u, "confidence": 0.9} for u in data.index.matrix.skills[:3]]
    context.co_used(catalog, readings, [0])
    got = data.cache["uses_t"]
    want = sparse.csr_matrix(data.uses.T.tocsr())
    assert got.shape == want.shape
    for name in ("data", "indices", "indptr"):
        assert getattr(got, name).tobytes() == getattr(want, name).tobytes()
