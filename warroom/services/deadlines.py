"""Amazon's clocks: the 24-hour response clock, the A-to-z information window, appeal requests.

All computed in UTC.  Reading them (:func:`compute`, :func:`list_deadlines`) never writes.

**The sweep** (:func:`sweep`) records each deadline found missed once (table deadline_event,
one row per miss) by ``system``, with whether a suspension was in force at its due time (the
plan of action's evidence that the silence was caused by the suspension), and escalates A-to-z
claims within 24 hours of their deadline.  It runs from the console's timer (a worker, every
5 minutes), ``warroom sweep``, ``warroom deadlines --sweep`` and ``warroom triage``; never
inside a reading command.  It looks first without the write lock, then records in batches,
each its own short write transaction (aimed at SWEEP_TARGET_S, sized to this machine) with
one audit entry: ``deadline.missed`` (entity ``tickets``) lists the batch's misses grouped by
(kind, suspended_at_due, suspension_id), each group with its ticket (and, for response
clocks, message) id runs and due-time range, the batch's deadline_event ids and the SHA-256
of those rows (:func:`events_digest`); ``triage.escalate`` (entity ``tickets``) lists the
escalated claims grouped by the tags added.  Under the write lock each batch recomputes the
clocks of its tickets and leaves out what is already recorded, so two sweeps never record a
miss twice; a sweep that finds a batch already recorded by another stops there.

**History**: a deadline due before the database began (:func:`clocks.database_started_at`)
ran out before War Room existed; it is never recorded as a miss nor escalated.  Its row says
``history: true`` and ``missed: false``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Collection, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, NotFound
from warroom.storage.dialect import lock_table_for_writes, placeholders
from warroom.storage.engine import Database
from warroom.storage.locks import sweep_lock
from warroom.storage.models import DeadlineEvent, Message, Suspension, Ticket, TicketTag
from warroom.storage.types import db_datetime_converter
from warroom.storage.uow import UnitOfWork
from warroom.services.clocks import database_started_at
from warroom.services.settings import read_setting
from warroom.services.users import SYSTEM_ACTOR, current_actor

ESCALATE_BEFORE = timedelta(hours=24)     # an A-to-z claim this close to its deadline is escalated
ESCALATE_REASON = "A-to-z claim within 24 hours of its deadline"
CLAIM_ESCALATE_REASON = "A-to-z claim or chargeback within 24 hours of its deadline"
CLAIM_KIND = "claim"                      # a recorded claim's window (services.claims); subject "claim:N"
APPEAL_TAG = "APPEAL"
CHUNK = 500                               # ids per IN (...) list

# The sweep's write transactions: each is aimed at SWEEP_TARGET_S (the budget is 0.2 s); the
# next batch is resized from the last one's measured time, within [MIN_BATCH, MAX_BATCH] misses.
SWEEP_TARGET_S = 0.08
FIRST_BATCH = 1_000
MIN_BATCH = 50
MAX_BATCH = 20_000
# Between two batches the sweep waits PAUSE_SHARE of the time the last one held the lock (at
# least PAUSE_MIN_S, at most PAUSE_MAX_S), so writers queued on SQLite's busy handler get in.
PAUSE_SHARE = 0.5
PAUSE_MIN_S = 0.005
PAUSE_MAX_S = 0.1


def _handled_until(last_outbound_at: datetime | None, no_response_at: datetime | None) -> datetime | None:
    """Until when a ticket's messages count as handled: its last reply or "no response needed"."""
    times = [x for x in (last_outbound_at, no_response_at) if x is not None]
    return max(times) if times else None


def suspension_start(declared_at: datetime, notice_received_at: datetime | None) -> datetime:
    """When a suspension began for the clocks: when Amazon's notice arrived, if that was before
    someone declared it (``suspend --since``), else when it was declared."""
    return notice_received_at if notice_received_at is not None and notice_received_at < declared_at else declared_at


