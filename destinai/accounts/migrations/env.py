"""Alembic environment: runs against the engine handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from destinai.accounts.db import database_url
from destinai.accounts.models import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(database_url())

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        # several workers starting at once: one migrates, the others wait, then find it done
        connection.execute(text("SELECT pg_advisory_xact_lock(7201610)"))
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
