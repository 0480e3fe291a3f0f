"""PostgreSQL: every commit that appends audit entries notifies channel warroom_audit (the
consoles' live refresh listens to it); nothing on SQLite (the consoles poll the head there)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""
from __future__ import annotations

from alembic import op

from warroom.storage.change_feed import feed_create_ddl, feed_drop_ddl

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in feed_create_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in feed_drop_ddl(op.get_bind().dialect.name):
        op.execute(statement)
