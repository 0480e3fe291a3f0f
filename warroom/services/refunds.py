"""The manual refund log: refunds the team paid by hand while Seller Central is locked.

Each entry says what was paid back on which ticket and order, how (the payment method and its
own reference), when, and who logged it: evidence for the appeal, and the team's guard against
paying one order twice.  Entries never change.  A mistake is corrected by a reversal, a new
entry that names the one it cancels.  The refunds of an order can never add up to more than the
order's cached total, and they are in the order's currency.  Each action is one audit entry.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from sqlalchemy import select

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NeedsAuthorization, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Order, RefundEntry, Ticket
from warroom.storage.uow import UnitOfWork
from warroom.services.inputs import past_time, typed_text
from warroom.services.users import current_actor

METHOD_MAX = 64
REFERENCE_MAX = 128
NOTE_MAX = 2_000
NO_MINOR_UNITS = frozenset({"JPY", "KRW", "CLP", "ISK", "VND"})     # ISO 4217 currencies without decimals
#: what the console offers (any other text is accepted too)
SUGGESTED_METHODS = ("Seller Central refund", "PayPal", "bank transfer", "card refund (payment processor)")


def _amount(raw: str | Decimal) -> Decimal:
    text = str(raw).strip().replace(",", ".") if not isinstance(raw, Decimal) else str(raw)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"not an amount: {str(raw)[:40]!r} (write it like 25.98)", field="amount") from None
    if not value.is_finite() or value <= 0:
        raise BadInput(f"the amount must be more than zero, not {str(raw)[:40]!r}", field="amount")
    if value.as_tuple().exponent < -2 or value >= Decimal("1e12"):  # type: ignore[operator]
        raise BadInput(f"not a money amount: {str(raw)[:40]!r} (at most two decimals)", field="amount")
    return value


def _text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    """A note keeps its lines; every other field is folded to one line (inputs.typed_text checks it)."""
    if field != "note" and value is not None:
        value = " ".join(value.split())
    return typed_text(value, field, limit, required=required)


def _entry_dict(e: RefundEntry) -> dict[str, Any]:
    return {"id": e.id, "ticket_id": e.ticket_id, "amazon_order_id": e.amazon_order_id, "kind": e.kind,
            "amount": e.amount, "currency": e.currency, "method": e.method, "reference": e.reference,
            "refunded_at": clock.iso(e.refunded_at), "note": e.note, "reverses_id": e.reverses_id,
            "logged_by": e.logged_by, "logged_at": clock.iso(e.logged_at)}


def net_refunded(entries: Iterable[dict[str, Any]]) -> Decimal:
    """What entries (as listed) pay back in all: refunds less reversals."""
    return sum((Decimal(e["amount"]) * (1 if e["kind"] == "refund" else -1) for e in entries), Decimal(0))


def _order_entries(session: Any, ticket: Ticket) -> list[RefundEntry]:
    """The entries that count against the same money: the order's (all its tickets), else the ticket's."""
    if ticket.order_id is not None:
        where = RefundEntry.order_id == ticket.order_id
    elif ticket.amazon_order_id:
        where = RefundEntry.amazon_order_id == ticket.amazon_order_id
    else:
        where = RefundEntry.ticket_id == ticket.id
    return list(session.scalars(select(RefundEntry).where(where).order_by(RefundEntry.id)))


def refund_status(db: Database, ticket_id: int) -> dict[str, Any]:
    """What has been refunded on the ticket's order so far, and what is left of its total."""
    with UnitOfWork(db, write=False) as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        order = uow.session.get(Order, ticket.order_id) if ticket.order_id is not None else None
        entries = [_entry_dict(e) for e in _order_entries(uow.session, ticket)]
        refunded = net_refunded(entries)
        total = Decimal(order.total) if order is not None and order.total else None
        currency = (order.currency if order is not None else None) or (entries[0]["currency"] if entries else None)
        return {"ticket_id": ticket.id, "amazon_order_id": ticket.amazon_order_id, "currency": currency,
                "order_total": str(total) if total is not None else None, "refunded": str(refunded),
                "left": str(total - refunded) if total is not None else None,
                "entries": entries}


