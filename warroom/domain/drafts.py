"""The draft: an outgoing reply from writing to dispatch, as a small state machine (pure).

Services, the command and the console all ask this module what a draft may do next, so the
rules live in one place::

    submitted --approve--> approved --claim--> sending --sent--> dispatched
        |          |          |                   \\--failed--> failed --claim (retry)--> sending
        |          |          |                   \\--(crash: outcome never recorded)--> "may have
        |          |          |                        been sent": a person resolves it (sent / not sent)
        |          |          \\--suspension: may not leave now--> held --lift--> approved
        |          \\--suspension: free text may not be approved--> held --lift--> submitted
        \\--reject--> rejected
    blocked   (lint findings; cannot be approved; edit it)
    voided    (a templated draft whose ticket became ESCALATED)

Only ``submitted``, ``blocked`` and ``rejected`` drafts can be edited: an approved, held,
sending, failed or dispatched text is bound to its approval or to what may already have
reached the buyer.

During a suspension only replies from approved templates (of a category that may leave, see
:data:`DISPATCHABLE_DURING_SUSPENSION`) and senior replies on ESCALATED tickets may be
approved or leave; the others are held with the reason and released when it is lifted
(DOMAIN.md, "The wartime protocol").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class DraftStatus(StrEnum):
    SUBMITTED = "submitted"
    BLOCKED = "blocked"
    APPROVED = "approved"
    REJECTED = "rejected"
    VOIDED = "voided"
    HELD = "held"
    SENDING = "sending"
    DISPATCHED = "dispatched"
    FAILED = "failed"


class DraftKind(StrEnum):
    TEMPLATE = "template"     # rendered from an approved template
    TEXT = "text"             # free text (never during a suspension)
    SENIOR = "senior"         # free text by a compliance or admin user: the answer to an ESCALATED ticket


STATUSES: tuple[str, ...] = tuple(s.value for s in DraftStatus)
EDITABLE: frozenset[str] = frozenset({DraftStatus.SUBMITTED, DraftStatus.BLOCKED, DraftStatus.REJECTED})
#: What the outbox lists: waiting to go, going, or stuck (with the reason).
OUTBOX: tuple[str, ...] = (DraftStatus.APPROVED, DraftStatus.SENDING, DraftStatus.FAILED, DraftStatus.HELD)
#: A draft in one of these is waiting to be decided or to leave: a ticket takes no second draft
#: while one waits (one click, one draft; the queue's "Reply" column shows it).
WAITING: tuple[str, ...] = (DraftStatus.SUBMITTED, DraftStatus.APPROVED, DraftStatus.HELD, DraftStatus.SENDING)
#: A dispatch (by e-mail, or recording a manual sending) starts only from these.
DISPATCHABLE: frozenset[str] = frozenset({DraftStatus.APPROVED, DraftStatus.FAILED})
REJECTABLE: frozenset[str] = frozenset({DraftStatus.SUBMITTED, DraftStatus.BLOCKED, DraftStatus.APPROVED,
                                        DraftStatus.HELD, DraftStatus.FAILED})

#: Ticket categories whose templated replies may leave while a suspension is declared
#: (DOMAIN.md, "The wartime protocol": answer only refunds and A-to-z threats).
DISPATCHABLE_DURING_SUSPENSION = ("REFUND", "RETURN", "A-TO-Z", "CHARGEBACK")

#: A send that started longer ago than this and never recorded its outcome "may have been
#: sent": the process died between handing the mail over and recording it.  (Longer than
#: the longest send: 3 attempts x 20 s time-out + back-off.)
SEND_OUTCOME_TIMEOUT = timedelta(minutes=5)


def suspension_hold_reason(kind: str, category: str, escalated: bool) -> str | None:
    """Why a draft may not be approved or leave while a suspension is declared, or None."""
    if kind == DraftKind.SENIOR and escalated:
        return None
    if kind == DraftKind.TEMPLATE:
        if category in DISPATCHABLE_DURING_SUSPENSION:
            return None
        return f"{category} replies wait until the suspension is lifted"
    if kind == DraftKind.SENIOR:
        return ("a senior reply leaves during a suspension only on an ESCALATED ticket; "
                "it waits until the suspension is lifted")
    return ("free-text replies wait until the suspension is lifted (during a suspension only approved "
            "templates leave, and senior replies on ESCALATED tickets)")


def released_status(approved: bool) -> DraftStatus:
    """Where a held draft goes when the suspension is lifted: back to the outbox if it was
    approved, else back to the approval desk."""
    return DraftStatus.APPROVED if approved else DraftStatus.SUBMITTED


@dataclass(frozen=True, slots=True)
class SendState:
    """A ``sending`` draft as a person should read it."""

    in_flight: bool            # the send started recently: another process may be talking to the server
    may_have_been_sent: bool   # it started long ago and its outcome was never recorded
    started_at: datetime
    started_by: str

    def describe(self) -> str:
        from warroom import clock

        when = clock.iso(self.started_at)
        if self.in_flight:
            return f"being sent by {self.started_by} since {when}"
        return (f"may have been sent: {self.started_by} started sending it at {when} and the outcome was "
                "never recorded")


def send_state(started_at: datetime | None, started_by: str | None, now: datetime) -> SendState | None:
    if started_at is None:
        return None
    in_flight = now - started_at < SEND_OUTCOME_TIMEOUT
    return SendState(in_flight=in_flight, may_have_been_sent=not in_flight, started_at=started_at,
                     started_by=started_by or "?")


class NoReply(StrEnum):
    """Why a kind of reply is not offered (each face phrases it in its own words)."""

    ROLE = "role"                  # the actor's role writes no replies
    CLOSED = "closed"              # the ticket is closed
    ESCALATED = "escalated"        # no templated reply; a senior reply only (compliance, admin)
    SUSPENDED = "suspended"        # no free text while a suspension is declared


@dataclass(frozen=True, slots=True)
class ReplyOptions:
    """What replies an actor may write on a ticket now: the one answer the composer, the
    command and the services all use."""

    template: bool
    free_text: bool
    senior: bool
    why_not: tuple[NoReply, ...] = ()

    @property
    def any(self) -> bool:
        return self.template or self.free_text or self.senior


def reply_options(*, can_draft: bool, can_senior: bool, closed: bool, escalated: bool,
                  suspended: bool) -> ReplyOptions:
    """The replies offered on a ticket (DOMAIN.md: the escalation process stops templated
    replies; the wartime protocol allows only approved templates)."""
    if not can_draft:
        return ReplyOptions(False, False, False, (NoReply.ROLE,))
    if closed:
        return ReplyOptions(False, False, False, (NoReply.CLOSED,))
    if escalated:
        return ReplyOptions(False, False, can_senior, (NoReply.ESCALATED,))
    if suspended:
        return ReplyOptions(True, False, False, (NoReply.SUSPENDED,))
    return ReplyOptions(True, True, False)
