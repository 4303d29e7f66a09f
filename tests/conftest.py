"""Shared fixtures: a miniature release in the official formats, and the real release.

``mini_sources`` / ``mini_catalog``: small files written by tests/fixtures/release.py.
``real_catalog``: built once per session from DESTINAI_SOURCES (default ../shared/data).
Integration tests skip only outside CI when the real files are absent; in CI they must run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from destinai.catalog.build import build_catalog
from destinai.catalog.db import Catalog
from destinai.config import Settings
from destinai.sources.manifest import expected_sources
from tests.fixtures.release import write_release

# Apps made by tests keep their accounts in a throwaway SQLite file, never data/users.sqlite.
os.environ.setdefault("DESTINAI_USERS_DB",
                      str(Path(tempfile.mkdtemp(prefix="destinai-users-")) / "users.sqlite"))


@pytest.fixture
def mini_sources(tmp_path: Path) -> Path:
    """A fresh miniature sources directory (ESCO v1.1 layout, O*NET Excel)."""
    return write_release(tmp_path / "sources")


@pytest.fixture
def mini_catalog(mini_sources: Path, tmp_path: Path) -> Catalog:
    """A catalog built from the miniature sources."""
    result = build_catalog(mini_sources, tmp_path / "catalog.sqlite")
    return Catalog(result.db)


@pytest.fixture(scope="session")
def real_sources() -> Path:
    """The real release files; skipped outside CI when they are not there."""
    root = Settings.from_env().sources
    missing = [f for f in expected_sources(root) if f.required and not f.present]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the real release files; missing {missing[0].path}")
        pytest.skip(f"real release files not found under {root}")
    return root


@pytest.fixture(scope="session")
def real_catalog(real_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """A catalog built once per test session from the real release files."""
    target = tmp_path_factory.mktemp("real") / "catalog.sqlite"
    build_catalog(real_sources, target)
    return Catalog(target)
