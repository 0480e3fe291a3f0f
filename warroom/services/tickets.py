"""Tickets: the queue, one ticket, notes, tags, assignment, status, outbound replies."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable, cast

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.dialect import fts_index_messages, fts_search_message_ids
from warroom.storage.engine import Database
from warroom.storage.models import Message, Note, Ticket, TicketTag, User
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor


# ---------------------------------------------------------------- views (plain dicts)

def _tags_by_ticket(session: Session, ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(ids)
    out: dict[int, list[str]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for tid, tag in session.execute(
                select(TicketTag.ticket_id, TicketTag.tag).where(TicketTag.ticket_id.in_(part))
                .order_by(TicketTag.tag)):
            out[tid].append(tag)
    return out


def _row_dict(t: Ticket, tags: list[str], assignee: str | None, count: int) -> dict[str, Any]:
    return {
        "id": t.id, "channel": t.channel, "amazon_order_id": t.amazon_order_id, "subject": t.subject,
        "status": t.status, "category": t.category, "flags": [x for x in tags if x in T.FLAGS],
        "tags": tags, "priority": t.priority, "tier": t.tier, "language": t.language,
        "assignee": assignee, "received_at": clock.iso(t.received_at), "due_at": clock.iso(t.due_at),
        "message_count": count, "marketplace": t.marketplace, "buyer_name": t.buyer_name,
    }


SEARCH_LIMIT = 2000   # matching messages looked at, newest first


def list_tickets(db: Database, *, tag: str | None = None, status: str | None = None,
                 include_closed: bool = False, limit: int | None = None,
                 search: str | None = None) -> list[dict[str, Any]]:
    """Most urgent first: priority ascending, then due_at (tickets without a clock last).

    ``search`` keeps tickets with a message matching the words (full-text, CJK included)."""
    counts = (select(Message.ticket_id, func.count().label("n")).group_by(Message.ticket_id).subquery())
    query = (select(Ticket, User.name, func.coalesce(counts.c.n, 0))
             .outerjoin(User, User.id == Ticket.assignee_id)
             .outerjoin(counts, counts.c.ticket_id == Ticket.id))
    if status:
        query = query.where(Ticket.status == T.check_status(status))
    elif not include_closed:
        query = query.where(Ticket.status != "closed")
    if tag:
        query = query.where(Ticket.id.in_(select(TicketTag.ticket_id).where(TicketTag.tag == T.normalize_tag(tag))))
    query = query.order_by(Ticket.priority, Ticket.due_at.is_(None), Ticket.due_at, Ticket.id)
    if search is not None and search.strip():
        with UnitOfWork(db, write=False) as uow:
            ids = fts_search_message_ids(uow.connection, search, SEARCH_LIMIT)
        query = query.where(Ticket.id.in_(select(Message.ticket_id).where(Message.id.in_(ids))))
    if limit is not None:
        if limit < 0:
            raise BadInput("--limit must be zero or more")
        query = query.limit(limit)
    with UnitOfWork(db, write=False) as uow:
        rows = uow.session.execute(query).all()
        tags = _tags_by_ticket(uow.session, (r[0].id for r in rows))
        return [_row_dict(t, tags[t.id], assignee, count) for t, assignee, count in rows]


def _get_ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def get_ticket(db: Database, ticket_id: int) -> dict[str, Any]:
    with UnitOfWork(db, write=False) as uow:
        t = _get_ticket(uow.session, ticket_id)
        tags = uow.session.execute(select(TicketTag).where(TicketTag.ticket_id == t.id)
                                   .order_by(TicketTag.tag)).scalars().all()
        out = _row_dict(t, [x.tag for x in tags], t.assignee.name if t.assignee else None, len(t.messages))
        out["tag_reasons"] = {x.tag: {"reason": x.reason, "set_by": x.set_by, "set_at": clock.iso(x.set_at)}
                              for x in tags}
        out["buyer_address"] = t.buyer_address
        out["order"] = None
        if t.order is not None:
            from warroom.services.orders import order_dict

            out["order"] = order_dict(t.order)
        out["messages"] = [{
            "id": m.id, "direction": m.direction, "from": m.from_addr, "from_name": m.from_name,
            "at": clock.iso(m.at), "subject": m.subject, "body": m.body, "source_ref": m.source_ref,
            "attachments": [{"id": a.id, "filename": a.filename, "content_type": a.content_type,
                             "size": a.size, "sha256": a.sha256} for a in m.attachments],
            "problems": json.loads(m.problems) if m.problems else [],
        } for m in t.messages]
        out["notes"] = [{"id": n.id, "author": n.author, "at": clock.iso(n.at), "text": n.text} for n in t.notes]
        from warroom.services.refunds import refunds_of_ticket

        out["refunds"] = refunds_of_ticket(uow.session, t.id)
        return out


# ---------------------------------------------------------------- actions

def _clean_text(text: str, what: str, max_len: int = 20_000) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise BadInput(f"{what} is empty")
    if len(text) > max_len:
        raise BadInput(f"{what} is longer than {max_len} characters")
    if "\x00" in text:
        raise BadInput(f"{what} contains a NUL character")
    return text


def add_note(db: Database, actor: Actor, ticket_id: int, text: str) -> dict[str, Any]:
    """A private internal note: never sent, part of the evidence."""
    text = _clean_text(text, "note")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = _get_ticket(uow.session, ticket_id)
        note = Note(ticket_id=ticket.id, author=actor.name, at=clock.now(), text=text)
        uow.session.add(note)
        uow.session.flush()
        uow.audit(actor.name, "ticket.note", f"ticket:{ticket.id}", {"note_id": note.id, "text": text})
        uow.commit()
        return {"id": note.id, "ticket_id": ticket.id, "author": actor.name, "at": clock.iso(note.at), "text": text}


def _require_reason(tags: list[str], reason: str | None) -> str | None:
    needs = [t for t in tags if t in T.REASON_REQUIRED_TAGS]
    if needs and not (reason and reason.strip()):
        raise BadInput(f"a reason is required to change {', '.join(needs)}", field="reason")
    return reason.strip() if reason else None


def tag_ticket(db: Database, actor: Actor, ticket_id: int, tags: list[str], reason: str | None = None) -> dict[str, Any]:
    wanted = sorted({T.normalize_tag(t) for t in tags})
    if not wanted:
        raise BadInput("no tag given")
    reason = _require_reason(wanted, reason)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = _get_ticket(uow.session, ticket_id)
        have = {x.tag for x in ticket.tags}
        added = [t for t in wanted if t not in have]
        if not added:
            return {"ticket_id": ticket.id, "added": [], "changed": False}
        now = clock.now()
        for tag in added:
            uow.session.add(TicketTag(ticket_id=ticket.id, tag=tag, reason=reason, set_by=actor.name, set_at=now))
        uow.session.flush()
        uow.session.refresh(ticket)
        from warroom.services.triage import refresh_priority

        refresh_priority(uow.session, ticket)
        uow.audit(actor.name, "ticket.tag", f"ticket:{ticket.id}", {"added": added, "reason": reason})
        uow.commit()
        return {"ticket_id": ticket.id, "added": added, "changed": True}


def untag_ticket(db: Database, actor: Actor, ticket_id: int, tags: list[str], reason: str | None = None) -> dict[str, Any]:
    wanted = sorted({T.normalize_tag(t) for t in tags})
    if not wanted:
        raise BadInput("no tag given")
    reason = _require_reason(wanted, reason)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = _get_ticket(uow.session, ticket_id)
        present = [x for x in ticket.tags if x.tag in wanted]
        if not present:
            return {"ticket_id": ticket.id, "removed": [], "changed": False}
        removed = sorted(x.tag for x in present)
        for row in present:
            uow.session.delete(row)
        uow.session.flush()
        from warroom.services.triage import refresh_priority, suppress_flags

        flags = [t for t in removed if t in T.FLAGS]
        if flags:
            suppress_flags(uow.session, ticket, flags)
        uow.session.refresh(ticket)
        refresh_priority(uow.session, ticket)
        uow.audit(actor.name, "ticket.untag", f"ticket:{ticket.id}", {"removed": removed, "reason": reason})
        uow.commit()
        return {"ticket_id": ticket.id, "removed": removed, "changed": True}


#: ``expected`` of :func:`assign_ticket` when the caller did not say what it saw
ANYONE: Any = object()


def assign_ticket(db: Database, actor: Actor, ticket_id: int, user_name: str | None, *,
                  expected: str | None = ANYONE) -> dict[str, Any]:
    """Assign the ticket to ``user_name`` (None: unassign).  ``expected``: the assignee the
    caller saw (None: nobody); when someone else changed it meanwhile, nothing changes and the
    caller is told who has it (two agents taking one ticket at once: the first one has it)."""
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = _get_ticket(uow.session, ticket_id)
        user = None
        if user_name:
            user = uow.session.scalar(select(User).where(User.name == user_name))
            if user is None:
                raise NotFound(f"no user named {user_name!r}")
            if user.disabled:
                raise BusinessRuleError(f"user {user_name!r} is disabled")
        new_id = user.id if user else None
        old = ticket.assignee.name if ticket.assignee else None
        if ticket.assignee_id == new_id:
            return {"ticket_id": ticket.id, "assignee": user_name, "changed": False}
        if expected is not ANYONE and old != (expected or None):
            raise BusinessRuleError(taken_text(ticket.id, old))
        # Compare and set: the row changes only if it still has the assignee read above.
        old_id = ticket.assignee_id
        done = uow.session.execute(
            update(Ticket).where(Ticket.id == ticket.id,
                                 Ticket.assignee_id.is_(None) if old_id is None else Ticket.assignee_id == old_id)
            .values(assignee_id=new_id).execution_options(synchronize_session=False))
        if cast(CursorResult[Any], done).rowcount != 1:
            uow.session.expire(ticket)
            raise BusinessRuleError(taken_text(ticket.id, ticket.assignee.name if ticket.assignee else None))
        set_committed_value(ticket, "assignee_id", new_id)
        uow.audit(actor.name, "ticket.assign", f"ticket:{ticket.id}", {"from": old, "to": user_name})
        uow.commit()
        return {"ticket_id": ticket.id, "assignee": user_name, "changed": True}


def taken_text(ticket_id: int, holder: str | None) -> str:
    if holder is None:
        return f"ticket {ticket_id} was unassigned meanwhile by someone else; look again before assigning it"
    return f"ticket {ticket_id} is already assigned to {holder} (someone took it meanwhile)"


def claim_ticket(db: Database, actor: Actor, ticket_id: int) -> dict[str, Any]:
    """Take an unassigned ticket (assign it to the actor): refused, naming who has it, when it
    is assigned to someone else; nothing to do when it is the actor's already."""
    return assign_ticket(db, actor, ticket_id, actor.name, expected=None)


