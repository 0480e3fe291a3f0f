"""The manual refund log: entries tied to the ticket and its cached order, never more than the
order's total, in its currency, reversible only by a new entry, each action one audit entry."""

from __future__ import annotations

import json

import pytest

from tests.core import factories as F
from warroom.errors import AuthenticationError, BadInput, BusinessRuleError, NotFound
from warroom.services import refunds, status
from warroom.services.tickets import get_ticket, list_tickets


@pytest.fixture
def refund_ticket(db, users):
    o = F.order(7)                                     # USD 24.99
    F.load(db, [o], [F.message(7, order_id=o.amazon_order_id, body="Please refund me, it broke.")])
    t = next(t for t in list_tickets(db) if t["amazon_order_id"] == o.amazon_order_id)
    return t["id"]


def test_a_refund_is_logged_with_the_order_currency_and_audited(db, users, refund_ticket):
    r = refunds.log_refund(db, users["alice"], refund_ticket, amount="10,50", method="  PayPal ",
                           reference="PP-123", note="buyer agreed", refunded_at="2026-11-20T10:00:00Z")
    assert (r["amount"], r["currency"], r["method"], r["reference"], r["kind"]) == ("10.50", "USD", "PayPal",
                                                                                  "PP-123", "refund")
    assert r["refunded_at"] == "2026-11-20T10:00:00Z" and r["logged_by"] == "alice"
    entry = status.audit_entries(db, limit=1, newest_first=True)[0]
    assert entry["action"] == "refund.log" and entry["actor"] == "alice"
    assert entry["payload"]["amount"] == "10.50" and entry["payload"]["order_total"] == "24.99"
    assert get_ticket(db, refund_ticket)["refunds"] == [r]
    s = refunds.refund_status(db, refund_ticket)
    assert (s["refunded"], s["left"], s["order_total"], s["currency"]) == ("10.50", "14.49", "24.99", "USD")


def test_refunds_never_add_up_to_more_than_the_order(db, users, refund_ticket):
    refunds.log_refund(db, users["alice"], refund_ticket, amount="20", method="bank transfer")
    with pytest.raises(BusinessRuleError, match="already refunded.*double refund"):
        refunds.log_refund(db, users["bob"], refund_ticket, amount="5", method="PayPal")
    refunds.log_refund(db, users["bob"], refund_ticket, amount="4.99", method="PayPal")    # exactly the rest
    assert refunds.refund_status(db, refund_ticket)["left"] == "0.00"


def test_a_reversal_gives_the_amount_back_and_happens_once(db, users, refund_ticket):
    first = refunds.log_refund(db, users["alice"], refund_ticket, amount="24.99", method="PayPal")
    rev = refunds.reverse_refund(db, users["alice"], first["id"], "logged on the wrong ticket")
    assert rev["kind"] == "reversal" and rev["reverses_id"] == first["id"] and rev["note"] == "logged on the wrong ticket"
    assert refunds.refund_status(db, refund_ticket)["refunded"] == "0.00"
    with pytest.raises(BusinessRuleError, match="already reversed"):
        refunds.reverse_refund(db, users["alice"], first["id"], "again")
    with pytest.raises(NotFound):
        refunds.reverse_refund(db, users["alice"], rev["id"], "a reversal is not a refund")
    with pytest.raises(BadInput, match="reason is required"):
        refunds.reverse_refund(db, users["alice"], first["id"], "  ")
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["action"] == "refund.reverse"
    refunds.log_refund(db, users["alice"], refund_ticket, amount="24.99", method="bank transfer")


