"""Build-time step of the paths feature (see destinai.catalog.steps)."""

from __future__ import annotations

import sqlite3

from destinai.catalog.steps import BuildContext


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Nothing to precompute yet."""
    return {}