class _Suspensions:
    """The suspension periods [start, lifted): a deadline due inside one fell due during it."""

    def __init__(self, session: Session) -> None:
        self.periods = [(s.id, suspension_start(s.declared_at, s.notice_received_at), s.lifted_at)
                        for s in session.scalars(select(Suspension))]

    def at(self, moment: datetime) -> int | None:
        for sid, start, end in self.periods:
            if start <= moment and (end is None or moment < end):
                return sid
        return None


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def compute(session: Session, now: datetime, ticket_id: int | None = None, *,
            ticket_ids: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Every running deadline (and every missed one still unanswered), soonest first; of every
    ticket that is not closed, or of ``ticket_id`` / ``ticket_ids`` only.  Reads only."""
    response = timedelta(hours=int(read_setting(session, "response_window_hours")))
    atoz = timedelta(hours=int(read_setting(session, "atoz_window_hours")))
    appeal = timedelta(hours=int(read_setting(session, "appeal_info_window_hours")))
    suspensions = _Suspensions(session)
    started = database_started_at(session)
    out: list[dict[str, Any]] = []

    def add(ticket: int, kind: str, due: datetime, message_id: int | None, **extra: Any) -> None:
        sid = suspensions.at(due)
        history = started is not None and due < started
        out.append({"ticket_id": ticket, "kind": kind, "due_at": clock.iso(due), "missed": due <= now and not history,
                    "history": history, "suspended_at_due": sid is not None, "suspension_id": sid,
                    "message_id": message_id, **extra, "_due": due})

    wanted: list[int] | None = None
    if ticket_id is not None or ticket_ids is not None:
        wanted = sorted(set(ticket_ids or ()) | ({ticket_id} if ticket_id is not None else set()))
    # only the columns the clocks need (not whole ticket objects: a queue can hold 100,000s)
    open_tickets = (select(Ticket.id, Ticket.last_outbound_at, Ticket.no_response_at)
                    .where(Ticket.status != "closed", Ticket.due_at.is_not(None)))
    running: dict[int, datetime | None] = {}
    for part in ([None] if wanted is None else _chunks(wanted)):
        query = open_tickets if part is None else open_tickets.where(Ticket.id.in_(part))
        running.update({tid: _handled_until(out_at, no_response_at)
                        for tid, out_at, no_response_at in session.execute(query)})
    if running:
        for part in _chunks(list(running)):
            for mid, tid, at in session.execute(select(Message.id, Message.ticket_id, Message.at).where(
                    Message.ticket_id.in_(part), Message.direction == "inbound")):
                handled = running[tid]
                if handled is None or at > handled:
                    add(tid, "response", at + response, mid)
    flagged = (select(Ticket.id, Ticket.triage_reasons, Ticket.last_outbound_at, TicketTag.tag, TicketTag.set_at)
               .join(TicketTag, TicketTag.ticket_id == Ticket.id)
               .where(Ticket.status != "closed", TicketTag.tag.in_(("A-TO-Z", APPEAL_TAG))))
    # recorded claims (services.claims): their own windows; a ticket's A-to-z claim on record
    # replaces the clock its A-TO-Z tag would start
    from warroom.services.claims import deadline_rows, tickets_with_atoz_claims

    claimed: set[int] = set()
    for part in ([None] if wanted is None else _chunks(wanted)):
        for cid, tid, claim_window, due in deadline_rows(session, part, now):
            add(tid, CLAIM_KIND, due, None, claim_id=cid, window=claim_window)
    for part in ([None] if wanted is None else _chunks(wanted)):
        flagged_part = flagged if part is None else flagged.where(Ticket.id.in_(part))
        flagged_rows = list(session.execute(flagged_part))
        claimed |= tickets_with_atoz_claims(session, {r[0] for r in flagged_rows if r[3] == "A-TO-Z"})
        for tid, triage_reasons, last_outbound_at, tag, set_at in flagged_rows:
            if tag == "A-TO-Z" and tid in claimed:
                continue
            if tag == "A-TO-Z":
                reasons = json.loads(triage_reasons).get("flags", {}).get("A-TO-Z", []) if triage_reasons else []
                starts = [clock.parse_iso(r["message_at"]) for r in reasons if r.get("message_at")]
                start = min(starts) if starts else set_at
                window, kind = atoz, "atoz"
            else:
                start, window, kind = set_at, appeal, "appeal"
            if last_outbound_at is not None and last_outbound_at > start:
                continue
            add(tid, kind, start + window, None)
    out.sort(key=lambda d: (d["_due"], d["ticket_id"], d["message_id"] or 0))
    return out


def _public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def _subject(row: dict[str, Any]) -> str:
    if row.get("claim_id"):
        return f"claim:{row['claim_id']}"
    return f"message:{row['message_id']}" if row["message_id"] else f"ticket:{row['ticket_id']}"


def _key(row: dict[str, Any]) -> tuple[str, str, str]:
    return (row["kind"], _subject(row), row["due_at"])


def _recorded_keys(session: Session, ticket_ids: list[int] | None = None) -> set[tuple[str, str, str]]:
    query = select(DeadlineEvent.kind, DeadlineEvent.subject, DeadlineEvent.due_at)
    parts = [None] if ticket_ids is None else _chunks(ticket_ids)
    return {(k, subj, clock.iso(due)) for part in parts
            for k, subj, due in session.execute(query if part is None else query.where(DeadlineEvent.ticket_id.in_(part)))}


def _new_misses(session: Session, rows: list[dict[str, Any]],
                ticket_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The missed deadlines not recorded yet (history is never a miss), once each."""
    missed = [r for r in rows if r["missed"]]
    if not missed:
        return []
    known = _recorded_keys(session, ticket_ids)
    out = []
    for r in missed:
        if _key(r) not in known:
            known.add(_key(r))
            out.append(r)
    return out


def _claims_near_deadline(rows: list[dict[str, Any]], now: datetime) -> list[int]:
    return sorted({r["ticket_id"] for r in rows
                   if r["kind"] in ("atoz", CLAIM_KIND) and not r["history"] and r["_due"] - now <= ESCALATE_BEFORE})


def _escalate_reason(rows: list[dict[str, Any]], now: datetime, tickets: Collection[int]) -> str:
    """The reason the batch's tickets are escalated: a chargeback among them names both."""
    near = [r for r in rows if r["ticket_id"] in tickets and not r["history"] and r["_due"] - now <= ESCALATE_BEFORE]
    return CLAIM_ESCALATE_REASON if any(r.get("window") == "chargeback" for r in near) else ESCALATE_REASON


def _missing_escalation_tags(session: Session, ids: list[int]) -> dict[int, list[str]]:
    from warroom.services.triage import ESCALATION_TAGS

    tagged: dict[int, set[str]] = {}
    for part in _chunks(ids):
        for tid, tag in session.execute(select(TicketTag.ticket_id, TicketTag.tag).where(
                TicketTag.ticket_id.in_(part), TicketTag.tag.in_(ESCALATION_TAGS))):
            tagged.setdefault(tid, set()).add(tag)
    missing = {tid: [t for t in ESCALATION_TAGS if t not in tagged.get(tid, set())] for tid in ids}
    return {tid: tags for tid, tags in missing.items() if tags}


# ---------------------------------------------------------------------------------- the sweep

def events_digest(events: list[tuple[str, str, str, bool, int | None]]) -> str:
    """SHA-256 (hex) of a batch's deadline_event rows, in id order: the UTF-8 bytes of the JSON
    array (no spaces) of ``[kind, subject, due_at, suspended_at_due, suspension_id]`` per row,
    ``due_at`` as ISO 8601 UTC with ``Z`` (like ``"2026-11-21T09:00:00Z"``)."""
    text = json.dumps([list(e) for e in events], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _miss_payload(now: datetime, misses: list[dict[str, Any]], event_ids: list[int]) -> dict[str, Any]:
    groups: dict[tuple[str, bool, int | None], list[dict[str, Any]]] = {}
    for r in misses:
        groups.setdefault((r["kind"], r["suspended_at_due"], r["suspension_id"]), []).append(r)
    out = []
    for (kind, suspended, sid), rows in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][2] or 0)):
        group: dict[str, Any] = {"kind": kind, "suspended_at_due": suspended, "suspension_id": sid,
                                 "count": len(rows), "due_from": min(r["due_at"] for r in rows),
                                 "due_to": max(r["due_at"] for r in rows),
                                 "tickets": T.id_runs({r["ticket_id"] for r in rows})}
        if kind == "response":
            group["messages"] = T.id_runs([r["message_id"] for r in rows])
        elif kind == CLAIM_KIND:
            group["claims"] = T.id_runs([r["claim_id"] for r in rows])
        out.append(group)
    return {"found_at": clock.iso(now), "count": len(misses), "kinds": dict(sorted(Counter(r["kind"] for r in misses).items())),
            "groups": out, "event_ids": T.id_runs(event_ids),
            "events_sha256": events_digest([(r["kind"], _subject(r), r["due_at"], bool(r["suspended_at_due"]),
                                             r["suspension_id"]) for r in misses])}


