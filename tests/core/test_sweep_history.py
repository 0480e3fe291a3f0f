"""History is not a miss (issue 12 item 8): a deadline due before the database began, and the
messages of an archive import (``import messages --archive [--archive-before TIME]``), are
never recorded as ``deadline.missed`` and start no running clock."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path


from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures)
from tests.core.factories import BASE, load, message, order
from warroom import clock
from warroom.services import deadlines as D
from warroom.services.status import audit_entries
from warroom.services.tickets import list_tickets
from warroom.storage.engine import open_database
from warroom.storage.uow import UnitOfWork

DATA = Path(__file__).resolve().parents[1] / "data" / "messages"
CLAIM = "I have opened an A-to-z Guarantee claim because the parcel never arrived."


def _actions(db, action: str) -> list[dict]:
    return [e for e in audit_entries(db, limit=10_000) if e["action"] == action]


def _csv(path: Path, rows: list[tuple[str, datetime, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["order_id", "received_at", "from", "subject", "body"])
        for oid, when, sender, body in rows:
            w.writerow([oid, clock.iso(when), sender, f"Inquiry from Amazon customer (Order: {oid})", body])
    return path


def test_the_database_begins_at_its_first_audit_entry(db):
    from warroom.services.clocks import database_started_at

    assert database_started_at(UnitOfWork(db, write=False).__enter__().session) == BASE


def test_mail_from_2024_is_history_never_a_miss(cli, db, users, at):
    at(BASE + timedelta(hours=1))
    r = cli("import", "messages", str(DATA / "messages.csv"), str(DATA / "mailbox.mbox"), "--as", "alice")
    assert r.code == 0, r.err
    o = order(1)
    load(db, [o], [message(900, order_id=o.amazon_order_id, body=CLAIM, at=datetime(2024, 3, 1, tzinfo=clock.UTC))])
    at(BASE + timedelta(days=5))
    result = D.sweep(db)
    assert result["missed_recorded"] == 0 and result["escalated"] == [] and result["history"] >= 3
    assert _actions(db, "deadline.missed") == [] and _actions(db, "triage.escalate") == []
    assert D.recorded_misses(db) == []
    assert D.list_deadlines(db) == []                                   # not shown as misses
    history = D.list_deadlines(db, include_history=True)
    assert history and all(r["history"] and not r["missed"] for r in history)
    assert {r["kind"] for r in history} == {"response", "atoz"}
    human = cli("deadlines")
    assert human.code == 0 and f"{len(history)} deadline(s) fell due before this database began" in human.out
    listed = cli("deadlines", "--history")
    assert listed.out.count("HISTORY") == len(history) and "MISSED" not in listed.out


def test_a_clock_running_out_after_the_database_began_is_a_miss(db, users, at):
    # received before the database began, due after: War Room had the time to answer
    load(db, [], [message(1, at=BASE - timedelta(hours=2))])
    at(BASE + timedelta(days=2))
    assert D.sweep(db)["missed_recorded"] == 1
    [miss] = D.recorded_misses(db)
    assert miss["due_at"] == clock.iso(BASE + timedelta(hours=22))


def test_an_archive_import_starts_no_clock(cli, db, users, at, tmp_path):
    at(BASE + timedelta(days=10))
    archive = _csv(tmp_path / "old.csv", [
        ("111-0000001-0000001", BASE + timedelta(days=1), "aaaaaaaaaaaaaa1@marketplace.amazon.com", "Where is it?"),
        ("111-0000002-0000002", BASE + timedelta(days=2), "aaaaaaaaaaaaaa2@marketplace.amazon.com", "Refund?"),
        ("111-0000003-0000003", BASE + timedelta(days=8), "aaaaaaaaaaaaaa3@marketplace.amazon.com", "Still waiting."),
    ])
    r = cli("import", "messages", str(archive), "--archive-before", clock.iso(BASE + timedelta(days=5)),
            "--as", "alice", "--json")
    assert r.code == 0, r.err
    [summary] = r.json()
    assert summary["history"] == 2 and summary["kept_clock"] == 0
    [entry] = _actions(db, "import.messages")
    assert entry["payload"]["archive"]["before"] == clock.iso(BASE + timedelta(days=5))
    assert entry["payload"]["archive"]["history_messages"] == [[1, 2]]
    tickets = {t["amazon_order_id"]: t for t in list_tickets(db)}
    assert tickets["111-0000001-0000001"]["due_at"] is None          # not past due
    assert tickets["111-0000002-0000002"]["due_at"] is None
    assert tickets["111-0000003-0000003"]["due_at"] == clock.iso(BASE + timedelta(days=9))
    result = D.sweep(db)
    assert result["missed_recorded"] == 1                            # only the message after the cut-off
    [miss] = D.recorded_misses(db)
    assert miss["subject"] == "message:3"
    assert [r["message_id"] for r in D.list_deadlines(db, include_history=True) if r["kind"] == "response"] == [3]


def test_an_archived_a_to_z_claim_keeps_only_its_claim_window(cli, db, users, at, tmp_path):
    """The boundary without a per-message column: an archive stops the claim message's 24-hour
    clock, but the A-to-z window (Amazon's, from the triage flag) is history only when it ran
    out before the database began (see services/clocks.py)."""
    at(BASE + timedelta(days=10))
    archive = _csv(tmp_path / "old.csv", [
        ("111-0000002-0000002", BASE - timedelta(days=5), "aaaaaaaaaaaaaa2@marketplace.amazon.com", CLAIM),
        ("111-0000004-0000004", BASE + timedelta(days=2), "aaaaaaaaaaaaaa4@marketplace.amazon.com", CLAIM),
    ])
    assert cli("import", "messages", str(archive), "--archive", "--as", "alice").code == 0
    D.sweep(db)
    assert [(m["kind"], m["subject"]) for m in D.recorded_misses(db)] == [("atoz", "ticket:2")]


def test_archive_without_a_cut_off_makes_every_message_of_the_files_history(cli, db, users, at, tmp_path):
    at(BASE + timedelta(days=10))
    archive = _csv(tmp_path / "old.csv", [
        ("111-0000001-0000001", BASE + timedelta(days=1), "aaaaaaaaaaaaaa1@marketplace.amazon.com", "Where is it?"),
        ("111-0000003-0000003", BASE + timedelta(days=8), "aaaaaaaaaaaaaa3@marketplace.amazon.com", "Still waiting."),
    ])
    r = cli("import", "messages", str(archive), "--archive", "--as", "alice")
    assert r.code == 0 and "archive: 2 message(s) are history" in r.out
    assert all(t["due_at"] is None for t in list_tickets(db))
    assert D.sweep(db)["missed_recorded"] == 0 and D.list_deadlines(db) == []
    later = _csv(tmp_path / "new.csv", [("111-0000001-0000001", BASE + timedelta(days=9, hours=12),
                                          "aaaaaaaaaaaaaa1@marketplace.amazon.com", "Any news?")])
    assert cli("import", "messages", str(later), "--as", "alice").code == 0     # a new message: a new clock
    [row] = D.list_deadlines(db)
    assert row["message_id"] == 3 and row["due_at"] == clock.iso(BASE + timedelta(days=10, hours=12))


def test_an_archive_never_stops_a_clock_already_running(cli, db, users, at, tmp_path):
    at(BASE + timedelta(days=3))
    sender = "aaaaaaaaaaaaaa1@marketplace.amazon.com"
    load(db, [], [message(1, sender=sender, at=BASE + timedelta(days=1))])         # live, unanswered
    archive = _csv(tmp_path / "old.csv", [("", BASE + timedelta(days=2), sender, "An older thread, answered elsewhere")])
    r = cli("import", "messages", str(archive), "--archive", "--as", "alice", "--json")
    assert r.code == 0 and r.json()[0]["history"] == 0 and r.json()[0]["kept_clock"] == 1
    assert D.sweep(db)["missed_recorded"] == 2                      # the live clock is not hidden by the archive


def test_archive_before_is_checked(cli, db, users, at, tmp_path):
    archive = _csv(tmp_path / "old.csv", [("", BASE, "aaaaaaaaaaaaaa1@marketplace.amazon.com", "Hello")])
    future = cli("import", "messages", str(archive), "--archive-before", "2099-01-01T00:00:00Z", "--as", "alice")
    assert future.code == 3 and "--archive-before" in future.err and "future" in future.err
    bad = cli("import", "messages", str(archive), "--archive-before", "yesterday", "--as", "alice")
    assert bad.code == 3 and "--archive-before" in bad.err
    assert cli("import", "orders", str(archive), "--archive", "--as", "alice").code == 2    # messages only
    assert _actions(db, "import.messages") == []


def test_counted_from_can_only_move_the_start_earlier(cli, db, users, at):
    """``deadlines.counted_from`` makes misses of older mail count (e.g. for demo data or mail
    from before War Room); set later than the database's start it changes nothing, so no
    setting can turn a recorded-worthy miss into history."""
    from warroom.services.clocks import database_started_at

    def started():
        with UnitOfWork(db, write=False) as uow:
            return database_started_at(uow.session)

    assert started() == BASE
    assert cli("settings", "set", "deadlines.counted_from", "2030-01-01T00:00:00Z", "--as", "ada").code == 0
    assert started() == BASE
    assert cli("settings", "set", "deadlines.counted_from", "2026-11-01T00:00:00+01:00", "--as", "ada").code == 0
    assert started() == datetime(2026, 10, 31, 23, 0, tzinfo=clock.UTC)
    r = cli("settings", "set", "deadlines.counted_from", "last tuesday", "--as", "ada")
    assert r.code == 3 and "ISO 8601" in r.err


def test_demo_data_counts_its_misses(tmp_path):
    """The demo's mail is older than the database it is loaded into; its deadlines still count
    as misses (the demo shows the evidence), through deadlines.counted_from."""
    from warroom.services.demo import load_demo

    database = open_database(str(tmp_path / "demo.db"))
    try:
        summary = load_demo(database, None, with_users=True)
        assert summary["deadlines_counted_from"]
        result = D.sweep(database)
        assert result["missed_recorded"] > 0
        rows = D.list_deadlines(database, include_history=True)
        assert not any(r["history"] for r in rows)
    finally:
        database.dispose()
