"""the manual refund log

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('refund_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('amazon_order_id', sa.String(length=19), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.String(length=32), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('method', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=True),
    sa.Column('refunded_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('logged_by', sa.String(length=64), nullable=False),
    sa.Column('logged_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('refund', 'reversal')", name=op.f('ck_refund_entry_kind')),
    sa.ForeignKeyConstraint(['order_id'], ['amazon_order.id'], name=op.f('fk_refund_entry_order_id_amazon_order')),
    sa.ForeignKeyConstraint(['reverses_id'], ['refund_entry.id'], name=op.f('fk_refund_entry_reverses_id_refund_entry')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_refund_entry_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_entry'))
    )
    with op.batch_alter_table('refund_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_entry_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_entry_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refund_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_entry_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_refund_entry_order_id'))
    op.drop_table('refund_entry')
