"""Tickets: joining, the queue, notes, tags, assignment, status, and the reply clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core.factories import BASE, load, message, order
from warroom import clock
from warroom.errors import BusinessRuleError, NotFound
from warroom.services import tickets as S
from warroom.services.status import audit_entries
from warroom.storage.uow import UnitOfWork


def test_messages_join_by_order_then_address_and_dedupe(db, users):
    o = order(1)
    first = message(1, order_id=o.amazon_order_id)
    follow_up = message(2, order_id=None, sender=first.from_addr, subject="Re: my parcel")
    other_order = message(3, order_id=order(2).amazon_order_id, sender="x1234567890abcd@marketplace.amazon.de")
    load(db, [o, order(2)], [first, follow_up, other_order])
    again = load(db, [], [first, follow_up])         # re-import: duplicates only
    assert again["messages"]["duplicates"] == 2 and again["messages"]["messages"] == []
    tickets = S.list_tickets(db)
    assert len(tickets) == 2
    t1 = next(t for t in tickets if t["amazon_order_id"] == o.amazon_order_id)
    assert t1["message_count"] == 2 and t1["channel"] == "amazon"
    assert t1["due_at"] == clock.iso(first.received_at + timedelta(hours=24))
    assert t1["category"] == "WISMO"           # classified on import ("where is my parcel")
    detail = S.get_ticket(db, t1["id"])
    assert detail["order"]["amazon_order_id"] == o.amazon_order_id
    assert [m["direction"] for m in detail["messages"]] == ["inbound", "inbound"]


def test_queue_is_ordered_by_priority_then_deadline(db, users):
    msgs = [message(i, sender=f"b{i:014d}@marketplace.amazon.com", at=BASE + timedelta(hours=h))
            for i, h in ((1, 5), (2, 1), (3, 3))]
    load(db, [], msgs)
    ids = [t["id"] for t in S.list_tickets(db)]
    dues = [t["due_at"] for t in S.list_tickets(db)]
    assert dues == sorted(dues) and len(ids) == 3
    # a reply stops the clock: that ticket drops below the running ones
    first = ids[0]
    with UnitOfWork(db) as uow:
        S.add_outbound_message(uow, first, from_addr="shop@example.com", to_addr=None, subject="Re",
                               body="We are on it.", at=BASE + timedelta(hours=6), source_ref="test")
        uow.audit("ada", "test.reply", f"ticket:{first}", {})
        uow.commit()
    after = S.list_tickets(db)
    assert after[-1]["id"] == first and after[-1]["due_at"] is None and after[-1]["status"] == "answered"
    assert after[-1]["priority"] > after[0]["priority"]
    assert S.list_tickets(db, limit=1)[0]["id"] == after[0]["id"]


def test_a_new_message_after_a_reply_restarts_the_clock(db, users):
    m1 = message(1)
    load(db, [], [m1])
    tid = S.list_tickets(db)[0]["id"]
    with UnitOfWork(db) as uow:
        S.add_outbound_message(uow, tid, from_addr="shop@example.com", to_addr=None, subject="Re", body="ok",
                               at=m1.received_at + timedelta(hours=2), source_ref="t")
        uow.audit("ada", "test.reply", f"ticket:{tid}", {})
        uow.commit()
    m2 = message(2, sender=m1.from_addr, at=m1.received_at + timedelta(hours=5))
    load(db, [], [m2])
    t = S.get_ticket(db, tid)
    assert t["status"] == "open" and t["due_at"] == clock.iso(m2.received_at + timedelta(hours=24))
    # an old message imported late (before the reply) does not restart the clock
    with UnitOfWork(db) as uow:
        S.add_outbound_message(uow, tid, from_addr="shop@example.com", to_addr=None, subject="Re", body="ok",
                               at=m2.received_at + timedelta(hours=1), source_ref="t2")
        uow.audit("ada", "test.reply", f"ticket:{tid}", {})
        uow.commit()
    late = message(3, sender=m1.from_addr, at=m1.received_at + timedelta(hours=1))
    load(db, [], [late])
    assert S.get_ticket(db, tid)["due_at"] is None


def test_notes_tags_assignment_and_status_each_write_one_entry(cli, db, users):
    load(db, [order(1)], [message(1, order_id=order(1).amazon_order_id)])
    tid = str(S.list_tickets(db)[0]["id"])
    n0 = len(audit_entries(db, limit=1000))
    assert cli("note", tid, "Buyer called; refund promised by phone", "--as", "alice").code == 0
    assert cli("tag", tid, "vip", "callback", "--as", "alice").code == 0
    flag = cli("tag", tid, "LEGAL", "--as", "alice")
    assert flag.code == 3 and "reason" in flag.err
    assert cli("tag", tid, "LEGAL", "--reason", "buyer mentioned a lawyer", "--as", "alice").code == 0
    assert cli("untag", tid, "callback", "--as", "alice").code == 0
    assert cli("assign", tid, "bob", "--as", "alice").code == 0
    assert cli("set-status", tid, "waiting", "--as", "bob").code == 0
    # one entry each; the first run that wrote also signed the first checkpoint (its key, then it)
    assert [e["action"] for e in audit_entries(db, limit=1000)][n0 + 1:n0 + 3] == ["audit.key", "audit.checkpoint"]
    assert len(audit_entries(db, limit=1000)) == n0 + 6 + 2
    # no-ops write nothing
    assert cli("tag", tid, "VIP", "--as", "alice").code == 0
    assert cli("set-status", tid, "waiting", "--as", "bob").code == 0
    assert len(audit_entries(db, limit=1000)) == n0 + 6 + 2
    t = cli("ticket", tid, "--json").json()
    assert t["tags"] == ["LEGAL", "VIP"] and t["flags"] == ["LEGAL"]
    assert t["tag_reasons"]["LEGAL"]["reason"] == "buyer mentioned a lawyer"
    assert t["assignee"] == "bob" and t["status"] == "waiting"
    assert t["notes"][0]["text"].startswith("Buyer called") and t["notes"][0]["author"] == "alice"
    assert set(t["messages"][0]) >= {"id", "direction", "from", "at", "subject", "body", "attachments"}
    human = cli("ticket", tid)
    assert "private note" in human.out


def test_bad_values_and_unknown_ids(cli, db, users):
    load(db, [], [message(1)])
    assert cli("set-status", "1", "done", "--as", "alice").code == 3
    assert cli("tag", "1", "no spaces!", "--as", "alice").code == 3
    assert cli("ticket", "999").code == 3
    assert cli("assign", "1", "nobody-here", "--as", "alice").code == 3
    assert cli("note", "1", "   ", "--as", "alice").code == 3
    assert cli("tickets", "--status", "weird").code == 3
    with pytest.raises(NotFound):
        S.get_ticket(db, 12345)


def test_tickets_json_shape_matches_the_contract(cli, db, users):
    load(db, [order(1)], [message(1, order_id=order(1).amazon_order_id)])
    rows = cli("tickets", "--json").json()
    assert isinstance(rows, list) and len(rows) == 1
    row = rows[0]
    for key in ("id", "channel", "amazon_order_id", "subject", "status", "category", "flags", "tags", "priority",
                "language", "assignee", "received_at", "due_at", "message_count"):
        assert key in row
    assert isinstance(row["id"], int) and isinstance(row["priority"], int)
    assert row["received_at"].endswith("Z") and row["due_at"].endswith("Z")
    orders = cli("orders", "--json").json()
    assert orders[0]["total"] == "24.99" and orders[0]["currency"] == "USD"
    assert set(orders[0]["items"][0]) >= {"sku", "asin", "title", "quantity", "unit_price", "line_price"}


def test_closed_tickets_are_hidden_unless_all(cli, db, users):
    load(db, [], [message(1), message(2, sender="zz@example.com")])
    S.set_status(db, users["alice"], 1, "closed")
    assert [t["id"] for t in cli("tickets", "--json").json()] == [2]
    assert sorted(t["id"] for t in cli("tickets", "--all", "--json").json()) == [1, 2]
    # a new message from the same buyer opens a new ticket instead of joining the closed one
    load(db, [], [message(3, sender=message(1).from_addr)])
    assert len(cli("tickets", "--all", "--json").json()) == 3
