"""Ticket actions on many tickets at once, and an agent's request for a senior reply.

Bulk actions (the console's multi-row queue selection): one call is one unit of work and one
audit entry (entity ``tickets``) whose payload lists the tickets that changed as id runs
(``[[first, last], ...]``, :func:`warroom.domain.tickets.id_runs`), the way the suspension
records the tickets it tags.  Tickets that already were as asked are left alone and not listed;
when none changes, nothing is written.

``request_senior_reply``: an agent may not answer an ESCALATED ticket (only a senior reply does);
instead of a dead end, the agent asks for one.  The ticket gets the tag ``SENIOR-REQUESTED``
(the queue shows it beside the flags, and compliance filters on it) and the entry
``ticket.senior-requested`` records who asked and why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select, update

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Ticket, TicketTag, User
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

SENIOR_REQUESTED = "SENIOR-REQUESTED"
ESCALATED = "ESCALATED"
SENIOR_REQUEST_ACTION = "ticket.senior-requested"
BULK_ASSIGN_ACTION = "ticket.bulk-assign"
BULK_STATUS_ACTION = "ticket.bulk-status"
BULK_TAG_ACTION = "ticket.bulk-tag"
#: the most tickets one bulk action takes (a selection in the console is far smaller)
BULK_MAX = 5_000


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did: the tickets asked for, and those that changed (sorted)."""

    action: str
    requested: tuple[int, ...]
    changed: tuple[int, ...]

    @property
    def unchanged(self) -> tuple[int, ...]:
        done = set(self.changed)
        return tuple(i for i in self.requested if i not in done)


@dataclass(frozen=True)
class SeniorRequest:
    ticket_id: int
    requested_by: str
    reason: str
    changed: bool           # False: a senior reply was already requested (nothing written)


def _ids(ticket_ids: Iterable[int]) -> tuple[int, ...]:
    ids = tuple(sorted({int(i) for i in ticket_ids}))
    if not ids:
        raise BadInput("no ticket selected", field="tickets")
    if len(ids) > BULK_MAX:
        raise BadInput(f"at most {BULK_MAX} tickets at once ({len(ids)} selected)", field="tickets")
    return ids


def _tickets(uow: UnitOfWork, ids: tuple[int, ...]) -> list[Ticket]:
    rows = list(uow.session.scalars(select(Ticket).where(Ticket.id.in_(ids)).order_by(Ticket.id)))
    missing = sorted(set(ids) - {t.id for t in rows})
    if missing:
        raise NotFound(f"no ticket {', '.join(str(i) for i in missing[:10])}"
                       + (f" (and {len(missing) - 10} more)" if len(missing) > 10 else ""))
    return rows


def _reason(reason: str | None, required: bool, what: str) -> str | None:
    text = (reason or "").strip()
    if "\x00" in text:
        raise BadInput("the reason contains a NUL character", field="reason")
    if len(text) > 2000:
        raise BadInput("the reason is longer than 2000 characters", field="reason")
    if required and not text:
        raise BadInput(f"a reason is required to {what}", field="reason")
    return text or None


def _runs_by(values: dict[int, str | None]) -> list[dict[str, object]]:
    groups: dict[str | None, list[int]] = defaultdict(list)
    for tid, value in values.items():
        groups[value].append(tid)
    return [{"value": v, "tickets": T.id_runs(ids)} for v, ids in sorted(groups.items(), key=lambda x: str(x[0]))]


def bulk_assign(db: Database, actor: Actor, ticket_ids: Iterable[int], user_name: str | None) -> BulkResult:
    """Assign the tickets to ``user_name`` (None: unassign)."""
    ids = _ids(ticket_ids)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        user = None
        if user_name:
            user = uow.session.scalar(select(User).where(User.name == user_name))
            if user is None:
                raise NotFound(f"no user named {user_name!r}")
            if user.disabled:
                raise BusinessRuleError(f"user {user_name!r} is disabled")
        new_id = user.id if user else None
        names: dict[int, str] = {int(i): str(n) for i, n in uow.session.execute(select(User.id, User.name))}
        before = {t.id: (names.get(t.assignee_id) if t.assignee_id else None)
                  for t in _tickets(uow, ids) if t.assignee_id != new_id}
        if not before:
            return BulkResult(BULK_ASSIGN_ACTION, ids, ())
        changed = sorted(before)
        uow.session.execute(update(Ticket).where(Ticket.id.in_(changed)).values(assignee_id=new_id)
                            .execution_options(synchronize_session=False))
        uow.audit(actor.name, BULK_ASSIGN_ACTION, "tickets", {
            "to": user_name or None, "count": len(changed), "tickets": T.id_runs(changed),
            "from": _runs_by(before)})
        uow.commit()
        return BulkResult(BULK_ASSIGN_ACTION, ids, tuple(changed))


