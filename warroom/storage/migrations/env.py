"""Alembic environment: always given a connection by warroom.storage.migrate."""

from __future__ import annotations

from alembic import context

from warroom.storage.migrations_filter import include_object
from warroom.storage.models import Base

config = context.config
connection = config.attributes["connection"]


context.configure(
    include_object=include_object,
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,          # SQLite ALTERs go through batch mode
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