@pytest.mark.parametrize("kwargs, field", [
    (dict(amount="0", method="PayPal"), "amount"),
    (dict(amount="-5", method="PayPal"), "amount"),
    (dict(amount="ten", method="PayPal"), "amount"),
    (dict(amount="1.234", method="PayPal"), "amount"),
    (dict(amount="NaN", method="PayPal"), "amount"),
    (dict(amount="5", method="   "), "method"),
    (dict(amount="5", method="PayPal", currency="US$"), "currency"),
    (dict(amount="5", method="PayPal", refunded_at="yesterday"), "refunded_at"),
    (dict(amount="5", method="PayPal", refunded_at="2099-01-01T00:00:00Z"), "refunded_at"),
    (dict(amount="5", method="PayPal", reference="x" * 129), "reference"),
    (dict(amount="5", method="Pay\x00Pal"), "method"),
])
def test_bad_input_names_the_field_and_writes_nothing(db, users, refund_ticket, kwargs, field):
    before = status.audit_entries(db, limit=1, newest_first=True)[0]["seq"]
    with pytest.raises(BadInput) as caught:
        refunds.log_refund(db, users["alice"], refund_ticket, **kwargs)
    assert f"field {field!r}" in str(caught.value)
    assert refunds.list_refunds(db) == []
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["seq"] == before


def test_the_currency_is_the_orders(db, users, refund_ticket):
    with pytest.raises(BusinessRuleError, match="is in USD"):
        refunds.log_refund(db, users["alice"], refund_ticket, amount="5", method="PayPal", currency="eur")
    assert refunds.log_refund(db, users["alice"], refund_ticket, amount="5", method="PayPal",
                              currency="usd")["currency"] == "USD"


def test_a_ticket_without_an_order_needs_a_currency_and_has_no_cap(db, users):
    F.load(db, [], [F.message(40, sender="someone@example.org", body="I paid twice, refund one please")])
    tid = next(t["id"] for t in list_tickets(db) if t["amazon_order_id"] is None)
    with pytest.raises(BadInput, match="currency is required"):
        refunds.log_refund(db, users["alice"], tid, amount="5", method="PayPal")
    r = refunds.log_refund(db, users["alice"], tid, amount="500", method="PayPal", currency="GBP")
    assert r["currency"] == "GBP" and refunds.refund_status(db, tid)["left"] is None


def test_who_may_log(db, users, refund_ticket):
    from warroom.services.users import disable_user

    disable_user(db, users["ada"], "bob")
    with pytest.raises(AuthenticationError):
        refunds.log_refund(db, users["bob"], refund_ticket, amount="5", method="PayPal")
    for name in ("alice", "carol", "ada"):                 # agents, compliance and admins log refunds
        refunds.log_refund(db, users[name], refund_ticket, amount="1", method="PayPal")
    with pytest.raises(NotFound):
        refunds.log_refund(db, users["alice"], 9999, amount="1", method="PayPal")


def test_cli_refund_refunds_and_reverse(cli, db, users, refund_ticket):
    r = cli("refund", str(refund_ticket), "--amount", "12.00", "--method", "bank transfer", "--reference", "TX-9",
            "--as", "alice")
    assert r.code == 0 and "refund 1 logged on ticket" in r.out and "12.00 USD by bank transfer (TX-9)" in r.out
    r = cli("refund", str(refund_ticket), "--amount", "13", "--method", "PayPal", "--as", "alice")
    assert r.code == 3 and "double refund" in r.err
    r = cli("refunds", "--json")
    assert [e["amount"] for e in json.loads(r.out)] == ["12.00"]
    r = cli("refund", "--reverse", "1", "--as", "alice")
    assert r.code == 3 and "--reason" in r.err
    r = cli("refund", "--reverse", "1", "--reason", "the transfer bounced", "--as", "alice")
    assert r.code == 0 and "refund entry 1 reversed by entry 2" in r.out
    r = cli("refunds")
    assert "reversal of 1" in r.out and "TX-9" in r.out
    t = json.loads(cli("ticket", str(refund_ticket), "--json").out)
    assert [e["kind"] for e in t["refunds"]] == ["refund", "reversal"]


def test_yen_has_no_decimals(db, users):
    o = F.order(8, marketplace="JP", total=F.Decimal("5980"))
    F.load(db, [o], [F.message(8, order_id=o.amazon_order_id, body="返金してください")])
    tid = next(t["id"] for t in list_tickets(db) if t["amazon_order_id"] == o.amazon_order_id)
    with pytest.raises(BadInput, match="JPY has no decimals"):
        refunds.log_refund(db, users["alice"], tid, amount="100.50", method="bank transfer")
    assert refunds.log_refund(db, users["alice"], tid, amount="2990.00", method="bank transfer")["amount"] == "2990"