def bulk_set_status(db: Database, actor: Actor, ticket_ids: Iterable[int], status: str) -> BulkResult:
    """Set the tickets' status (``closed`` closes them)."""
    ids = _ids(ticket_ids)
    status = T.check_status(status)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        before: dict[int, str | None] = {t.id: t.status for t in _tickets(uow, ids) if t.status != status}
        if not before:
            return BulkResult(BULK_STATUS_ACTION, ids, ())
        changed = sorted(before)
        uow.session.execute(update(Ticket).where(Ticket.id.in_(changed)).values(status=status)
                            .execution_options(synchronize_session=False))
        uow.audit(actor.name, BULK_STATUS_ACTION, "tickets", {
            "to": status, "count": len(changed), "tickets": T.id_runs(changed), "from": _runs_by(before)})
        uow.commit()
        return BulkResult(BULK_STATUS_ACTION, ids, tuple(changed))


def bulk_tag(db: Database, actor: Actor, ticket_ids: Iterable[int], tags: Iterable[str],
             reason: str | None = None) -> BulkResult:
    """Add the tags to each ticket that lacks them.  A flag, SUSPENDED, URGENT or ESCALATED
    needs a reason (as for one ticket)."""
    ids = _ids(ticket_ids)
    wanted = sorted({T.normalize_tag(t) for t in tags})
    if not wanted:
        raise BadInput("no tag given", field="tags")
    needs = [t for t in wanted if t in T.REASON_REQUIRED_TAGS]
    why = _reason(reason, bool(needs), f"add {', '.join(needs)}")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        tickets = _tickets(uow, ids)
        have: dict[int, set[str]] = defaultdict(set)
        for tid, tag in uow.session.execute(select(TicketTag.ticket_id, TicketTag.tag)
                                            .where(TicketTag.ticket_id.in_(ids), TicketTag.tag.in_(wanted))):
            have[tid].add(tag)
        added: dict[str, list[int]] = {tag: [t.id for t in tickets if tag not in have[t.id]] for tag in wanted}
        changed = sorted({tid for group in added.values() for tid in group})
        if not changed:
            return BulkResult(BULK_TAG_ACTION, ids, ())
        now = clock.now()
        for tag, group in added.items():
            for tid in group:
                uow.session.add(TicketTag(ticket_id=tid, tag=tag, reason=why, set_by=actor.name, set_at=now))
        uow.session.flush()
        if set(wanted) & set(T.FLAGS):
            from warroom.services.triage import refresh_priority

            for t in tickets:
                if t.id in changed:
                    uow.session.refresh(t)
                    refresh_priority(uow.session, t)
        uow.audit(actor.name, BULK_TAG_ACTION, "tickets", {
            "tags": wanted, "reason": why, "count": len(changed), "tickets": T.id_runs(changed),
            "added": [{"tag": tag, "tickets": T.id_runs(group)} for tag, group in added.items() if group]})
        uow.commit()
        return BulkResult(BULK_TAG_ACTION, ids, tuple(changed))


def request_senior_reply(db: Database, actor: Actor, ticket_id: int, reason: str | None = None) -> SeniorRequest:
    """Ask for a senior reply on an ESCALATED ticket: the tag SENIOR-REQUESTED (shown in the
    queue) and one ``ticket.senior-requested`` entry.  Asking twice writes nothing."""
    note = _reason(reason, False, "request a senior reply")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        tags = {x.tag: x for x in ticket.tags}
        if ESCALATED not in tags:
            raise BusinessRuleError(f"ticket {ticket_id} is not ESCALATED: it needs no senior reply")
        if SENIOR_REQUESTED in tags:
            old = tags[SENIOR_REQUESTED]
            return SeniorRequest(ticket.id, old.set_by, old.reason or "", False)
        text = f"senior reply requested by {actor.name}" + (f": {note}" if note else "")
        uow.session.add(TicketTag(ticket_id=ticket.id, tag=SENIOR_REQUESTED, reason=text, set_by=actor.name,
                                  set_at=clock.now()))
        uow.audit(actor.name, SENIOR_REQUEST_ACTION, f"ticket:{ticket.id}",
                  {"tag": SENIOR_REQUESTED, "reason": text, "note": note})
        uow.commit()
        return SeniorRequest(ticket.id, actor.name, text, True)


def senior_requested(db: Database, ticket_id: int) -> bool:
    """Whether a senior reply was requested on the ticket (its tag is on it)."""
    with UnitOfWork(db, write=False) as uow:
        return uow.session.scalar(select(TicketTag.ticket_id).where(
            TicketTag.ticket_id == ticket_id, TicketTag.tag == SENIOR_REQUESTED)) is not None


def ticket_exists(db: Database, ticket_id: int) -> bool:
    """For "jump to ticket number": one primary-key lookup."""
    with UnitOfWork(db, write=False) as uow:
        return uow.session.get(Ticket, ticket_id) is not None


def assignable_users(db: Database) -> list[str]:
    """Names of the enabled users, for "assign to…"."""
    with UnitOfWork(db, write=False) as uow:
        return [n for (n,) in uow.session.execute(select(User.name).where(User.disabled.is_(False))
                                                  .order_by(User.name))]
