"""The Seller Support case log, with its rate guard.

Each case the team opens with Amazon is logged: Amazon's case id, the topic, the channel
(e-mail, phone, chat), when it was opened and by whom, the ASINs, orders and FBA shipments it
names, whether it was marked urgent, when Amazon answered, how often it was reopened, its
outcome.  Opening cases too often is itself a suspension risk (sellers report warnings at 10-30
a day), so :func:`rate_guard` counts the cases opened on the seller's day (``seller.timezone``,
else UTC) against ``cases.daily_limit``: opening one beyond it is refused
(:class:`~warroom.domain.cases.CaseLimitReached`) unless confirmed with a reason, and the audit
entry records that the limit was passed.  An urgent case beyond ``cases.urgent_daily_limit``
urgent ones that day is opened with a warning.  Each action is one audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from warroom import clock
from warroom.domain import cases as rules
from warroom.domain.cases import CaseChannel, CaseLimitReached, CaseOutcome, RateGuard
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.services.inputs import past_time
from warroom.services.settings import read_setting
from warroom.services.users import current_actor
from warroom.storage.engine import Database
from warroom.storage.models_cases import SupportCase
from warroom.storage.uow import UnitOfWork

UTC_NAME = "UTC"


# ------------------------------------------------------------------------------ results

@dataclass(frozen=True)
class CaseDay:
    """Today's (or one day's) count against the limits, in the seller's zone."""

    day: date
    zone: str
    count: int
    limit: int
    urgent_count: int
    urgent_limit: int

    @property
    def at_limit(self) -> bool:
        return self.count >= self.limit

    @property
    def urgent_at_limit(self) -> bool:
        return self.urgent_count >= self.urgent_limit

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "timezone": self.zone, "count": self.count, "limit": self.limit,
                "at_limit": self.at_limit, "urgent_count": self.urgent_count, "urgent_limit": self.urgent_limit}


@dataclass(frozen=True)
class CaseView:
    id: int
    case_id: str
    topic: str
    channel: CaseChannel
    opened_at: datetime
    opened_by: str
    urgent: bool
    asins: tuple[str, ...]
    order_ids: tuple[str, ...]
    shipment_ids: tuple[str, ...]
    note: str | None
    over_limit_reason: str | None
    answered_at: datetime | None
    answer_note: str | None
    reopen_count: int
    outcome: CaseOutcome | None
    outcome_note: str | None
    closed_at: datetime | None
    closed_by: str | None

    @property
    def status(self) -> str:
        return "closed" if self.outcome is not None else "open"

    @property
    def answer_hours(self) -> float | None:
        """How long Amazon took to answer, in hours."""
        if self.answered_at is None:
            return None
        return round((self.answered_at - self.opened_at).total_seconds() / 3600, 1)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "case_id": self.case_id, "topic": self.topic, "channel": self.channel.value,
                "opened_at": clock.iso(self.opened_at), "opened_by": self.opened_by, "urgent": self.urgent,
                "asins": list(self.asins), "order_ids": list(self.order_ids),
                "shipment_ids": list(self.shipment_ids), "note": self.note,
                "over_limit_reason": self.over_limit_reason, "answered_at": clock.iso(self.answered_at),
                "answer_hours": self.answer_hours, "answer_note": self.answer_note,
                "reopen_count": self.reopen_count, "status": self.status,
                "outcome": self.outcome.value if self.outcome else None, "outcome_note": self.outcome_note,
                "closed_at": clock.iso(self.closed_at), "closed_by": self.closed_by}


@dataclass(frozen=True)
class CaseOpened:
    case: CaseView
    guard: CaseDay              # the day's count before this case
    over_limit: bool
    urgent_overused: bool
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.case.to_dict(), "guard": self.guard.to_dict(), "over_limit": self.over_limit,
                "urgent_overused": self.urgent_overused, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class CaseList:
    cases: tuple[CaseView, ...]
    today: CaseDay


def _view(c: SupportCase) -> CaseView:
    return CaseView(
        id=c.id, case_id=c.case_id, topic=c.topic, channel=CaseChannel(c.channel), opened_at=c.opened_at,
        opened_by=c.opened_by, urgent=bool(c.urgent), asins=tuple(json.loads(c.asins or "[]")),
        order_ids=tuple(json.loads(c.order_ids or "[]")), shipment_ids=tuple(json.loads(c.shipment_ids or "[]")),
        note=c.note, over_limit_reason=c.over_limit_reason, answered_at=c.answered_at, answer_note=c.answer_note,
        reopen_count=c.reopen_count, outcome=CaseOutcome(c.outcome) if c.outcome else None,
        outcome_note=c.outcome_note, closed_at=c.closed_at, closed_by=c.closed_by)


