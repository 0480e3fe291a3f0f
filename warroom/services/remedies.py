"""Out-of-policy remedies: authorizations, and reshipments logged like refunds.

The decision maker of an escalation (a compliance or admin user, never an agent) may allow what
policy does not: compensation above the order's total, an express reshipment, a future
discount.  :func:`authorize` records who allowed what on which order, why, up to which amount
and until when (one entry ``remedy.authorize``).

* A refund that would take the order's refunds above its cached total is logged only under an
  unexpired ``compensation`` authorization of the same order, and only while all the order's
  refunds stay within the authorization's **limit** (the most the order's refunds may add up to
  in all, in the order's currency).  Without one the refund is refused naming the field
  ``authorization``; beyond the limit, naming ``amount`` (:func:`refund_authorization`, called
  by :func:`warroom.services.refunds.log_refund`).
* :func:`log_reshipment` records a replacement sent by hand: the order, the items and
  quantities, carrier and tracking, the reason, who and when (one entry ``reship.log``).  An
  express reshipment needs an unexpired ``express-reship`` authorization of the order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.services.inputs import typed_text
from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, NeedsAuthorization, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Order, Ticket
from warroom.storage.models_escalation import AuthorizedRefund, RemedyAuthorization, Reshipment
from warroom.storage.uow import UnitOfWork
from warroom.services.inputs import past_time
from warroom.services.users import current_actor

KINDS = ("compensation", "express-reship", "future-discount")
AUTHORIZE_ACTION = "remedy.authorize"
RESHIP_ACTION = "reship.log"
DEFAULT_VALID = timedelta(days=7)
MAX_VALID = timedelta(days=90)
TEXT_MAX = 2_000
MAX_ITEMS = 50


@dataclass(frozen=True)
class Authorization:
    id: int
    ticket_id: int
    amazon_order_id: str | None
    kind: str
    reason: str
    limit: str | None
    currency: str | None
    expires_at: datetime
    granted_by: str
    granted_at: datetime

    def valid_at(self, when: datetime) -> bool:
        return when < self.expires_at

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "ticket_id": self.ticket_id, "amazon_order_id": self.amazon_order_id,
                "kind": self.kind, "reason": self.reason, "limit": self.limit, "currency": self.currency,
                "expires_at": clock.iso(self.expires_at), "granted_by": self.granted_by,
                "granted_at": clock.iso(self.granted_at)}


@dataclass(frozen=True)
class ReshipItem:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Reship:
    id: int
    ticket_id: int
    amazon_order_id: str | None
    items: tuple[ReshipItem, ...]
    carrier: str
    tracking: str | None
    express: bool
    authorization_id: int | None
    reason: str
    shipped_at: datetime
    logged_by: str
    logged_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "ticket_id": self.ticket_id, "amazon_order_id": self.amazon_order_id,
                "items": [{"sku": i.sku, "quantity": i.quantity} for i in self.items], "carrier": self.carrier,
                "tracking": self.tracking, "express": self.express, "authorization_id": self.authorization_id,
                "reason": self.reason, "shipped_at": clock.iso(self.shipped_at), "logged_by": self.logged_by,
                "logged_at": clock.iso(self.logged_at)}


def _authorization(row: RemedyAuthorization) -> Authorization:
    return Authorization(id=row.id, ticket_id=row.ticket_id, amazon_order_id=row.amazon_order_id, kind=row.kind,
                         reason=row.reason, limit=row.limit_amount, currency=row.currency, expires_at=row.expires_at,
                         granted_by=row.granted_by, granted_at=row.granted_at)


def _reship(row: Reshipment) -> Reship:
    items = tuple(ReshipItem(str(i["sku"]), int(i["quantity"])) for i in json.loads(row.items))
    return Reship(id=row.id, ticket_id=row.ticket_id, amazon_order_id=row.amazon_order_id, items=items,
                  carrier=row.carrier, tracking=row.tracking, express=row.express,
                  authorization_id=row.authorization_id, reason=row.reason, shipped_at=row.shipped_at,
                  logged_by=row.logged_by, logged_at=row.logged_at)


def _text(value: str | None, field: str, *, required: bool = True, limit: int = TEXT_MAX) -> str | None:
    return typed_text(value, field, limit, required=required)


def _limit(raw: str | Decimal | None, required: bool) -> Decimal | None:
    from warroom.services.refunds import _amount

    if raw is None or not str(raw).strip():
        if required:
            raise BadInput("a limit (an amount, like 150.00) is required for this kind", field="limit")
        return None
    try:
        return _amount(raw)
    except BadInput as exc:
        raise BadInput(exc.reason, field="limit") from None


def _ticket(session: Session, ticket_id: int) -> tuple[Ticket, Order | None]:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    order = session.get(Order, ticket.order_id) if ticket.order_id is not None else None
    return ticket, order


def _same_order(ticket: Ticket) -> object:
    if ticket.amazon_order_id:
        return RemedyAuthorization.amazon_order_id == ticket.amazon_order_id
    return RemedyAuthorization.ticket_id == ticket.id


def authorize(db: Database, actor: Actor, ticket_id: int, *, kind: str, reason: str,
              limit: str | Decimal | None = None, currency: str | None = None,
              expires_at: str | datetime | None = None, valid_hours: int | None = None) -> Authorization:
    """Record an out-of-policy authorization on the ticket's order (compliance or admin)."""
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise BadInput(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}", field="kind")
    why = _text(reason, "reason")
    amount = _limit(limit, required=kind in ("compensation", "future-discount"))
    now = clock.now()
    if expires_at is not None and valid_hours is not None:
        raise BadInput("give either an expiry time or a number of hours, not both", field="expires_at")
    if valid_hours is not None:
        if not 1 <= valid_hours <= MAX_VALID.total_seconds() // 3600:
            raise BadInput(f"between 1 and {int(MAX_VALID.total_seconds() // 3600)} hours", field="expires_at")
        until = now + timedelta(hours=valid_hours)
    elif expires_at is not None:
        until = _future(expires_at)
        if until <= now or until > now + MAX_VALID:
            raise BadInput("the expiry must be in the next 90 days", field="expires_at")
    else:
        until = now + DEFAULT_VALID
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.AUTHORIZE_REMEDY)
        ticket, order = _ticket(uow.session, ticket_id)
        code = (currency or "").strip().upper() or (order.currency if order is not None else None)
        if amount is not None:
            if not code or not (len(code) == 3 and code.isalpha() and code.isascii()):
                raise BadInput("a currency (three letters, like EUR) is required: the ticket has no cached order",
                               field="currency")
            if order is not None and order.currency and code != order.currency:
                raise BadInput(f"order {ticket.amazon_order_id} is in {order.currency}, not {code}", field="currency")
            if kind == "compensation" and order is not None and order.total and amount <= Decimal(order.total):
                raise BadInput(f"the limit is the most the order's refunds may add up to in all: above the order's "
                               f"total of {order.total} {code}, or no authorization is needed", field="limit")
        row = RemedyAuthorization(ticket_id=ticket.id, amazon_order_id=ticket.amazon_order_id, kind=kind,
                                  reason=why, limit_amount=str(amount) if amount is not None else None,
                                  currency=code if amount is not None else None, expires_at=until,
                                  granted_by=actor.name, granted_at=now)
        uow.session.add(row)
        uow.session.flush()
        result = _authorization(row)
        uow.audit(actor.name, AUTHORIZE_ACTION, f"ticket:{ticket.id}",
                  {k: v for k, v in result.to_dict().items() if k not in ("granted_by", "granted_at")})
        uow.commit()
        return result


