"""`warroom demo`: realistic data for an empty database, once, in one audit entry."""

from __future__ import annotations

from collections import Counter

from warroom.services.status import audit_entries
from warroom.services.templates import list_templates
from warroom.templates import load_starter_pack


def test_demo_with_users_on_a_fresh_database(cli, db):
    r = cli("demo", "--with-users", "--json", password=None)
    assert r.code == 0, r.err
    summary = r.json()
    assert summary["orders"] >= 200 and summary["tickets"] >= 60
    assert summary["users"] == ["agent", "compliance", "admin"]
    entries = audit_entries(db, limit=10)
    # seed: when the database was made; after the run that wrote, the first checkpoint (its key, then it)
    assert [e["action"] for e in entries] == ["rules.seed", "demo.load", "audit.key", "audit.checkpoint"]
    assert entries[1]["actor"] == "system"
    assert entries[1]["payload"]["demo_data"] is True and entries[1]["payload"]["triage"]["tags_added"]
    tickets = cli("tickets", "--json").json()
    channels = Counter(t["channel"] for t in tickets)
    assert channels["amazon"] > 0.8 * len(tickets) and channels["email"] >= 3
    assert {t["language"] for t in tickets} >= {"en", "de", "fr", "it", "es", "ja"}
    assert all(t["status"] == "open" for t in tickets)
    assert any(t["message_count"] > 1 for t in tickets)
    orders = cli("orders", "--json").json()
    assert {o["marketplace"] for o in orders} >= {"US", "DE", "UK", "FR", "IT", "ES", "JP"}
    assert {o["fulfillment_channel"] for o in orders} == {"AFN", "MFN"}
    assert len({o["status"] for o in orders}) >= 3
    # the starter pack is there, approved by the demo compliance user, inside the one demo entry
    templates = cli("templates", "list", "--json").json()
    pack_size = len(load_starter_pack())
    assert len(templates) == pack_size and summary["templates"] == pack_size
    assert {t["status"] for t in templates} == {"approved"}
    assert {t["language"] for t in templates} >= {"en", "de", "fr", "it", "es", "ja"}
    payload = entries[1]["payload"]["templates"]
    assert payload["approved_by"] == "compliance" and len(payload["added"]) == pack_size
    assert sorted(payload["added_sha256"].values()) == sorted(t["sha256"] for t in list_templates(db))
    assert all(t["approved_by"] == "compliance" for t in list_templates(db))
    # ... so an agent drafts from an approved template straight away
    refund = next(t for t in tickets if t["category"] == "REFUND" and "ESCALATED" not in t["tags"])
    drafted = cli("draft", str(refund["id"]), "--template", "refund-ack", "--json", "--as", "agent", password="demo")
    assert drafted.code == 0, drafted.err
    assert drafted.json()["template_key"] == "refund-ack"
    # the demo users can log in with the documented password
    assert cli("note", str(tickets[0]["id"]), "checked", "--as", "agent", password="demo").code == 0


def test_demo_is_refused_on_a_database_with_orders(cli, users):
    assert cli("demo", "--as", "ada").code == 0
    again = cli("demo", "--as", "ada")
    assert again.code == 3 and "already holds orders" in again.err


def test_demo_without_users_stores_no_templates(cli, users):
    assert cli("demo", "--as", "ada", "--json").json().get("templates") is None
    assert cli("templates", "list", "--json").json() == []


def test_demo_without_users_needs_an_admin(cli, users):
    assert cli("demo", "--with-users", "--as", "alice").code == 2
    assert cli("demo").code == 2


def test_demo_reports_progress_and_a_cancel_leaves_the_database_empty(db):
    import pytest

    from warroom.errors import Cancelled
    from warroom.services.demo import load_demo
    from warroom.services.orders import list_orders
    from warroom.services.users import list_users

    stages: list[str] = []

    def cancel_while_linking(done, total, stage):
        stages.append(stage)
        if stage == "linking messages to tickets":
            raise Cancelled("stopped by the user")

    with pytest.raises(Cancelled):
        load_demo(db, None, with_users=True, progress=cancel_while_linking)
    assert stages[:2] == ["generating demo data", "storing orders"] and stages[-1] == "linking messages to tickets"
    assert list_orders(db) == [] and list_users(db) == [] and audit_entries(db, limit=5, newest_first=True)[0][
        "action"] != "demo.load"
    seen: list[str] = []
    summary = load_demo(db, None, with_users=True, progress=lambda d, t, s: seen.append(s))
    assert summary["orders"] > 0 and "linking messages to tickets" in seen