def _record_batch(uow: UnitOfWork, now: datetime, misses: list[dict[str, Any]]) -> None:
    """Insert the batch's events (in the order given) and its one ``deadline.missed`` entry."""
    conn = uow.connection
    stamp = db_datetime_converter(conn.dialect.name)
    found_at = stamp(now)
    last = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM deadline_event").scalar_one())
    conn.exec_driver_sql(
        "INSERT INTO deadline_event (ticket_id, kind, subject, due_at, found_at, suspended_at_due,"
        f" suspension_id) VALUES ({placeholders(conn, 7)})",
        [(r["ticket_id"], r["kind"], _subject(r), stamp(r["_due"]), found_at, bool(r["suspended_at_due"]),
          r["suspension_id"]) for r in misses])
    ids = [int(row[0]) for row in conn.exec_driver_sql(
        f"SELECT id FROM deadline_event WHERE id > {placeholders(conn, 1)} ORDER BY id", (last,))]
    uow.audit(SYSTEM_ACTOR, "deadline.missed", "tickets", _miss_payload(now, misses, ids))


def _escalate_batch(uow: UnitOfWork, now: datetime, missing: dict[int, list[str]],
                    reason: str = ESCALATE_REASON) -> None:
    """Tag the claims URGENT/ESCALATED (what each lacks), refresh their priority, one entry."""
    from warroom.services.triage import queue_priority

    conn = uow.connection
    stamp = db_datetime_converter(conn.dialect.name)
    conn.exec_driver_sql(
        f"INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) VALUES ({placeholders(conn, 5)})",
        [(tid, tag, reason, SYSTEM_ACTOR, stamp(now)) for tid, tags in missing.items() for tag in tags])
    ids = sorted(missing)
    flags: dict[int, set[str]] = {}
    updates = []
    for part in _chunks(ids):
        for tid, tag in uow.session.execute(select(TicketTag.ticket_id, TicketTag.tag).where(
                TicketTag.ticket_id.in_(part), TicketTag.tag.in_(T.FLAGS))):
            flags.setdefault(tid, set()).add(tag)
        for tid, category, due in uow.session.execute(select(Ticket.id, Ticket.category, Ticket.due_at)
                                                      .where(Ticket.id.in_(part))):
            updates.append((queue_priority(category, flags.get(tid, set()), due), tid))
    m = placeholders(conn, 1)
    conn.exec_driver_sql(f"UPDATE ticket SET priority = {m} WHERE id = {m}", updates)
    by_tags: dict[tuple[str, ...], list[int]] = {}
    for tid, tags in missing.items():
        by_tags.setdefault(tuple(tags), []).append(tid)
    uow.audit(SYSTEM_ACTOR, "triage.escalate", "tickets", {
        "reason": reason, "count": len(missing),
        "groups": [{"tags": list(tags), "tickets": T.id_runs(tids)} for tags, tids in sorted(by_tags.items())]})


