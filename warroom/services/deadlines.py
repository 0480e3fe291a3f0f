"""Amazon's clocks: the 24-hour response clock, the A-to-z information window, appeal requests.

All computed in UTC.  A deadline found missed is recorded once (table deadline_event) with one
audit entry by ``system`` saying whether a suspension was in force at that moment: the plan of
action's evidence that the silence was caused by the suspension.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, NotFound
from warroom.storage.dialect import placeholders
from warroom.storage.engine import Database
from warroom.storage.models import DeadlineEvent, Message, Suspension, Ticket, TicketTag
from warroom.storage.types import db_datetime_converter, db_to_datetime
from warroom.storage.uow import UnitOfWork
from warroom.services.settings import read_setting
from warroom.services.users import SYSTEM_ACTOR, current_actor

ESCALATE_BEFORE = timedelta(hours=24)     # an A-to-z claim this close to its deadline is escalated
APPEAL_TAG = "APPEAL"


def _handled_until(last_outbound_at: datetime | None, no_response_at: datetime | None) -> datetime | None:
    """Until when a ticket's messages count as handled: its last reply or "no response needed"."""
    times = [x for x in (last_outbound_at, no_response_at) if x is not None]
    return max(times) if times else None


class _Suspensions:
    def __init__(self, session: Session) -> None:
        self.periods = [(s.id, s.declared_at, s.lifted_at) for s in session.scalars(select(Suspension))]

    def at(self, moment: datetime) -> int | None:
        for sid, start, end in self.periods:
            if start <= moment and (end is None or moment < end):
                return sid
        return None


def compute(session: Session, now: datetime, ticket_id: int | None = None) -> list[dict[str, Any]]:
    """Every running deadline (and every missed one still unanswered), soonest first."""
    response = timedelta(hours=int(read_setting(session, "response_window_hours")))
    atoz = timedelta(hours=int(read_setting(session, "atoz_window_hours")))
    appeal = timedelta(hours=int(read_setting(session, "appeal_info_window_hours")))
    suspensions = _Suspensions(session)
    out: list[dict[str, Any]] = []

    def add(ticket: int, kind: str, due: datetime, message_id: int | None) -> None:
        sid = suspensions.at(due)
        out.append({"ticket_id": ticket, "kind": kind, "due_at": clock.iso(due), "missed": due <= now,
                    "suspended_at_due": sid is not None, "suspension_id": sid, "message_id": message_id,
                    "_due": due})

    # only the columns the clocks need (not whole ticket objects: a queue can hold 100,000s)
    open_tickets = select(Ticket.id, Ticket.last_outbound_at, Ticket.no_response_at).where(Ticket.status != "closed")
    if ticket_id is not None:
        open_tickets = open_tickets.where(Ticket.id == ticket_id)
    running = {tid: _handled_until(out_at, no_response_at)
               for tid, out_at, no_response_at in session.execute(open_tickets.where(Ticket.due_at.is_not(None)))}
    if running:
        ids = list(running)
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for mid, tid, at in session.execute(select(Message.id, Message.ticket_id, Message.at).where(
                    Message.ticket_id.in_(part), Message.direction == "inbound").order_by(Message.at)):
                handled = running[tid]
                if handled is None or at > handled:
                    add(tid, "response", at + response, mid)
    flagged = session.execute(
        select(Ticket.id, Ticket.triage_reasons, Ticket.last_outbound_at, TicketTag.tag, TicketTag.set_at)
        .join(TicketTag, TicketTag.ticket_id == Ticket.id)
        .where(Ticket.status != "closed", TicketTag.tag.in_(("A-TO-Z", APPEAL_TAG)))
        .where(Ticket.id == ticket_id if ticket_id is not None else True))
    for tid, triage_reasons, last_outbound_at, tag, set_at in flagged:
        if tag == "A-TO-Z":
            reasons = json.loads(triage_reasons).get("flags", {}).get("A-TO-Z", []) if triage_reasons else []
            starts = [clock.parse_iso(r["message_at"]) for r in reasons if r.get("message_at")]
            start = min(starts) if starts else set_at
            window, kind = atoz, "atoz"
        else:
            start, window, kind = set_at, appeal, "appeal"
        if last_outbound_at is not None and last_outbound_at > start:
            continue
        add(tid, kind, start + window, None)
    out.sort(key=lambda d: (d["_due"], d["ticket_id"]))
    return out


def _public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def sweep(db: Database, now: datetime | None = None) -> dict[str, Any]:
    """Record deadlines found missed (once each, by `system`) and escalate A-to-z claims that
    are within 24 hours of their deadline.  Returns what it recorded."""
    now = now or clock.now()
    # Look first without the write lock: most sweeps find nothing new, and computing the clocks
    # of a large queue takes seconds that other users' writes should not wait for.
    with UnitOfWork(db, write=False) as look:
        if not _sweep_has_work(look.session, compute(look.session, now), now):
            return {"missed_recorded": 0, "escalated": []}
    with UnitOfWork(db) as uow:
        rows = compute(uow.session, now)
        recorded = _new_misses(uow.session, rows)
        if recorded:
            # a first sweep over an imported backlog can find 100,000s: the events and their
            # entries (one per miss, each found once) go in through the driver, in bulk
            conn = uow.connection
            stamp = db_datetime_converter(conn.dialect.name)
            found_at = stamp(now)
            conn.exec_driver_sql(
                "INSERT INTO deadline_event (ticket_id, kind, subject, due_at, found_at, suspended_at_due,"
                f" suspension_id) VALUES ({placeholders(conn, 7)})",
                [(r["ticket_id"], r["kind"], subject, stamp(r["_due"]), found_at, bool(r["suspended_at_due"]),
                  r["suspension_id"]) for r, subject in recorded])
            found = clock.iso(now)
            uow.audit_many([(SYSTEM_ACTOR, "deadline.missed", f"ticket:{r['ticket_id']}", {
                "kind": r["kind"], "due_at": r["due_at"], "message_id": r["message_id"], "found_at": found,
                "suspended_at_due": r["suspended_at_due"], "suspension_id": r["suspension_id"]})
                for r, _subject in recorded])
        escalated = _escalate_claims(uow, rows, now)
        if uow.entries:
            uow.commit()
        return {"missed_recorded": len(recorded), "escalated": escalated}


