"""The catalog format: a schema version plus a digest of the parameters that shape the data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from destinai.catalog import format as catalog_format
from destinai.catalog.build import build_catalog, is_stale
from destinai.catalog.db import Catalog, CatalogMissing
from destinai.paths import similarity
from tests.fixtures.release import write_release

PACKAGE = Path(catalog_format.__file__).resolve().parent.parent


def _digest() -> str:
    return catalog_format.parameters_digest(catalog_format.build_parameters())


def test_the_parameters_come_from_every_step_that_shapes_stored_data() -> None:
    params = catalog_format.build_parameters()
    assert set(params) == {"fts", "search", "extract", "match", "crosswalk", "paths"}
    assert params["paths"]["weights"] == similarity.WEIGHTS
    assert params["search"]["model"].startswith("wordllama")


def test_changing_a_weight_changes_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _digest()
    monkeypatch.setitem(similarity.WEIGHTS, "essential", similarity.WEIGHTS["essential"] + 0.01)
    assert _digest() != before


def test_changing_a_threshold_changes_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    from destinai.paths import skill_similarity

    before = _digest()
    monkeypatch.setattr(skill_similarity, "MIN_TEXT_SIMILARITY", 0.5)
    assert _digest() != before


def test_a_comment_edit_does_not_change_the_format(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the digest is computed from values, not source text: a copy of a build module with an
    # extra comment, imported under another name, yields the same parameters
    import importlib.util

    source = (PACKAGE / "paths" / "build.py").read_text()
    edited = tmp_path / "edited_build.py"
    edited.write_text("# a new comment\n" + source.replace('"""Precompute',
                                                           '"""(edited) Precompute'))
    spec = importlib.util.spec_from_file_location("edited_build", edited)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from destinai.paths import build as paths_build

    assert module.parameters() == paths_build.parameters()
    assert catalog_format.parameters_digest(module.parameters()) == \
        catalog_format.parameters_digest(paths_build.parameters())


def test_the_digest_ignores_key_order() -> None:
    assert (catalog_format.parameters_digest({"a": 1, "b": {"x": 1, "y": 2}})
            == catalog_format.parameters_digest({"b": {"y": 2, "x": 1}, "a": 1}))


def _set_format(target: Path, value: object) -> None:
    with sqlite3.connect(target) as db:
        db.execute("UPDATE build_record SET value = ? WHERE key = 'catalog_format'",
                   (json.dumps(value),))


def test_an_old_catalog_asks_for_a_rebuild(tmp_path: Path) -> None:
    sources = write_release(tmp_path / "src")
    target = tmp_path / "c.sqlite"
    build_catalog(sources, target)
    record = Catalog(target).build_record()
    assert record["catalog_format"]["schema_version"] == catalog_format.SCHEMA_VERSION
    assert record["build_parameters"]["paths"]["top_k"] == similarity.TOP_K
    assert not is_stale(sources, target)
    _set_format(target, "0123456789abcdef")   # what catalogs before the schema version held
    assert is_stale(sources, target)
    with pytest.raises(CatalogMissing, match="destinai build"):
        Catalog(target)
    _set_format(target, {"schema_version": catalog_format.SCHEMA_VERSION - 1,
                         "parameters": catalog_format.current_parameters_digest()})
    with pytest.raises(CatalogMissing,
                       match=f"schema {catalog_format.SCHEMA_VERSION - 1}, this version reads"):
        Catalog(target)


def test_other_parameters_mean_stale_but_readable(tmp_path: Path) -> None:
    sources = write_release(tmp_path / "src")
    target = tmp_path / "c.sqlite"
    build_catalog(sources, target)
    assert Catalog(target).parameters_current()
    _set_format(target, {"schema_version": catalog_format.SCHEMA_VERSION,
                         "parameters": "another-weight!"})
    assert is_stale(sources, target)
    assert not Catalog(target).parameters_current()
