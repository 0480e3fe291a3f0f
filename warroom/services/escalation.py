"""The escalation brief: the six things the decision maker needs on an escalated ticket.

A ticket escalates by any path (a red flag at triage, the deadline sweep's A-to-z claims, a
person tagging it ESCALATED, alone or in bulk): all of them set the tag ESCALATED, and the brief
of a ticket exists from that moment.  Its six fields (order, buyer, nature of the issue, what
has been done, the buyer's emotional state, the deadline) are prefilled from what the system
knows, read when the brief is shown (the cached order, the buyer's alias, the flags and why
they were set, the notes, refunds, reshipments, authorizations and replies, the running
deadlines), so they never go stale and every one of them comes from audited records.

What a person writes into a field replaces its prefill (:func:`edit_brief`, one audit entry
``escalation.brief-edit`` per save naming the fields and their new text); writing an empty
text returns the field to its prefill.  Compliance users hear of a new escalation through the
notifications service (kind ``escalation``); the console shows the brief on the ticket and the
open escalations in a list (:func:`open_escalations`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Draft, Message, Note, Order, RefundEntry, Ticket, TicketTag
from warroom.storage.models_escalation import (
    EscalationBrief, PostMortem, RemedyAuthorization, Reshipment,
)
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

ESCALATED = "ESCALATED"
BRIEF_EDIT_ACTION = "escalation.brief-edit"
#: the brief's fields, in the order the process names them: name -> column
FIELDS: dict[str, str] = {"order": "order_ref", "buyer": "buyer", "nature": "nature", "done": "done",
                          "emotional_state": "emotional_state", "deadline": "deadline"}
FIELD_MAX = 4_000
_UPSET = re.compile(r"(lawyer|attorney|legal|sue|court|scam|fraud|unacceptable|disgust|furious|angry|worst|"
                    r"never again|report you|bbb|律师|起诉|投诉|骗|愤怒|弁護士|訴え|Anwalt|Betrug)", re.IGNORECASE)


@dataclass(frozen=True)
class BriefField:
    name: str
    value: str
    prefilled: bool          # True: what the system knows; False: written by a person


@dataclass(frozen=True)
class Brief:
    ticket_id: int
    subject: str
    status: str
    amazon_order_id: str | None
    escalated: bool                     # the ticket carries ESCALATED now
    escalated_at: datetime | None
    escalated_by: str | None
    escalation_reason: str | None
    fields: tuple[BriefField, ...]
    updated_by: str | None              # the last person who edited it (None: never edited)
    updated_at: datetime | None

    def value(self, name: str) -> str:
        return next(f.value for f in self.fields if f.name == name)

    def to_dict(self) -> dict[str, object]:
        return {"ticket_id": self.ticket_id, "subject": self.subject, "status": self.status,
                "amazon_order_id": self.amazon_order_id, "escalated": self.escalated,
                "escalated_at": clock.iso(self.escalated_at), "escalated_by": self.escalated_by,
                "escalation_reason": self.escalation_reason,
                "fields": {f.name: {"value": f.value, "prefilled": f.prefilled} for f in self.fields},
                "updated_by": self.updated_by, "updated_at": clock.iso(self.updated_at)}


@dataclass(frozen=True)
class EscalationRow:
    """One escalation for the console's list."""

    ticket_id: int
    subject: str
    status: str
    amazon_order_id: str | None
    escalated_at: datetime
    reason: str | None
    due_at: datetime | None
    brief_edited: bool
    postmortem_id: int | None

    def to_dict(self) -> dict[str, object]:
        return {"ticket_id": self.ticket_id, "subject": self.subject, "status": self.status,
                "amazon_order_id": self.amazon_order_id, "escalated_at": clock.iso(self.escalated_at),
                "reason": self.reason, "due_at": clock.iso(self.due_at), "brief_edited": self.brief_edited,
                "postmortem_id": self.postmortem_id}


@dataclass(frozen=True)
class BriefEdit:
    ticket_id: int
    changed: tuple[str, ...]            # the fields whose text changed (empty: nothing was written)
    brief: Brief


# ------------------------------------------------------------------------------ what the system knows

def _money(amount: str | None, currency: str | None) -> str:
    return f"{amount} {currency}".strip() if amount else ""


def _order_text(order: Order | None, ticket: Ticket) -> str:
    if order is None:
        return (f"{ticket.amazon_order_id} (not in the order cache)" if ticket.amazon_order_id
                else "no order named in the conversation")
    items = ", ".join(f"{i.quantity} x {i.sku or i.asin or '?'}" for i in order.items)
    parts = [order.amazon_order_id, _money(order.total, order.currency), order.status,
             order.fulfillment_channel, clock.iso(order.purchase_date) or ""]
    return " · ".join(p for p in parts if p) + (f" · {items}" if items else "")


def _buyer_text(order: Order | None, ticket: Ticket) -> str:
    name = ticket.buyer_name or (order.buyer_name if order is not None else None)
    alias = ticket.buyer_address or (order.buyer_email if order is not None else None)
    if name and alias:
        return f"{name} <{alias}>"
    return name or alias or "unknown buyer"


