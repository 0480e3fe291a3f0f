"""Declaring and lifting the account suspension (DOMAIN.md, "The wartime protocol" step 1).

Amazon's notice often arrives before anyone declares the suspension.  ``declare(...,
notice_received_at=TIME)`` (``suspend --since TIME``) records when it arrived: for the clocks the
suspension begins then (:func:`warroom.services.deadlines.suspension_start`), and the misses
already recorded whose due time falls between that time and the declaration are re-classified
as "during the suspension" by a new ``deadline.reclassify`` entry in the same transaction (the
entries that recorded them never change; the entry lists the rows and their digest).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.domain.tickets import SUSPENDED, id_runs
from warroom.errors import BadInput, BusinessRuleError
from warroom.storage.engine import Database
from warroom.storage.models import DeadlineEvent, Suspension, Ticket, TicketTag
from warroom.storage.types import UTCDateTime
from warroom.storage.uow import UnitOfWork
from warroom.services.inputs import past_time
from warroom.services.users import current_actor

#: the action of the entry that re-classifies recorded misses as during a suspension
RECLASSIFY_ACTION = "deadline.reclassify"


def current_suspension(session: Session) -> Suspension | None:
    """The suspension in force, if any: one indexed query, for every capability that needs it."""
    return session.scalar(select(Suspension).where(Suspension.lifted_at.is_(None))
                          .order_by(Suspension.declared_at.desc()).limit(1))


def suspension_dict(s: Suspension | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"id": s.id, "declared_at": clock.iso(s.declared_at), "declared_by": s.declared_by,
            "reason": s.reason, "notice_text": s.notice_text, "notice_received_at": clock.iso(s.notice_received_at),
            "lifted_at": clock.iso(s.lifted_at), "lifted_by": s.lifted_by}


def get_suspension(db: Database) -> dict[str, Any] | None:
    with UnitOfWork(db, write=False) as uow:
        return suspension_dict(current_suspension(uow.session))


def _amazon_not_closed() -> ColumnElement[bool]:
    return and_(Ticket.channel == "amazon", Ticket.status != "closed")


def _to_tag() -> tuple[ColumnElement[bool], ...]:
    """The tickets a declaration tags SUSPENDED: Amazon-channel, not closed, not tagged yet."""
    not_tagged = ~exists().where(TicketTag.ticket_id == Ticket.id, TicketTag.tag == SUSPENDED)
    return (_amazon_not_closed(), not_tagged)


def _to_untag() -> tuple[ColumnElement[bool], ...]:
    """The SUSPENDED tags a lift removes: those of tickets that are not closed."""
    return (TicketTag.tag == SUSPENDED, TicketTag.ticket_id.in_(select(Ticket.id).where(Ticket.status != "closed")))


@dataclass(frozen=True)
class DeclarePreview:
    """What declaring now would do (the console's confirmation): the same queries as
    :func:`declare`, read-only."""

    tickets_to_tag: int
    drafts_to_hold: int
    misses_to_reclassify: int       # recorded misses due since Amazon's notice (0 without a time)
    already_declared: bool


@dataclass(frozen=True)
class LiftPreview:
    """What lifting now would do: the same queries as :func:`lift`, read-only."""

    tickets_to_untag: int
    drafts_to_release: int
    declared: bool


def preview_declare(db: Database, notice_received_at: str | datetime | None = None) -> DeclarePreview:
    """How many tickets a declaration now would tag, drafts it would hold and recorded misses
    it would re-classify (``notice_received_at`` as :func:`declare` takes it; checked the same
    way, so a time after now is refused here too)."""
    from warroom.services.drafts import drafts_to_hold

    with UnitOfWork(db, write=False) as uow:
        session = uow.session
        since = notice_time(notice_received_at, clock.now())
        tag = int(session.scalar(select(func.count()).select_from(Ticket).where(*_to_tag())) or 0)
        hold = len(drafts_to_hold(session))
        misses = 0
        if since is not None:
            misses = int(session.scalar(select(func.count()).select_from(DeadlineEvent)
                                        .where(*_outside_since(since))) or 0)
        return DeclarePreview(tag, hold, misses, current_suspension(session) is not None)


def preview_lift(db: Database) -> LiftPreview:
    """How many tickets a lift now would untag and held drafts it would release."""
    from warroom.services.drafts import held_drafts

    with UnitOfWork(db, write=False) as uow:
        session = uow.session
        untag = int(session.scalar(select(func.count()).select_from(TicketTag).where(*_to_untag())) or 0)
        return LiftPreview(untag, len(held_drafts(session)), current_suspension(session) is not None)


def notice_time(value: str | datetime | None, now: datetime) -> datetime | None:
    """When Amazon's notice arrived (``--since``): ISO 8601 text or an aware datetime, not after
    ``now``; None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    at = past_time(value, field="--since")
    if at > now:
        raise BadInput(f"Amazon's notice cannot have arrived after now ({clock.iso(now)}): {clock.iso(at)}",
                       field="--since")
    return at


def declare(db: Database, actor: Actor, reason: str, notice_text: str | None = None, *,
            notice_received_at: str | datetime | None = None) -> dict[str, Any]:
    """Declare the suspension now.  ``notice_received_at`` (the console's declare dialog and
    ``suspend --since``): when Amazon's notice arrived, not after now; the misses recorded
    since then are re-classified as during this suspension (one ``deadline.reclassify``
    entry, in the same transaction).  Without it nothing is re-classified."""
    reason = reason.strip()
    if not reason:
        raise BadInput("a reason is required", field="reason")
    if notice_text is not None and "\x00" in notice_text:
        raise BadInput("the notice text contains a NUL character")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.DECLARE_SUSPENSION)
        if current_suspension(uow.session) is not None:
            raise BusinessRuleError("a suspension is already declared (lift it first: suspend --lift)")
        now = clock.now()
        since = notice_time(notice_received_at, now)
        if since is not None:
            _check_after_previous(uow.session, since)
        record = Suspension(declared_at=now, declared_by=actor.name, reason=reason, notice_text=notice_text,
                            notice_received_at=since)
        uow.session.add(record)
        uow.session.flush()
        source = select(Ticket.id, literal(SUSPENDED), literal(f"suspension {record.id} declared"),
                        literal(actor.name), literal(now, UTCDateTime())).where(*_to_tag())
        statement = (insert(TicketTag)
                     .from_select(["ticket_id", "tag", "reason", "set_by", "set_at"], source)
                     .returning(TicketTag.ticket_id))
        tagged = [row[0] for row in uow.session.execute(statement)]
        from warroom.services.drafts import hold_for_suspension

        held = hold_for_suspension(uow.session, now)
        payload: dict[str, Any] = {"suspension_id": record.id, "reason": reason, "declared_at": clock.iso(now),
                                   "tagged_count": len(tagged), "tagged_tickets": id_runs(tagged), "held_drafts": held}
        if notice_text is not None:
            payload["notice_sha256"] = hashlib.sha256(notice_text.encode("utf-8")).hexdigest()
            payload["notice_text"] = notice_text
        if since is not None:
            payload["notice_received_at"] = clock.iso(since)
        uow.audit(actor.name, "suspension.declare", f"suspension:{record.id}", payload)
        reclassified = _reclassify(uow, actor.name, record, since) if since is not None else 0
        uow.commit()
        out = suspension_dict(record) or {}
        out["tagged"] = len(tagged)
        out["held_drafts"] = held
        out["reclassified"] = reclassified
    from warroom.services.checkpoints import with_checkpoint

    return with_checkpoint(db, out, "suspension")    # after the commit; never fails the action


