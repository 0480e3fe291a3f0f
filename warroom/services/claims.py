"""Claims against orders (A-to-z, chargebacks): open, Amazon's information request, evidence,
submission, outcome.  One user action = one unit of work with its one audit entry.

A claim opens from a ticket (linked to it and its order), from an Amazon notice (the notice is
linked to it; see :mod:`warroom.services.notices`, which also opens claims while importing),
or from an order id alone.  Its window (:func:`warroom.domain.claims.deadline`) is computed
from the settings ``atoz_window_hours``, ``appeal_info_window_hours``, ``claims.appeal_days``
and ``claims.chargeback_days``; the deadline sweep (:mod:`warroom.services.deadlines`) reads
:func:`deadline_rows` to record a missed claim window and to escalate the linked ticket of a
claim within 24 hours of its window.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.services.inputs import typed_text
from warroom import clock
from warroom.domain import claims as C
from warroom.domain.messages import ORDER_ID_RE
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Order, Ticket
from warroom.storage.models_claims import Claim, ClaimEvidence, Notice
from warroom.storage.uow import UnitOfWork
from warroom.services.inputs import past_time
from warroom.services.settings import read_setting
from warroom.services.users import current_actor

TEXT_MAX = 10_000
REFERENCE_MAX = 1_000


# ------------------------------------------------------------------------------------ results

@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: int
    claim_id: int
    kind: str
    reference: str
    note: str | None
    added_by: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: int
    type: str
    amazon_order_id: str
    ticket_id: int | None
    status: str
    reason: str | None
    opened_at: datetime
    opened_by: str
    info_requested_at: datetime | None
    submitted_at: datetime | None
    submitted_by: str | None
    submission: str | None
    outcome_at: datetime | None
    appealed_at: datetime | None
    amount: str | None
    currency: str | None
    window: str | None              # the running window (WINDOW_* of warroom.domain.claims) or None
    due_at: datetime | None
    seconds_left: int | None        # negative past due
    evidence: tuple[EvidenceView, ...] = ()
    notice_ids: tuple[int, ...] = ()

    @property
    def is_open(self) -> bool:
        """Not decided for good: not denied or withdrawn, and a granted claim only while it may
        still be appealed."""
        if self.status in C.FINAL:
            return False
        if self.status == C.GRANTED:
            return self.window is not None and (self.seconds_left or 0) > 0
        return True

    def to_dict(self) -> dict[str, Any]:
        """JSON form: times ISO 8601 UTC with Z."""
        out = asdict(self)
        for key, value in list(out.items()):
            if isinstance(value, datetime):
                out[key] = clock.iso(value)
        out["evidence"] = [{**e, "added_at": clock.iso(e["added_at"])} for e in out["evidence"]]
        out["notice_ids"] = list(self.notice_ids)
        out["time_left"] = C.format_left(None if self.seconds_left is None else timedelta(seconds=self.seconds_left))
        return out


# ------------------------------------------------------------------------------------ helpers

def windows(session: Session) -> C.Windows:
    return C.Windows(atoz_info_hours=int(read_setting(session, "atoz_window_hours")),
                     appeal_days=int(read_setting(session, "claims.appeal_days")),
                     appeal_info_hours=int(read_setting(session, "appeal_info_window_hours")),
                     chargeback_days=int(read_setting(session, "claims.chargeback_days")))


def state_of(c: Claim) -> C.ClaimState:
    return C.ClaimState(type=c.type, status=c.status, opened_at=c.opened_at, info_requested_at=c.info_requested_at,
                        submitted_at=c.submitted_at, outcome_at=c.outcome_at, appealed_at=c.appealed_at)


def _attached(session: Session, ids: list[int]) -> tuple[dict[int, list[EvidenceView]], dict[int, list[int]]]:
    """The evidence and notice ids of these claims, by claim id (in chunks of ids)."""
    evidence: dict[int, list[EvidenceView]] = {}
    notices: dict[int, list[int]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for e in session.scalars(select(ClaimEvidence).where(ClaimEvidence.claim_id.in_(part)).order_by(ClaimEvidence.id)):
            evidence.setdefault(e.claim_id, []).append(
                EvidenceView(e.id, e.claim_id, e.kind, e.reference, e.note, e.added_by, e.added_at))
        for nid, cid in session.execute(select(Notice.id, Notice.claim_id).where(Notice.claim_id.in_(part))
                                        .order_by(Notice.id)):
            if cid is not None:
                notices.setdefault(cid, []).append(nid)
    return evidence, notices


def _view(session: Session, c: Claim, w: C.Windows, now: datetime,
          attached: tuple[dict[int, list[EvidenceView]], dict[int, list[int]]] | None = None) -> ClaimView:
    due = C.deadline(state_of(c), w)
    found = attached if attached is not None else _attached(session, [c.id])
    evidence = tuple(found[0].get(c.id, ()))
    notices = tuple(found[1].get(c.id, ()))
    return ClaimView(c.id, c.type, c.amazon_order_id, c.ticket_id, c.status, c.reason, c.opened_at, c.opened_by,
                     c.info_requested_at, c.submitted_at, c.submitted_by, c.submission, c.outcome_at, c.appealed_at,
                     c.amount, c.currency, due.window if due else None, due.due_at if due else None,
                     int((due.due_at - now).total_seconds()) if due else None, evidence, notices)


def _text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    return typed_text(value, field, limit, required=required)


def _money(amount: str | None, currency: str | None, default_currency: str | None) -> tuple[str | None, str | None]:
    if amount is None or not str(amount).strip():
        return None, None
    try:
        value = Decimal(str(amount).strip().replace(",", "."))
    except InvalidOperation:
        raise BadInput(f"not an amount: {str(amount)[:40]!r} (write it like 25.98)", field="amount") from None
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise BadInput(f"not a money amount: {str(amount)[:40]!r}", field="amount")
    code = (currency or "").strip().upper() or default_currency
    if code is None or not (len(code) == 3 and code.isascii() and code.isalpha()):
        raise BadInput("a currency code is required with the amount (three letters, like EUR)", field="currency")
    return str(value), code


def claim_type(value: str) -> str:
    text = (value or "").strip().upper().replace("-", "_").replace(" ", "_")
    text = {"ATOZ": C.A_TO_Z, "A_Z": C.A_TO_Z}.get(text, text)
    if text not in C.TYPES:
        raise BadInput(f"unknown claim type {value!r}: use A_TO_Z or CHARGEBACK", field="type")
    return text


def _get(session: Session, claim_id: int) -> Claim:
    c = session.get(Claim, claim_id)
    if c is None:
        raise NotFound(f"no claim {claim_id}")
    return c


def _open_ticket_of_order(session: Session, amazon_order_id: str) -> int | None:
    return session.scalar(select(Ticket.id).where(Ticket.amazon_order_id == amazon_order_id, Ticket.status != "closed")
                          .order_by(Ticket.id).limit(1))


def claim_payload(c: Claim) -> dict[str, Any]:
    """A claim's columns as its audit entries record them (the deep check replays these)."""
    return {"claim_id": c.id, "type": c.type, "amazon_order_id": c.amazon_order_id, "ticket_id": c.ticket_id,
            "status": c.status, "reason": c.reason, "opened_at": clock.iso(c.opened_at),
            "info_requested_at": clock.iso(c.info_requested_at), "amount": c.amount, "currency": c.currency}


