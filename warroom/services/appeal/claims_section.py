"""The appeal report's sections on claims (A-to-z, chargebacks) and Amazon's notices.

* ``claims``: every claim opened before the period's end and not decided before its start,
  with its window, what was submitted and when, the outcome and the evidence attached.
* ``notices``: every notice from Amazon received in the period, what it needed and by when,
  whether and when it was answered.

Each row cites the audit entries that record it (``claim.*``, ``notice.*``, and the import or
demo entry that brought a notice).  Registered with one call in :func:`.gather.gather`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from warroom import clock
from warroom.domain import claims as C
from warroom.services.appeal.model import Row
from warroom.storage.models_claims import Claim, ClaimEvidence, Notice

if TYPE_CHECKING:
    from warroom.services.appeal.gather import Gatherer
    from warroom.services.appeal.log import EntryRef, LogIndex


@dataclass(frozen=True, slots=True)
class ClaimRow(Row):
    """A claim against an order (A-to-z or chargeback) in the period."""

    claim_id: int
    type: str                       # A_TO_Z | CHARGEBACK
    amazon_order_id: str
    ticket_id: int | None
    status: str
    opened_at: str
    info_requested_at: str | None
    window: str | None              # the window running at the report's time
    due_at: str | None
    submitted_at: str | None
    submitted_by: str | None
    submission: str | None
    outcome_at: str | None
    appealed_at: str | None
    amount: str | None
    currency: str | None
    evidence: tuple[str, ...]       # "KIND reference"
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NoticeRow(Row):
    """A notice from Amazon received in the period, and what became of it."""

    notice_id: int
    kind: str
    amazon_order_id: str | None
    received_at: str
    sender: str
    subject: str
    response_needed: str
    due_at: str | None
    status: str
    answered_at: str | None
    answered_by: str | None
    claim_id: int | None
    ticket_id: int | None
    entries: tuple[int, ...]


CLAIM_ACTIONS = frozenset({"claim.open", "claim.info-request", "claim.evidence", "claim.submit", "claim.outcome"})
NOTICE_ACTIONS = frozenset({"notice.answer", "notice.link"})


def index_entry(index: "LogIndex", ref: "EntryRef") -> None:
    """Remember the entries about claims and notices (called by the log index for each)."""
    body = ref.payload if isinstance(ref.payload, dict) else {}
    kind, _, ident = ref.entity.partition(":")
    if ref.action in CLAIM_ACTIONS and kind == "claim" and ident.isdigit():
        index.claims.setdefault(int(ident), []).append(ref.seq)
        if ref.action == "claim.open" and isinstance(body.get("notice_id"), int):
            index.notices.setdefault(body["notice_id"], []).append(ref.seq)
    elif ref.action in NOTICE_ACTIONS and kind == "notice" and ident.isdigit():
        index.notices.setdefault(int(ident), []).append(ref.seq)
    elif ref.action in ("demo.load", "import.messages"):
        for item in body.get("notices") or ():
            if isinstance(item, dict) and isinstance(item.get("notice_id"), int):
                index.notices.setdefault(item["notice_id"], []).append(ref.seq)
        for item in body.get("claims_opened") or ():
            if isinstance(item, dict) and isinstance(item.get("claim_id"), int):
                index.claims.setdefault(item["claim_id"], []).append(ref.seq)


def _iso(value: Any) -> str | None:
    return clock.iso(value) if value is not None else None


def _claims(g: "Gatherer") -> tuple[ClaimRow, ...]:
    from warroom.services.claims import state_of, windows

    rows = list(g.s.scalars(select(Claim).where(
        Claim.opened_at < g.end, or_(Claim.outcome_at.is_(None), Claim.outcome_at >= g.start))
        .order_by(Claim.opened_at, Claim.id)))
    w = windows(g.s)
    g.buyers(c.ticket_id for c in rows if c.ticket_id is not None)
    names_of = {c.id: g.buyer(c.ticket_id).names() if c.ticket_id is not None else () for c in rows}
    evidence: dict[int, list[str]] = {}
    for e in g.s.scalars(select(ClaimEvidence).where(ClaimEvidence.claim_id.in_(list(names_of)))
                         .order_by(ClaimEvidence.id)):
        evidence.setdefault(e.claim_id, []).append(f"{e.kind} {g.p.scrub(e.reference, names_of[e.claim_id])}")
    out = []
    for c in rows:
        names = names_of[c.id]
        due = C.deadline(state_of(c), w)
        out.append(ClaimRow(c.id, c.type, c.amazon_order_id, c.ticket_id, c.status, _iso(c.opened_at) or "",
                            _iso(c.info_requested_at), due.window if due else None, _iso(due.due_at) if due else None,
                            _iso(c.submitted_at), c.submitted_by, g.p.scrub(c.submission, names), _iso(c.outcome_at),
                            _iso(c.appealed_at), c.amount, c.currency, tuple(evidence.get(c.id, ())),
                            tuple(sorted(set(g.index.claims.get(c.id, ()))))))
    return tuple(out)


def _notices(g: "Gatherer") -> tuple[NoticeRow, ...]:
    rows = list(g.s.scalars(select(Notice).where(Notice.received_at >= g.start, Notice.received_at < g.end)
                            .order_by(Notice.received_at, Notice.id)))
    g.buyers(n.ticket_id for n in rows if n.ticket_id is not None)
    out = []
    for n in rows:
        names = g.buyer(n.ticket_id).names() if n.ticket_id is not None else ()
        out.append(NoticeRow(n.id, n.kind, n.amazon_order_id, _iso(n.received_at) or "", n.from_addr,
                             g.p.scrub(n.subject, names) or "", n.response_needed, _iso(n.due_at), n.status,
                             _iso(n.answered_at), n.answered_by, n.claim_id, n.ticket_id,
                             tuple(sorted(set(g.index.notices.get(n.id, ()))))))
    return tuple(out)


def gather_sections(g: "Gatherer") -> dict[str, tuple[Row, ...]]:
    """The two sections, by their name in :class:`.model.Sections`."""
    g.tick("gathering claims and Amazon's notices")
    return {"claims": _claims(g), "notices": _notices(g)}