def _check_after_previous(session: Session, since: datetime) -> None:
    """Amazon's notice of this suspension cannot predate the lifting of the previous one (the
    periods would overlap)."""
    last = session.scalar(select(Suspension).where(Suspension.lifted_at.is_not(None))
                          .order_by(Suspension.lifted_at.desc()).limit(1))
    if last is not None and last.lifted_at is not None and since < last.lifted_at:
        raise BadInput(f"Amazon's notice time {clock.iso(since)} is before suspension {last.id} was lifted "
                       f"({clock.iso(last.lifted_at)}): the two would overlap", field="--since")


def _outside_since(since: datetime) -> tuple[Any, ...]:
    return (DeadlineEvent.due_at >= since, DeadlineEvent.suspension_id.is_(None),
            DeadlineEvent.suspended_at_due.is_(False))


def _reclassify(uow: UnitOfWork, actor: str, record: Suspension, since: datetime) -> int:
    """Misses recorded as outside any suspension whose due time is at or after ``since``
    become "during suspension ``record``": the rows change, and one new entry lists them (ids,
    tickets, kinds, due-time range) with the SHA-256 of the rows as they are now
    (:func:`warroom.services.deadlines.events_digest`).  Returns how many changed."""
    from warroom.services.deadlines import events_digest

    session = uow.session
    rows = list(session.execute(
        select(DeadlineEvent.id, DeadlineEvent.ticket_id, DeadlineEvent.kind, DeadlineEvent.subject,
               DeadlineEvent.due_at)
        .where(*_outside_since(since))
        .order_by(DeadlineEvent.id)))
    if not rows:
        return 0
    session.execute(update(DeadlineEvent)
                    .where(*_outside_since(since))
                    .values(suspended_at_due=True, suspension_id=record.id)
                    .execution_options(synchronize_session=False))
    dues = [r.due_at for r in rows]
    uow.audit(actor, RECLASSIFY_ACTION, f"suspension:{record.id}", {
        "suspension_id": record.id, "notice_received_at": clock.iso(since),
        "declared_at": clock.iso(record.declared_at), "count": len(rows),
        "kinds": dict(sorted(Counter(r.kind for r in rows).items())),
        "due_from": clock.iso(min(dues)), "due_to": clock.iso(max(dues)),
        "tickets": id_runs({r.ticket_id for r in rows}), "event_ids": id_runs([r.id for r in rows]),
        "from": {"suspended_at_due": False, "suspension_id": None},
        "to": {"suspended_at_due": True, "suspension_id": record.id},
        "events_sha256": events_digest([(r.kind, r.subject, clock.iso(r.due_at), True, record.id) for r in rows])})
    return len(rows)


def lift(db: Database, actor: Actor) -> dict[str, Any]:
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.DECLARE_SUSPENSION)
        record = current_suspension(uow.session)
        if record is None:
            raise BusinessRuleError("no suspension is declared")
        record.lifted_at = clock.now()
        record.lifted_by = actor.name
        statement = delete(TicketTag).where(*_to_untag()).returning(TicketTag.ticket_id)
        untagged = [row[0] for row in uow.session.execute(statement, execution_options={"synchronize_session": False})]
        from warroom.services.drafts import release_held

        released = release_held(uow.session)
        uow.audit(actor.name, "suspension.lift", f"suspension:{record.id}",
                  {"suspension_id": record.id, "lifted_at": clock.iso(record.lifted_at),
                   "untagged_count": len(untagged), "untagged_tickets": id_runs(untagged), "released_drafts": released})
        uow.commit()
        out = suspension_dict(record) or {}
        out["untagged"] = len(untagged)
        out["released_drafts"] = released
    from warroom.services.checkpoints import with_checkpoint

    return with_checkpoint(db, out, "suspension")
