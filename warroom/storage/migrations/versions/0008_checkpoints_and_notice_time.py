"""signed checkpoints of the audit log, the database's id and its keys; when Amazon's notice arrived

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('database_identity',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('database_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_database_identity_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_database_identity')),
    sa.UniqueConstraint('database_id', name=op.f('uq_database_identity_database_id'))
    )
    op.create_table('audit_key',
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_audit_key'))
    )
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tree_size', sa.Integer(), nullable=False),
    sa.Column('root_hash', sa.String(length=64), nullable=False),
    sa.Column('frontier', sa.LargeBinary(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint'))
    )
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_checkpoint_tree_size'), ['tree_size'], unique=False)
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_received_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.drop_column('notice_received_at')
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_checkpoint_tree_size'))
    op.drop_table('audit_checkpoint')
    op.drop_table('audit_key')
    op.drop_table('database_identity')
