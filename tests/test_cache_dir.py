"""The build cache lives outside the repository, and the suite never touches the developer's."""

from __future__ import annotations

from pathlib import Path

import pytest

from destinai.config import REPO_ROOT, cache_dir


def test_destinai_cache_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DESTINAI_CACHE", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


def test_default_is_the_user_cache_dir_outside_the_repo(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.delenv("DESTINAI_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "destinai"
    monkeypatch.delenv("XDG_CACHE_HOME")
    default = cache_dir()
    assert default == Path.home() / ".cache" / "destinai"
    assert REPO_ROOT not in default.parents


def test_each_test_has_its_own_empty_cache(test_cache: Path, tmp_path: Path) -> None:
    assert cache_dir() == test_cache == tmp_path / "cache"
    assert not test_cache.exists()
