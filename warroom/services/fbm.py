"""FBM orders during a suspension: what to do with each unshipped merchant-fulfilled order.

:func:`fbm_view` lists the cached orders with fulfillment channel MFN and status Unshipped or
PartiallyShipped by their latest ship date, grouped past due / due today / later (the seller's
day: ``seller.timezone``, else UTC), each with its current decision, and beside them the count
of WISMO ("where is my order") tickets per day for the last 14 days.  :func:`decide` records a
decision (ship, cancel and refund, hold) with a note; a compliance user decides.  A later
decision replaces the current one and the earlier ones stay as history.  One audit entry each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from warroom import clock
from warroom.domain import cases as rules
from warroom.domain.cases import FbmDecision, ShipGroup
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.services.cases import seller_zone
from warroom.services.users import current_actor
from warroom.storage.engine import Database
from warroom.storage.models import Order, Ticket
from warroom.storage.models_cases import FbmDecisionEntry
from warroom.storage.uow import UnitOfWork

WISMO = "WISMO"
WISMO_DAYS = 14


@dataclass(frozen=True)
class DecisionView:
    id: int
    amazon_order_id: str
    decision: FbmDecision
    note: str
    decided_by: str
    decided_at: datetime
    replaces_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "amazon_order_id": self.amazon_order_id, "decision": self.decision.value,
                "note": self.note, "decided_by": self.decided_by, "decided_at": clock.iso(self.decided_at),
                "replaces_id": self.replaces_id}


@dataclass(frozen=True)
class FbmOrder:
    id: int
    amazon_order_id: str
    status: str
    marketplace: str | None
    purchase_date: datetime
    latest_ship_date: datetime | None
    group: ShipGroup
    items: str                  # "2 × Widget; 1 × Cable"
    total: str | None
    currency: str | None
    decision: DecisionView | None
    decisions: int              # how many were recorded (the history's length)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "amazon_order_id": self.amazon_order_id, "status": self.status,
                "marketplace": self.marketplace, "purchase_date": clock.iso(self.purchase_date),
                "latest_ship_date": clock.iso(self.latest_ship_date), "group": self.group.value,
                "items": self.items, "total": self.total, "currency": self.currency,
                "decision": self.decision.to_dict() if self.decision else None, "decisions": self.decisions}


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "count": self.count}


@dataclass(frozen=True)
class FbmView:
    as_of: datetime
    timezone: str
    orders: tuple[FbmOrder, ...]
    wismo_per_day: tuple[DayCount, ...]     # oldest first, today last

    def group(self, group: ShipGroup) -> tuple[FbmOrder, ...]:
        return tuple(o for o in self.orders if o.group == group)

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": clock.iso(self.as_of), "timezone": self.timezone,
                "counts": {g.value: len(self.group(g)) for g in ShipGroup},
                "orders": [o.to_dict() for o in self.orders],
                "wismo_per_day": [d.to_dict() for d in self.wismo_per_day]}


def _decision(d: FbmDecisionEntry) -> DecisionView:
    return DecisionView(id=d.id, amazon_order_id=d.amazon_order_id, decision=FbmDecision(d.decision), note=d.note,
                        decided_by=d.decided_by, decided_at=d.decided_at, replaces_id=d.replaces_id)


def _items(order: Order) -> str:
    return "; ".join(f"{i.quantity} × {i.title or i.sku or i.asin or '?'}" for i in order.items)


def wismo_per_day(session: Any, now: datetime, days: int = WISMO_DAYS) -> tuple[DayCount, ...]:
    """WISMO tickets by the day they arrived (the seller's day), the last ``days`` days up to today."""
    zone, _name = seller_zone(session)
    today = rules.day_of(now, zone)
    first = today - timedelta(days=days - 1)
    start, _ = rules.day_bounds(first, zone)
    _, end = rules.day_bounds(today, zone)
    counts = {first + timedelta(days=i): 0 for i in range(days)}
    for (received,) in session.execute(select(Ticket.received_at).where(
            Ticket.category == WISMO, Ticket.received_at >= start, Ticket.received_at < end)):
        day = rules.day_of(received, zone)
        if day in counts:
            counts[day] += 1
    return tuple(DayCount(d, n) for d, n in sorted(counts.items()))


def fbm_view(db: Database) -> FbmView:
    """Unshipped FBM orders by latest ship date (no date last), with their decisions and the
    WISMO tickets per day."""
    now = clock.now()
    with UnitOfWork(db, write=False) as uow:
        s = uow.session
        zone, name = seller_zone(s)
        orders = list(s.scalars(select(Order).where(
            Order.fulfillment_channel == "MFN", Order.status.in_(rules.UNSHIPPED_STATUSES))
            .order_by(Order.latest_ship_date.is_(None), Order.latest_ship_date, Order.id)
            .options(selectinload(Order.items))))
        ids = [o.id for o in orders]
        current: dict[int, FbmDecisionEntry] = {}
        counts: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for d in s.scalars(select(FbmDecisionEntry).where(FbmDecisionEntry.order_id.in_(part))
                               .order_by(FbmDecisionEntry.id)):
                current[d.order_id] = d
                counts[d.order_id] = counts.get(d.order_id, 0) + 1
        rows = tuple(FbmOrder(
            id=o.id, amazon_order_id=o.amazon_order_id, status=o.status, marketplace=o.marketplace,
            purchase_date=o.purchase_date, latest_ship_date=o.latest_ship_date,
            group=rules.ship_group(o.latest_ship_date, now, zone), items=_items(o), total=o.total,
            currency=o.currency, decision=_decision(current[o.id]) if o.id in current else None,
            decisions=counts.get(o.id, 0)) for o in orders)
        return FbmView(as_of=now, timezone=name, orders=rows, wismo_per_day=wismo_per_day(s, now))


def _order(session: Any, amazon_order_id: str) -> Order:
    oid = (amazon_order_id or "").strip()
    order = session.scalar(select(Order).where(Order.amazon_order_id == oid))
    if order is None:
        raise NotFound(f"no order {oid[:40]!r} in the order cache")
    return order


def decide(db: Database, actor: Actor, amazon_order_id: str, decision: str | FbmDecision, note: str) -> DecisionView:
    """Record what happens to an unshipped FBM order (a compliance user decides).  The same
    decision with the same note again changes nothing (no entry)."""
    choice = decision if isinstance(decision, FbmDecision) else rules.parse_decision(decision)
    text = rules.note_text(note)
    if text is None:
        raise BadInput("a note is required: why this decision", field="note")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.DECIDE_FBM)
        order = _order(uow.session, amazon_order_id)
        if order.fulfillment_channel != "MFN":
            raise BusinessRuleError(f"order {order.amazon_order_id} is fulfilled by Amazon (AFN): "
                                    f"there is nothing for the team to ship")
        if order.status not in rules.UNSHIPPED_STATUSES:
            raise BusinessRuleError(f"order {order.amazon_order_id} is {order.status}, not unshipped")
        previous = uow.session.scalar(select(FbmDecisionEntry).where(FbmDecisionEntry.order_id == order.id)
                                      .order_by(FbmDecisionEntry.id.desc()).limit(1))
        if previous is not None and previous.decision == choice.value and previous.note == text:
            return _decision(previous)
        row = FbmDecisionEntry(order_id=order.id, amazon_order_id=order.amazon_order_id, decision=choice.value,
                               note=text, decided_by=actor.name, decided_at=clock.now(),
                               replaces_id=previous.id if previous is not None else None)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor.name, "fbm.decide", f"order:{order.id}", {
            "id": row.id, "order_id": order.id, "amazon_order_id": order.amazon_order_id, "decision": choice.value,
            "note": text, "replaces_id": row.replaces_id,
            "previous_decision": previous.decision if previous is not None else None,
            "latest_ship_date": clock.iso(order.latest_ship_date), "order_status": order.status})
        uow.commit()
        return _decision(row)


def decision_history(db: Database, amazon_order_id: str) -> tuple[DecisionView, ...]:
    """Every decision on the order, oldest first."""
    with UnitOfWork(db, write=False) as uow:
        order = _order(uow.session, amazon_order_id)
        return tuple(_decision(d) for d in uow.session.scalars(
            select(FbmDecisionEntry).where(FbmDecisionEntry.order_id == order.id).order_by(FbmDecisionEntry.id)))


def decisions_between(session: Any, start: datetime, end: datetime) -> list[DecisionView]:
    """Decisions taken in [start, end), oldest first (inside the caller's unit of work)."""
    return [_decision(d) for d in session.scalars(
        select(FbmDecisionEntry).where(FbmDecisionEntry.decided_at >= start, FbmDecisionEntry.decided_at < end)
        .order_by(FbmDecisionEntry.decided_at, FbmDecisionEntry.id))]


def decision_count(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(FbmDecisionEntry)) or 0)