class _Batches:
    """Cuts the pending work (misses per ticket, in due order) into batches of whole tickets,
    sized so each write transaction stays near SWEEP_TARGET_S, and keeps the figures."""

    def __init__(self, fixed: int | None, first: int = FIRST_BATCH) -> None:
        self.fixed = fixed
        self.size = fixed or first
        self.count = 0
        self.longest = 0.0
        self.total = 0.0

    def cut(self, weights: dict[int, int]) -> Iterator[list[int]]:
        order = list(weights)
        i = 0
        while i < len(order):
            batch: list[int] = []
            n = 0
            while i < len(order) and (not batch or n + weights[order[i]] <= self.size):
                batch.append(order[i])
                n += weights[order[i]]
                i += 1
            yield batch

    def held(self, seconds: float, more: bool) -> None:
        """A batch held the write lock this long: resize the next one and let others write."""
        self.count += 1
        self.total += seconds
        self.longest = max(self.longest, seconds)
        if self.fixed is None and seconds > 0:
            scaled = int(self.size * min(1.5, max(0.5, SWEEP_TARGET_S / seconds)))
            self.size = max(MIN_BATCH, min(MAX_BATCH, scaled))
        if more:
            time.sleep(min(PAUSE_MAX_S, max(PAUSE_MIN_S, seconds * PAUSE_SHARE)))


