"""Alembic environment: always given a connection by warroom.storage.migrate."""

from __future__ import annotations

from alembic import context

from warroom.storage.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,          # SQLite ALTERs go through batch mode
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