def running_claim(session: Session, amazon_order_id: str, kind: str) -> Claim | None:
    """The order's claim of this type that is not final (the one a new notice concerns)."""
    return session.scalar(select(Claim).where(Claim.amazon_order_id == amazon_order_id, Claim.type == kind,
                                              Claim.status.not_in(tuple(C.FINAL))).order_by(Claim.id.desc()).limit(1))


def create_claim(session: Session, actor_name: str, *, kind: str, amazon_order_id: str, ticket_id: int | None,
                 opened_at: datetime, info_requested_at: datetime | None = None, reason: str | None = None,
                 amount: str | None = None, currency: str | None = None) -> Claim:
    """Insert a claim inside the caller's unit of work (which writes the audit entry)."""
    order = session.scalar(select(Order).where(Order.amazon_order_id == amazon_order_id))
    if ticket_id is None:
        ticket_id = _open_ticket_of_order(session, amazon_order_id)
    now = clock.now()
    c = Claim(type=kind, amazon_order_id=amazon_order_id, order_id=order.id if order is not None else None,
              ticket_id=ticket_id, status=C.OPEN, reason=reason, opened_at=opened_at, opened_by=actor_name,
              info_requested_at=info_requested_at, amount=amount,
              currency=currency or (order.currency if order is not None and amount else None), updated_at=now)
    session.add(c)
    session.flush()
    return c