def _nature_text(ticket: Ticket, tags: list[TicketTag]) -> str:
    lines = [f"{ticket.category}: {ticket.subject}".strip()]
    for tag in tags:
        if tag.tag in T.FLAGS or tag.tag == ESCALATED:
            lines.append(f"{tag.tag}: {tag.reason or 'set by ' + tag.set_by}")
    return "\n".join(lines)


def _done_text(session: Session, ticket: Ticket) -> str:
    events: list[tuple[datetime, str]] = []
    for r in session.scalars(select(RefundEntry).where(RefundEntry.ticket_id == ticket.id)):
        events.append((r.logged_at, f"{r.kind} {r.amount} {r.currency} by {r.method} ({r.logged_by})"))
    for s in session.scalars(select(Reshipment).where(Reshipment.ticket_id == ticket.id)):
        events.append((s.logged_at, f"reshipped {_items_text(s.items)} by {s.carrier}"
                                    + (" (express)" if s.express else "") + f" ({s.logged_by})"))
    for a in session.scalars(select(RemedyAuthorization).where(RemedyAuthorization.ticket_id == ticket.id)):
        events.append((a.granted_at, f"authorized {a.kind}" + (f" up to {_money(a.limit_amount, a.currency)}"
                                                                  if a.limit_amount else "") + f" ({a.granted_by})"))
    for n in session.scalars(select(Note).where(Note.ticket_id == ticket.id)):
        first = n.text.strip().splitlines()[0] if n.text.strip() else ""
        events.append((n.at, f"note: {first[:120]} ({n.author})"))
    for m in session.scalars(select(Message).where(Message.ticket_id == ticket.id,
                                                   Message.direction == "outbound")):
        first_line = m.body.strip().splitlines()[0] if m.body.strip() else ""
        events.append((m.at, f"reply sent: {(m.subject or first_line)[:80]}"))
    for d in session.scalars(select(Draft).where(Draft.ticket_id == ticket.id,
                                                 Draft.status.in_(("submitted", "approved", "held")))):
        events.append((d.updated_at, f"draft {d.id} waiting ({d.status}, by {d.author})"))
    if not events:
        return "nothing yet"
    events.sort(key=lambda e: e[0])
    return "\n".join(f"{clock.iso(at)} {text}" for at, text in events)


def _items_text(items_json: str) -> str:
    try:
        items = json.loads(items_json)
        return ", ".join(f"{i['quantity']} x {i['sku']}" for i in items)
    except (ValueError, TypeError, KeyError):
        return items_json


def _emotion_text(session: Session, ticket: Ticket) -> str:
    bodies = [b for (b,) in session.execute(select(Message.body).where(
        Message.ticket_id == ticket.id, Message.direction == "inbound").order_by(Message.at, Message.id))]
    if not bodies:
        return "not assessed: no message from the buyer"
    signs: list[str] = []
    words = sorted({m.group(0).lower() for b in bodies for m in _UPSET.finditer(b)})
    if words:
        signs.append("strong words: " + ", ".join(words[:6]))
    if any("!!" in b for b in bodies):
        signs.append("repeated exclamation marks")
    if any(sum(1 for w in b.split() if len(w) > 3 and w.isupper()) >= 3 for b in bodies):
        signs.append("shouting (capitals)")
    count = f"{len(bodies)} message{'s' if len(bodies) != 1 else ''} from the buyer"
    if signs:
        return f"upset ({'; '.join(signs)}); {count}"
    return f"no sign of anger in the text (to be judged by a person); {count}"


def _deadline_text(session: Session, ticket: Ticket, now: datetime) -> tuple[str, datetime | None]:
    from warroom.services.deadlines import compute

    rows = [r for r in compute(session, now, ticket.id) if r["ticket_id"] == ticket.id]
    if rows:
        lines = []
        for row in rows[:4]:
            due: datetime = row["_due"]
            state = "missed" if row["missed"] else f"{_left(due - now)} left"
            lines.append(f"{row['kind']} due {clock.iso(due)} ({state})")
        return "\n".join(lines), rows[0]["_due"]
    if ticket.due_at is not None:
        return f"response due {clock.iso(ticket.due_at)}", ticket.due_at
    return "no running deadline", None