# ------------------------------------------------------------------------------ the seller's day

def seller_zone(session: Any) -> tuple[tzinfo, str]:
    """The zone of the seller's day: ``seller.timezone`` when set, else UTC."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = str(read_setting(session, "seller.timezone") or "")
    if name:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            pass                       # checked when set; a zone database without it: UTC
    return clock.UTC, UTC_NAME


def _day(session: Any, when: datetime) -> CaseDay:
    zone, name = seller_zone(session)
    day = rules.day_of(when, zone)
    start, end = rules.day_bounds(day, zone)
    in_day = (SupportCase.opened_at >= start, SupportCase.opened_at < end)
    count = int(session.scalar(select(func.count()).select_from(SupportCase).where(*in_day)) or 0)
    urgent = int(session.scalar(select(func.count()).select_from(SupportCase)
                                .where(*in_day, SupportCase.urgent.is_(True))) or 0)
    return CaseDay(day=day, zone=name, count=count, limit=int(read_setting(session, "cases.daily_limit")),
                   urgent_count=urgent, urgent_limit=int(read_setting(session, "cases.urgent_daily_limit")))


def rate_guard(db: Database, when: datetime | None = None) -> CaseDay:
    """The count of cases opened on the seller's day of ``when`` (default now), with the limits:
    shown before a case is opened."""
    with UnitOfWork(db, write=False) as uow:
        return _day(uow.session, when or clock.now())


# ------------------------------------------------------------------------------ actions

def _find(session: Any, case_id: str) -> SupportCase:
    row = session.scalar(select(SupportCase).where(SupportCase.case_id == (case_id or "").strip()))
    if row is None:
        raise NotFound(f"no Seller Support case {str(case_id)[:40]!r} in the log")
    return row


def open_case(db: Database, actor: Actor, *, case_id: str, topic: str, channel: str | CaseChannel,
              opened_at: str | datetime | None = None, urgent: bool = False, asins: Iterable[str] = (),
              orders: Iterable[str] = (), shipments: Iterable[str] = (), note: str | None = None,
              over_limit_reason: str | None = None) -> CaseOpened:
    """Log a case opened with Seller Support.  Refused (:class:`CaseLimitReached`) when the
    day already has ``cases.daily_limit`` cases, unless ``over_limit_reason`` confirms it."""
    ref = rules.case_ref(case_id)
    subject = rules.one_line(topic, "topic", rules.TOPIC_MAX, required=True)
    assert subject is not None
    how = channel if isinstance(channel, CaseChannel) else rules.parse_channel(channel)
    named_asins, named_orders, named_shipments = rules.asins(asins), rules.order_ids(orders), \
        rules.shipment_ids(shipments)
    text = rules.note_text(note)
    confirm = rules.one_line(over_limit_reason, "reason", rules.NOTE_MAX)
    when = past_time(opened_at, field="opened_at")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_CASES)
        if uow.session.scalar(select(SupportCase.id).where(SupportCase.case_id == ref)) is not None:
            raise BusinessRuleError(f"Seller Support case {ref} is already in the log")
        day = _day(uow.session, when)
        guard = RateGuard(day.count, day.limit, day.urgent_count, day.urgent_limit)
        over = guard.at_limit
        if over and confirm is None:
            raise CaseLimitReached(day.day, day.count, day.limit)
        overused = guard.urgent_overused(urgent)
        warnings = []
        if over:
            warnings.append(f"opened past the daily limit: case {day.count + 1} of {day.day.isoformat()} "
                            f"(limit {day.limit})")
        if overused:
            warnings.append(f"{day.urgent_count} urgent case{'s' if day.urgent_count != 1 else ''} already opened "
                            f"on {day.day.isoformat()} (recommended at most {day.urgent_limit}): the urgent box "
                            f"must not be overused")
        row = SupportCase(case_id=ref, topic=subject, channel=how.value, opened_at=when, opened_by=actor.name,
                          urgent=bool(urgent), asins=json.dumps(list(named_asins)),
                          order_ids=json.dumps(list(named_orders)), shipment_ids=json.dumps(list(named_shipments)),
                          note=text, over_limit_reason=confirm if over else None, reopen_count=0)
        uow.session.add(row)
        try:
            uow.session.flush()
        except IntegrityError:
            raise BusinessRuleError(f"Seller Support case {ref} is already in the log") from None
        view = _view(row)
        uow.audit(actor.name, "case.open", f"case:{row.id}", {
            "id": row.id, "case_id": ref, "topic": subject, "channel": how.value, "opened_at": clock.iso(when),
            "urgent": bool(urgent), "asins": list(named_asins), "order_ids": list(named_orders),
            "shipment_ids": list(named_shipments), "note": text, "day": day.day.isoformat(), "timezone": day.zone,
            "day_count_before": day.count, "daily_limit": day.limit, "over_limit": over,
            "over_limit_reason": confirm if over else None, "urgent_count_before": day.urgent_count,
            "urgent_daily_limit": day.urgent_limit, "urgent_overused": overused})
        uow.commit()
    return CaseOpened(case=view, guard=day, over_limit=over, urgent_overused=overused, warnings=tuple(warnings))


def answer_case(db: Database, actor: Actor, case_id: str, *, answered_at: str | datetime | None = None,
                note: str | None = None) -> CaseView:
    """Record when Amazon answered the case (and what it said, briefly)."""
    when = past_time(answered_at, field="answered_at")
    text = rules.note_text(note)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_CASES)
        row = _find(uow.session, case_id)
        if when < row.opened_at:
            raise BadInput(f"Amazon's answer ({clock.iso(when)}) cannot come before the case was opened "
                           f"({clock.iso(row.opened_at)})", field="answered_at")
        row.answered_at, row.answer_note = when, text
        uow.audit(actor.name, "case.answer", f"case:{row.id}", {
            "id": row.id, "case_id": row.case_id, "answered_at": clock.iso(when), "note": text})
        uow.commit()
        return _view(row)


def reopen_case(db: Database, actor: Actor, case_id: str, reason: str) -> CaseView:
    """Reopen a closed case (Amazon's answer did not solve it): its outcome is cleared and the
    reopen count grows."""
    why = rules.one_line(reason, "reason", rules.NOTE_MAX, required=True)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_CASES)
        row = _find(uow.session, case_id)
        if row.outcome is None:
            raise BusinessRuleError(f"case {row.case_id} is open: only a closed case can be reopened")
        before = row.outcome
        row.outcome = row.outcome_note = row.closed_at = row.closed_by = None
        row.reopen_count += 1
        uow.audit(actor.name, "case.reopen", f"case:{row.id}", {
            "id": row.id, "case_id": row.case_id, "reason": why, "outcome_before": before,
            "reopen_count": row.reopen_count})
        uow.commit()
        return _view(row)


def close_case(db: Database, actor: Actor, case_id: str, outcome: str | CaseOutcome,
               note: str | None = None) -> CaseView:
    """Close a case with its outcome."""
    result = outcome if isinstance(outcome, CaseOutcome) else rules.parse_outcome(outcome)
    text = rules.note_text(note)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.LOG_CASES)
        row = _find(uow.session, case_id)
        if row.outcome is not None:
            raise BusinessRuleError(f"case {row.case_id} is already closed ({row.outcome.lower()}): reopen it first")
        row.outcome, row.outcome_note, row.closed_at, row.closed_by = result.value, text, clock.now(), actor.name
        uow.audit(actor.name, "case.close", f"case:{row.id}", {
            "id": row.id, "case_id": row.case_id, "outcome": result.value, "note": text})
        uow.commit()
        return _view(row)


# ------------------------------------------------------------------------------ reading

def get_case(db: Database, case_id: str) -> CaseView:
    with UnitOfWork(db, write=False) as uow:
        return _view(_find(uow.session, case_id))


def list_cases(db: Database, *, today: bool = False) -> CaseList:
    """The log, newest first (``today``: only the cases of the seller's today), with today's count."""
    with UnitOfWork(db, write=False) as uow:
        day = _day(uow.session, clock.now())
        query = select(SupportCase).order_by(SupportCase.opened_at.desc(), SupportCase.id.desc())
        if today:
            zone, _name = seller_zone(uow.session)
            start, end = rules.day_bounds(day.day, zone)
            query = query.where(SupportCase.opened_at >= start, SupportCase.opened_at < end)
        return CaseList(cases=tuple(_view(c) for c in uow.session.scalars(query)), today=day)


def cases_between(session: Any, start: datetime, end: datetime) -> list[CaseView]:
    """Cases opened in [start, end), oldest first (inside the caller's unit of work)."""
    return [_view(c) for c in session.scalars(
        select(SupportCase).where(SupportCase.opened_at >= start, SupportCase.opened_at < end)
        .order_by(SupportCase.opened_at, SupportCase.id))]