# ------------------------------------------------------------------------------------ actions

def open_claim(db: Database, actor: Actor, *, type: str, ticket_id: int | None = None,
               amazon_order_id: str | None = None, notice_id: int | None = None,
               opened_at: str | datetime | None = None, info_requested_at: str | datetime | None = None,
               reason: str | None = None, amount: str | None = None, currency: str | None = None) -> ClaimView:
    """Open a claim from a ticket, a notice or an order id (one of them at least).  Refused: a
    second claim of the same type on an order whose claim is not final."""
    kind = claim_type(type)
    opened = past_time(opened_at, field="opened_at")
    requested = past_time(info_requested_at, field="info_requested_at") if info_requested_at else None
    why = _text(reason, "reason", TEXT_MAX)
    with UnitOfWork(db) as uow:
        s = uow.session
        current_actor(uow, actor, Permission.WORK_TICKETS)
        notice = None
        if notice_id is not None:
            notice = s.get(Notice, notice_id)
            if notice is None:
                raise NotFound(f"no notice {notice_id}")
            if notice.claim_id is not None:
                raise BusinessRuleError(f"notice {notice_id} is linked to claim {notice.claim_id} already")
        ticket = None
        if ticket_id is not None:
            ticket = s.get(Ticket, ticket_id)
            if ticket is None:
                raise NotFound(f"no ticket {ticket_id}")
        order_id = (amazon_order_id or "").strip() or (ticket.amazon_order_id if ticket else None) \
            or (notice.amazon_order_id if notice else None)
        if not order_id:
            raise BadInput("the order is required: the ticket or notice names none", field="order")
        if not ORDER_ID_RE.fullmatch(order_id):
            raise BadInput(f"not an Amazon order id: {order_id[:40]!r} (like 123-1234567-1234567)", field="order")
        if ticket is not None and ticket.amazon_order_id and ticket.amazon_order_id != order_id:
            raise BusinessRuleError(f"ticket {ticket.id} is about order {ticket.amazon_order_id}, not {order_id}")
        existing = running_claim(s, order_id, kind)
        if existing is not None:
            raise BusinessRuleError(f"order {order_id} has a {kind} claim already (claim {existing.id}, "
                                    f"{existing.status.lower()})")
        if notice is not None and requested is None:
            requested = notice.received_at
        order = s.scalar(select(Order).where(Order.amazon_order_id == order_id))
        money, code = _money(amount, currency, order.currency if order is not None else None)
        c = create_claim(s, actor.name, kind=kind, amazon_order_id=order_id,
                         ticket_id=ticket.id if ticket else (notice.ticket_id if notice else None),
                         opened_at=opened, info_requested_at=requested, reason=why, amount=money, currency=code)
        payload = claim_payload(c)
        if notice is not None:
            notice.claim_id = c.id
            payload["notice_id"] = notice.id
        uow.audit(actor.name, "claim.open", f"claim:{c.id}", payload)
        view = _view(s, c, windows(s), clock.now())
        uow.commit()
        return view


