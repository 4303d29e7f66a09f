"""Where the user database lives and how it is opened and migrated.

SQLite file ``data/users.sqlite`` by default (``DESTINAI_USERS_DB`` moves it); PostgreSQL when
``DATABASE_URL`` is set (``postgresql://…`` is driven by psycopg 3). Migrations are Alembic
revisions shipped inside this package and run programmatically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from destinai.config import REPO_ROOT

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL: ``url``, else ``DATABASE_URL``, else the SQLite file."""
    raw = url or os.environ.get("DATABASE_URL")
    if not raw:
        path = Path(os.environ.get("DESTINAI_USERS_DB") or REPO_ROOT / "data/users.sqlite")
        return f"sqlite:///{path.expanduser().resolve()}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw.removeprefix(prefix)
    return raw


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys make ON DELETE CASCADE work; WAL lets readers run beside the one writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for the user database; creates the SQLite file's folder when needed."""
    resolved = make_url(database_url(url))
    if resolved.get_backend_name() == "sqlite":
        if resolved.database and resolved.database != ":memory:":
            Path(resolved.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, connect_args={"check_same_thread": False,
                                                       "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping (a round trip per checkout); connections are recycled after 30 minutes.
    return create_engine(resolved, pool_size=10, max_overflow=30, pool_recycle=1800)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and at ``engine``, if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the user database up to ``revision`` (creates every table on an empty one)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    """Migrate the user database down (``-1``: one step)."""
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest revision shipped in this package."""
    return str(ScriptDirectory.from_config(alembic_config()).get_current_head())