def log_refund(db: Database, actor: Actor, ticket_id: int, *, amount: str | Decimal, method: str,
               currency: str | None = None, reference: str | None = None,
               refunded_at: str | datetime | None = None, note: str | None = None,
               authorization: int | None = None) -> dict[str, Any]:
    """Record a refund paid by hand on ``ticket_id``'s order.  Refused: a currency other than the
    order's, or a total of refunds above the order's cached total (a second refund of the same
    order is the mistake this catches) unless an out-of-policy authorization of the order allows
    it (``authorization``: its id; None: the order's one in force, if any; see services/remedies.py)."""
    value = _amount(amount)
    how = _text(method, "method", METHOD_MAX, required=True)
    ref = _text(reference, "reference", REFERENCE_MAX)
    text = _text(note, "note", NOTE_MAX)
    when = past_time(refunded_at, field="refunded_at")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_REFUND)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        order = uow.session.get(Order, ticket.order_id) if ticket.order_id is not None else None
        code = (currency or "").strip().upper() or None
        known = order.currency if order is not None else None
        if code is not None and not (len(code) == 3 and code.isalpha() and code.isascii()):
            raise BadInput(f"not a currency code: {currency!r} (three letters, like EUR)", field="currency")
        if known and code and code != known:
            raise BusinessRuleError(f"order {ticket.amazon_order_id} is in {known}: a refund of it is in {known} too, "
                                    f"not {code}")
        code = code or known
        if code is None:
            raise BadInput("the currency is required: the ticket has no cached order to take it from",
                           field="currency")
        if code in NO_MINOR_UNITS:
            if value != value.to_integral_value():
                raise BadInput(f"{code} has no decimals: {value} is not an amount of {code}", field="amount")
            value = value.quantize(Decimal(1))
        refunded = net_refunded(_entry_dict(e) for e in _order_entries(uow.session, ticket))
        total = Decimal(order.total) if order is not None and order.total else None
        authorized: int | None = None
        if total is not None and refunded + value > total:
            from warroom.services.remedies import refund_authorization

            try:
                authorized = refund_authorization(uow.session, ticket, authorization, total=total,
                                                  refunded=refunded, amount=value, currency=code)
            except NeedsAuthorization as exc:
                raise NeedsAuthorization(
                    f"order {ticket.amazon_order_id} totals {total} {code} and {refunded} {code} of it is already "
                    f"refunded: {value} {code} more would refund more than the order (check for a double refund); "
                    f"{exc.message}", field=exc.field) from None
        entry = RefundEntry(ticket_id=ticket.id, order_id=ticket.order_id, amazon_order_id=ticket.amazon_order_id,
                            kind="refund", amount=str(value), currency=code, method=how, reference=ref,
                            refunded_at=when, note=text, logged_by=actor.name, logged_at=clock.now())
        uow.session.add(entry)
        uow.session.flush()
        result = _entry_dict(entry)
        extra: dict[str, Any] = {}
        if authorized is not None:
            from warroom.services.remedies import record_authorized_refund

            record_authorized_refund(uow.session, entry.id, authorized)
            result["authorization_id"] = extra["authorization_id"] = authorized
        uow.audit(actor.name, "refund.log", f"ticket:{ticket.id}", {
            **{k: v for k, v in result.items() if k not in ("logged_by", "logged_at", "authorization_id")},
            "refunded_before": str(refunded), "order_total": str(total) if total is not None else None, **extra})
        uow.commit()
        return result


def reverse_refund(db: Database, actor: Actor, entry_id: int, reason: str) -> dict[str, Any]:
    """Cancel a logged refund that was not paid (or was logged wrong) with a reversal entry."""
    why = _text(reason, "reason", NOTE_MAX, required=True)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_REFUND)
        original = uow.session.get(RefundEntry, entry_id)
        if original is None or original.kind != "refund":
            raise NotFound(f"no refund entry {entry_id}")
        if uow.session.scalar(select(RefundEntry.id).where(RefundEntry.reverses_id == original.id)) is not None:
            raise BusinessRuleError(f"refund entry {entry_id} is already reversed")
        entry = RefundEntry(ticket_id=original.ticket_id, order_id=original.order_id,
                            amazon_order_id=original.amazon_order_id, kind="reversal", amount=original.amount,
                            currency=original.currency, method=original.method, reference=original.reference,
                            refunded_at=clock.now(), note=why, reverses_id=original.id, logged_by=actor.name,
                            logged_at=clock.now())
        uow.session.add(entry)
        uow.session.flush()
        result = _entry_dict(entry)
        uow.audit(actor.name, "refund.reverse", f"ticket:{original.ticket_id}", {
            "id": entry.id, "reverses_id": original.id, "amount": original.amount, "currency": original.currency,
            "reason": why})
        uow.commit()
        return result


def refunds_of_ticket(session: Any, ticket_id: int) -> list[dict[str, Any]]:
    """The ticket's entries, oldest first (inside the caller's unit of work)."""
    return [_entry_dict(e) for e in session.scalars(
        select(RefundEntry).where(RefundEntry.ticket_id == ticket_id).order_by(RefundEntry.id))]


def list_refunds(db: Database, *, ticket_id: int | None = None) -> list[dict[str, Any]]:
    """Logged refunds and reversals, oldest first (one ticket's, or all)."""
    query = select(RefundEntry).order_by(RefundEntry.id)
    if ticket_id is not None:
        query = query.where(RefundEntry.ticket_id == ticket_id)
    with UnitOfWork(db, write=False) as uow:
        return [_entry_dict(e) for e in uow.session.scalars(query)]
