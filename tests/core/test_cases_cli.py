"""`warroom cases`, `warroom case ...` and `warroom fbm ...`: output, roles and exit codes."""

from __future__ import annotations

from tests.core import factories
from tests.core.clock_fixtures import at, db  # noqa: F401  (the database begins at 2026-11-20 09:00 UTC)
from warroom import clock


def test_case_commands(cli, db, users, set_now):
    set_now("2026-11-20T09:00:00Z")
    r = cli("case", "open", "12345678901", "--topic", "Listing suppressed", "--channel", "EMAIL",
            "--asin", "B07XJ8C8F5", "--order", "111-1234567-1234567", "--as", "alice", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["case_id"] == "12345678901" and doc["channel"] == "EMAIL" and doc["guard"]["count"] == 0
    assert doc["asins"] == ["B07XJ8C8F5"] and doc["opened_at"] == "2026-11-20T09:00:00Z"

    assert cli("case", "open", "123", "--topic", "x", "--channel", "phone", "--as", "alice").code == 3
    assert cli("case", "open", "99999999", "--topic", "x", "--channel", "fax", "--as", "alice").code == 2
    assert cli("case", "open", "99999999", "--topic", "x", "--channel", "phone").code == 2       # no --as

    assert cli("settings", "set", "cases.daily_limit", "1", "--as", "ada").code == 0
    r = cli("case", "open", "99999999", "--topic", "x", "--channel", "chat", "--as", "alice")
    assert r.code == 3 and "daily limit 1" in r.err and "--over-limit --reason TEXT" in r.err
    r = cli("case", "open", "99999999", "--topic", "x", "--channel", "chat", "--over-limit", "--as", "alice")
    assert r.code == 3 and "--reason TEXT" in r.err
    r = cli("case", "open", "99999999", "--topic", "x", "--channel", "chat", "--over-limit", "--reason",
            "account health asked for it", "--urgent", "--as", "alice", "--json")
    assert r.code == 0 and r.json()["over_limit"] is True and "past the daily limit" in r.err

    listing = cli("cases", "--json")
    assert listing.code == 0 and [c["case_id"] for c in listing.json()] == ["99999999", "12345678901"]
    human = cli("cases", "--today")
    assert "2 Seller Support cases opened, daily limit 1" in human.out and "LIMIT REACHED" in human.out

    set_now("2026-11-20T12:00:00Z")
    r = cli("case", "answer", "12345678901", "--note", "send the invoice", "--as", "bob", "--json")
    assert r.code == 0 and r.json()["answer_hours"] == 3.0
    assert cli("case", "reopen", "12345678901", "--reason", "still open", "--as", "bob").code == 3
    r = cli("case", "close", "12345678901", "--outcome", "not-resolved", "--as", "bob")
    assert r.code == 0 and "not-resolved" in r.out
    r = cli("case", "reopen", "12345678901", "--reason", "the answer was generic", "--as", "bob", "--json")
    assert r.code == 0 and r.json()["reopen_count"] == 1 and r.json()["status"] == "open"
    show = cli("case", "show", "12345678901")
    assert show.code == 0 and "reopened 1 time" in show.out and "B07XJ8C8F5" in show.out
    assert cli("case", "show", "00000000").code == 3
    v = cli("audit", "verify", "--deep")
    assert v.code == 0, v.out + v.err


def test_fbm_commands(cli, db, users, set_now):
    set_now("2026-11-20T15:00:00Z")
    late = factories.order(1, fulfillment_channel="MFN", status="Unshipped",
                           latest_ship_date=clock.parse_iso("2026-11-19T23:59:59Z"))
    today = factories.order(2, fulfillment_channel="MFN", status="Unshipped",
                            latest_ship_date=clock.parse_iso("2026-11-20T23:59:59Z"))
    factories.load(db, [late, today])
    doc = cli("fbm", "--json").json()
    assert [o["amazon_order_id"] for o in doc["orders"]] == [late.amazon_order_id, today.amazon_order_id]
    assert doc["counts"]["past_due"] == 1 and doc["counts"]["due_today"] == 1 and len(doc["wismo_per_day"]) == 14
    human = cli("fbm")
    assert human.code == 0 and "PAST DUE (1)" in human.out and "DUE TODAY (1)" in human.out

    oid = late.amazon_order_id
    assert cli("fbm", "decide", oid, "--decision", "ship", "--note", "x", "--as", "alice").code == 2
    assert cli("fbm", "decide", oid, "--decision", "burn", "--note", "x", "--as", "carol").code == 2
    assert cli("fbm", "decide", "999-9999999-9999999", "--decision", "ship", "--note", "x", "--as", "carol").code == 3
    r = cli("fbm", "decide", oid, "--decision", "hold", "--note", "count the stock", "--as", "carol", "--json")
    assert r.code == 0 and r.json()["decision"] == "HOLD" and r.json()["decided_by"] == "carol"
    r = cli("fbm", "decide", oid, "--decision", "cancel-refund", "--note", "too late now", "--as", "carol")
    assert r.code == 0 and "cancel-refund" in r.out
    hist = cli("fbm", "history", oid, "--json").json()
    assert [d["decision"] for d in hist] == ["HOLD", "CANCEL_AND_REFUND"] and hist[1]["replaces_id"] == hist[0]["id"]
    assert cli("fbm", "--json").json()["orders"][0]["decision"]["decision"] == "CANCEL_AND_REFUND"
    v = cli("audit", "verify", "--deep")
    assert v.code == 0, v.out + v.err
