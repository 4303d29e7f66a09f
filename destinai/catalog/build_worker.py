"""Compute part of a build step in a forked process, from a private copy of some tables.

An empty-cache build has more work than one core finishes in time; a step's part that reads
only imported tables (not what earlier steps derive) can start in a second process as soon
as the releases are imported (``Step.prepare``), and the step collects it when it runs.

The worker gets the tables' schemas (indexes included) and rows with their rowids, so the
same query returns the same rows in the same order as it would in the catalog. Anything that
goes wrong in the worker (an exception, a crash, no ``fork``) only costs time: the step
computes the part itself, from the same copy.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

Tables = dict[str, tuple[list[str], list[str], list[tuple]]]


def one_process() -> bool:
    """True when the build is asked to run in one process (``DESTINAI_BUILD_PROCESSES=1``)."""
    return os.environ.get("DESTINAI_BUILD_PROCESSES") == "1"


def copy_tables(db: sqlite3.Connection, names: Sequence[str]) -> Tables:
    """Schema statements, columns and rows (rowid first, unless ``WITHOUT ROWID``) of the
    tables ``names``."""
    tables: Tables = {}
    for name in names:
        schema = [sql for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY type = 'index', rowid", (name,))]
        columns = row_columns(db, name, schema[0])
        select = ", ".join(c if c == "rowid" else f'"{c}"' for c in columns)
        rows = db.execute(f'SELECT {select} FROM "{name}" ORDER BY 1').fetchall()
        tables[name] = (schema, columns, rows)
    return tables


def row_columns(db: sqlite3.Connection, name: str, sql: str, schema: str = "main"
                ) -> list[str]:
    """A table's columns, ``rowid`` first unless it is ``WITHOUT ROWID`` (``sql``: its
    CREATE statement): copied rows keep their rowids, and a scan returns rows in that order."""
    columns = [row[1] for row in db.execute(f'PRAGMA {schema}.table_info("{name}")')]
    return columns if "WITHOUT ROWID" in sql.upper() else ["rowid", *columns]


def fork_worker(target: Callable[..., None], *args: Any
                ) -> tuple[multiprocessing.process.BaseProcess, Connection] | None:
    """``target(*args, send)`` started in a forked process, with the end of the pipe it
    sends its one message on; None where this platform cannot fork."""
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        return None
    receive, send = fork.Pipe(duplex=False)
    process = fork.Process(target=target, args=(*args, send), daemon=True)
    process.start()
    send.close()
    return process, receive


def collect(worker: tuple[multiprocessing.process.BaseProcess, Connection] | None,
            missing: Any = None) -> Any:
    """The worker's message (``missing`` when there is no worker or it died first); the
    worker is joined."""
    if worker is None:
        return missing
    process, receive = worker
    outcome = missing
    with contextlib.suppress(EOFError, OSError):     # the worker died: ``missing``
        outcome = receive.recv()
    receive.close()
    process.join()
    return outcome


def restore_tables(tables: Tables) -> sqlite3.Connection:
    """An in-memory database holding the copied tables."""
    db = sqlite3.connect(":memory:")
    for name, (schema, columns, rows) in tables.items():
        for sql in schema:
            db.execute(sql)
        names = ", ".join(c if c == "rowid" else f'"{c}"' for c in columns)
        db.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({",".join("?" * len(columns))})',
                       rows)
    return db


class Apart:
    """A function of some tables, computed in a forked process (or, failing that, here)."""

    def __init__(self, db: sqlite3.Connection, names: Sequence[str],
                 compute: Callable[[sqlite3.Connection], Any]) -> None:
        self.tables = copy_tables(db, names)
        self.compute = compute
        self.worker = fork_worker(_work, self.tables, compute)   # None: computed in result()

    def result(self) -> Any:
        """The function's value: received from the worker, else computed in this process."""
        outcome: tuple[str, Any] = collect(self.worker, ("missing", None))
        if outcome[0] == "ok":
            return outcome[1]
        with restore_tables(self.tables) as db:
            return self.compute(db)


def _work(tables: Tables, compute: Callable[[sqlite3.Connection], Any], send: Connection) -> None:
    try:
        with restore_tables(tables) as db:
            outcome: tuple[str, Any] = ("ok", compute(db))
    except Exception as exc:
        outcome = ("error", repr(exc))
    send.send(outcome)
    send.close()
