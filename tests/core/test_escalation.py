"""Escalation handoff (issue 15): the brief on every escalation path, the decision maker
notified, out-of-policy authorizations and their limit, reshipments, post-mortems and the
knowledge base.  Each action is one audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core import factories as F
from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures: the clock at BASE)
from warroom import clock
from warroom.errors import BadInput, BusinessRuleError, NeedsAuthorization, PermissionDenied
from warroom.services import deadlines as D
from warroom.services import escalation as E
from warroom.services import notifications as N
from warroom.services import postmortems as P
from warroom.services import refunds, remedies
from warroom.services.status import audit_entries
from warroom.services.ticket_actions import bulk_tag
from warroom.services.tickets import list_tickets, set_status, tag_ticket


def _ticket(db, n: int, body: str, **order_kw) -> int:
    o = F.order(n, **order_kw)
    F.load(db, [o], [F.message(n, order_id=o.amazon_order_id, body=body)])
    return next(t["id"] for t in list_tickets(db, include_closed=True) if t["amazon_order_id"] == o.amazon_order_id)


def _entries(db, action: str) -> list[dict]:
    return [e for e in audit_entries(db, limit=1000) if e["action"] == action]


# ------------------------------------------------------------------------------ the brief, every path

def test_a_red_flag_at_triage_escalates_with_a_prefilled_brief(db, users):
    tid = _ticket(db, 1, "The kettle caught fire!! I will call my lawyer if you do not answer TODAY.")
    brief = E.get_brief(db, tid)
    assert brief.escalated and brief.escalated_by == "system" and "red flag" in (brief.escalation_reason or "")
    assert [f.name for f in brief.fields] == list(E.FIELDS)
    assert all(f.prefilled for f in brief.fields)
    assert brief.value("order").startswith(F.order(1).amazon_order_id) and "24.99 USD" in brief.value("order")
    assert "Jane Roe" in brief.value("buyer")
    assert "LEGAL" in brief.value("nature") or "SAFETY" in brief.value("nature")
    assert brief.value("done") == "nothing yet"
    assert brief.value("emotional_state").startswith("upset") and "lawyer" in brief.value("emotional_state")
    assert "due" in brief.value("deadline")
    assert [r.ticket_id for r in E.open_escalations(db)] == [tid]


def test_the_deadline_sweep_escalation_has_a_brief(db, users, at):
    o = F.order(2)
    F.load(db, [o], [F.message(2, order_id=o.amazon_order_id, at=F.BASE,
                               body="I have opened an A-to-z Guarantee claim because the parcel never arrived.")])
    tid = list_tickets(db)[0]["id"]
    with pytest.raises(BusinessRuleError, match="not escalated"):
        E.get_brief(db, tid)
    at(F.BASE + timedelta(hours=30))                     # 18 hours left of 48
    D.sweep(db)
    brief = E.get_brief(db, tid)
    assert brief.escalated and brief.escalated_by == "system"
    assert "atoz due 2026-11-22T09:00:00Z (18 h 00 min left)" in brief.value("deadline").splitlines()


def test_manual_and_bulk_escalations_have_briefs(db, users):
    one = _ticket(db, 3, "Where is my parcel? It has not arrived.")
    two = _ticket(db, 4, "Where is my parcel? Still nothing.")
    three = _ticket(db, 5, "Where is my parcel? Please check.")
    tag_ticket(db, users["alice"], one, ["ESCALATED"], "buyer threatens a chargeback on the phone")
    bulk_tag(db, users["alice"], [two, three], ["ESCALATED"], reason="carrier lost a whole pallet")
    for tid, by in ((one, "alice"), (two, "alice"), (three, "alice")):
        brief = E.get_brief(db, tid)
        assert brief.escalated and brief.escalated_by == by
    assert {r.ticket_id for r in E.open_escalations(db)} == {one, two, three}


def test_compliance_is_notified_of_an_escalation_agents_are_not(db, users):
    since = clock.now() - timedelta(seconds=1)
    tid = _ticket(db, 6, "Where is my parcel?")
    tag_ticket(db, users["alice"], tid, ["ESCALATED"], "asked for a manager")
    until = clock.now() + timedelta(seconds=1)
    carol = N.changes_since(db, users["carol"], since, until).of_kind(N.ESCALATION)
    assert [(e.ticket_ids, e.by) for e in carol] == [((tid,), "alice")]
    assert N.changes_since(db, users["bob"], since, until).of_kind(N.ESCALATION) == ()


def test_editing_the_brief_is_audited_and_an_empty_text_returns_the_prefill(db, users):
    tid = _ticket(db, 7, "My lawyer will contact you.")
    before = len(audit_entries(db, limit=1000))
    edit = E.edit_brief(db, users["alice"], tid, {"emotional_state": "Angry, but calm on the phone",
                                                  "done": "Called the buyer at 10:00"})
    assert edit.changed == ("done", "emotional_state")
    assert edit.brief.value("emotional_state") == "Angry, but calm on the phone"
    assert not next(f for f in edit.brief.fields if f.name == "done").prefilled
    [entry] = _entries(db, E.BRIEF_EDIT_ACTION)
    assert entry["actor"] == "alice" and entry["payload"]["set"]["done"] == "Called the buyer at 10:00"
    assert len(audit_entries(db, limit=1000)) == before + 1
    again = E.edit_brief(db, users["carol"], tid, {"done": "Called the buyer at 10:00"})
    assert again.changed == () and len(audit_entries(db, limit=1000)) == before + 1     # nothing changed
    back = E.edit_brief(db, users["carol"], tid, {"done": ""})
    assert back.brief.value("done") == "nothing yet" and back.brief.updated_by == "carol"
    with pytest.raises(BadInput) as caught:
        E.edit_brief(db, users["alice"], tid, {"mood": "x"})
    assert caught.value.field == "field"


def test_a_ticket_that_never_escalated_has_no_brief_to_edit(db, users):
    tid = _ticket(db, 8, "Where is my parcel?")
    with pytest.raises(BusinessRuleError, match="not escalated"):
        E.edit_brief(db, users["alice"], tid, {"done": "x"})


# ------------------------------------------------------------------------------ authorizations, refunds

def test_agents_cannot_authorize(db, users):
    tid = _ticket(db, 9, "Refund please, it broke.")
    with pytest.raises(PermissionDenied):
        remedies.authorize(db, users["alice"], tid, kind="compensation", reason="x", limit="40")
    assert _entries(db, remedies.AUTHORIZE_ACTION) == []


def test_a_refund_above_the_order_total_needs_an_authorization_and_stays_within_its_limit(db, users):
    tid = _ticket(db, 10, "Refund please, it broke and burnt my table.")       # order total 24.99 USD
    refunds.log_refund(db, users["alice"], tid, amount="24.99", method="PayPal")
    with pytest.raises(NeedsAuthorization) as caught:
        refunds.log_refund(db, users["alice"], tid, amount="10", method="PayPal")
    assert caught.value.field == "authorization" and "double refund" in caught.value.message
    auth = remedies.authorize(db, users["carol"], tid, kind="compensation", reason="table damaged by the kettle",
                              limit="50.00")
    assert (auth.limit, auth.currency, auth.granted_by) == ("50.00", "USD", "carol")
    assert auth.expires_at - auth.granted_at == remedies.DEFAULT_VALID
    r = refunds.log_refund(db, users["alice"], tid, amount="20", method="PayPal")
    assert r["authorization_id"] == auth.id
    assert _entries(db, "refund.log")[-1]["payload"]["authorization_id"] == auth.id
    with pytest.raises(NeedsAuthorization) as over:                   # 44.99 + 6 > 50
        refunds.log_refund(db, users["alice"], tid, amount="6", method="PayPal")
    assert over.value.field == "amount" and "at most 5.01 USD more" in over.value.message
    refunds.log_refund(db, users["alice"], tid, amount="5.01", method="PayPal")


def test_an_expired_or_foreign_authorization_is_refused(db, users, at):
    tid = _ticket(db, 11, "Refund please.")
    other = _ticket(db, 12, "Refund please too.")
    auth = remedies.authorize(db, users["ada"], tid, kind="compensation", reason="goodwill", limit="40",
                              valid_hours=2)
    with pytest.raises(NeedsAuthorization, match="another order"):
        refunds.log_refund(db, users["alice"], other, amount="30", method="PayPal", authorization=auth.id)
    at(F.BASE + timedelta(hours=3))
    with pytest.raises(NeedsAuthorization, match="expired"):
        refunds.log_refund(db, users["alice"], tid, amount="30", method="PayPal", authorization=auth.id)
    with pytest.raises(NeedsAuthorization, match="none in force"):
        refunds.log_refund(db, users["alice"], tid, amount="30", method="PayPal")


def test_authorization_input_names_the_field(db, users):
    tid = _ticket(db, 13, "Refund please.")
    for kwargs, field in (({"kind": "bribe", "reason": "x"}, "kind"),
                          ({"kind": "compensation", "reason": " "}, "reason"),
                          ({"kind": "compensation", "reason": "x"}, "limit"),
                          ({"kind": "compensation", "reason": "x", "limit": "40", "currency": "EUR"}, "currency"),
                          ({"kind": "express-reship", "reason": "x", "valid_hours": 0}, "expires_at")):
        with pytest.raises(BadInput) as caught:
            remedies.authorize(db, users["carol"], tid, **kwargs)
        assert caught.value.field == field, kwargs


# ------------------------------------------------------------------------------ reshipments

def test_a_reshipment_is_logged_and_an_express_one_needs_an_authorization(db, users):
    tid = _ticket(db, 14, "It arrived broken.")
    r = remedies.log_reshipment(db, users["alice"], tid, items="SKU-14:1", carrier="DHL", tracking="JD01",
                                reason="arrived broken")
    assert (r.items, r.carrier, r.express, r.logged_by) == ((remedies.ReshipItem("SKU-14", 1),), "DHL", False, "alice")
    [entry] = _entries(db, remedies.RESHIP_ACTION)
    assert entry["payload"]["items"] == [{"sku": "SKU-14", "quantity": 1}]
    with pytest.raises(NeedsAuthorization) as caught:
        remedies.log_reshipment(db, users["alice"], tid, items="SKU-14", carrier="UPS Express", reason="again",
                                express=True)
    assert caught.value.field == "authorization"
    with pytest.raises(BadInput) as unknown:
        remedies.log_reshipment(db, users["alice"], tid, items="SKU-99:1", carrier="DHL", reason="x")
    assert unknown.value.field == "items"
    auth = remedies.authorize(db, users["carol"], tid, kind="express-reship", reason="buyer's event on Friday")
    assert auth.limit is None
    fast = remedies.log_reshipment(db, users["alice"], tid, items="SKU-14:2", carrier="UPS Express",
                                   reason="again", express=True)
    assert fast.express and fast.authorization_id == auth.id
    tag_ticket(db, users["alice"], tid, ["ESCALATED"], "second breakage")
    assert "reshipped 2 x SKU-14 by UPS Express (express) (alice)" in E.get_brief(db, tid).value("done")
    assert [x.id for x in remedies.reshipments(db, ticket_id=tid)] == [r.id, fast.id]


# ------------------------------------------------------------------------------ post-mortems, knowledge base

def test_a_post_mortem_is_written_once_the_escalation_is_closed_and_is_searchable(db, users):
    tid = _ticket(db, 15, "The kettle caught fire, I will sue you.")
    with pytest.raises(BusinessRuleError, match="once the escalation is closed"):
        P.write_postmortem(db, users["carol"], tid, root_cause="product-defect", what_done="x", what_changes="y")
    set_status(db, users["carol"], tid, "closed")
    with pytest.raises(BadInput) as bad:
        P.write_postmortem(db, users["carol"], tid, root_cause="product-defect", what_done="x", what_changes="y",
                           rule_links=["NO-SUCH-RULE"])
    assert bad.value.field == "rules"
    pm = P.write_postmortem(db, users["carol"], tid, root_cause="Product defect",
                            what_done="Refunded in full, replaced the kettle; 产品漏水 checked with the factory.",
                            what_changes="New supplier batch check; listing warns about descaling.")
    assert pm.root_cause == "product-defect" and pm.written_by == "carol"
    [entry] = _entries(db, P.POSTMORTEM_ACTION)
    assert entry["payload"]["created"] is True and entry["payload"]["root_cause"] == "product-defect"
    assert [r.id for r in P.search_knowledge(db, "漏水")] == [pm.id]
    assert [r.id for r in P.search_knowledge(db, "SUPPLIER kettle")] == [pm.id]
    assert P.search_knowledge(db, "supplier parcel") == []
    assert P.search_knowledge(db, "", root_cause="logistics") == []
    assert E.open_escalations(db) == [] and E.open_escalations(db, include_closed=True)[0].postmortem_id == pm.id


def test_a_post_mortem_links_the_rule_changes_it_led_to(db, users):
    from warroom.services.rules import list_rules

    rule_id = list_rules(db, "lint")[0]["id"]
    tid = _ticket(db, 16, "My attorney will call.")
    set_status(db, users["alice"], tid, "closed")
    pm = P.write_postmortem(db, users["alice"], tid, root_cause="earlier-service-handling", what_done="apologized",
                            what_changes="stricter lint", rule_links=[rule_id])
    assert pm.rule_links == (f"lint:{rule_id}",)
    same = P.write_postmortem(db, users["alice"], tid, root_cause="earlier-service-handling", what_done="apologized",
                              what_changes="stricter lint", rule_links=[f"lint:{rule_id}"])
    assert same == pm and len(_entries(db, P.POSTMORTEM_ACTION)) == 1        # nothing changed: no entry
    P.write_postmortem(db, users["alice"], tid, root_cause="other", what_done="apologized", what_changes="none")
    assert [e["payload"]["created"] for e in _entries(db, P.POSTMORTEM_ACTION)] == [True, False]


def test_a_ticket_that_never_escalated_gets_no_post_mortem(db, users):
    tid = _ticket(db, 17, "Where is my parcel?")
    set_status(db, users["alice"], tid, "closed")
    with pytest.raises(BusinessRuleError, match="not escalated"):
        P.write_postmortem(db, users["alice"], tid, root_cause="other", what_done="x", what_changes="y")


def test_what_has_been_done_is_prefilled_from_notes_refunds_and_authorizations(db, users):
    from warroom.services.tickets import add_note

    tid = _ticket(db, 18, "I will sue you, the lamp exploded.")
    add_note(db, users["alice"], tid, "Called the buyer, voicemail.\nSecond line not shown.")
    refunds.log_refund(db, users["alice"], tid, amount="10.00", method="PayPal")
    remedies.authorize(db, users["carol"], tid, kind="future-discount", reason="next order", limit="15")
    done = E.get_brief(db, tid).value("done").splitlines()
    assert any(line.endswith("note: Called the buyer, voicemail. (alice)") for line in done)
    assert any(line.endswith("refund 10.00 USD by PayPal (alice)") for line in done)
    assert any(line.endswith("authorized future-discount up to 15 USD (carol)") for line in done)
    assert not any("Second line" in line for line in done)
