"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl in a temporary folder.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user
(created with useradd when missing). It listens on 127.0.0.1 on a free port, with its unix
socket in the same folder, fsync off (the data are thrown away).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

PG_USER = "postgres"


def find_bin(name: str) -> str | None:
    """A PostgreSQL server binary on PATH or in Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A running throwaway cluster; ``url(name)`` and ``create_database()`` for the tests."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found: "
                                    "apt-get install postgresql (make test does it)")
        self.root = Path(tempfile.mkdtemp(prefix="destinai-pg-"))
        self.port = _free_port()
        self.kwargs: dict = {}
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam(PG_USER)
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", PG_USER], check=True)
                entry = pwd.getpwnam(PG_USER)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            self.kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": [],
                           "cwd": self.root}
        self.root.chmod(0o700)
        self.counter = 0

    def _run(self, *args: str) -> None:
        result = subprocess.run(list(args), capture_output=True, text=True, **self.kwargs)
        if result.returncode:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}")

    def start(self) -> PostgresServer:
        """initdb, then start the server and wait for it."""
        data = self.root / "data"
        self._run(str(self.initdb), "-D", str(data), "-U", "destinai", "-A", "trust",
                  "-E", "UTF8", "--no-sync", "--locale=C")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200")
        self._run(str(self.pg_ctl), "-D", str(data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://destinai@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=destinai dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self) -> str:
        """A fresh, empty database; returns its name."""
        self.counter += 1
        name = f"test_{os.getpid()}_{self.counter}"
        self._admin(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop a test database (closing whatever is still connected)."""
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run(str(self.pg_ctl), "-D", str(self.root / "data"), "-m", "immediate",
                      "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
