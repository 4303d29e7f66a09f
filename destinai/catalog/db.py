"""The one object that owns the catalog database. Features ask it; they never open SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from destinai.catalog.format import SCHEMA_VERSION, current_parameters_digest, schema_version_of
from destinai.errors import NotFound, Unavailable

__all__ = ["Catalog", "CatalogMissing", "NotFound"]

T = TypeVar("T")


class CatalogMissing(Unavailable):
    """There is no usable catalog at the configured path."""


class Catalog:
    """Read-only access to a built catalog.

    Connections are opened read-only, one per thread, so the web server's worker threads
    can share one Catalog safely. State derived from the data (search indexes, skill
    matrices, trees) belongs to the Catalog too: see :meth:`derived`.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise CatalogMissing(f"no catalog at {self.path}: run `destinai build` first")
        self._local = threading.local()
        self._derived: dict[str, _Slot] = {}
        self._derived_lock = threading.Lock()
        try:
            built = self.scalar("SELECT value FROM build_record WHERE key = 'catalog_format'")
        except sqlite3.DatabaseError as exc:
            raise CatalogMissing(f"{self.path} is not a DestinAI catalog ({exc}): "
                                 "run `destinai build`") from exc
        self.format: dict[str, Any] = json.loads(built) if built else {}
        if schema_version_of(self.format) != SCHEMA_VERSION:
            raise CatalogMissing(f"{self.path} was built by another version of DestinAI (catalog "
                                 f"schema {schema_version_of(self.format)}, this version reads "
                                 f"{SCHEMA_VERSION}): run `destinai build`")

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

    def parameters_current(self) -> bool:
        """False when the build used other weights/thresholds than the running code: the
        catalog is readable but out of date (``destinai build --if-stale`` rebuilds it)."""
        return self.format.get("parameters") == current_parameters_digest()

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """State derived from this catalog, built by ``build()`` on first use and kept as long
        as this Catalog (the datasette habit): an index, a matrix, a tree.

        ``key`` names the state (``"<feature>.<what>"``). A rebuilt catalog is opened as a new
        Catalog, so nothing is keyed by path or mtime and nothing goes stale. Thread-safe:
        concurrent first callers wait for one build; different keys build in parallel.
        """
        with self._derived_lock:
            slot = self._derived.setdefault(key, _Slot())
        with slot.lock:
            if not slot.ready:
                slot.value = build()
                slot.ready = True
                self.release_page_cache()
            return cast(T, slot.value)

    def release_page_cache(self) -> None:
        """Free this thread's SQLite page cache after a derived state was built: loading an
        index reads tens of MB of array blobs once, and their pages would otherwise stay
        cached (up to ``cache_size``, 64 MB) in each connection that loaded one."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.execute("PRAGMA shrink_memory")

    def forget_derived(self) -> None:
        """Drop every derived state (rebuilt on next use)."""
        with self._derived_lock:
            self._derived.clear()

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class _Slot:
    """One derived value and the lock that guards its first build."""

    __slots__ = ("lock", "ready", "value")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = False
        self.value: Any = None