def _new_misses(session: Session, rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """The missed deadlines not recorded yet, each with its event subject (once each)."""
    missed = [r for r in rows if r["missed"]]
    if not missed:
        return []
    known = {(k, subj, clock.iso(due)) for k, subj, due in session.execute(
        select(DeadlineEvent.kind, DeadlineEvent.subject, DeadlineEvent.due_at))}
    out = []
    for r in missed:
        subject = f"message:{r['message_id']}" if r["message_id"] else f"ticket:{r['ticket_id']}"
        if (r["kind"], subject, r["due_at"]) not in known:
            known.add((r["kind"], subject, r["due_at"]))
            out.append((r, subject))
    return out


def _claims_near_deadline(rows: list[dict[str, Any]], now: datetime) -> list[int]:
    return sorted({r["ticket_id"] for r in rows if r["kind"] == "atoz" and r["_due"] - now <= ESCALATE_BEFORE})


def _sweep_has_work(session: Session, rows: list[dict[str, Any]], now: datetime) -> bool:
    """Whether a sweep would record a miss or escalate a claim (read only)."""
    from warroom.services.triage import ESCALATION_TAGS

    if _new_misses(session, rows):
        return True
    ids = _claims_near_deadline(rows, now)
    tagged: dict[int, set[str]] = {}
    for i in range(0, len(ids), 500):
        for tid, tag in session.execute(select(TicketTag.ticket_id, TicketTag.tag).where(
                TicketTag.ticket_id.in_(ids[i:i + 500]), TicketTag.tag.in_(ESCALATION_TAGS))):
            tagged.setdefault(tid, set()).add(tag)
    return any(set(ESCALATION_TAGS) - tagged.get(tid, set()) for tid in ids)


def _escalate_claims(uow: UnitOfWork, rows: list[dict[str, Any]], now: datetime) -> list[int]:
    from warroom.services.triage import ESCALATION_TAGS, refresh_priority

    escalated = []
    for tid in _claims_near_deadline(rows, now):
        ticket = uow.session.get(Ticket, tid)
        have = {t.tag for t in ticket.tags}
        missing = [t for t in ESCALATION_TAGS if t not in have]
        if not missing:
            continue
        for tag in missing:
            uow.session.add(TicketTag(ticket_id=tid, tag=tag, reason="A-to-z claim within 24 hours of its deadline",
                                      set_by=SYSTEM_ACTOR, set_at=now))
        uow.session.flush()
        uow.session.refresh(ticket)
        refresh_priority(uow.session, ticket)
        uow.audit(SYSTEM_ACTOR, "triage.escalate", f"ticket:{tid}",
                  {"tags": missing, "reason": "A-to-z claim within 24 hours of its deadline"})
        escalated.append(tid)
    return escalated


def list_deadlines(db: Database, *, include_missed: bool = True) -> list[dict[str, Any]]:
    sweep(db)
    with UnitOfWork(db, write=False) as uow:
        rows = compute(uow.session, clock.now())
    return _public([r for r in rows if include_missed or not r["missed"]])


def recorded_misses(db: Database) -> list[dict[str, Any]]:
    with UnitOfWork(db, write=False) as uow:
        return [{"ticket_id": e.ticket_id, "kind": e.kind, "subject": e.subject, "due_at": clock.iso(e.due_at),
                 "found_at": clock.iso(e.found_at), "suspended_at_due": e.suspended_at_due}
                for e in uow.session.scalars(select(DeadlineEvent).order_by(DeadlineEvent.due_at))]


def mark_no_response(db: Database, actor: Actor, ticket_id: int, reason: str) -> dict[str, Any]:
    """"No response needed" (reason required, audited): stops the ticket's 24-hour clock for every
    message received so far, as Amazon's own marking removes a message from the metric."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("a reason is required (--reason TEXT)")
    from warroom.services.triage import refresh_priority

    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        if ticket.due_at is None:
            from warroom.errors import BusinessRuleError

            raise BusinessRuleError(f"ticket {ticket_id} has no running clock (nothing is waiting for an answer)")
        now = clock.now()
        stopped = ticket.due_at
        ticket.no_response_at = now
        ticket.due_at = None
        if ticket.status in ("open", "waiting"):
            ticket.status = "answered"
        refresh_priority(uow.session, ticket)
        uow.audit(actor.name, "ticket.no-response", f"ticket:{ticket.id}",
                  {"reason": reason, "clock_due_at": clock.iso(stopped)})
        uow.commit()
        return {"ticket_id": ticket.id, "no_response_at": clock.iso(now), "reason": reason}