def request_info(db: Database, actor: Actor, claim_id: int, *, at: str | datetime | None = None) -> ClaimView:
    """Amazon asked for information (on the claim, or during its appeal): the window restarts."""
    when = past_time(at, field="at")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        c = _get(uow.session, claim_id)
        if c.status in C.FINAL or c.status == C.GRANTED:
            raise BusinessRuleError(f"claim {claim_id} is {c.status.lower()}: Amazon asks nothing more on it")
        c.info_requested_at = when
        c.updated_at = clock.now()
        uow.audit(actor.name, "claim.info-request", f"claim:{c.id}", {"info_requested_at": clock.iso(when)})
        view = _view(uow.session, c, windows(uow.session), clock.now())
        uow.commit()
        return view


def add_evidence(db: Database, actor: Actor, claim_id: int, *, kind: str, reference: str,
                 note: str | None = None) -> EvidenceView:
    """Attach evidence (a reference to a file or a record, with a note) to a claim."""
    k = (kind or "").strip().upper().replace("-", "_").replace(" ", "_")
    if k not in C.EVIDENCE_KINDS:
        raise BadInput(f"unknown evidence kind {kind!r}: use one of {', '.join(C.EVIDENCE_KINDS)}", field="kind")
    ref = _text(reference, "reference", REFERENCE_MAX, required=True)
    text = _text(note, "note", TEXT_MAX)
    assert ref is not None
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        c = _get(uow.session, claim_id)
        if c.status in C.FINAL:
            raise BusinessRuleError(f"claim {claim_id} is {c.status.lower()}: that is final")
        now = clock.now()
        e = ClaimEvidence(claim_id=c.id, kind=k, reference=ref, note=text, added_by=actor.name, added_at=now)
        uow.session.add(e)
        uow.session.flush()
        uow.audit(actor.name, "claim.evidence", f"claim:{c.id}",
                  {"evidence_id": e.id, "kind": k, "reference": ref, "note": text})
        uow.commit()
        return EvidenceView(e.id, c.id, k, ref, text, actor.name, now)


def submit(db: Database, actor: Actor, claim_id: int, *, text: str, at: str | datetime | None = None) -> ClaimView:
    """Record what was submitted to Amazon and when (answers the running information request)."""
    body = _text(text, "text", TEXT_MAX, required=True)
    when = past_time(at, field="at")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        c = _get(uow.session, claim_id)
        appealed = c.appealed_at is not None
        why = C.can_move(c.status, C.SUBMITTED, claim_type=c.type, appealed=appealed)
        if why is not None:
            raise BusinessRuleError(f"claim {claim_id}: {why}")
        c.status = C.APPEALED if c.status == C.APPEALED else C.SUBMITTED
        c.submitted_at, c.submitted_by, c.submission = when, actor.name, body
        c.updated_at = clock.now()
        uow.audit(actor.name, "claim.submit", f"claim:{c.id}",
                  {"status": c.status, "submitted_at": clock.iso(when), "text": body})
        view = _view(uow.session, c, windows(uow.session), clock.now())
        uow.commit()
        return view