def sweep(db: Database, now: datetime | None = None, *, actor: Actor | None = None,
          batch_size: int | None = None) -> dict[str, Any]:
    """Record the deadlines found missed (once each, by `system`, a batch per write transaction)
    and escalate A-to-z claims within 24 hours of their deadline.  ``actor`` (a CLI user who
    asked for the sweep) must be allowed to work tickets; the console's timer passes none.
    ``batch_size`` fixes the misses (or claims) per batch; by default it adapts to the machine.

    Returns ``missed_recorded``, ``escalated`` (ticket ids), ``history`` (deadlines due before the
    database began, not recorded), ``batches`` and ``entries`` (write transactions, one entry
    each), ``longest_write_s``, ``write_s`` (their sum), ``elapsed_s`` and ``claimed_elsewhere``
    (another sweep was recording the same misses: this one stopped), ``skipped`` (None, or
    :data:`SKIPPED` when another sweep held the sweep lock: this one did nothing)."""
    if batch_size is not None and batch_size < 1:
        raise BadInput("batch size must be at least 1")
    now = now or clock.now()
    started = time.perf_counter()
    # One sweep at a time across every desktop of a server (warroom.storage.locks.sweep_lock).
    with sweep_lock(db.engine) as mine:
        if not mine:
            return {"missed_recorded": 0, "escalated": [], "history": 0, "batches": 0, "entries": 0,
                    "longest_write_s": 0.0, "write_s": 0.0, "elapsed_s": time.perf_counter() - started,
                    "claimed_elsewhere": True, "skipped": SKIPPED}
        return _sweep(db, now, actor, batch_size, started)


#: why a sweep did nothing (its result's ``skipped``)
SKIPPED = "another sweep is running (on this or another desktop); this one was skipped"


