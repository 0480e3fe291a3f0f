"""The audit log as the consoles' change feed (warroom.services.live): what the entries after a
sequence number changed, and the watching loop that wakes up on a PostgreSQL notification (or
a poll of the head on SQLite) when another seat writes."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from tests.core import factories as F
from warroom.services import live
from warroom.services import ticket_actions
from warroom.services import tickets as ticket_service
from warroom.storage.change_feed import CHANNEL, ListenWaiter, head_seq
from warroom.storage.engine import open_database


@pytest.fixture
def ticket_ids(db, users) -> list[int]:
    F.load(db, [F.order(n) for n in range(1, 5)],
           [F.message(n, order_id=F.order(n).amazon_order_id) for n in range(1, 5)])
    return [t["id"] for t in ticket_service.list_tickets(db)]


def test_changes_name_the_tickets_and_drafts_touched(db, users, ticket_ids):
    from warroom.services import drafts

    a, b, c, d = ticket_ids
    start = live.current_head(db)
    assert live.changes_after(db, start).empty
    ticket_service.add_note(db, users["alice"], a, "called the buyer")
    ticket_actions.bulk_assign(db, users["bob"], [b, c], "bob")
    draft = drafts.create_draft(db, users["alice"], d, text="Thank you, we are looking into it today.")
    ch = live.changes_after(db, start, own=False)
    assert ch.head == head_seq(db.engine) and not ch.everything
    assert ch.ticket_ids == {a, b, c, d} and ch.draft_ids == {draft["id"]}
    assert ch.actions == ("ticket.note", "ticket.bulk-assign", "draft.submit")
    assert ch.actors == {"alice", "bob"}
    assert not live.changes_after(db, start).anything             # all this process's own, through db
    later = live.changes_after(db, ch.head)                     # nothing since the last look
    assert later.empty and later.ticket_ids == frozenset()


def test_an_import_or_too_many_entries_mean_everything(db, users, ticket_ids):
    start = live.current_head(db)
    F.load(db, [], [F.message(50)])                              # not named by ticket
    assert live.changes_after(db, start, own=False).ticket_ids == frozenset()
    mark = live.current_head(db)
    for i in range(6):
        ticket_service.add_note(db, users["alice"], ticket_ids[0], f"n{i}")
    ch = live.changes_after(db, mark, limit=5, own=False)        # more than a look reads
    assert ch.everything and ch.head == head_seq(db.engine)
    assert live.summarize([], 0, 0).everything is False


def test_summary_of_payloads_with_runs_and_nested_groups():
    from warroom.domain.audit import AuditEntry

    def entry(seq: int, action: str, entity: str, payload: object) -> AuditEntry:
        return AuditEntry(seq=seq, at="", actor="system", action=action, entity=entity, payload=payload,
                          prev_hash="", hash="")

    ch = live.summarize([entry(1, "deadline.missed", "tickets", {"groups": [{"tickets": [[3, 5], [9, 9]]}]}),
                         entry(2, "draft.approve", "draft:7", {"draft_id": 7, "ticket_id": 12})], 0, 2)
    assert ch.ticket_ids == {3, 4, 5, 9, 12} and ch.draft_ids == {7} and not ch.everything
    big = live.summarize([entry(3, "ticket.bulk-tag", "tickets", {"tickets": [[1, live.MAX_TICKETS + 1]]})], 2, 3)
    assert big.everything
    assert live.summarize([entry(4, "suspension.declare", "suspension:1", {})], 3, 4).everything


def _watch(db, after: int, poll_s: float) -> tuple[queue.Queue, threading.Event, threading.Thread]:
    got: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=live.watch, args=(db, after, got.put, stop), kwargs={"poll_s": poll_s},
                              daemon=True)
    thread.start()
    return got, stop, thread


def test_the_watcher_delivers_another_seats_change_within_seconds(db, db_url, users, ticket_ids):
    # On PostgreSQL the poll interval is long on purpose: only the notification can be that fast.
    poll_s = 30.0 if db.dialect == "postgresql" else 0.5
    got, stop, thread = _watch(db, live.current_head(db), poll_s)
    try:
        time.sleep(0.5)                                          # listening
        seat = open_database(db_url)                             # another desktop
        try:
            t0 = time.monotonic()
            ticket_service.tag_ticket(seat, users["bob"], ticket_ids[2], ["CALLBACK"])
            changes = got.get(timeout=10)
            took = time.monotonic() - t0
        finally:
            seat.dispose()
        assert changes.ticket_ids == {ticket_ids[2]} and changes.actions == ("ticket.tag",)
        assert took < 5
        ticket_service.add_note(db, users["alice"], ticket_ids[0], "this console's own")   # not echoed back
        seat = open_database(db_url)
        try:
            ticket_service.add_note(seat, users["bob"], ticket_ids[1], "and one more elsewhere")
        finally:
            seat.dispose()
        later = got.get(timeout=10)
        assert later.ticket_ids == {ticket_ids[1]} and later.actions == ("ticket.note",)
        assert later.after >= changes.head and got.empty()         # the own note was never delivered
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


@pytest.mark.postgresql_only("NOTIFY is PostgreSQL's")
def test_a_rolled_back_action_notifies_nobody_and_a_commit_does(db, users, ticket_ids):
    from warroom.errors import BusinessRuleError

    stop = threading.Event()
    waiter = ListenWaiter(db.engine, stop)
    try:
        assert waiter.wait(1.0) is True                          # connected: "look once"
        assert waiter.wait(0.3) is False                         # nothing happened
        with pytest.raises(BusinessRuleError):                   # refused: rolled back, no entry
            ticket_service.assign_ticket(db, users["alice"], ticket_ids[0], "alice", expected="bob")
        assert waiter.wait(0.5) is False
        ticket_service.add_note(db, users["alice"], ticket_ids[0], "committed")
        assert waiter.wait(5.0) is True
    finally:
        waiter.close()
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal")}
    assert "audit_entry_notify" in names and CHANNEL == "warroom_audit"
