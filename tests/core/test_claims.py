"""Claims: the state machine, each window (A-to-z information request 48 h, appeal filing 30 days,
appeal information request 72 h, chargeback 7 days; all settings), time left, and the deadline
sweep escalating the linked ticket within 24 hours of a claim's window."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from tests.core import factories as F
from warroom import clock
from warroom.domain import claims as C
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.services import claims, deadlines, status
from warroom.services.deep_check import deep_check
from warroom.services.settings import set_setting
from warroom.services.tickets import get_ticket, list_tickets

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=clock.UTC)   # after the test database began (real clock)


def state(**kw) -> C.ClaimState:
    values = dict(type=C.A_TO_Z, status=C.OPEN, opened_at=T0)
    values.update(kw)
    return C.ClaimState(**values)


def test_atoz_information_request_window_is_48_hours_and_a_submission_answers_it():
    d = C.deadline(state(), C.Windows())
    assert d == C.Deadline(C.WINDOW_ATOZ_INFO, T0 + timedelta(hours=48))
    later = T0 + timedelta(hours=5)
    assert C.deadline(state(info_requested_at=later), C.Windows()).due_at == later + timedelta(hours=48)
    assert C.deadline(state(status=C.SUBMITTED, submitted_at=T0 + timedelta(hours=1)), C.Windows()) is None
    # a new request after the submission starts the window again
    assert C.deadline(state(status=C.SUBMITTED, submitted_at=T0 + timedelta(hours=1), info_requested_at=later),
                      C.Windows()).due_at == later + timedelta(hours=48)
    assert C.time_left(state(), T0 + timedelta(hours=50)) == timedelta(hours=-2)
    assert C.format_left(timedelta(hours=-2)) == "-2h 0m" and C.format_left(timedelta(days=2, hours=3)) == "2d 3h"


def test_appeal_windows_30_days_to_file_and_72_hours_for_requests():
    granted = state(status=C.GRANTED, outcome_at=T0)
    assert C.deadline(granted, C.Windows()) == C.Deadline(C.WINDOW_APPEAL_FILING, T0 + timedelta(days=30))
    assert C.deadline(granted, C.Windows(appeal_days=10)).due_at == T0 + timedelta(days=10)
    appealed = state(status=C.APPEALED, outcome_at=T0, appealed_at=T0 + timedelta(days=2))
    assert C.deadline(appealed, C.Windows()) is None                      # waiting on Amazon
    asked = appealed.__class__(**{**{f: getattr(appealed, f) for f in appealed.__slots__},
                                  "info_requested_at": T0 + timedelta(days=3)})
    assert C.deadline(asked, C.Windows()) == C.Deadline(C.WINDOW_APPEAL_INFO, T0 + timedelta(days=3, hours=72))


def test_chargeback_window_is_seven_calendar_days_from_the_notice():
    cb = state(type=C.CHARGEBACK, info_requested_at=T0 + timedelta(hours=3))
    assert C.deadline(cb, C.Windows()) == C.Deadline(C.WINDOW_CHARGEBACK, T0 + timedelta(days=7, hours=3))
    assert C.deadline(cb, C.Windows(chargeback_days=10)).due_at == T0 + timedelta(days=10, hours=3)
    assert C.deadline(state(type=C.CHARGEBACK, status=C.DENIED), C.Windows()) is None


@pytest.mark.parametrize(("frm", "to", "kind", "appealed", "ok"), [
    (C.OPEN, C.SUBMITTED, C.A_TO_Z, False, True),
    (C.OPEN, C.APPEALED, C.A_TO_Z, False, False),
    (C.GRANTED, C.APPEALED, C.A_TO_Z, False, True),
    (C.GRANTED, C.APPEALED, C.A_TO_Z, True, False),
    (C.GRANTED, C.APPEALED, C.CHARGEBACK, False, False),
    (C.DENIED, C.SUBMITTED, C.A_TO_Z, False, False),
    (C.WITHDRAWN, C.GRANTED, C.CHARGEBACK, False, False),
    (C.APPEALED, C.DENIED, C.A_TO_Z, True, True),
])
def test_transitions(frm, to, kind, appealed, ok):
    assert (C.can_move(frm, to, claim_type=kind, appealed=appealed) is None) == ok


@pytest.fixture
def ticket(db, users, set_now):
    set_now(clock.iso(T0))
    o = F.order(3)
    F.load(db, [o], [F.message(3, order_id=o.amazon_order_id, at=T0 - timedelta(hours=1),
                               body="Where is my parcel? I will open a claim.")])
    return list_tickets(db)[0]


def test_open_from_a_ticket_then_evidence_submit_outcome_each_one_entry(db, users, ticket, set_now):
    c = claims.open_claim(db, users["alice"], type="a-to-z", ticket_id=ticket["id"], reason="Item not received")
    assert (c.type, c.status, c.ticket_id, c.amazon_order_id) == ("A_TO_Z", "OPEN", ticket["id"],
                                                                   ticket["amazon_order_id"])
    assert c.window == C.WINDOW_ATOZ_INFO and c.seconds_left == 48 * 3600
    with pytest.raises(BusinessRuleError, match="has a A_TO_Z claim already"):
        claims.open_claim(db, users["bob"], type="A_TO_Z", amazon_order_id=ticket["amazon_order_id"])
    e = claims.add_evidence(db, users["alice"], c.id, kind="tracking", reference="1Z999AA10123456784",
                            note="delivered 2026-11-28")
    assert e.kind == "TRACKING"
    with pytest.raises(BadInput) as bad:
        claims.add_evidence(db, users["alice"], c.id, kind="selfie", reference="x")
    assert bad.value.field == "kind"
    set_now(clock.iso(T0 + timedelta(hours=3)))
    s = claims.submit(db, users["alice"], c.id, text="Tracking shows delivery on 28 Nov; photo attached.")
    assert s.status == "SUBMITTED" and s.window is None
    g = claims.record_outcome(db, users["carol"], c.id, outcome="granted", amount="24.99")
    assert g.status == "GRANTED" and g.amount == "24.99" and g.currency == "USD"
    assert g.window == C.WINDOW_APPEAL_FILING
    a = claims.record_outcome(db, users["carol"], c.id, outcome="APPEALED")
    assert a.status == "APPEALED" and a.appealed_at is not None
    claims.record_outcome(db, users["carol"], c.id, outcome="GRANTED")
    with pytest.raises(BusinessRuleError, match="appealed already"):
        claims.record_outcome(db, users["carol"], c.id, outcome="APPEALED")
    a = claims.record_outcome  # the appeal decision may be recorded again only through a new appeal: refused above
    claims_db = claims.get_claim(db, c.id)
    assert claims_db.status == "GRANTED" and claims_db.window is None
    with pytest.raises(BusinessRuleError, match="granted"):
        claims.request_info(db, users["alice"], c.id)
    with pytest.raises(NotFound):
        claims.submit(db, users["alice"], 999, text="x")
    actions = [x["action"] for x in status.audit_entries(db, limit=7, newest_first=True)]
    assert actions == ["claim.outcome", "claim.outcome", "claim.outcome", "claim.submit", "claim.evidence",
                       "claim.open", "test.load"]
    shown = claims.claims_of_ticket(db, ticket["id"])
    assert [x.id for x in shown] == [c.id] and shown[0].evidence[0].reference == "1Z999AA10123456784"
    result = deep_check(db)
    assert result.ok, [d.message for d in result.differences]
    assert result.checked["claim"] == 1 and result.checked["claim_evidence"] == 1


def test_the_deep_check_sees_a_claim_row_changed_behind_its_back(db, users, ticket):
    c = claims.open_claim(db, users["alice"], type="CHARGEBACK", ticket_id=ticket["id"])
    with db.writer.begin() as conn:
        conn.execute(text("UPDATE claim SET status = 'DENIED' WHERE id = :id"), {"id": c.id})
    result = deep_check(db)
    assert not result.ok
    assert any(d.table == "claim" and d.column == "status" for d in result.differences)


def test_windows_are_settings(db, users, ticket):
    set_setting(db, users["ada"], "claims.chargeback_days", "10")
    c = claims.open_claim(db, users["alice"], type="CHARGEBACK", ticket_id=ticket["id"])
    assert c.seconds_left == 10 * 86400
    set_setting(db, users["ada"], "atoz_window_hours", "72")
    a = claims.open_claim(db, users["alice"], type="A_TO_Z", ticket_id=ticket["id"])
    assert a.seconds_left == 72 * 3600


@pytest.mark.parametrize(("kind", "due_after"), [("A_TO_Z", timedelta(hours=48)), ("CHARGEBACK", timedelta(days=7))])
def test_a_claim_within_24_hours_of_its_window_escalates_its_ticket(db, users, ticket, set_now, kind, due_after):
    c = claims.open_claim(db, users["alice"], type=kind, ticket_id=ticket["id"])
    assert c.due_at == T0 + due_after
    set_now(clock.iso(T0 + due_after - timedelta(hours=24, minutes=1)))
    assert deadlines.sweep(db)["escalated"] == []
    assert "ESCALATED" not in get_ticket(db, ticket["id"])["tags"]
    set_now(clock.iso(T0 + due_after - timedelta(hours=23, minutes=59)))
    assert deadlines.sweep(db)["escalated"] == [ticket["id"]]
    t = get_ticket(db, ticket["id"])
    assert {"URGENT", "ESCALATED"} <= set(t["tags"])
    entry = next(e for e in status.audit_entries(db, limit=5, newest_first=True) if e["action"] == "triage.escalate")
    want = deadlines.ESCALATE_REASON if kind == "A_TO_Z" else deadlines.CLAIM_ESCALATE_REASON
    assert entry["actor"] == "system" and entry["payload"]["reason"] == want
    assert deadlines.sweep(db)["escalated"] == []                     # once
    # past the window: the miss is recorded once, as the claim's
    set_now(clock.iso(T0 + due_after + timedelta(minutes=1)))
    deadlines.sweep(db)
    misses = [m for m in deadlines.recorded_misses(db) if m["kind"] == "claim"]
    assert [(m["subject"], m["ticket_id"]) for m in misses] == [(f"claim:{c.id}", ticket["id"])]
    rows = [r for r in deadlines.list_deadlines(db) if r["kind"] == "claim"]
    assert rows and rows[0]["claim_id"] == c.id and rows[0]["missed"]
    result = deep_check(db)
    assert result.ok, [d.message for d in result.differences]


def test_a_submitted_claim_does_not_escalate(db, users, ticket, set_now):
    c = claims.open_claim(db, users["alice"], type="A_TO_Z", ticket_id=ticket["id"])
    claims.submit(db, users["alice"], c.id, text="Proof of delivery sent.")
    set_now(clock.iso(T0 + timedelta(hours=47)))
    assert deadlines.sweep(db)["escalated"] == []


def test_the_appeal_window_escalates_but_is_no_miss_once_closed(db, users, ticket, set_now):
    c = claims.open_claim(db, users["alice"], type="A_TO_Z", ticket_id=ticket["id"])
    claims.submit(db, users["alice"], c.id, text="Proof of delivery.")
    g = claims.record_outcome(db, users["carol"], c.id, outcome="GRANTED")
    assert g.window == C.WINDOW_APPEAL_FILING and g.is_open
    set_now(clock.iso(T0 + timedelta(days=29, hours=1)))
    assert deadlines.sweep(db)["escalated"] == [ticket["id"]]         # decide on the appeal now
    set_now(clock.iso(T0 + timedelta(days=31)))
    deadlines.sweep(db)
    assert [m for m in deadlines.recorded_misses(db) if m["kind"] == "claim"] == []
    assert claims.list_claims(db, open_only=True) == []                # granted and past its appeal window
    with pytest.raises(BusinessRuleError, match="appeal window closed"):
        claims.record_outcome(db, users["carol"], c.id, outcome="APPEALED")