def _left(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours} h {rest // 60:02d} min"


def _brief(session: Session, ticket: Ticket, now: datetime) -> Brief:
    tags = list(session.scalars(select(TicketTag).where(TicketTag.ticket_id == ticket.id).order_by(TicketTag.tag)))
    esc = next((t for t in tags if t.tag == ESCALATED), None)
    order = session.get(Order, ticket.order_id) if ticket.order_id is not None else None
    stored = session.get(EscalationBrief, ticket.id)
    prefill = {"order": lambda: _order_text(order, ticket), "buyer": lambda: _buyer_text(order, ticket),
               "nature": lambda: _nature_text(ticket, tags), "done": lambda: _done_text(session, ticket),
               "emotional_state": lambda: _emotion_text(session, ticket),
               "deadline": lambda: _deadline_text(session, ticket, now)[0]}
    fields = []
    for name, column in FIELDS.items():
        written = getattr(stored, column) if stored is not None else None
        fields.append(BriefField(name, written, False) if written is not None
                      else BriefField(name, prefill[name](), True))
    return Brief(ticket_id=ticket.id, subject=ticket.subject, status=ticket.status,
                 amazon_order_id=ticket.amazon_order_id, escalated=esc is not None,
                 escalated_at=esc.set_at if esc else None, escalated_by=esc.set_by if esc else None,
                 escalation_reason=esc.reason if esc else None, fields=tuple(fields),
                 updated_by=stored.updated_by if stored else None, updated_at=stored.updated_at if stored else None)


def _escalated_ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    escalated = session.get(TicketTag, (ticket_id, ESCALATED)) is not None
    if not escalated and session.get(EscalationBrief, ticket_id) is None:
        raise BusinessRuleError(f"ticket {ticket_id} is not escalated: it has no brief")
    return ticket


def get_brief(db: Database, ticket_id: int, now: datetime | None = None) -> Brief:
    """The brief of an escalated ticket (refused, 3, for a ticket that never escalated)."""
    with UnitOfWork(db, write=False) as uow:
        ticket = _escalated_ticket(uow.session, ticket_id)
        return _brief(uow.session, ticket, now or clock.now())


def _clean(name: str, value: str | None) -> str | None:
    if name not in FIELDS:
        raise BadInput(f"unknown brief field {name!r}: use one of {', '.join(FIELDS)}", field="field")
    text = (value or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise BadInput(f"{name} contains a NUL character", field=name)
    if len(text) > FIELD_MAX:
        raise BadInput(f"{name} is longer than {FIELD_MAX} characters", field=name)
    return text or None


def edit_brief(db: Database, actor: Actor, ticket_id: int, changes: Mapping[str, str | None]) -> BriefEdit:
    """Write fields of the brief (an empty text returns a field to its prefill).  One entry
    ``escalation.brief-edit`` listing the fields that changed, with their new text (null: back to
    the prefill); nothing changed, nothing written."""
    if not changes:
        raise BadInput("no brief field given", field="field")
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = _escalated_ticket(uow.session, ticket_id)
        stored = uow.session.get(EscalationBrief, ticket_id)
        now = clock.now()
        changed = {n: v for n, v in cleaned.items()
                   if (getattr(stored, FIELDS[n]) if stored is not None else None) != v}
        if not changed:
            return BriefEdit(ticket_id, (), _brief(uow.session, ticket, now))
        if stored is None:
            stored = EscalationBrief(ticket_id=ticket_id, updated_by=actor.name, updated_at=now)
            uow.session.add(stored)
        for name, value in changed.items():
            setattr(stored, FIELDS[name], value)
        stored.updated_by, stored.updated_at = actor.name, now
        uow.audit(actor.name, BRIEF_EDIT_ACTION, f"ticket:{ticket_id}", {"set": changed})
        brief = _brief(uow.session, ticket, now)
        uow.commit()
        return BriefEdit(ticket_id, tuple(n for n in FIELDS if n in changed), brief)


def open_escalations(db: Database, *, include_closed: bool = False) -> list[EscalationRow]:
    """Escalated tickets, oldest escalation first (closed ones too with ``include_closed``:
    those are the ones that need a post-mortem)."""
    query = (select(Ticket, TicketTag.set_at, TicketTag.reason)
             .join(TicketTag, (TicketTag.ticket_id == Ticket.id) & (TicketTag.tag == ESCALATED))
             .order_by(TicketTag.set_at, Ticket.id))
    if not include_closed:
        query = query.where(Ticket.status != "closed")
    with UnitOfWork(db, write=False) as uow:
        rows = list(uow.session.execute(query))
        ids = [t.id for t, _, _ in rows]
        edited = set(uow.session.scalars(select(EscalationBrief.ticket_id).where(EscalationBrief.ticket_id.in_(ids))))
        pms = {int(t): int(p) for t, p in uow.session.execute(
            select(PostMortem.ticket_id, PostMortem.id).where(PostMortem.ticket_id.in_(ids)))}
        return [EscalationRow(ticket_id=t.id, subject=t.subject, status=t.status, amazon_order_id=t.amazon_order_id,
                              escalated_at=at, reason=reason, due_at=t.due_at, brief_edited=t.id in edited,
                              postmortem_id=pms.get(t.id)) for t, at, reason in rows]


def briefs_for_report(session: Session, ticket_ids: list[int], now: datetime) -> list[Brief]:
    """The briefs of these tickets (inside the caller's unit of work), for the appeal report."""
    out = []
    for tid in ticket_ids:
        ticket = session.get(Ticket, tid)
        if ticket is not None:
            out.append(_brief(session, ticket, now))
    return out
