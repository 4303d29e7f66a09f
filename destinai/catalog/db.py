"""The one object that owns the catalog database. Features ask it; they never open SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from destinai.catalog.format import format_fingerprint
from destinai.errors import NotFound, Unavailable

__all__ = ["Catalog", "CatalogMissing", "NotFound"]


class CatalogMissing(Unavailable):
    """There is no usable catalog at the configured path."""


class Catalog:
    """Read-only access to a built catalog.

    Connections are opened read-only, one per thread, so the web server's worker threads
    can share one Catalog safely.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise CatalogMissing(f"no catalog at {self.path}: run `destinai build` first")
        self._local = threading.local()
        try:
            built = self.scalar("SELECT value FROM build_record WHERE key = 'catalog_format'")
        except sqlite3.DatabaseError as exc:
            raise CatalogMissing(f"{self.path} is not a DestinAI catalog ({exc}): "
                                 "run `destinai build`") from exc
        if built is None or json.loads(built) != format_fingerprint():
            raise CatalogMissing(f"{self.path} was built by another version of DestinAI and "
                                 "lacks tables this version reads: run `destinai build`")

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's read-only connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = 1")
            conn.execute("PRAGMA cache_size = -65536")
            self._local.conn = conn
        return conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a query and return plain dicts."""
        return [dict(r) for r in self.connection.execute(sql, params)]

    def row(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        """The first row of a query, or None."""
        found = self.connection.execute(sql, params).fetchone()
        return dict(found) if found else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        found = self.connection.execute(sql, params).fetchone()
        return found[0] if found else None

    def build_record(self) -> dict[str, Any]:
        """The build record: sources with checksums, row counts, fixes, coverage, timings."""
        record = {r["key"]: json.loads(r["value"]) for r in self.rows(
            "SELECT key, value FROM build_record")}
        record["sources"] = self.rows(
            "SELECT key, release, path, bytes, sha256, download FROM build_sources ORDER BY key")
        return record

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
