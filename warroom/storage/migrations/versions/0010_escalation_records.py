"""escalation records: brief edits, out-of-policy authorizations, reshipments, post-mortems, drill marker

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drill_marker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('injected_at', sa.DateTime(), nullable=True),
    sa.Column('first_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drill_marker'))
    )
    op.create_table('escalation_brief',
    sa.Column('ticket_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('order_ref', sa.Text(), nullable=True),
    sa.Column('buyer', sa.Text(), nullable=True),
    sa.Column('nature', sa.Text(), nullable=True),
    sa.Column('done', sa.Text(), nullable=True),
    sa.Column('emotional_state', sa.Text(), nullable=True),
    sa.Column('deadline', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_escalation_brief_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_escalation_brief'))
    )
    op.create_table('post_mortem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('root_cause', sa.String(length=32), nullable=False),
    sa.Column('what_done', sa.Text(), nullable=False),
    sa.Column('what_changes', sa.Text(), nullable=False),
    sa.Column('rule_links', sa.Text(), nullable=False),
    sa.Column('written_by', sa.String(length=64), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("root_cause IN ('product-defect', 'logistics', 'listing-description', 'earlier-service-handling', 'other')", name=op.f('ck_post_mortem_root_cause')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_post_mortem_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_mortem')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_post_mortem_ticket_id'))
    )
    op.create_table('remedy_authorization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('amazon_order_id', sa.String(length=19), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('limit_amount', sa.String(length=32), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('granted_by', sa.String(length=64), nullable=False),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('compensation', 'express-reship', 'future-discount')", name=op.f('ck_remedy_authorization_kind')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_remedy_authorization_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remedy_authorization'))
    )
    with op.batch_alter_table('remedy_authorization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remedy_authorization_amazon_order_id'), ['amazon_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remedy_authorization_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('authorized_refund',
    sa.Column('refund_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('authorization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['authorization_id'], ['remedy_authorization.id'], name=op.f('fk_authorized_refund_authorization_id_remedy_authorization')),
    sa.ForeignKeyConstraint(['refund_id'], ['refund_entry.id'], name=op.f('fk_authorized_refund_refund_id_refund_entry')),
    sa.PrimaryKeyConstraint('refund_id', name=op.f('pk_authorized_refund'))
    )
    with op.batch_alter_table('authorized_refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorized_refund_authorization_id'), ['authorization_id'], unique=False)

    op.create_table('reshipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('amazon_order_id', sa.String(length=19), nullable=True),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('carrier', sa.String(length=64), nullable=False),
    sa.Column('tracking', sa.String(length=128), nullable=True),
    sa.Column('express', sa.Boolean(), nullable=False),
    sa.Column('authorization_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('shipped_at', sa.DateTime(), nullable=False),
    sa.Column('logged_by', sa.String(length=64), nullable=False),
    sa.Column('logged_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['authorization_id'], ['remedy_authorization.id'], name=op.f('fk_reshipment_authorization_id_remedy_authorization')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_reshipment_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reshipment'))
    )
    with op.batch_alter_table('reshipment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reshipment_ticket_id'), ['ticket_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reshipment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reshipment_ticket_id'))

    op.drop_table('reshipment')
    with op.batch_alter_table('authorized_refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorized_refund_authorization_id'))

    op.drop_table('authorized_refund')
    with op.batch_alter_table('remedy_authorization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remedy_authorization_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_remedy_authorization_amazon_order_id'))

    op.drop_table('remedy_authorization')
    op.drop_table('post_mortem')
    op.drop_table('escalation_brief')
    op.drop_table('drill_marker')
