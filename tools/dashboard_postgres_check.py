"""The dashboard and notification services on a real PostgreSQL (by hand; the suite has no server).

    PYTHONPATH=DIR_WITH_PSYCOPG:. python tools/dashboard_postgres_check.py postgresql+psycopg://USER@/DB?host=SOCKDIR

On an empty database.  Two workarounds for what is not the dashboard's (found while checking it,
2026-12-05, PostgreSQL 15): migration 0005's index expression ``due_at IS NULL`` needs parentheses
on PostgreSQL, and the bulk ingest writes ids itself, so PostgreSQL's sequences must be moved
past them before the ORM inserts a reply.
"""
import sys
from datetime import timedelta
from tests.core.factories import BASE, load, message, order
from warroom import clock
from warroom.domain.roles import Actor, Role
from warroom.services import dashboard as D, notifications as N, users, queue
from warroom.services.tickets import add_outbound_message, tag_ticket
from warroom.services.deadlines import mark_no_response
from warroom.storage.engine import open_database
from warroom.storage.uow import UnitOfWork
from sqlalchemy import select
from warroom.storage.models import Ticket

import alembic.op, sqlalchemy as sa
_create_index = alembic.op.create_index
def _create_index_pg(name, table, columns, **kw):   # migration 0005's expression needs parentheses on PostgreSQL
    return _create_index(name, table, [sa.text("(due_at IS NULL)") if str(c) == "due_at IS NULL" else c for c in columns], **kw)
alembic.op.create_index = _create_index_pg
clock.now = lambda: BASE
db = open_database(sys.argv[1])
print(db.engine.dialect.name)
ada = users.add_user(db, None, "ada", Role.ADMIN, "secret-pw"); ada = Actor(ada["id"], "ada", Role.ADMIN)
a = users.add_user(db, ada, "alice", Role.AGENT, "secret-pw"); alice = Actor(a["id"], "alice", Role.AGENT)
c = users.add_user(db, ada, "carol", Role.COMPLIANCE, "secret-pw"); carol = Actor(c["id"], "carol", Role.COMPLIANCE)
o = order(9)
msgs = [message(1, at=BASE), message(2, at=BASE + timedelta(hours=1)), message(3, at=BASE + timedelta(hours=2)),
        message(4, at=BASE + timedelta(hours=3)), message(5, at=BASE + timedelta(days=3, hours=20)),
        message(6, sender="x@example.com", at=BASE),
        message(9, order_id=o.amazon_order_id, at=BASE, body="I have opened an A-to-z Guarantee claim because the parcel never arrived.")]
load(db, [o], msgs)
with db.engine.begin() as conn:    # the bulk ingest writes ids itself: move PostgreSQL's sequences past them
    for table in ("message", "ticket", "amazon_order", "order_item"):
        conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
def ticket_of(sender):
    with UnitOfWork(db, write=False) as u:
        return u.session.scalar(select(Ticket.id).where(Ticket.buyer_address == sender))
def reply(t, when):
    with UnitOfWork(db) as u:
        add_outbound_message(u, t, from_addr="s@x", to_addr=None, subject="Re", body="ok", at=when, source_ref=str(when))
        u.audit("ada", "test.reply", f"ticket:{t}", {}); u.commit()
reply(ticket_of(msgs[0].from_addr), BASE + timedelta(hours=23, minutes=59))
reply(ticket_of(msgs[1].from_addr), BASE + timedelta(days=3, hours=1))
clock.now = lambda: BASE + timedelta(hours=5)
mark_no_response(db, alice, ticket_of(msgs[3].from_addr), "thanks only")
now = BASE + timedelta(days=4)
d = D.dashboard(db, now)
r7 = d.response_rates[0]
print(d.response_rates)
assert (r7.counted, r7.late, r7.pending, r7.excluded) == (4, 3, 1, 1), r7   # the A-to-z buyer is late too
print("late ids", D.late_ticket_ids(db, 7, now))
print("due soon", d.due_soon.count, "past", d.past_due.count, "atoz", d.atoz, "held", d.held.count)
print("by category", [(b.key, b.count) for b in d.backlog_by_category])
print("by day", [(b.key, b.count) for b in d.backlog_by_day])
for b in d.backlog_by_day + d.backlog_by_category:
    assert queue.queue_count(db, focus=b.focus) == b.count
print("focus many ids", queue.queue_count(db, focus=queue.QueueFocus(ticket_ids=tuple(range(1, 40001)), closed_too=True)))
clock.now = lambda: BASE + timedelta(hours=6)
tag_ticket(db, alice, ticket_of(msgs[2].from_addr), ["LEGAL"], "lawyer on the phone")
ch = N.changes_since(db, carol, BASE + timedelta(hours=5), BASE + timedelta(hours=7))
print([(e.kind, e.flag, e.by) for e in ch.events], ch.desk_count, ch.outbox_count)
print("OK on", db.engine.dialect.name)