def _sweep(db: Database, now: datetime, actor: Actor | None, batch_size: int | None,
           started: float) -> dict[str, Any]:
    # Look first without the write lock: most sweeps find nothing new, and computing the clocks
    # of a large queue takes a second that other users' writes should not wait for.
    with UnitOfWork(db, write=False) as look:
        if actor is not None:
            current_actor(look, actor, Permission.WORK_TICKETS)
        rows = compute(look.session, now)
        pending = _new_misses(look.session, rows)
        claims = _missing_escalation_tags(look.session, _claims_near_deadline(rows, now))
        history = sum(1 for r in rows if r["history"])
    batches = _Batches(batch_size)
    recorded, claimed_elsewhere = _record_misses(db, now, pending, batches)
    escalated: list[int] = []
    # an escalation costs more than a miss: its batches are sized on their own, from fewer
    escalations = _Batches(batch_size, FIRST_BATCH // 4)
    if not claimed_elsewhere:
        escalated, claimed_elsewhere = _escalate_claims(db, now, claims, escalations)
    count = batches.count + escalations.count
    return {"missed_recorded": recorded, "escalated": escalated, "history": history, "batches": count,
            "entries": count, "longest_write_s": max(batches.longest, escalations.longest),
            "write_s": batches.total + escalations.total, "elapsed_s": time.perf_counter() - started,
            "claimed_elsewhere": claimed_elsewhere, "skipped": None}


@dataclass(frozen=True, slots=True)
class SweepPending:
    """What a sweep would record now (read only): misses not yet recorded, claims to escalate."""

    misses: int
    claims_to_escalate: int

    @property
    def any(self) -> bool:
        return bool(self.misses or self.claims_to_escalate)


def sweep_pending(db: Database, now: datetime | None = None) -> SweepPending:
    """What a sweep would do now, writing nothing (a reading command reports it)."""
    now = now or clock.now()
    with UnitOfWork(db, write=False) as look:
        rows = compute(look.session, now)
        return SweepPending(len(_new_misses(look.session, rows)),
                            len(_missing_escalation_tags(look.session, _claims_near_deadline(rows, now))))


def _record_misses(db: Database, now: datetime, pending: list[dict[str, Any]], batches: _Batches) -> tuple[int, bool]:
    weights: dict[int, int] = {}
    for r in pending:                       # tickets in the order of their first miss
        weights[r["ticket_id"]] = weights.get(r["ticket_id"], 0) + 1
    expected = {_key(r) for r in pending}
    recorded = 0
    remaining = dict(weights)
    while remaining:
        tickets = next(batches.cut(remaining))
        for tid in tickets:
            remaining.pop(tid)
        with UnitOfWork(db) as uow:
            t0 = time.perf_counter()
            lock_table_for_writes(uow.connection, "deadline_event")
            rows = compute(uow.session, now, ticket_ids=tickets)
            misses = _new_misses(uow.session, rows, tickets)
            if not misses:
                # what this sweep saw pending is recorded now: another sweep is doing the work
                if any(_key(r) in expected for r in rows if r["missed"]):
                    return recorded, True
                continue
            _record_batch(uow, now, misses)
            uow.commit()
            held = time.perf_counter() - t0
        recorded += len(misses)
        batches.held(held, bool(remaining))
    return recorded, False


def _escalate_claims(db: Database, now: datetime, claims: dict[int, list[str]],
                     batches: _Batches) -> tuple[list[int], bool]:
    escalated: list[int] = []
    remaining = {tid: 1 for tid in claims}
    while remaining:
        tickets = next(batches.cut(remaining))
        for tid in tickets:
            remaining.pop(tid)
        with UnitOfWork(db) as uow:
            t0 = time.perf_counter()
            lock_table_for_writes(uow.connection, "ticket_tag")
            rows = compute(uow.session, now, ticket_ids=tickets)
            missing = _missing_escalation_tags(uow.session, _claims_near_deadline(rows, now))
            if not missing:
                if set(tickets) & set(_claims_near_deadline(rows, now)):
                    return escalated, True      # tagged meanwhile: another sweep is doing the work
                continue
            _escalate_batch(uow, now, missing, _escalate_reason(rows, now, missing))
            uow.commit()
            held = time.perf_counter() - t0
        escalated += sorted(missing)
        batches.held(held, bool(remaining))
    return sorted(escalated), False


# ---------------------------------------------------------------------------------- reading

def list_deadlines(db: Database, *, include_missed: bool = True, include_history: bool = False) -> list[dict[str, Any]]:
    """Running deadlines and missed ones still unanswered, soonest first (reads only: recording
    the misses is :func:`sweep`'s job); ``include_history``: also those due before the database
    began (``history: true``)."""
    with UnitOfWork(db, write=False) as uow:
        rows = compute(uow.session, clock.now())
    return _public([r for r in rows if (include_missed or not r["missed"]) and (include_history or not r["history"])])


def recorded_misses(db: Database) -> list[dict[str, Any]]:
    with UnitOfWork(db, write=False) as uow:
        return [{"id": e.id, "ticket_id": e.ticket_id, "kind": e.kind, "subject": e.subject,
                 "due_at": clock.iso(e.due_at), "found_at": clock.iso(e.found_at),
                 "suspended_at_due": e.suspended_at_due, "suspension_id": e.suspension_id}
                for e in uow.session.scalars(select(DeadlineEvent).order_by(DeadlineEvent.id))]


def mark_no_response(db: Database, actor: Actor, ticket_id: int, reason: str) -> dict[str, Any]:
    """"No response needed" (reason required, audited): stops the ticket's 24-hour clock for every
    message received so far, as Amazon's own marking removes a message from the metric."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("a reason is required", field="reason")
    from warroom.services.triage import refresh_priority

    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        if ticket.due_at is None:
            from warroom.errors import BusinessRuleError

            raise BusinessRuleError(f"ticket {ticket_id} has no running clock (nothing is waiting for an answer)")
        now = clock.now()
        stopped = ticket.due_at
        ticket.no_response_at = now
        ticket.due_at = None
        if ticket.status in ("open", "waiting"):
            ticket.status = "answered"
        refresh_priority(uow.session, ticket)
        uow.audit(actor.name, "ticket.no-response", f"ticket:{ticket.id}",
                  {"reason": reason, "clock_due_at": clock.iso(stopped)})
        uow.commit()
        return {"ticket_id": ticket.id, "no_response_at": clock.iso(now), "reason": reason}
