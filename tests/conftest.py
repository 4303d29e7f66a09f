"""Shared fixtures: a miniature release in the official formats, and the real release.

``mini_sources`` / ``mini_catalog``: small files written by tests/fixtures/release.py.
``real_catalog``: built once per session from DESTINAI_SOURCES (default ../shared/data).
Integration tests skip only outside CI when the real files are absent; in CI they must run.

Build caches: every test gets its own empty ``DESTINAI_CACHE`` (``tmp_path/cache``), so no
test reads or writes the developer's cache. ``real_catalog`` is built with a session cache
that starts as a copy of the developer's cache when there is one (a read-only warm copy for
speed: the real build then takes seconds, not minutes); in CI it starts empty.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from destinai.catalog.build import build_catalog
from destinai.catalog.db import Catalog
from destinai.config import Settings, cache_dir
from destinai.sources.manifest import expected_sources
from tests.fixtures.release import write_release

# Apps made by tests keep their accounts in a throwaway SQLite file, never data/users.sqlite.
os.environ.setdefault("DESTINAI_USERS_DB",
                      str(Path(tempfile.mkdtemp(prefix="destinai-users-")) / "users.sqlite"))
_DEVELOPER_CACHE = cache_dir()  # read at import, before any fixture redirects DESTINAI_CACHE


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The suite's own cache directory, also the default for session/package fixtures."""
    path = tmp_path_factory.mktemp("session") / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DESTINAI_CACHE", str(path))
        yield path


@pytest.fixture(autouse=True)
def test_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty build cache for each test."""
    path = tmp_path / "cache"
    monkeypatch.setenv("DESTINAI_CACHE", str(path))
    return path


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
    cache = tmp_path_factory.mktemp("real-cache") / "cache"
    if _DEVELOPER_CACHE.is_dir() and not os.environ.get("DESTINAI_TEST_COLD_CACHE"):
        shutil.copytree(_DEVELOPER_CACHE, cache)
    build_catalog(real_sources, target, cache=cache)
    return Catalog(target)


CHROMIUM = os.environ.get("DESTINAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium, one per test session: Playwright's sync API runs one event
    loop per thread, so every browser test (site, accounts, /docs) shares this one."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"CI must have chromium at {CHROMIUM} (make test installs it)")
        pytest.skip(f"chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        yield launched
        launched.close()
