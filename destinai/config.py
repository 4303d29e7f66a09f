"""Where the sources and the catalog live: one typed settings object, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """Where builds keep expensive results keyed by checksums: ``DESTINAI_CACHE``, else the
    user cache directory (``~/.cache/destinai`` on Linux, honouring ``XDG_CACHE_HOME``).

    Outside the repository, so a checkout stays clean and the test suite (which sets its own
    ``DESTINAI_CACHE``) never writes into a developer's cache.
    """
    configured = os.environ.get("DESTINAI_CACHE")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("destinai", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Paths used by the build, the CLI and the web app.

    ``DESTINAI_SOURCES`` (default ``../shared/data`` beside the repository) and
    ``DESTINAI_DB`` (default ``data/catalog.sqlite`` in the repository).
    """

    sources: Path
    db: Path

    @classmethod
    def from_env(cls, sources: Path | str | None = None, db: Path | str | None = None
                 ) -> Settings:
        """Settings from explicit values, else the environment, else the defaults."""
        src = sources or os.environ.get("DESTINAI_SOURCES") or REPO_ROOT.parent / "shared/data"
        path = db or os.environ.get("DESTINAI_DB") or REPO_ROOT / "data/catalog.sqlite"
        return cls(Path(src).expanduser().resolve(), Path(path).expanduser().resolve())
