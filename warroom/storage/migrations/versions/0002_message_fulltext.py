"""full-text index of messages (SQLite FTS5 with CJK bigrams)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

from alembic import op

from warroom.storage.dialect import fts_create_ddl, fts_drop_ddl, fts_index_messages

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for statement in fts_create_ddl(bind.dialect.name):
        op.execute(statement)
    last = bind.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM message").scalar_one()
    fts_index_messages(bind, 1, int(last))


def downgrade() -> None:
    for statement in fts_drop_ddl(op.get_bind().dialect.name):
        op.execute(statement)
