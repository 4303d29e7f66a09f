"""Build steps contributed by features, run inside the temporary catalog after the import.

Each feature module exposes ``build_step(db, context) -> dict``: it creates its own tables
(derived crosswalk links, search embeddings, occupation similarity…) and returns figures for
the build record, stored under ``step:<name>``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BuildContext:
    """What a build step may use besides the database."""

    sources: Path
    cache_dir: Path          # for expensive results keyed by the sources' checksums
    say: Callable[[str], None]


StepFunction = Callable[[sqlite3.Connection, BuildContext], dict[str, object]]


def links_steps() -> list[tuple[str, StepFunction]]:
    """Steps that add ESCO→O*NET links (run before wages and coverage are computed)."""
    from destinai.crosswalk.build import build_step as crosswalk

    return [("crosswalk", crosswalk)]


def feature_steps() -> list[tuple[str, StepFunction]]:
    """Steps that precompute indexes and matrices over the finished catalog tables."""
    from destinai.paths.build import build_step as paths
    from destinai.search.build import build_step as search

    return [("search", search), ("paths", paths)]
