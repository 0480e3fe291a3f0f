"""claims (A-to-z, chargebacks) with their evidence; the register of Amazon's notices

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('amazon_order_id', sa.String(length=19), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by', sa.String(length=64), nullable=False),
    sa.Column('info_requested_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by', sa.String(length=64), nullable=True),
    sa.Column('submission', sa.Text(), nullable=True),
    sa.Column('outcome_at', sa.DateTime(), nullable=True),
    sa.Column('appealed_at', sa.DateTime(), nullable=True),
    sa.Column('amount', sa.String(length=32), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('OPEN', 'SUBMITTED', 'GRANTED', 'DENIED', 'WITHDRAWN', 'APPEALED')", name=op.f('ck_claim_status')),
    sa.CheckConstraint("type IN ('A_TO_Z', 'CHARGEBACK')", name=op.f('ck_claim_type')),
    sa.ForeignKeyConstraint(['order_id'], ['amazon_order.id'], name=op.f('fk_claim_order_id_amazon_order')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_claim_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim'))
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_amazon_order_id'), ['amazon_order_id'], unique=False)
        batch_op.create_index('ix_claim_status', ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('claim_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('added_by', sa.String(length=64), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('PROOF_OF_SHIPMENT', 'TRACKING', 'PHOTOS', 'CONVERSATION', 'REFUNDS', 'OTHER')", name=op.f('ck_claim_evidence_kind')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_evidence_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_evidence'))
    )
    with op.batch_alter_table('claim_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_evidence_claim_id'), ['claim_id'], unique=False)

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amazon_order_id', sa.String(length=19), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('from_addr', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('response_needed', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=255), nullable=False),
    sa.Column('source_ref', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('A_TO_Z', 'CHARGEBACK', 'POLICY_WARNING', 'PERFORMANCE', 'CUSTOMER_SERVICE', 'OTHER')", name=op.f('ck_notice_kind')),
    sa.CheckConstraint("status IN ('open', 'answered')", name=op.f('ck_notice_status')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_notice_claim_id_claim')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_notice_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notice_dedupe_key'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_amazon_order_id'), ['amazon_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_notice_claim_id'))
        batch_op.drop_index(batch_op.f('ix_notice_amazon_order_id'))
    op.drop_table('notice')
    with op.batch_alter_table('claim_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_evidence_claim_id'))
    op.drop_table('claim_evidence')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_ticket_id'))
        batch_op.drop_index('ix_claim_status')
        batch_op.drop_index(batch_op.f('ix_claim_amazon_order_id'))
    op.drop_table('claim')
