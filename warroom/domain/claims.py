"""Claims against an order: A-to-z Guarantee claims and chargebacks (DOMAIN.md "Claims and mail
from Amazon", "Amazon platform facts").

A claim moves through a small state machine (:data:`TRANSITIONS`)::

    OPEN ──submit──▶ SUBMITTED ──▶ GRANTED ──appeal (A-to-z, once)──▶ APPEALED ──▶ GRANTED | DENIED
      └──────────────────────────▶ DENIED | WITHDRAWN | GRANTED

GRANTED means Amazon granted the claim to the buyer (the seller pays); DENIED means Amazon
decided for the seller; WITHDRAWN means the buyer withdrew it.  DENIED and WITHDRAWN are final.

Its windows (:func:`deadline`), all settings:

* A-to-z, open or submitted: Amazon's information request (``info_requested_at``, else when the
  claim was opened: the claim notice asks for the seller's side) must be answered within
  ``atoz_window_hours`` (48); a submission after the request answers it.
* A-to-z, granted and not yet appealed: the appeal must be filed within ``claims.appeal_days``
  (30) of the grant.
* A-to-z, appealed: an information request during the appeal must be answered within
  ``appeal_info_window_hours`` (72).
* Chargeback, open: the seller's answer is due ``claims.chargeback_days`` (7) calendar days
  after the notice (``info_requested_at``, else when the claim was opened).

Pure: no database, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

A_TO_Z = "A_TO_Z"
CHARGEBACK = "CHARGEBACK"
TYPES = (A_TO_Z, CHARGEBACK)

OPEN = "OPEN"
SUBMITTED = "SUBMITTED"
GRANTED = "GRANTED"
DENIED = "DENIED"
WITHDRAWN = "WITHDRAWN"
APPEALED = "APPEALED"
STATUSES = (OPEN, SUBMITTED, GRANTED, DENIED, WITHDRAWN, APPEALED)
#: what a user may record as a claim's outcome
OUTCOMES = (GRANTED, DENIED, WITHDRAWN, APPEALED)
FINAL = frozenset({DENIED, WITHDRAWN})

TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({SUBMITTED, GRANTED, DENIED, WITHDRAWN}),
    SUBMITTED: frozenset({SUBMITTED, GRANTED, DENIED, WITHDRAWN}),
    GRANTED: frozenset({APPEALED}),
    APPEALED: frozenset({SUBMITTED, GRANTED, DENIED, WITHDRAWN}),
    DENIED: frozenset(),
    WITHDRAWN: frozenset(),
}

EVIDENCE_KINDS = ("PROOF_OF_SHIPMENT", "TRACKING", "PHOTOS", "CONVERSATION", "REFUNDS", "OTHER")

# the windows, by name (also the ``window`` of a claim's deadline row)
WINDOW_ATOZ_INFO = "atoz-info"
WINDOW_APPEAL_FILING = "appeal-filing"
WINDOW_APPEAL_INFO = "appeal-info"
WINDOW_CHARGEBACK = "chargeback"

#: a claim this close to its deadline escalates its ticket
ESCALATE_BEFORE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Windows:
    """The claim windows as configured (settings)."""

    atoz_info_hours: int = 48
    appeal_days: int = 30
    appeal_info_hours: int = 72
    chargeback_days: int = 7


@dataclass(frozen=True, slots=True)
class ClaimState:
    """What the windows need to know about a claim."""

    type: str
    status: str
    opened_at: datetime
    info_requested_at: datetime | None = None
    submitted_at: datetime | None = None
    outcome_at: datetime | None = None
    appealed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    window: str          # one of the WINDOW_* names
    due_at: datetime


def can_move(status: str, to: str, *, claim_type: str, appealed: bool) -> str | None:
    """None when ``status`` may move to ``to``; else why not (one sentence)."""
    if to not in TRANSITIONS.get(status, frozenset()):
        if status in FINAL:
            return f"the claim is {status.lower()}: that is final"
        return f"a claim that is {status.lower()} cannot become {to.lower()}"
    if to == APPEALED:
        if claim_type != A_TO_Z:
            return "only an A-to-z claim can be appealed here"
        if appealed:
            return "the claim was appealed already; Amazon's appeal decision is final"
    return None


def deadline(claim: ClaimState, windows: Windows) -> Deadline | None:
    """The claim's running window, or None when nothing is waiting on the seller."""
    request = claim.info_requested_at or claim.opened_at
    answered = claim.submitted_at is not None and claim.submitted_at >= request
    if claim.type == CHARGEBACK:
        if claim.status == OPEN or (claim.status == SUBMITTED and not answered):
            return Deadline(WINDOW_CHARGEBACK, request + timedelta(days=windows.chargeback_days))
        return None
    if claim.status in (OPEN, SUBMITTED):
        if answered:
            return None
        return Deadline(WINDOW_ATOZ_INFO, request + timedelta(hours=windows.atoz_info_hours))
    if claim.status == GRANTED and claim.appealed_at is None and claim.outcome_at is not None:
        return Deadline(WINDOW_APPEAL_FILING, claim.outcome_at + timedelta(days=windows.appeal_days))
    if claim.status == APPEALED and claim.appealed_at is not None and claim.info_requested_at is not None \
            and claim.info_requested_at > claim.appealed_at and not answered:
        return Deadline(WINDOW_APPEAL_INFO, claim.info_requested_at + timedelta(hours=windows.appeal_info_hours))
    return None


def time_left(claim: ClaimState, now: datetime, windows: Windows | None = None) -> timedelta | None:
    """Time until the claim's window closes (negative past it), or None without a window."""
    due = deadline(claim, windows or Windows())
    return None if due is None else due.due_at - now


def escalates(claim: ClaimState, now: datetime, windows: Windows | None = None) -> bool:
    """True when the claim is within :data:`ESCALATE_BEFORE` of its window (or past it)."""
    left = time_left(claim, now, windows)
    return left is not None and left <= ESCALATE_BEFORE


def format_left(left: timedelta | None) -> str:
    """``"1d 4h"``, ``"3h 12m"``, ``"-2h 5m"`` (past due); ``"—"`` without a window."""
    if left is None:
        return "—"
    sign = "-" if left < timedelta(0) else ""
    minutes = int(abs(left).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    return f"{sign}{hours}h {mins}m"
