"""The deadline sweep (issue 12 item 7): reading commands never write; a backlog is recorded in
batches, each its own short write transaction with one ``deadline.missed`` entry listing its
misses as runs; two sweeps at once record each miss exactly once."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta


from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures)
from tests.core.factories import BASE, load, message, order
from warroom import clock
from warroom.domain.tickets import id_runs
from warroom.services import deadlines as D
from warroom.services.status import audit_entries, status
from warroom.services.tickets import add_note, list_tickets
from warroom.storage.engine import open_database

CLAIM = "I have opened an A-to-z Guarantee claim because the parcel never arrived."


def _backlog(db, n: int, *, claims: int = 0) -> None:
    """``n`` tickets, one unanswered buyer message each at BASE (the first ``claims`` of them
    A-to-z claims on their own order)."""
    orders = [order(i) for i in range(1, claims + 1)]
    msgs = [message(i, order_id=orders[i - 1].amazon_order_id, body=CLAIM, at=BASE) if i <= claims
            else message(i, at=BASE) for i in range(1, n + 1)]
    load(db, orders, msgs)


def _entries(db, action: str) -> list[dict]:
    return [e for e in audit_entries(db, limit=100_000) if e["action"] == action]


def _runs_len(runs: list[list[int]]) -> int:
    return sum(b - a + 1 for a, b in runs)


def test_reading_commands_write_nothing(cli, db, users, at):
    _backlog(db, 30, claims=3)
    at(BASE + timedelta(days=3))                      # every clock has run out
    before = status(db)["audit"]
    tid = list_tickets(db)[0]["id"]
    for argv in (["tickets"], ["tickets", "--json"], ["tickets", "--all", "--limit", "5"], ["deadlines"],
                 ["deadlines", "--json"], ["deadlines", "--history"], ["ticket", str(tid)], ["status"]):
        assert cli(*argv).code == 0, argv
    assert status(db)["audit"] == before             # no entry, no escalation
    assert D.recorded_misses(db) == []
    rows = cli("deadlines", "--json").json()          # what it shows is computed, unwritten
    assert len(rows) == 33 and all(r["missed"] for r in rows)
    assert not any("ESCALATED" in t["tags"] for t in list_tickets(db))
    # the queue says what is waiting to be recorded, and how
    r = cli("tickets")
    assert "33 missed deadline(s) not yet recorded" in r.err and "warroom sweep --as USER" in r.err
    assert cli("sweep", "--as", "alice").code == 0
    assert "not yet recorded" not in cli("tickets").err


def test_the_sweep_runs_on_request_with_an_actor(cli, db, users, at):
    _backlog(db, 4, claims=1)
    at(BASE + timedelta(days=3))
    assert cli("sweep").code == 2                     # changes data: --as required
    assert cli("deadlines", "--sweep").code == 2
    r = cli("sweep", "--as", "alice", "--json")
    assert r.code == 0 and r.json()["missed_recorded"] == 5 and r.json()["escalated"] == [1]
    assert r.json()["entries"] == 2                   # one deadline.missed, one triage.escalate
    human = cli("deadlines", "--sweep", "--as", "ada")
    assert human.code == 0 and "0 missed deadline(s) recorded" in human.err
    [entry] = _entries(db, "deadline.missed")
    assert entry["actor"] == "system" and entry["entity"] == "tickets"
    [esc] = _entries(db, "triage.escalate")
    assert esc["payload"]["groups"] == [{"tags": ["URGENT", "ESCALATED"], "tickets": [[1, 1]]}]


def test_a_backlog_is_recorded_in_batches_one_entry_each(db, users, at, monkeypatch):
    _backlog(db, 230, claims=10)                     # 240 misses: 230 response, 10 A-to-z
    at(BASE + timedelta(days=3))
    # Between two batches the write lock is free: another user's note goes in at once.
    held = D._Batches.held
    notes = []

    def between(self, seconds, more):
        held(self, seconds, more)
        if more:
            notes.append(add_note(db, users["alice"], 1, f"written between batches {self.count}")["id"])

    monkeypatch.setattr(D._Batches, "held", between)
    result = D.sweep(db, batch_size=50)
    assert result["missed_recorded"] == 240 and not result["claimed_elsewhere"]
    entries = _entries(db, "deadline.missed")
    assert len(entries) == 5 and result["batches"] == 5 + 1        # + the escalation batch
    assert [e["payload"]["count"] for e in entries] == [50, 50, 50, 50, 40]
    events = D.recorded_misses(db)
    assert len(events) == 240 and len({(e["kind"], e["subject"], e["due_at"]) for e in events}) == 240
    by_id = {e["id"]: e for e in events}
    for entry in entries:
        p = entry["payload"]
        assert sum(g["count"] for g in p["groups"]) == p["count"] == _runs_len(p["event_ids"])
        ids = [i for a, b in p["event_ids"] for i in range(a, b + 1)]
        mine = [by_id[i] for i in ids]
        assert p["events_sha256"] == D.events_digest(
            [(e["kind"], e["subject"], e["due_at"], e["suspended_at_due"], e["suspension_id"]) for e in mine])
        for g in p["groups"]:
            assert g["suspended_at_due"] is False and g["due_from"] <= g["due_to"]
            if g["kind"] == "response":
                assert _runs_len(g["messages"]) == g["count"]
        assert p["kinds"] == {k: sum(1 for e in mine if e["kind"] == k) for k in {e["kind"] for e in mine}}
    # the entries interleave with the notes: each batch was its own transaction
    seqs = [e["seq"] for e in audit_entries(db, limit=100_000) if e["action"] in ("deadline.missed", "ticket.note")]
    actions = [e["action"] for e in audit_entries(db, limit=100_000) if e["seq"] in seqs]
    assert len(notes) == 4 and actions[:3] == ["deadline.missed", "ticket.note", "deadline.missed"]
    assert D.sweep(db)["missed_recorded"] == 0


def test_batches_follow_the_time_each_write_took():
    b = D._Batches(None)
    assert b.size == D.FIRST_BATCH
    b.held(D.SWEEP_TARGET_S * 4, more=False)          # too long: halve
    assert b.size == D.FIRST_BATCH // 2
    b.held(D.SWEEP_TARGET_S / 10, more=False)         # short: grow, by half at most
    assert b.size == D.FIRST_BATCH // 2 * 3 // 2
    fixed = D._Batches(7)
    fixed.held(5.0, more=False)
    assert fixed.size == 7 and fixed.longest == 5.0
    assert [len(x) for x in fixed.cut({1: 3, 2: 3, 3: 3, 4: 9})] == [2, 1, 1]   # whole tickets


def test_two_sweeps_at_once_record_each_miss_exactly_once(db_url, db, users, at, monkeypatch):
    _backlog(db, 300, claims=20)
    at(BASE + timedelta(days=3))
    expected = 320
    both_looked = threading.Barrier(2, timeout=30)
    compute = D.compute

    def look_then_wait(session, now, ticket_id=None, *, ticket_ids=None):
        rows = compute(session, now, ticket_id, ticket_ids=ticket_ids)
        if ticket_id is None and ticket_ids is None:  # the look without the lock: both see all the work
            both_looked.wait()
        return rows

    monkeypatch.setattr(D, "compute", look_then_wait)
    # both get past the sweep lock (on PostgreSQL the second would skip: test_sweep_lock.py):
    # what is checked here is that the batches, recomputed under the write lock, never double
    monkeypatch.setattr(D, "sweep_lock", lambda _engine: contextlib.nullcontext(True))
    results: list[dict] = []
    errors: list[BaseException] = []

    def run() -> None:
        other = open_database(db_url)      # its own engine and connections, as another process
        try:
            results.append(D.sweep(other, batch_size=30))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            other.dispose()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(results) == 2
    events = D.recorded_misses(db)
    assert len(events) == expected
    assert len({(e["kind"], e["subject"], e["due_at"]) for e in events}) == expected
    assert sum(r["missed_recorded"] for r in results) == expected
    assert sum(e["payload"]["count"] for e in _entries(db, "deadline.missed")) == expected
    escalated = _entries(db, "triage.escalate")
    tickets = [t for e in escalated for g in e["payload"]["groups"] for t in
               [i for a, b in g["tickets"] for i in range(a, b + 1)]]
    assert sorted(tickets) == list(range(1, 21))      # each claim escalated once
    monkeypatch.setattr(D, "compute", compute)
    assert D.sweep(db)["missed_recorded"] == 0


def test_misses_carry_the_suspension_in_force_at_each_due_time(db, users, at):
    from warroom.services import suspension as S

    load(db, [], [message(i, at=BASE + timedelta(hours=i)) for i in range(1, 7)])   # due BASE+25h .. +30h
    at(BASE + timedelta(hours=26, minutes=30))
    S.declare(db, users["ada"], "Related accounts")   # in force for the clocks due at +27h .. +30h
    at(BASE + timedelta(days=2))
    D.sweep(db)
    [entry] = _entries(db, "deadline.missed")
    groups = {g["suspended_at_due"]: g for g in entry["payload"]["groups"]}
    assert groups[False]["messages"] == [[1, 2]] and groups[False]["suspension_id"] is None
    assert groups[True]["messages"] == [[3, 6]] and groups[True]["suspension_id"] == 1
    assert groups[True]["due_from"] == clock.iso(BASE + timedelta(hours=27))
    assert groups[True]["due_to"] == clock.iso(BASE + timedelta(hours=30))
    assert groups[True]["tickets"] == id_runs(range(3, 7))
