"""One miniature catalog for the whole module (building it per test would be slow)."""

from __future__ import annotations

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
