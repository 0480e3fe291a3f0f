"""Seller Support case log; decisions on unshipped FBM orders

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('support_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by', sa.String(length=64), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('asins', sa.Text(), nullable=False),
    sa.Column('order_ids', sa.Text(), nullable=False),
    sa.Column('shipment_ids', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('over_limit_reason', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=True),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.CheckConstraint("channel IN ('EMAIL', 'PHONE', 'CHAT')", name=op.f('ck_support_case_channel')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('RESOLVED', 'NOT_RESOLVED', 'ESCALATED', 'NO_ANSWER', "
                       "'WITHDRAWN')", name=op.f('ck_support_case_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_case')),
    sa.UniqueConstraint('case_id', name=op.f('uq_support_case_case_id'))
    )
    with op.batch_alter_table('support_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_case_opened_at'), ['opened_at'], unique=False)
    op.create_table('fbm_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('amazon_order_id', sa.String(length=19), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("decision IN ('SHIP', 'CANCEL_AND_REFUND', 'HOLD')", name=op.f('ck_fbm_decision_decision')),
    sa.ForeignKeyConstraint(['order_id'], ['amazon_order.id'], name=op.f('fk_fbm_decision_order_id_amazon_order')),
    sa.ForeignKeyConstraint(['replaces_id'], ['fbm_decision.id'], name=op.f('fk_fbm_decision_replaces_id_fbm_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fbm_decision'))
    )
    with op.batch_alter_table('fbm_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fbm_decision_order_id'), ['order_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fbm_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fbm_decision_order_id'))
    op.drop_table('fbm_decision')
    with op.batch_alter_table('support_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_case_opened_at'))
    op.drop_table('support_case')
