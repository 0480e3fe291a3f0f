"""Amazon's clocks: per-message 24-hour response clock, A-to-z and appeal windows, missed
deadlines recorded once by `system` with the suspension state, no-response, time zones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.core.factories import BASE, load, message, order, reply
from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures: the database begins at BASE)
from warroom import clock
from warroom.services import deadlines as D
from warroom.services import suspension as S
from warroom.services.settings import set_setting
from warroom.services.status import audit_entries
from warroom.services.tickets import get_ticket, list_tickets, tag_ticket




def test_each_unanswered_message_has_its_own_24_hour_clock(db, users, at):
    first = message(1, at=BASE)
    second = message(2, sender=first.from_addr, at=BASE + timedelta(hours=5))
    load(db, [], [first, second])
    rows = D.list_deadlines(db)
    assert [(r["kind"], r["due_at"]) for r in rows] == [
        ("response", clock.iso(BASE + timedelta(hours=24))), ("response", clock.iso(BASE + timedelta(hours=29)))]
    tid = rows[0]["ticket_id"]
    reply(db, tid, BASE + timedelta(hours=6))          # a recorded reply stops both clocks
    assert D.list_deadlines(db) == []
    assert get_ticket(db, tid)["due_at"] is None


def test_a_missed_deadline_is_recorded_once_by_system_with_the_suspension_state(db, users, at):
    load(db, [], [message(1, at=BASE), message(2, sender="other0000000002@marketplace.amazon.de",
                                               at=BASE + timedelta(hours=10))])
    at(BASE + timedelta(hours=2))
    S.declare(db, users["ada"], "Related accounts")      # in force when the second clock runs out
    at(BASE + timedelta(hours=40))
    first = D.sweep(db)
    assert first["missed_recorded"] == 2
    [entry] = [e for e in audit_entries(db, limit=100) if e["action"] == "deadline.missed"]   # one per batch
    assert entry["actor"] == "system" and entry["payload"]["count"] == 2
    [group] = entry["payload"]["groups"]                  # both due while the suspension was in force
    assert group["kind"] == "response" and group["suspended_at_due"] is True and group["count"] == 2
    assert (group["due_from"], group["due_to"]) == (clock.iso(BASE + timedelta(hours=24)),
                                                    clock.iso(BASE + timedelta(hours=34)))
    events = D.recorded_misses(db)
    assert [e["due_at"] for e in events] == [group["due_from"], group["due_to"]]
    assert all(e["suspended_at_due"] and e["suspension_id"] == group["suspension_id"] for e in events)
    assert D.sweep(db)["missed_recorded"] == 0            # once only
    rows = D.list_deadlines(db)
    assert all(r["missed"] for r in rows) and len(rows) == 2


def test_a_deadline_before_the_suspension_says_so(db, users, at):
    load(db, [], [message(1, at=BASE)])
    at(BASE + timedelta(hours=30))
    S.declare(db, users["ada"], "Related accounts")
    D.sweep(db)
    [miss] = [e for e in audit_entries(db, limit=100) if e["action"] == "deadline.missed"]
    [group] = miss["payload"]["groups"]
    assert group["suspended_at_due"] is False and group["suspension_id"] is None
    assert miss["payload"]["found_at"] == clock.iso(BASE + timedelta(hours=30))


def test_no_response_needed_stops_the_clock_with_a_reason(cli, db, users, at):
    load(db, [], [message(1, at=BASE)])
    tid = list_tickets(db)[0]["id"]
    assert cli("no-response", str(tid), "--reason", "  ", "--as", "alice").code == 3
    r = cli("no-response", str(tid), "--reason", "Buyer only said thanks", "--as", "alice", "--json")
    assert r.code == 0 and r.json()["reason"] == "Buyer only said thanks"
    assert D.list_deadlines(db) == []
    entry = audit_entries(db, limit=3, newest_first=True)[-1]     # after it: the run's first checkpoint
    assert entry["action"] == "ticket.no-response" and entry["payload"]["reason"] == "Buyer only said thanks"
    assert cli("no-response", str(tid), "--reason", "again", "--as", "alice").code == 3   # no clock to stop
    # a later message starts a new clock
    load(db, [], [message(2, sender=message(1).from_addr, at=BASE + timedelta(hours=3))])
    assert [r["message_id"] for r in D.list_deadlines(db)] and get_ticket(db, tid)["status"] == "open"


def test_atoz_window_is_a_setting_and_escalates_within_24_hours(db, users, at):
    o = order(1)
    claim = message(1, order_id=o.amazon_order_id, at=BASE,
                    body="I have opened an A-to-z Guarantee claim because the parcel never arrived.")
    load(db, [o], [claim])
    t = list_tickets(db)[0]
    assert "A-TO-Z" in t["flags"] and t["priority"] == 1
    atoz = [r for r in D.list_deadlines(db) if r["kind"] == "atoz"]
    assert atoz[0]["due_at"] == clock.iso(BASE + timedelta(hours=48))
    set_setting(db, users["ada"], "atoz_window_hours", "72")
    atoz = [r for r in D.list_deadlines(db) if r["kind"] == "atoz"]
    assert atoz[0]["due_at"] == clock.iso(BASE + timedelta(hours=72))
    assert "ESCALATED" not in list_tickets(db)[0]["tags"]
    at(BASE + timedelta(hours=49))                        # 23 hours left
    D.sweep(db)
    tags = list_tickets(db)[0]["tags"]
    assert "ESCALATED" in tags and "URGENT" in tags
    esc = [e for e in audit_entries(db, limit=100) if e["action"] == "triage.escalate"]
    assert len(esc) == 1 and esc[0]["actor"] == "system"


def test_appeal_information_requests_get_72_hours(db, users, at):
    load(db, [], [message(1, at=BASE)])
    tid = list_tickets(db)[0]["id"]
    at(BASE + timedelta(hours=1))
    tag_ticket(db, users["alice"], tid, ["APPEAL"], "Amazon asked for information on the claim appeal")
    appeal = [r for r in D.list_deadlines(db) if r["kind"] == "appeal"]
    assert appeal[0]["due_at"] == clock.iso(BASE + timedelta(hours=73))


def test_clocks_are_utc_and_shown_in_the_users_zone_across_dst():
    received = datetime(2026, 10, 31, 14, 0, tzinfo=timezone.utc)       # 10:00 EDT
    due = received + timedelta(hours=24)                                 # US DST ends on 1 November
    assert clock.iso(due) == "2026-11-01T14:00:00Z"
    assert clock.local_text(received, ZoneInfo("America/New_York")) == "2026-10-31 10:00 EDT"
    assert clock.local_text(due, ZoneInfo("America/New_York")) == "2026-11-01 09:00 EST"
    berlin = datetime(2026, 10, 24, 22, 30, tzinfo=timezone.utc)          # EU DST ends on 25 October
    assert clock.local_text(berlin, ZoneInfo("Europe/Berlin")) == "2026-10-25 00:30 CEST"
    assert clock.local_text(berlin + timedelta(hours=24), ZoneInfo("Europe/Berlin")) == "2026-10-25 23:30 CET"
    tokyo = clock.local_text(due, ZoneInfo("Asia/Tokyo"))
    assert tokyo == "2026-11-01 23:00 JST"


def test_deadlines_cli_shows_local_time_and_json_utc(cli, db, users, at, monkeypatch):
    load(db, [], [message(1, at=BASE)])
    monkeypatch.setenv("WARROOM_TZ", "Asia/Tokyo")
    human = cli("deadlines")
    assert human.code == 0 and "2026-11-21 18:00 JST" in human.out
    rows = cli("deadlines", "--json").json()
    assert rows[0]["due_at"] == "2026-11-21T09:00:00Z" and rows[0]["kind"] == "response"
    assert set(rows[0]) >= {"ticket_id", "kind", "due_at", "missed", "suspended_at_due"}
    monkeypatch.setenv("WARROOM_TZ", "Mars/Olympus")
    assert cli("deadlines").code == 2
