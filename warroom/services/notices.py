"""The register of Amazon's notices: mail from Amazon itself, not buyer tickets.

The message import (:mod:`warroom.services.imports`) routes mail that
:func:`warroom.domain.notices.classify` calls a notice here (:func:`split_notices`,
:func:`store_notices`, inside the import's unit of work and audit entry).  Each notice keeps
what it needs and by when (``due_at``: the setting of its kind, from when it was received).
An A-to-z or chargeback notice opens the claim of its order, or links to the one running.
Answering and linking a notice are user actions, one audit entry each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain import notices as N
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.records import MessageRecord
from warroom.storage.engine import Database
from warroom.storage.models import Message, Ticket
from warroom.storage.models_claims import Claim, Notice
from warroom.storage.uow import UnitOfWork
from warroom.services.claims import TEXT_MAX, claim_payload, create_claim, running_claim
from warroom.services.ingest import dedupe_key
from warroom.services.settings import read_setting
from warroom.services.users import current_actor


@dataclass(frozen=True, slots=True)
class NoticeView:
    id: int
    kind: str
    amazon_order_id: str | None
    received_at: datetime
    from_addr: str
    subject: str
    body: str
    response_needed: str
    due_at: datetime | None
    status: str
    answered_at: datetime | None
    answered_by: str | None
    answer: str | None
    claim_id: int | None
    ticket_id: int | None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in list(out.items()):
            if isinstance(value, datetime):
                out[key] = clock.iso(value)
        return out


def _view(n: Notice) -> NoticeView:
    return NoticeView(n.id, n.kind, n.amazon_order_id, n.received_at, n.from_addr, n.subject, n.body,
                      n.response_needed, n.due_at, n.status, n.answered_at, n.answered_by, n.answer,
                      n.claim_id, n.ticket_id)


def notice_payload(n: Notice) -> dict[str, Any]:
    """A notice's columns as the import's audit entry records them (the deep check replays them)."""
    return {"notice_id": n.id, "kind": n.kind, "amazon_order_id": n.amazon_order_id,
            "received_at": clock.iso(n.received_at), "from": n.from_addr, "subject": n.subject,
            "due_at": clock.iso(n.due_at), "claim_id": n.claim_id, "ticket_id": n.ticket_id, "dedupe_key": n.dedupe_key}


# ------------------------------------------------------------------------------------ importing

def split_notices(records: Sequence[MessageRecord]) -> tuple[list[MessageRecord], list[tuple[MessageRecord, N.NoticeKind]]]:
    """(buyer messages, notices with their kind), in the order given."""
    buyers: list[MessageRecord] = []
    notices: list[tuple[MessageRecord, N.NoticeKind]] = []
    for r in records:
        kind = N.classify(r.from_addr, r.subject, r.body)
        if kind is None:
            buyers.append(r)
        else:
            notices.append((r, kind))
    return buyers, notices


def _window(session: Session, setting: str | None) -> timedelta | None:
    if setting is None:
        return None
    value = int(read_setting(session, setting))
    return timedelta(days=value) if setting.endswith("_days") else timedelta(hours=value)


def store_notices(uow: UnitOfWork, notices: Sequence[tuple[MessageRecord, N.NoticeKind]], *,
                  actor: str) -> dict[str, Any]:
    """Insert the notices not stored yet (same dedup key as messages); an A-to-z or chargeback
    notice opens its order's claim or links to the running one.  Returns ``notices`` (payloads),
    ``claims_opened`` (claim payloads), ``duplicates``."""
    s = uow.session
    stored: list[dict[str, Any]] = []
    opened: list[dict[str, Any]] = []
    duplicates = 0
    seen: set[str] = set()
    for r, kind in notices:
        key = dedupe_key(r)
        # already here: as a notice, or as a message (imported before notices had a register)
        if key in seen or s.scalar(select(Notice.id).where(Notice.dedupe_key == key)) is not None \
                or s.scalar(select(Message.id).where(Message.dedupe_key == key)) is not None:
            duplicates += 1
            continue
        seen.add(key)
        order_id = r.amazon_order_id
        if order_id is None and kind.kind == N.CUSTOMER_SERVICE:
            from warroom.domain.messages import find_order_id

            order_id = find_order_id("", N.relay_fields(r.body).get("order", ""))
        window = _window(s, kind.window)
        ticket_id = None
        if order_id:
            ticket_id = s.scalar(select(Ticket.id).where(Ticket.amazon_order_id == order_id, Ticket.status != "closed")
                                 .order_by(Ticket.id).limit(1))
        n = Notice(kind=kind.kind, amazon_order_id=order_id, received_at=r.received_at, from_addr=r.from_addr,
                   subject=r.subject, body=r.body, response_needed=kind.response_needed,
                   due_at=r.received_at + window if window is not None else None, status=N.STATUS_OPEN,
                   ticket_id=ticket_id, dedupe_key=key, source_ref=r.source_ref, created_at=clock.now())
        claim_kind = N.CLAIM_KINDS.get(kind.kind)
        if claim_kind is not None and order_id:
            claim = running_claim(s, order_id, claim_kind)
            if claim is None:
                claim = create_claim(s, actor, kind=claim_kind, amazon_order_id=order_id, ticket_id=ticket_id,
                                     opened_at=r.received_at, info_requested_at=r.received_at,
                                     reason=N.relay_fields(r.body).get("reason") or r.subject[:500] or None)
                opened.append(claim_payload(claim))
            n.claim_id = claim.id
            n.ticket_id = n.ticket_id or claim.ticket_id
        s.add(n)
        s.flush()
        stored.append(notice_payload(n))
    return {"notices": stored, "claims_opened": opened, "duplicates": duplicates}


# ------------------------------------------------------------------------------------ actions

def _get(session: Session, notice_id: int) -> Notice:
    n = session.get(Notice, notice_id)
    if n is None:
        raise NotFound(f"no notice {notice_id}")
    return n


def answer_notice(db: Database, actor: Actor, notice_id: int, *, text: str) -> NoticeView:
    """Record the answer given to Amazon (or what was done): the notice is answered."""
    body = (text or "").replace("\r\n", "\n").strip()
    if not body:
        raise BadInput("the answer is required", field="text")
    if len(body) > TEXT_MAX or "\x00" in body:
        raise BadInput(f"the answer must be text of at most {TEXT_MAX} characters", field="text")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        n = _get(uow.session, notice_id)
        if n.status == N.STATUS_ANSWERED:
            raise BusinessRuleError(f"notice {notice_id} was answered already ({clock.iso(n.answered_at)})")
        now = clock.now()
        n.status, n.answered_at, n.answered_by, n.answer = N.STATUS_ANSWERED, now, actor.name, body
        uow.audit(actor.name, "notice.answer", f"notice:{n.id}", {"text": body, "answered_at": clock.iso(now)})
        uow.commit()
        return _view(n)


def link_notice(db: Database, actor: Actor, notice_id: int, *, claim_id: int | None = None,
                ticket_id: int | None = None) -> NoticeView:
    """Link a notice to the claim and/or ticket it concerns."""
    if claim_id is None and ticket_id is None:
        raise BadInput("name a claim or a ticket to link the notice to", field="claim")
    with UnitOfWork(db) as uow:
        s = uow.session
        current_actor(uow, actor, Permission.WORK_TICKETS)
        n = _get(s, notice_id)
        if claim_id is not None:
            claim = s.get(Claim, claim_id)
            if claim is None:
                raise NotFound(f"no claim {claim_id}")
            if n.amazon_order_id and claim.amazon_order_id != n.amazon_order_id:
                raise BusinessRuleError(f"notice {notice_id} is about order {n.amazon_order_id}; claim {claim_id} "
                                        f"is about {claim.amazon_order_id}")
        if ticket_id is not None and s.get(Ticket, ticket_id) is None:
            raise NotFound(f"no ticket {ticket_id}")
        before = {"claim_id": n.claim_id, "ticket_id": n.ticket_id}
        if claim_id is not None:
            n.claim_id = claim_id
        if ticket_id is not None:
            n.ticket_id = ticket_id
        after = {"claim_id": n.claim_id, "ticket_id": n.ticket_id}
        if after == before:
            raise BusinessRuleError(f"notice {notice_id} is linked so already")
        uow.audit(actor.name, "notice.link", f"notice:{n.id}", {"from": before, "to": after})
        uow.commit()
        return _view(n)


# ------------------------------------------------------------------------------------ reading

def list_notices(db: Database, *, open_only: bool = False, claim_id: int | None = None,
                 ticket_id: int | None = None) -> list[NoticeView]:
    """Notices: open ones by due time first (those without one after), then by arrival, newest first."""
    query = select(Notice)
    if open_only:
        query = query.where(Notice.status == N.STATUS_OPEN)
    if claim_id is not None:
        query = query.where(Notice.claim_id == claim_id)
    if ticket_id is not None:
        query = query.where(Notice.ticket_id == ticket_id)
    with UnitOfWork(db, write=False) as uow:
        views = [_view(n) for n in uow.session.scalars(query)]
    return sorted(views, key=lambda v: (v.status != N.STATUS_OPEN, v.due_at is None,
                                        v.due_at.timestamp() if v.due_at else 0.0, -v.received_at.timestamp()))


def get_notice(db: Database, notice_id: int) -> NoticeView:
    with UnitOfWork(db, write=False) as uow:
        return _view(_get(uow.session, notice_id))
