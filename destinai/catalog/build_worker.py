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
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{name}")')]
        if "WITHOUT ROWID" not in schema[0].upper():
            columns.insert(0, "rowid")      # kept: a scan returns rows in rowid order
        select = ", ".join(c if c == "rowid" else f'"{c}"' for c in columns)
        rows = db.execute(f'SELECT {select} FROM "{name}" ORDER BY 1').fetchall()
        tables[name] = (schema, columns, rows)
    return tables


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
        self.process: multiprocessing.process.BaseProcess | None = None
        self.receive: Connection | None = None
        try:
            fork = multiprocessing.get_context("fork")
        except ValueError:
            return                      # no fork on this platform: computed in result()
        self.receive, send = fork.Pipe(duplex=False)
        self.process = fork.Process(target=_work, args=(self.tables, compute, send), daemon=True)
        self.process.start()
        send.close()

    def result(self) -> Any:
        """The function's value: received from the worker, else computed in this process."""
        outcome: tuple[str, Any] = ("missing", None)
        if self.receive is not None and self.process is not None:
            with contextlib.suppress(EOFError, OSError):     # the worker died: computed below
                outcome = self.receive.recv()
            self.receive.close()
            self.process.join()
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