def set_status(db: Database, actor: Actor, ticket_id: int, status: str) -> dict[str, Any]:
    status = T.check_status(status)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = _get_ticket(uow.session, ticket_id)
        if ticket.status == status:
            return {"ticket_id": ticket.id, "status": status, "changed": False}
        old = ticket.status
        ticket.status = status
        uow.audit(actor.name, "ticket.set-status", f"ticket:{ticket.id}", {"from": old, "to": status})
        uow.commit()
        return {"ticket_id": ticket.id, "status": status, "changed": True}


def add_outbound_message(uow: UnitOfWork, ticket_id: int, *, from_addr: str, to_addr: str | None,
                         subject: str, body: str, at: datetime, source_ref: str) -> Message:
    """Record a reply that was sent: it joins the conversation and stops the 24-hour clock.

    Runs inside the caller's unit of work (dispatch writes its own audit entry)."""
    ticket = _get_ticket(uow.session, ticket_id)
    message = Message(ticket_id=ticket.id, direction="outbound", from_addr=from_addr, to_addr=to_addr,
                      at=at, subject=subject, body=body, source_ref=source_ref,
                      dedupe_key=f"outbound:{ticket.id}:{clock.iso(at)}:{source_ref}", created_at=clock.now())
    uow.session.add(message)
    if ticket.last_outbound_at is None or at > ticket.last_outbound_at:
        ticket.last_outbound_at = at
    handled = max(x for x in (ticket.last_outbound_at, ticket.no_response_at) if x is not None)
    # Messages received after this reply still wait for an answer.
    later = uow.session.scalar(select(func.min(Message.at)).where(
        Message.ticket_id == ticket.id, Message.direction == "inbound", Message.at > handled))
    from warroom.services.clocks import response_window
    from warroom.services.triage import refresh_priority

    ticket.due_at = later + response_window(uow.session) if later else None
    if ticket.due_at is None and ticket.status in ("open", "waiting"):
        ticket.status = "answered"
    refresh_priority(uow.session, ticket)
    uow.session.flush()
    fts_index_messages(uow.connection, message.id, message.id)
    return message
