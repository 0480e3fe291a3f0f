"""Declaring and lifting the suspension; SUSPENDED tagging, now and on arrival."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.core.factories import BASE, load, message, order
from warroom.services import suspension as S
from warroom.services.status import audit_entries
from warroom.services.tickets import list_tickets, set_status


def _setup(db):
    orders = [order(i) for i in range(4)]
    msgs = [message(i, order_id=orders[i].amazon_order_id) for i in range(4)]
    msgs.append(message(10, sender="someone@example.com", subject="Question about my invoice"))
    load(db, orders, msgs)
    return orders


def test_declare_tags_amazon_tickets_that_are_not_closed_in_one_entry(cli, db, users):
    _setup(db)
    tickets = list_tickets(db)
    amazon = sorted(t["id"] for t in tickets if t["channel"] == "amazon")
    email = [t["id"] for t in tickets if t["channel"] == "email"]
    assert len(amazon) == 4 and len(email) == 1
    set_status(db, users["alice"], amazon[0], "closed")
    before = len(audit_entries(db, limit=1000))
    r = cli("suspend", "--reason", "Related accounts", "--as", "ada", "--json")
    assert r.code == 0
    doc = r.json()
    assert doc["tagged"] == 3 and doc["reason"] == "Related accounts" and doc["declared_at"].endswith("Z")
    entries = audit_entries(db, limit=1000, newest_first=True)
    # the declaration, then the checkpoint signed right after it (and the key, the first time)
    assert [e["action"] for e in entries[:3]] == ["audit.checkpoint", "audit.key", "suspension.declare"]
    entries = entries[2:]
    assert len(entries) == before + 1
    payload = entries[0]["payload"]
    assert entries[0]["action"] == "suspension.declare" and payload["tagged_count"] == 3
    listed = {i for a, b in payload["tagged_tickets"] for i in range(a, b + 1)}
    assert listed == set(amazon[1:])
    tagged = {t["id"] for t in list_tickets(db, tag="SUSPENDED", include_closed=True)}
    assert tagged == set(amazon[1:])
    assert S.get_suspension(db)["reason"] == "Related accounts"
    status = cli("status", "--json").json()
    assert status["suspension"]["reason"] == "Related accounts"


def test_declaring_twice_or_lifting_none_is_refused(cli, db, users):
    assert cli("suspend", "--lift", "--as", "ada").code == 3
    assert cli("suspend", "--reason", "x", "--as", "ada").code == 0
    again = cli("suspend", "--reason", "y", "--as", "ada")
    assert again.code == 3 and "already" in again.err
    assert cli("suspend", "--as", "ada").code == 2   # neither --reason nor --lift


def test_new_amazon_tickets_arrive_tagged_while_suspended(db, users):
    S.declare(db, users["ada"], "Related accounts")
    load(db, [order(1)], [message(1, order_id=order(1).amazon_order_id),
                          message(2, sender="friend@example.com", subject="Hi")])
    by_channel = {t["channel"]: t for t in list_tickets(db)}
    assert "SUSPENDED" in by_channel["amazon"]["tags"]
    assert "SUSPENDED" not in by_channel["email"]["tags"]


def test_lift_removes_the_tag_from_open_tickets_and_keeps_the_record(cli, db, users, tmp_path):
    _setup(db)
    notice = tmp_path / "notice.txt"
    notice.write_text("Your selling privileges have been removed.\n", encoding="utf-8")
    assert cli("suspend", "--reason", "Related accounts", "--notice", str(notice), "--as", "ada").code == 0
    closed_id = list_tickets(db, tag="SUSPENDED")[0]["id"]
    set_status(db, users["alice"], closed_id, "closed")
    r = cli("suspend", "--lift", "--as", "ada", "--json")
    assert r.code == 0 and r.json()["untagged"] == 3 and r.json()["lifted_at"]
    assert list_tickets(db, tag="SUSPENDED") == []
    # the closed ticket keeps its tag as evidence of the period
    assert [t["id"] for t in list_tickets(db, tag="SUSPENDED", include_closed=True)] == [closed_id]
    assert S.get_suspension(db) is None
    declared = [e for e in audit_entries(db, limit=100) if e["action"] == "suspension.declare"][0]
    assert declared["payload"]["notice_text"].startswith("Your selling privileges")
    # after lifting, new Amazon tickets are not tagged
    load(db, [], [message(50, sender="zz0000000000050@marketplace.amazon.de", subject="Frage")])
    assert all("SUSPENDED" not in t["tags"] for t in list_tickets(db))


def test_unreadable_notice_file_is_a_clear_error(cli, users, tmp_path):
    r = cli("suspend", "--reason", "x", "--notice", str(tmp_path / "missing.txt"), "--as", "ada")
    assert r.code == 3 and "missing.txt" in r.err