def _future(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise BadInput("a time without a zone", field="expires_at")
        return value.astimezone(clock.UTC)
    try:
        return clock.parse_iso(value)
    except (ValueError, OverflowError):
        raise BadInput(f"not an ISO 8601 time: {value[:40]!r}", field="expires_at") from None


def authorizations(db: Database, *, ticket_id: int | None = None) -> list[Authorization]:
    """Authorizations, oldest first (those of one ticket's order, or all)."""
    with UnitOfWork(db, write=False) as uow:
        query = select(RemedyAuthorization).order_by(RemedyAuthorization.id)
        if ticket_id is not None:
            ticket, _ = _ticket(uow.session, ticket_id)
            query = query.where(_same_order(ticket))  # type: ignore[arg-type]
        return [_authorization(r) for r in uow.session.scalars(query)]


def _usable(session: Session, ticket: Ticket, kind: str, auth_id: int | None, now: datetime,
            what: str) -> RemedyAuthorization:
    """The authorization named (checked), or the order's unexpired one of ``kind``."""
    if auth_id is not None:
        row = session.get(RemedyAuthorization, auth_id)
        if row is None:
            raise NeedsAuthorization(f"no authorization {auth_id}", field="authorization")
        if row.kind != kind:
            raise NeedsAuthorization(f"authorization {auth_id} allows {row.kind}, not {kind}", field="authorization")
        mine = (row.amazon_order_id == ticket.amazon_order_id) if ticket.amazon_order_id else row.ticket_id == ticket.id
        if not mine:
            raise NeedsAuthorization(f"authorization {auth_id} is for another order", field="authorization")
        if now >= row.expires_at:
            raise NeedsAuthorization(f"authorization {auth_id} expired at {clock.iso(row.expires_at)}",
                                     field="authorization")
        return row
    rows = list(session.scalars(select(RemedyAuthorization).where(
        _same_order(ticket), RemedyAuthorization.kind == kind,  # type: ignore[arg-type]
        RemedyAuthorization.expires_at > now)))
    if not rows:
        raise NeedsAuthorization(f"{what} needs an out-of-policy authorization ({kind}) by a compliance or admin "
                                 "user, and this order has none in force", field="authorization")
    return max(rows, key=lambda r: (Decimal(r.limit_amount or 0), r.id))


def refund_authorization(session: Session, ticket: Ticket, auth_id: int | None, *, total: Decimal,
                         refunded: Decimal, amount: Decimal, currency: str) -> int:
    """A refund of ``amount`` that takes the order above its ``total``: the authorization it is
    logged under (its id), or refused (NeedsAuthorization naming ``authorization`` or ``amount``)."""
    now = clock.now()
    row = _usable(session, ticket, "compensation", auth_id, now, "a refund above the order's total")
    limit = Decimal(row.limit_amount or 0)
    if row.currency and row.currency != currency:
        raise NeedsAuthorization(f"authorization {row.id} is in {row.currency}, the refund in {currency}",
                                 field="authorization")
    if refunded + amount > limit:
        raise NeedsAuthorization(f"authorization {row.id} allows refunds up to {limit} {currency} in all on this "
                                 f"order; {refunded} {currency} is refunded already, so at most "
                                 f"{max(limit - refunded, Decimal(0))} {currency} more", field="amount")
    return row.id


def record_authorized_refund(session: Session, refund_id: int, authorization_id: int) -> None:
    session.add(AuthorizedRefund(refund_id=refund_id, authorization_id=authorization_id))


# ------------------------------------------------------------------------------ reshipments

def parse_items(raw: str | Iterable[tuple[str, int]]) -> tuple[ReshipItem, ...]:
    """``"SKU-1:2, SKU-2"`` (quantity 1 when not given) or (sku, quantity) pairs."""
    pairs: list[tuple[object, object]] = []
    if isinstance(raw, str):
        for part in raw.replace(";", ",").split(","):
            if part.strip():
                name, _, qty = part.strip().rpartition(":") if ":" in part else (part.strip(), "", "1")
                pairs.append((name.strip(), qty.strip() or "1"))
    else:
        pairs = [(str(s).strip(), q) for s, q in raw]
    if not pairs:
        raise BadInput("name at least one item (SKU:QUANTITY)", field="items")
    if len(pairs) > MAX_ITEMS:
        raise BadInput(f"at most {MAX_ITEMS} items", field="items")
    out = []
    for given, count in pairs:
        sku = str(given)
        if not sku or len(sku) > 128 or "\x00" in sku:
            raise BadInput(f"not a SKU: {sku[:40]!r}", field="items")
        try:
            n = int(str(count))
        except ValueError:
            raise BadInput(f"not a quantity for {sku}: {str(count)[:20]!r}", field="items") from None
        if not 1 <= n <= 999:
            raise BadInput(f"the quantity of {sku} must be 1 to 999", field="items")
        out.append(ReshipItem(sku, n))
    return tuple(out)


def log_reshipment(db: Database, actor: Actor, ticket_id: int, *, items: str | Iterable[tuple[str, int]],
                   carrier: str, reason: str, tracking: str | None = None, express: bool = False,
                   authorization: int | None = None, shipped_at: str | datetime | None = None) -> Reship:
    """Log a replacement sent by hand on the ticket's order (an express one under an authorization)."""
    parsed = parse_items(items)
    how = _text(carrier, "carrier", limit=64)
    track = _text(tracking, "tracking", required=False, limit=128)
    why = _text(reason, "reason")
    when = past_time(shipped_at, field="shipped_at")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_REFUND)
        ticket, order = _ticket(uow.session, ticket_id)
        if order is not None and order.items:
            known = {i.sku for i in order.items if i.sku} | {i.asin for i in order.items if i.asin}
            unknown = [i.sku for i in parsed if i.sku not in known]
            if unknown:
                raise BadInput(f"order {order.amazon_order_id} has no item {unknown[0]!r} "
                               f"(it has {', '.join(sorted(known))})", field="items")
        auth_id = None
        if express:
            auth_id = _usable(uow.session, ticket, "express-reship", authorization, clock.now(),
                              "an express reshipment").id
        elif authorization is not None:
            raise BadInput("an authorization is only needed for an express reshipment", field="authorization")
        assert how is not None and why is not None
        row = Reshipment(ticket_id=ticket.id, amazon_order_id=ticket.amazon_order_id,
                         items=json.dumps([{"sku": i.sku, "quantity": i.quantity} for i in parsed]),
                         carrier=how, tracking=track, express=express, authorization_id=auth_id, reason=why,
                         shipped_at=when, logged_by=actor.name, logged_at=clock.now())
        uow.session.add(row)
        uow.session.flush()
        result = _reship(row)
        uow.audit(actor.name, RESHIP_ACTION, f"ticket:{ticket.id}",
                  {k: v for k, v in result.to_dict().items() if k not in ("logged_by", "logged_at")})
        uow.commit()
        return result


def reshipments(db: Database, *, ticket_id: int | None = None) -> list[Reship]:
    with UnitOfWork(db, write=False) as uow:
        query = select(Reshipment).order_by(Reshipment.id)
        if ticket_id is not None:
            query = query.where(Reshipment.ticket_id == ticket_id)
        return [_reship(r) for r in uow.session.scalars(query)]