def record_outcome(db: Database, actor: Actor, claim_id: int, *, outcome: str, amount: str | None = None,
                   currency: str | None = None, at: str | datetime | None = None) -> ClaimView:
    """Amazon's decision (GRANTED, DENIED, WITHDRAWN) or the seller's appeal (APPEALED)."""
    to = (outcome or "").strip().upper()
    if to not in C.OUTCOMES:
        raise BadInput(f"unknown outcome {outcome!r}: use one of {', '.join(C.OUTCOMES)}", field="outcome")
    when = past_time(at, field="at")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        c = _get(uow.session, claim_id)
        why = C.can_move(c.status, to, claim_type=c.type, appealed=c.appealed_at is not None)
        if why is not None:
            raise BusinessRuleError(f"claim {claim_id}: {why}")
        if to == C.APPEALED and c.outcome_at is not None:
            limit = C.deadline(state_of(c), windows(uow.session))
            if limit is not None and when > limit.due_at:
                raise BusinessRuleError(f"claim {claim_id}: the appeal window closed at {clock.iso(limit.due_at)}")
        order = uow.session.get(Order, c.order_id) if c.order_id is not None else None
        money, code = _money(amount, currency, c.currency or (order.currency if order is not None else None))
        before = c.status
        c.status = to
        if to == C.APPEALED:
            c.appealed_at = when
        else:
            c.outcome_at = when
        if money is not None:
            c.amount, c.currency = money, code
        c.updated_at = clock.now()
        uow.audit(actor.name, "claim.outcome", f"claim:{c.id}",
                  {"from": before, "outcome": to, "at": clock.iso(when), "amount": c.amount, "currency": c.currency})
        view = _view(uow.session, c, windows(uow.session), clock.now())
        uow.commit()
        return view


# ------------------------------------------------------------------------------------ reading

def _sort_key(v: ClaimView) -> tuple[int, float, int]:
    return (0 if v.due_at is not None else 1, v.due_at.timestamp() if v.due_at else 0.0, v.id)


def list_claims(db: Database, *, open_only: bool = False, ticket_id: int | None = None) -> list[ClaimView]:
    """Claims, the most urgent first (soonest window; those without one after, by id)."""
    query = select(Claim).order_by(Claim.id)
    if ticket_id is not None:
        query = query.where(Claim.ticket_id == ticket_id)
    with UnitOfWork(db, write=False) as uow:
        w, now = windows(uow.session), clock.now()
        rows = list(uow.session.scalars(query))
        attached = _attached(uow.session, [c.id for c in rows])
        views = [_view(uow.session, c, w, now, attached) for c in rows]
    if open_only:
        views = [v for v in views if v.is_open]
    return sorted(views, key=_sort_key)


def get_claim(db: Database, claim_id: int) -> ClaimView:
    with UnitOfWork(db, write=False) as uow:
        return _view(uow.session, _get(uow.session, claim_id), windows(uow.session), clock.now())


def claims_of_ticket(db: Database, ticket_id: int) -> list[ClaimView]:
    return list_claims(db, ticket_id=ticket_id)


# ------------------------------------------------------------------------------------ the sweep's hook

def deadline_rows(session: Session, ticket_ids: Collection[int] | None = None,
                  now: datetime | None = None) -> Iterable[tuple[int, int, str, datetime]]:
    """(claim id, ticket id, window, due) of every claim linked to a ticket that is not closed
    and has a running window (the deadline sweep's claim clocks).  The window to appeal a
    granted claim counts only until it closes: not appealing is a decision, not a miss."""
    w = windows(session)
    query = (select(Claim).join(Ticket, Ticket.id == Claim.ticket_id)
             .where(Ticket.status != "closed", Claim.status.not_in(tuple(C.FINAL))))
    if ticket_ids is not None:
        query = query.where(Claim.ticket_id.in_(list(ticket_ids)))
    for c in session.scalars(query):
        due = C.deadline(state_of(c), w)
        if due is None or c.ticket_id is None:
            continue
        if due.window == C.WINDOW_APPEAL_FILING and now is not None and due.due_at <= now:
            continue
        yield c.id, c.ticket_id, due.window, due.due_at


def tickets_with_atoz_claims(session: Session, ticket_ids: Collection[int]) -> set[int]:
    """Tickets whose A-to-z claim is on record (their clock is the claim's, not the tag's)."""
    if not ticket_ids:
        return set()
    return set(session.scalars(select(Claim.ticket_id).where(Claim.type == C.A_TO_Z,
                                                             Claim.ticket_id.in_(list(ticket_ids)))))
