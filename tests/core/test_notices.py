"""Amazon's own mail goes to the notices register, not to buyer tickets; an A-to-z or
chargeback notice opens (or links to) the claim of its order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core import factories as F
from warroom.domain import notices as N
from warroom.errors import BusinessRuleError, NotFound
from warroom.services import claims, notices, status
from warroom.services.deep_check import deep_check
from warroom.services.imports import import_messages
from warroom.services.tickets import list_tickets

DATA = Path(__file__).resolve().parents[1] / "data" / "messages" / "notices"


@pytest.mark.parametrize(("sender", "subject", "body", "kind"), [
    ("atoz-guarantee-deals@amazon.com", "A-to-z Guarantee Claim", "", N.A_TO_Z),
    ("cba-chargebacks@amazon.co.uk", "Chargeback", "", N.CHARGEBACK),
    ("seller-performance@amazon.de", "Policy Warning", "", N.POLICY_WARNING),
    ("seller-performance@amazon.com", "Your account", "", N.PERFORMANCE),
    ("donotreply@amazon.com", "Your A-to-z Guarantee claim on order 111-1111111-1111111", "", N.A_TO_Z),
    ("donotreply@amazon.co.jp", "Shipment confirmation", "", N.OTHER),
    ("cs-reply@amazon.com", "Order", "We've been contacted by a customer regarding the order identified below.",
     N.CUSTOMER_SERVICE),
    ("abcdefghijklmno@marketplace.amazon.com", "A-to-z claim? I will open an A-to-z claim", "", None),
    ("jane@example.com", "chargeback", "I will do a chargeback", None),
])
def test_classify_senders_and_keywords(sender, subject, body, kind):
    found = N.classify(sender, subject, body)
    assert (found.kind if found else None) == kind


def test_relay_fields_are_read():
    body = (DATA / "cs_relay_uk.eml").read_text()
    fields = N.relay_fields(body)
    assert fields["order"] == "203-1112223-3334445" and fields["reason"] == "Item not received"
    assert fields["item"].startswith("Stainless")


def test_import_routes_notices_to_the_register_and_opens_claims(db, users, set_now):
    set_now("2026-12-03T13:00:00Z")
    files = sorted(str(p) for p in DATA.iterdir())
    summaries = import_messages(db, users["alice"], files)
    assert sum(s.get("notices", 0) for s in summaries) == 5
    assert sum(s["new_messages"] for s in summaries) == 1            # only the buyer's question is a ticket
    tickets = list_tickets(db)
    assert [t["amazon_order_id"] for t in tickets] == ["114-2223334-4445556"]
    register = notices.list_notices(db)
    kinds = sorted(n.kind for n in register)
    assert kinds == sorted([N.A_TO_Z, N.CHARGEBACK, N.CUSTOMER_SERVICE, N.POLICY_WARNING, N.PERFORMANCE])
    by_kind = {n.kind: n for n in register}
    atoz = by_kind[N.A_TO_Z]
    assert atoz.amazon_order_id == "111-4455667-1234501" and atoz.claim_id is not None
    assert atoz.due_at is not None and (atoz.due_at - atoz.received_at).total_seconds() == 48 * 3600
    cb = by_kind[N.CHARGEBACK]
    assert cb.due_at is not None and (cb.due_at - cb.received_at).days == 7
    cs = by_kind[N.CUSTOMER_SERVICE]
    assert cs.amazon_order_id == "203-1112223-3334445" and cs.claim_id is None
    assert by_kind[N.POLICY_WARNING].due_at is None
    opened = {c.type: c for c in claims.list_claims(db)}
    assert opened["A_TO_Z"].amazon_order_id == "111-4455667-1234501"
    assert opened["A_TO_Z"].window == "atoz-info" and opened["A_TO_Z"].due_at == atoz.due_at
    assert opened["CHARGEBACK"].due_at == cb.due_at
    # one import entry per file, listing its notices; the deep check replays them
    entries = [e for e in status.audit_entries(db, limit=50) if e["action"] == "import.messages"]
    assert len(entries) == len(files)
    assert any(e["payload"].get("claims_opened") for e in entries)
    result = deep_check(db)
    assert result.ok, [d.message for d in result.differences]
    # importing the same files again adds nothing and writes nothing
    before = len(status.audit_entries(db, limit=500))
    again = import_messages(db, users["alice"], files)
    assert sum(s.get("notices", 0) for s in again) == 0
    assert len(status.audit_entries(db, limit=500)) == before


def test_a_second_notice_links_to_the_running_claim(db, users, set_now):
    set_now("2026-12-03T13:00:00Z")
    o = F.order(5)
    F.load(db, [o], [F.message(5, order_id=o.amazon_order_id)])
    first = F.message(90, order_id=o.amazon_order_id, sender="atoz-guarantee-deals@amazon.com",
                      subject=f"A-to-z Guarantee claim for order {o.amazon_order_id}", body="Please respond within 48 hours.")
    second = first._replace(message_id="second", body="Amazon needs more information on this claim.",
                            received_at=first.received_at.replace(hour=15))
    from warroom.storage.uow import UnitOfWork

    with UnitOfWork(db) as uow:
        out = notices.store_notices(uow, [(first, N.notice_kind(N.A_TO_Z)), (second, N.notice_kind(N.A_TO_Z))],
                                    actor="alice")
        uow.audit("alice", "import.messages", "file:x", {"notices": out["notices"],
                                                          "claims_opened": out["claims_opened"]})
        uow.commit()
    assert len(out["claims_opened"]) == 1
    linked = {n["claim_id"] for n in out["notices"]}
    assert len(linked) == 1
    claim = claims.get_claim(db, linked.pop())
    ticket = list_tickets(db)[0]
    assert claim.ticket_id == ticket["id"] and len(claim.notice_ids) == 2


def test_answer_and_link_a_notice(db, users, set_now):
    set_now("2026-12-03T13:00:00Z")
    import_messages(db, users["alice"], [str(DATA / "cs_relay_uk.eml")])
    n = notices.list_notices(db, open_only=True)[0]
    c = claims.open_claim(db, users["alice"], type="A_TO_Z", notice_id=n.id)
    assert c.amazon_order_id == "203-1112223-3334445" and c.notice_ids == (n.id,)
    with pytest.raises(BusinessRuleError, match="linked to claim"):
        claims.open_claim(db, users["alice"], type="CHARGEBACK", notice_id=n.id)
    answered = notices.answer_notice(db, users["bob"], n.id, text="Refunded the buyer in full on 2026-12-03.")
    assert answered.status == "answered" and answered.answered_by == "bob"
    assert notices.list_notices(db, open_only=True) == []
    with pytest.raises(BusinessRuleError, match="answered already"):
        notices.answer_notice(db, users["bob"], n.id, text="again")
    with pytest.raises(NotFound):
        notices.link_notice(db, users["bob"], n.id, claim_id=999)
    actions = [e["action"] for e in status.audit_entries(db, limit=3, newest_first=True)]
    assert actions[:2] == ["notice.answer", "claim.open"]
    result = deep_check(db)
    assert result.ok, [d.message for d in result.differences]
