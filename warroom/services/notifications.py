"""What changed since a moment, for one user: cheap to poll (the console asks every 15 seconds).

Four kinds of :class:`Notification`, each read from indexed columns in one short read
transaction (no audit-log scan):

* ``draft_on_desk`` — a draft submitted (or resubmitted after an edit) by someone else, now
  waiting for a decision; only for users who may approve.
* ``draft_rejected`` — a draft of this user's rejected, with the reason.
* ``deadline_soon`` — tickets whose response clock came under ``DUE_SOON`` (4 hours) since the
  last look: due in [since + 4 h, now + 4 h).  One event for all of them (a large import can
  bring many at once), with their ids.
* ``escalation`` — a ticket tagged ESCALATED (by any path: triage, the sweep, a person), for the
  decision makers (users who may authorize out-of-policy remedies); its brief is on the ticket
  (warroom.services.escalation).
* ``red_flag`` — a triage flag (:data:`warroom.domain.tickets.FLAGS`: LEGAL, SAFETY, A-TO-Z,
  CHARGEBACK, HIGH-VALUE) set on a ticket by anyone but this user.

The window is (``since``, ``until``]; the caller passes the previous ``until`` back as the next
``since``.  A change committed a moment after it was stamped could fall just before the next
window, so a poller may look back a little (``overlap``) and drop what it saw already by
:attr:`Notification.key`.  Also returned: the approval desk's and the outbox's counts, so the
console's tabs stay current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.drafts import OUTBOX, DraftStatus
from warroom.domain.roles import Actor, Permission
from warroom.services.dashboard import DUE_SOON
from warroom.services.users import current_actor
from warroom.storage.engine import Database
from warroom.storage.models import Draft, Ticket, TicketTag
from warroom.storage.uow import UnitOfWork

DRAFT_ON_DESK = "draft_on_desk"
DRAFT_REJECTED = "draft_rejected"
DEADLINE_SOON = "deadline_soon"
RED_FLAG = "red_flag"
ESCALATION = "escalation"
KINDS = (DRAFT_ON_DESK, DRAFT_REJECTED, DEADLINE_SOON, RED_FLAG, ESCALATION)
MAX_EVENTS = 200                   # per kind and poll; a flood is summarised by the counts


@dataclass(frozen=True)
class Notification:
    kind: str
    at: datetime
    ticket_ids: tuple[int, ...]
    draft_id: int | None = None
    flag: str | None = None        # red_flag: which flag
    by: str | None = None          # who submitted, rejected or flagged
    reason: str | None = None      # draft_rejected: the reason given; red_flag: why it was set

    @property
    def key(self) -> tuple[object, ...]:
        return (self.kind, self.at, self.ticket_ids, self.draft_id, self.flag)


@dataclass(frozen=True)
class Changes:
    since: datetime
    until: datetime
    events: tuple[Notification, ...]
    desk_count: int                # drafts waiting for a decision
    outbox_count: int              # approved, sending, failed or held drafts

    def of_kind(self, kind: str) -> tuple[Notification, ...]:
        return tuple(e for e in self.events if e.kind == kind)


def changes_since(db: Database, actor: Actor, since: datetime, now: datetime | None = None) -> Changes:
    """What changed in (``since``, ``now``] that ``actor`` should hear about (reads only)."""
    until = now or clock.now()
    events: list[Notification] = []
    with UnitOfWork(db, write=False) as uow:
        user = current_actor(uow, actor)
        s = uow.session
        if actor.can(Permission.APPROVE):
            for did, tid, author, at in s.execute(
                    select(Draft.id, Draft.ticket_id, Draft.author, Draft.updated_at)
                    .where(Draft.status == DraftStatus.SUBMITTED.value, Draft.updated_at > since,
                           Draft.updated_at <= until, Draft.author != user.name)
                    .order_by(Draft.updated_at, Draft.id).limit(MAX_EVENTS)):
                events.append(Notification(DRAFT_ON_DESK, at, (tid,), draft_id=did, by=author))
        for did, tid, approver, at, reason in s.execute(
                select(Draft.id, Draft.ticket_id, Draft.approver, Draft.updated_at, Draft.reason)
                .where(Draft.status == DraftStatus.REJECTED.value, Draft.author == user.name,
                       Draft.updated_at > since, Draft.updated_at <= until)
                .order_by(Draft.updated_at, Draft.id).limit(MAX_EVENTS)):
            events.append(Notification(DRAFT_REJECTED, at, (tid,), draft_id=did, by=approver, reason=reason))
        if actor.can(Permission.WORK_TICKETS) or actor.can(Permission.APPROVE):
            soon = [int(tid) for (tid,) in s.execute(
                select(Ticket.id).where(Ticket.status != "closed", Ticket.due_at >= since + DUE_SOON,
                                        Ticket.due_at < until + DUE_SOON)
                .order_by(Ticket.due_at, Ticket.id).limit(MAX_EVENTS))]
            if soon:
                events.append(Notification(DEADLINE_SOON, until, tuple(soon)))
        for tid, tag, by, at, reason in s.execute(
                select(TicketTag.ticket_id, TicketTag.tag, TicketTag.set_by, TicketTag.set_at, TicketTag.reason)
                .where(TicketTag.tag.in_(T.FLAGS), TicketTag.set_at > since, TicketTag.set_at <= until,
                       TicketTag.set_by != user.name)
                .order_by(TicketTag.set_at, TicketTag.ticket_id).limit(MAX_EVENTS)):
            events.append(Notification(RED_FLAG, at, (tid,), flag=tag, by=by, reason=reason))
        if actor.can(Permission.AUTHORIZE_REMEDY):
            for tid, by, at, reason in s.execute(
                    select(TicketTag.ticket_id, TicketTag.set_by, TicketTag.set_at, TicketTag.reason)
                    .where(TicketTag.tag == "ESCALATED", TicketTag.set_at > since, TicketTag.set_at <= until,
                           TicketTag.set_by != user.name)
                    .order_by(TicketTag.set_at, TicketTag.ticket_id).limit(MAX_EVENTS)):
                events.append(Notification(ESCALATION, at, (tid,), by=by, reason=reason))
        desk = int(s.scalar(select(func.count()).select_from(Draft)
                            .where(Draft.status == DraftStatus.SUBMITTED.value)) or 0)
        outbox = int(s.scalar(select(func.count()).select_from(Draft).where(Draft.status.in_(OUTBOX))) or 0)
    events.sort(key=lambda e: (e.at, KINDS.index(e.kind), e.ticket_ids))
    return Changes(since=since, until=until, events=tuple(events), desk_count=desk, outbox_count=outbox)


def start_of_watch(now: datetime | None = None) -> datetime:
    """Where a console that just opened starts watching: now (what happened before it opened is
    on its screens already)."""
    return now or clock.now()


__all__ = ["KINDS", "DRAFT_ON_DESK", "DRAFT_REJECTED", "DEADLINE_SOON", "RED_FLAG", "ESCALATION", "Notification", "Changes",
           "changes_since", "start_of_watch"]
