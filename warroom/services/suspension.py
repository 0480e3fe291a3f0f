"""Declaring and lifting the account suspension (DOMAIN.md, "The wartime protocol" step 1)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import and_, delete, exists, insert, literal, select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.domain.tickets import SUSPENDED, id_runs
from warroom.errors import BadInput, BusinessRuleError
from warroom.storage.engine import Database
from warroom.storage.models import Suspension, Ticket, TicketTag
from warroom.storage.types import UTCDateTime
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor


def current_suspension(session: Session) -> Suspension | None:
    """The suspension in force, if any: one indexed query, for every capability that needs it."""
    return session.scalar(select(Suspension).where(Suspension.lifted_at.is_(None))
                          .order_by(Suspension.declared_at.desc()).limit(1))


def suspension_dict(s: Suspension | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"id": s.id, "declared_at": clock.iso(s.declared_at), "declared_by": s.declared_by,
            "reason": s.reason, "notice_text": s.notice_text, "lifted_at": clock.iso(s.lifted_at),
            "lifted_by": s.lifted_by}


def get_suspension(db: Database) -> dict[str, Any] | None:
    with UnitOfWork(db, write=False) as uow:
        return suspension_dict(current_suspension(uow.session))


def _amazon_not_closed():  # type: ignore[no-untyped-def]
    return and_(Ticket.channel == "amazon", Ticket.status != "closed")


def declare(db: Database, actor: Actor, reason: str, notice_text: str | None = None) -> dict[str, Any]:
    reason = reason.strip()
    if not reason:
        raise BadInput("a reason is required (--reason TEXT)")
    if notice_text is not None and "\x00" in notice_text:
        raise BadInput("the notice text contains a NUL character")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.DECLARE_SUSPENSION)
        if current_suspension(uow.session) is not None:
            raise BusinessRuleError("a suspension is already declared (lift it first: suspend --lift)")
        now = clock.now()
        record = Suspension(declared_at=now, declared_by=actor.name, reason=reason, notice_text=notice_text)
        uow.session.add(record)
        uow.session.flush()
        not_tagged = ~exists().where(TicketTag.ticket_id == Ticket.id, TicketTag.tag == SUSPENDED)
        source = select(Ticket.id, literal(SUSPENDED), literal(f"suspension {record.id} declared"),
                        literal(actor.name), literal(now, UTCDateTime())).where(_amazon_not_closed(), not_tagged)
        statement = (insert(TicketTag)
                     .from_select(["ticket_id", "tag", "reason", "set_by", "set_at"], source)
                     .returning(TicketTag.ticket_id))
        tagged = [row[0] for row in uow.session.execute(statement)]
        from warroom.services.drafts import hold_for_suspension

        held = hold_for_suspension(uow.session, now)
        payload = {"suspension_id": record.id, "reason": reason, "tagged_count": len(tagged),
                   "tagged_tickets": id_runs(tagged), "held_drafts": held}
        if notice_text is not None:
            payload["notice_sha256"] = hashlib.sha256(notice_text.encode("utf-8")).hexdigest()
            payload["notice_text"] = notice_text
        uow.audit(actor.name, "suspension.declare", f"suspension:{record.id}", payload)
        uow.commit()
        out = suspension_dict(record) or {}
        out["tagged"] = len(tagged)
        out["held_drafts"] = held
    from warroom.services.checkpoints import with_checkpoint

    return with_checkpoint(db, out, "suspension")    # after the commit; never fails the action


def lift(db: Database, actor: Actor) -> dict[str, Any]:
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.DECLARE_SUSPENSION)
        record = current_suspension(uow.session)
        if record is None:
            raise BusinessRuleError("no suspension is declared")
        record.lifted_at = clock.now()
        record.lifted_by = actor.name
        statement = (delete(TicketTag)
                     .where(TicketTag.tag == SUSPENDED,
                            TicketTag.ticket_id.in_(select(Ticket.id).where(Ticket.status != "closed")))
                     .returning(TicketTag.ticket_id))
        untagged = [row[0] for row in uow.session.execute(statement, execution_options={"synchronize_session": False})]
        from warroom.services.drafts import release_held

        released = release_held(uow.session)
        uow.audit(actor.name, "suspension.lift", f"suspension:{record.id}",
                  {"suspension_id": record.id, "untagged_count": len(untagged), "untagged_tickets": id_runs(untagged),
                   "released_drafts": released})
        uow.commit()
        out = suspension_dict(record) or {}
        out["untagged"] = len(untagged)
        out["released_drafts"] = released
    from warroom.services.checkpoints import with_checkpoint

    return with_checkpoint(db, out, "suspension")
