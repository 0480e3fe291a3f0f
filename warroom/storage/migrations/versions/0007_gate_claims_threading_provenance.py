"""the gate's send claim, reply threading, who armed a user

* draft: status ``sending`` (a send claimed before the mail server is contacted), when and by
  whom the send started, the e-mail's Message-ID, and the buyer message a draft answers;
* message: the Message-ID header of imported mail (filled from the dedupe key for mail
  already imported), so replies thread to it;
* user_account: who granted the current role and who last set the password, and when.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_OLD_STATUS = ("status IN ('submitted', 'blocked', 'approved', 'rejected', 'voided', 'held', "
               "'dispatched', 'failed')")
_NEW_STATUS = ("status IN ('submitted', 'blocked', 'approved', 'rejected', 'voided', 'held', "
               "'sending', 'dispatched', 'failed')")


def upgrade() -> None:
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_draft_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_draft_status'), sa.text(_NEW_STATUS))
        batch_op.add_column(sa.Column('reply_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('send_started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('send_started_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mail_message_id', sa.String(length=255), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_draft_reply_to_id_message'), 'message', ['reply_to_id'], ['id'])
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rfc_message_id', sa.Text(), nullable=True))
    op.execute("UPDATE message SET rfc_message_id = substr(dedupe_key, 5) WHERE dedupe_key LIKE 'mid:%'")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_granted_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('role_granted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('password_set_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('password_set_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('password_set_at')
        batch_op.drop_column('password_set_by')
        batch_op.drop_column('role_granted_at')
        batch_op.drop_column('role_granted_by')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('rfc_message_id')
    op.execute("UPDATE draft SET status = 'failed' WHERE status = 'sending'")
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_reply_to_id_message'), type_='foreignkey')
        batch_op.drop_column('mail_message_id')
        batch_op.drop_column('send_started_by')
        batch_op.drop_column('send_started_at')
        batch_op.drop_column('reply_to_id')
        batch_op.drop_constraint(op.f('ck_draft_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_draft_status'), sa.text(_OLD_STATUS))
