"""The appeal report as typed data: frozen dataclasses, built once by :mod:`.gather`, rendered
by :mod:`.render` (HTML, CSV, JSON) and :mod:`.plan` (the plan of action).

Every row names the audit entries it rests on (``entries``: sequence numbers, ascending).
Times are ISO 8601 UTC strings (``2026-11-20T09:00:00Z``) or None; money is a decimal string
beside its currency.  When the package is pseudonymized, the gathering already put the
pseudonyms in: nothing here holds a buyer's name or address then.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

FORMAT = "warroom-appeal-report/1"


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


class Row:
    """Shared by the report's rows: ``entries`` and a plain-data form."""

    __slots__ = ()
    entries: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


# ---------------------------------------------------------------- the sections' rows

@dataclass(frozen=True, slots=True)
class TimelineRow(Row):
    """One event of a suspension: Amazon's notice received, declared, lifted, or another
    recorded step (a re-classification after the notice time was recorded)."""

    suspension_id: int
    event: str                      # notice-received | declared | lifted | recorded
    at: str | None
    by: str | None
    detail: str
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BuyerMessageRow(Row):
    """A buyer message received in the range, its 24-hour deadline and how it ended."""

    message_id: int
    ticket_id: int
    channel: str
    amazon_order_id: str | None
    buyer_name: str | None
    buyer_address: str | None
    language: str | None
    subject: str
    excerpt: str | None             # the start of the text (None when pseudonymized)
    received_at: str
    due_at: str | None              # None: no clock (history, archived mail)
    outcome: str                    # see OUTCOMES
    outcome_text: str               # the outcome in a sentence
    answered_at: str | None
    answered_by_draft: int | None
    approver: str | None
    within_window: bool | None      # answered (or marked) before the deadline
    no_response_reason: str | None
    missed_due_at: str | None
    suspended_at_due: bool | None   # as the miss stands (deadline_event; re-classified after the notice time)
    suspension_id: int | None
    after_notice: bool | None       # due after Amazon's notice arrived, before the declaration
    entries: tuple[int, ...]


#: how a buyer message's 24-hour clock ended
OUTCOMES = {
    "answered": "answered within the deadline",
    "answered-late": "answered after the deadline",
    "no-response-needed": "marked no response needed",
    "missed": "deadline missed, no reply recorded",
    "past-due": "past due, not yet recorded as missed",
    "open": "waiting for a reply, deadline not reached",
    "history": "received before War Room was in use (no clock)",
}


