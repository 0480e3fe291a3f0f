"""an index for the queue's default order (priority, clock with NULLs last)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_ticket_queue_order', 'ticket', ['priority', sa.text('(due_at IS NULL)'), 'due_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_ticket_queue_order', table_name='ticket')
