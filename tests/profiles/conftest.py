"""Fixtures for the profile tests."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from destinai.catalog.db import Catalog


@pytest.fixture
def reviewed_only_catalog(mini_catalog: Catalog, tmp_path: Path) -> Catalog:
    """The miniature catalog without the crosswalk builder's derived links, so that the
    occupations Nesta does not cover (attaché, specialist nurse) have no O*NET link."""
    target = tmp_path / "reviewed-only.sqlite"
    shutil.copyfile(mini_catalog.path, target)
    with sqlite3.connect(target) as db:
        db.execute("DELETE FROM occupation_onet WHERE method != 'reviewed'")
    return Catalog(target)