@dataclass(frozen=True, slots=True)
class OtherDeadlineRow(Row):
    """A missed A-to-z information window or appeal-request window (deadline_event)."""

    event_id: int
    ticket_id: int
    kind: str
    due_at: str
    found_at: str
    suspended_at_due: bool
    suspension_id: int | None
    after_notice: bool
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OutgoingRow(Row):
    """A reply that left (dispatched) in the range: who wrote and approved it, from which
    template version, the text's hash, when and how it was sent."""

    draft_id: int
    ticket_id: int
    amazon_order_id: str | None
    kind: str                       # template | text | senior
    author: str
    approver: str | None
    approved_at: str | None
    template: str | None            # key@version/language
    template_sha256: str | None
    text_sha256: str
    text: str | None                # None when pseudonymized
    language: str | None
    sent_at: str | None
    via: str | None                 # manual | smtp
    sent_by: str | None
    reply_to_message: int | None
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class HeldRow(Row):
    """A reply held back in the range (it may not leave during a suspension)."""

    draft_id: int
    ticket_id: int
    held_at: str
    reason: str
    status_now: str
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RefundRow(Row):
    """A refund paid by hand (or its reversal) in the range."""

    refund_id: int
    ticket_id: int
    amazon_order_id: str | None
    kind: str                       # refund | reversal
    amount: str
    currency: str
    method: str
    reference: str | None
    refunded_at: str
    logged_by: str
    note: str | None
    reverses_id: int | None
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class EscalationRow(Row):
    """A ticket tagged ESCALATED in the range: why, and the senior reply if one left."""

    ticket_id: int
    amazon_order_id: str | None
    escalated_at: str
    by: str
    reason: str
    flags: tuple[str, ...]
    senior_reply_draft: int | None
    senior_reply_sent_at: str | None
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class EscalationRecordRow(Row):
    """An escalation record in the range (warroom.services.escalation_report): a brief written,
    an out-of-policy authorization, a reshipment, a post-mortem."""

    at: str
    record: str                     # brief | authorization | reshipment | post-mortem
    record_id: int
    ticket_id: int
    amazon_order_id: str | None
    by: str
    detail: str
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class LintRefusalRow(Row):
    """A draft the forbidden-language lint stopped: it could not be approved, so it never left."""

    draft_id: int
    ticket_id: int
    author: str
    at: str
    rules: tuple[str, ...]
    text_sha256: str
    text: str | None                # None when pseudonymized
    status_now: str
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CitedEntry:
    """An entry some row rests on: what it is, its leaf hash and its inclusion proof's member."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    leaf_hash: str
    proof: str                      # proofs/<seq>.tlog-proof

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


# ---------------------------------------------------------------- the whole report

@dataclass(frozen=True, slots=True)
class Money:
    currency: str
    amount: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The figures of the range (the plan of action quotes them)."""

    buyer_messages: int
    answered_within_window: int
    answered_late: int
    no_response_needed: int
    missed: int
    missed_while_suspended: int
    missed_after_notice: int
    past_due_unrecorded: int
    open: int
    history: int
    sent: int
    sent_from_templates: int
    senior_replies: int
    approvers: tuple[str, ...]
    templates_used: tuple[str, ...]
    held: int
    escalations: int
    lint_refusals: int
    lint_rules_hit: tuple[str, ...]
    refunds: int
    reversals: int
    refunded_net: tuple[Money, ...]
    other_deadlines_missed: int

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Sections:
    timeline: tuple[TimelineRow, ...] = ()
    buyer_messages: tuple[BuyerMessageRow, ...] = ()
    other_deadlines: tuple[OtherDeadlineRow, ...] = ()
    outgoing: tuple[OutgoingRow, ...] = ()
    held: tuple[HeldRow, ...] = ()
    refunds: tuple[RefundRow, ...] = ()
    escalations: tuple[EscalationRow, ...] = ()
    escalation_records: tuple[EscalationRecordRow, ...] = ()
    lint_refusals: tuple[LintRefusalRow, ...] = ()
    claims: tuple[Row, ...] = ()            # claims_section.ClaimRow
    notices: tuple[Row, ...] = ()           # claims_section.NoticeRow
    support_cases: tuple[Row, ...] = ()         # appeal/cases_section.py: CaseRow
    fbm_decisions: tuple[Row, ...] = ()         # appeal/cases_section.py: FbmDecisionRow

    def items(self) -> list[tuple[str, tuple[Row, ...]]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    def cited(self) -> set[int]:
        return {seq for _, rows in self.items() for row in rows for seq in row.entries}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the gathering found, before the package's checkpoint exists."""

    database_id: str
    start: str
    end: str
    pseudonymized: bool
    response_window_hours: int
    suspension_reason_declared: tuple[str, ...]     # the reasons as declared (the notice's words)
    notice_received: tuple[str, ...]                # when Amazon's notice(s) arrived
    sections: Sections
    summary: Summary


@dataclass(frozen=True, slots=True)
class PackageHead:
    """The package's checkpoint: what every page and every proof refers to."""

    origin: str
    tree_size: int
    root_hash: str                  # hex
    root_hash_b64: str
    chain_head_hash: str            # hash of entry tree_size (hex)
    checkpoint_id: int
    checkpoint_note: str
    verifier_key: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Report:
    evidence: Evidence
    head: PackageHead
    cited: tuple[CitedEntry, ...] = field(default_factory=tuple)
    pdf: bool = True

    def as_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {"format": FORMAT, "database_id": ev.database_id, "origin": self.head.origin,
                "tree_size": self.head.tree_size, "root_hash": self.head.root_hash,
                "chain_head_hash": self.head.chain_head_hash, "from": ev.start, "to": ev.end,
                "created_at": self.head.created_at, "pseudonymized": ev.pseudonymized,
                "response_window_hours": ev.response_window_hours,
                "summary": ev.summary.as_dict(),
                "sections": {name: [r.as_dict() for r in rows] for name, rows in ev.sections.items()},
                "cited": [c.as_dict() for c in self.cited],
                "leaf_hashes": {str(c.seq): c.leaf_hash for c in self.cited}}
