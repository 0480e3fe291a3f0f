"""Bulk ticket actions, the senior-reply request and the suspension previews (core)."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from tests.core import factories
from warroom import clock
from warroom.domain.roles import Actor, Role
from warroom.errors import AuthenticationError, BadInput, BusinessRuleError, NotFound
from warroom.services import suspension as suspension_service
from warroom.services import ticket_actions as actions
from warroom.services.tickets import get_ticket, list_tickets, tag_ticket
from tests import rawdb


def _entries(db_url, action: str) -> list[dict]:
    con = rawdb.connect(db_url)
    rows = con.execute("SELECT canonical FROM audit_entry ORDER BY seq").fetchall()
    con.close()
    return [e for e in (json.loads(r[0]) for r in rows) if e["action"] == action]


def _count_entries(db_url) -> int:
    con = rawdb.connect(db_url)
    n = con.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
    con.close()
    return n


@pytest.fixture
def six(db, users):
    orders = [factories.order(n) for n in range(1, 7)]
    msgs = [factories.message(n, order_id=o.amazon_order_id) for n, o in enumerate(orders, start=1)]
    factories.load(db, orders, msgs)
    return sorted(t["id"] for t in list_tickets(db))


def test_bulk_assign_is_one_entry_listing_the_tickets_that_changed(db, db_url, users, six):
    alice = users["alice"]
    first = actions.bulk_assign(db, alice, six[:2], "bob")
    assert first.changed == tuple(six[:2])
    result = actions.bulk_assign(db, alice, six, "bob")
    assert result.changed == tuple(six[2:]) and result.unchanged == tuple(six[:2])
    assert {t["assignee"] for t in list_tickets(db)} == {"bob"}
    entries = _entries(db_url, "ticket.bulk-assign")
    assert len(entries) == 2
    last = entries[-1]
    assert last["entity"] == "tickets" and last["actor"] == "alice"
    assert last["payload"]["tickets"] == [[six[2], six[-1]]] and last["payload"]["count"] == 4
    assert last["payload"]["to"] == "bob"
    assert last["payload"]["from"] == [{"value": None, "tickets": [[six[2], six[-1]]]}]


def test_a_bulk_action_that_changes_nothing_writes_nothing(db, db_url, users, six):
    actions.bulk_set_status(db, users["alice"], six, "waiting")
    before = _count_entries(db_url)
    again = actions.bulk_set_status(db, users["alice"], six, "waiting")
    assert again.changed == () and _count_entries(db_url) == before


def test_bulk_status_closes_and_records_the_previous_statuses(db, db_url, users, six):
    actions.bulk_set_status(db, users["alice"], six[:1], "waiting")
    result = actions.bulk_set_status(db, users["alice"], six, "closed")
    assert result.changed == tuple(six)
    assert list_tickets(db) == []                       # closed tickets leave the default queue
    payload = _entries(db_url, "ticket.bulk-status")[-1]["payload"]
    assert payload["to"] == "closed"
    assert {g["value"]: g["tickets"] for g in payload["from"]} == {
        "open": [[six[1], six[-1]]], "waiting": [[six[0], six[0]]]}


def test_bulk_tag_adds_only_missing_tags_and_a_flag_needs_a_reason(db, db_url, users, six):
    alice = users["alice"]
    tag_ticket(db, alice, six[0], ["REVIEW"])
    with pytest.raises(BadInput) as err:
        actions.bulk_tag(db, alice, six, ["review", "legal"], reason="  ")
    assert err.value.field == "reason"
    result = actions.bulk_tag(db, alice, six, ["review", "legal"], reason="the buyer's lawyer wrote")
    assert result.changed == tuple(six)
    for tid in six:
        t = get_ticket(db, tid)
        assert {"REVIEW", "LEGAL"} <= set(t["tags"])
        assert t["tag_reasons"]["LEGAL"]["reason"] == "the buyer's lawyer wrote"
        assert "LEGAL" in t["flags"]
    payload = _entries(db_url, "ticket.bulk-tag")[-1]["payload"]
    assert {g["tag"]: g["tickets"] for g in payload["added"]} == {
        "LEGAL": [[six[0], six[-1]]], "REVIEW": [[six[1], six[-1]]]}


def test_bulk_refusals(db, users, six):
    with pytest.raises(NotFound):
        actions.bulk_assign(db, users["alice"], [six[0], 99_999], "bob")
    with pytest.raises(BadInput):
        actions.bulk_set_status(db, users["alice"], [], "closed")
    with pytest.raises(BadInput):
        actions.bulk_set_status(db, users["alice"], six, "done")
    with pytest.raises(NotFound):
        actions.bulk_assign(db, users["alice"], six, "nobody")
    assert {t["assignee"] for t in list_tickets(db)} == {None}     # nothing half-done


def test_request_senior_reply_needs_an_escalated_ticket_and_is_recorded_once(db, db_url, users, six):
    alice = users["alice"]
    with pytest.raises(BusinessRuleError):
        actions.request_senior_reply(db, alice, six[0], "please")
    tag_ticket(db, users["carol"], six[0], ["ESCALATED"], reason="legal threat")
    done = actions.request_senior_reply(db, alice, six[0], "the buyer threatens to sue")
    assert done.changed and done.requested_by == "alice"
    t = get_ticket(db, six[0])
    assert actions.SENIOR_REQUESTED in t["tags"]
    assert "the buyer threatens to sue" in t["tag_reasons"][actions.SENIOR_REQUESTED]["reason"]
    assert actions.senior_requested(db, six[0]) and not actions.senior_requested(db, six[1])
    before = _count_entries(db_url)
    again = actions.request_senior_reply(db, users["bob"], six[0], "me too")
    assert not again.changed and again.requested_by == "alice" and _count_entries(db_url) == before
    entries = _entries(db_url, actions.SENIOR_REQUEST_ACTION)
    assert len(entries) == 1 and entries[0]["entity"] == f"ticket:{six[0]}"


def test_a_disabled_or_unknown_actor_may_not_act(db, users, six):
    ghost = Actor(9999, "ghost", Role.AGENT)
    with pytest.raises(AuthenticationError):
        actions.bulk_set_status(db, ghost, six, "closed")
    assert len(list_tickets(db)) == len(six)


def test_declare_preview_counts_what_the_declare_then_does(db, users, six):
    actions.bulk_set_status(db, users["alice"], six[:1], "closed")     # a closed ticket is not tagged
    preview = suspension_service.preview_declare(db)
    assert preview.tickets_to_tag == len(six) - 1 and not preview.already_declared
    assert preview.misses_to_reclassify == 0
    result = suspension_service.declare(db, users["ada"], "Related accounts", "Dear seller, ...",
                                        notice_received_at=clock.now() - timedelta(hours=2))
    assert result["tagged"] == preview.tickets_to_tag
    assert len(result["held_drafts"]) == preview.drafts_to_hold
    assert suspension_service.preview_declare(db).already_declared
    lift_preview = suspension_service.preview_lift(db)
    assert lift_preview.declared and lift_preview.tickets_to_untag == preview.tickets_to_tag
    lifted = suspension_service.lift(db, users["ada"])
    assert lifted["untagged"] == lift_preview.tickets_to_untag
    assert len(lifted["released_drafts"]) == lift_preview.drafts_to_release


def test_declare_preview_refuses_a_notice_time_after_now(db, users, six):
    with pytest.raises(BadInput):
        suspension_service.preview_declare(db, clock.now() + timedelta(hours=1))


def test_deep_check_stays_clean_after_the_new_actions(cli, db, db_url):
    assert cli("demo", "--with-users", password=None).code == 0
    from warroom.services.users import authenticate

    agent = authenticate(db, "agent", "demo")
    compliance = authenticate(db, "compliance", "demo")
    open_ids = [t["id"] for t in list_tickets(db, limit=30)]
    plain = [t["id"] for t in list_tickets(db) if "ESCALATED" not in t["tags"]][:3]
    escalated = [t["id"] for t in list_tickets(db) if "ESCALATED" in t["tags"]]
    if not escalated:
        tag_ticket(db, compliance, plain[0], ["ESCALATED"], reason="needs a senior")
        escalated = [plain[0]]
    actions.bulk_tag(db, agent, open_ids[:10], ["REVIEW", "SAFETY"], reason="checked in bulk")
    actions.bulk_assign(db, agent, open_ids[5:15], "agent")
    actions.bulk_set_status(db, agent, open_ids[20:25], "waiting")
    actions.request_senior_reply(db, agent, escalated[0], "legal wording needed")
    r = cli("audit", "verify", "--deep", "--json")
    assert r.code == 0, r.out
    assert r.json()["deep"]["differences"] == []
    # and a tag the bulk entry recorded, removed behind the application's back, is named
    con = rawdb.connect(db_url)
    with con:
        con.execute("DELETE FROM ticket_tag WHERE ticket_id = ? AND tag = 'REVIEW'", (open_ids[0],))
        con.execute("DELETE FROM ticket_tag WHERE ticket_id = ? AND tag = 'SENIOR-REQUESTED'", (escalated[0],))
    con.close()
    bad = cli("audit", "verify", "--deep", "--json")
    assert bad.code == 1
    text = json.dumps(bad.json()["deep"]["differences"])
    assert f"{open_ids[0]}/REVIEW" in text and f"{escalated[0]}/SENIOR-REQUESTED" in text


def test_cli_senior_request_and_suspend_preview(cli, db, users, six):
    tag_ticket(db, users["carol"], six[0], ["ESCALATED"], reason="legal threat")
    r = cli("senior-request", str(six[0]), "--note", "legal wording", "--as", "alice", "--json")
    assert r.code == 0, r.err
    assert r.json()["changed"] is True and r.json()["requested_by"] == "alice"
    assert cli("senior-request", str(six[1]), "--as", "alice").code == 3      # not escalated
    preview = cli("suspend", "--preview", "--json")
    assert preview.code == 0 and preview.json()["tickets_to_tag"] == len(six)
    assert "tag 6 tickets SUSPENDED" in cli("suspend", "--preview").out
    assert cli("suspend", "--lift", "--preview").out.strip() == "no suspension is declared"


def test_a_dispatched_senior_reply_answers_the_request_and_the_deep_check_follows(cli, db, users, six):
    from warroom.services import dispatch, drafts
    from warroom.services.users import add_user

    cora = add_user(db, users["ada"], "cora", Role.COMPLIANCE, "secret-pw")
    tag_ticket(db, users["carol"], six[0], ["ESCALATED"], reason="legal threat")
    actions.request_senior_reply(db, users["alice"], six[0], "legal wording needed")
    reply = drafts.create_draft(db, users["carol"], six[0],
                                text="Hello, thank you for your patience. We have looked into your order.")
    assert reply["kind"] == "senior", reply
    drafts.approve_draft(db, Actor(cora["id"], "cora", Role.COMPLIANCE), reply["id"], "secret-pw")
    assert actions.senior_requested(db, six[0])          # approved is not yet answered
    dispatch.dispatch_manual(db, users["alice"], reply["id"])
    assert not actions.senior_requested(db, six[0])
    assert "ESCALATED" in get_ticket(db, six[0])["tags"]   # the escalation itself stays
    [sent] = [e for e in _entries(db.url, "draft.dispatch") if e["payload"]["draft_id"] == reply["id"]]
    assert sent["payload"]["untagged"] == [actions.SENIOR_REQUESTED]
    r = cli("audit", "verify", "--deep", "--json")
    assert r.code == 0 and r.json()["deep"]["differences"] == [], r.out
