"""One miniature catalog for the whole module (building it per test would be slow)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from destinai.catalog.build import build_catalog
from destinai.catalog.db import Catalog
from tests.fixtures.release import write_release


@pytest.fixture(scope="package")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """A catalog built once from the miniature release (shared, read-only)."""
    root = tmp_path_factory.mktemp("lean-mini")
    result = build_catalog(write_release(root / "sources"), root / "catalog.sqlite")
    return Catalog(result.db)


def without_arrays(mini: Catalog, target: Path, kind: str, name: str | None = None) -> Catalog:
    """A copy of ``mini`` at ``target`` without its stored ``kind`` arrays (only ``name`` when
    given): the catalog an older build left, for the fall-backs that compute them."""
    target.write_bytes(mini.path.read_bytes())
    with sqlite3.connect(target) as db:
        if name is None:
            db.execute("DELETE FROM search_arrays WHERE kind = ?", (kind,))
        else:
            db.execute("DELETE FROM search_arrays WHERE kind = ? AND name = ?", (kind, name))
    return Catalog(target)
