"""Live refresh: what other seats changed since the console last looked, read from the audit log
(the change feed: warroom.storage.change_feed), so that an open console refreshes the affected
tickets' rows only, within a few seconds, without reloading the whole queue.

:func:`changes_after` turns the entries after a sequence number into a :class:`FeedChanges`: the
tickets and drafts they name, or ``everything`` for an action that touches the queue broadly
(an import, a suspension declared or lifted, a re-classification, more tickets than
:data:`MAX_TICKETS`).  :func:`watch` is the loop a console runs in a thread of its own: wait (a
notification on PostgreSQL, a poll of the head on SQLite), read, hand the changes to a callback.
No Qt here: ``ui/live_refresh.py`` is the thin adaptor.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from warroom.domain.audit import AuditEntry
from warroom.storage import audit_log
from warroom.storage.change_feed import POLL_S, head_seq, is_own, waiter_for
from warroom.storage.engine import Database

#: entries read per look; more than that since the last look: the console reloads everything
MAX_ENTRIES = 500
#: more tickets named than this: reload the queue instead of refreshing rows one by one
MAX_TICKETS = 200
#: actions that change which tickets the queue holds, or many of them at once
BROAD_PREFIXES = ("import.", "suspension.", "demo.", "triage.run", "triage.reclassify", "rules.",
                  "templates.import")
WAIT_S = 0.25                # the loop looks at its stop flag at least this often (a closing window waits for it)


@dataclass(frozen=True, slots=True)
class FeedChanges:
    """What the entries ``(after, head]`` changed."""

    after: int
    head: int
    ticket_ids: frozenset[int]
    draft_ids: frozenset[int]
    everything: bool
    actions: tuple[str, ...]          # the entries' actions, in order (oldest first)
    actors: frozenset[str]

    @property
    def empty(self) -> bool:
        return self.head <= self.after

    @property
    def anything(self) -> bool:
        """Something for a console to refresh."""
        return bool(self.ticket_ids or self.draft_ids or self.everything)


def _expand(value: Any, into: set[int], limit: int) -> bool:
    """Ticket ids from a payload's ``tickets`` (id runs ``[[a, b], ...]`` or plain ids); False
    when they are more than ``limit``."""
    if not isinstance(value, list):
        return True
    for item in value:
        if isinstance(item, int):
            into.add(item)
        elif isinstance(item, list) and len(item) == 2 and all(isinstance(x, int) for x in item):
            if item[1] - item[0] + len(into) > limit:
                return False
            into.update(range(item[0], item[1] + 1))
        if len(into) > limit:
            return False
    return True


def _walk(payload: Any, tickets: set[int], limit: int) -> bool:
    """Every ``ticket_id`` / ``tickets`` in the payload (nested groups too); False when too many."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "ticket_id" and isinstance(value, int):
                tickets.add(value)
            elif key in ("tickets", "ticket_ids"):
                if not _expand(value, tickets, limit):
                    return False
            elif isinstance(value, (dict, list)) and not _walk(value, tickets, limit):
                return False
    elif isinstance(payload, list):
        for value in payload:
            if isinstance(value, (dict, list)) and not _walk(value, tickets, limit):
                return False
    return len(tickets) <= limit


def _entity_id(entity: str, kind: str) -> int | None:
    prefix = kind + ":"
    if entity.startswith(prefix) and entity[len(prefix):].isdigit():
        return int(entity[len(prefix):])
    return None


def summarize(entries: Iterable[AuditEntry], after: int, head: int, *, complete: bool = True) -> FeedChanges:
    """The changes named by ``entries`` (``complete``: they are every entry up to ``head``)."""
    tickets: set[int] = set()
    drafts: set[int] = set()
    everything = not complete
    actions: list[str] = []
    actors: set[str] = set()
    for e in entries:
        actions.append(e.action)
        actors.add(e.actor)
        if e.action.startswith(BROAD_PREFIXES):
            everything = True
        ticket = _entity_id(e.entity, "ticket")
        if ticket is not None:
            tickets.add(ticket)
        draft = _entity_id(e.entity, "draft")
        if draft is not None:
            drafts.add(draft)
        if not _walk(e.payload, tickets, MAX_TICKETS):
            everything = True
    if len(tickets) > MAX_TICKETS:
        everything = True
    return FeedChanges(after=after, head=head, ticket_ids=frozenset(tickets), draft_ids=frozenset(drafts),
                       everything=everything, actions=tuple(actions), actors=frozenset(actors))


def current_head(db: Database) -> int:
    """Where a console starts watching from (it loaded everything up to here)."""
    return head_seq(db.engine)


def changes_after(db: Database, after: int, *, limit: int = MAX_ENTRIES, own: bool = True) -> FeedChanges:
    """What the entries after ``after`` changed (at most ``limit`` are read; beyond that the
    answer is ``everything``).  ``own``: leave out the entries this process appended through
    ``db`` (the console's own actions, which refreshed the screen as they were made)."""
    with db.engine.connect() as conn:
        entries = audit_log.entries(conn, after_seq=after, limit=limit + 1)
    if not entries:
        return summarize([], after, after)
    complete = len(entries) <= limit
    entries = entries[:limit]
    head = entries[-1].seq if complete else head_seq(db.engine)
    if own:                     # this console's own actions refreshed what they changed already
        pool = db.engine.pool
        entries = [e for e in entries if not is_own(pool, e.seq)]
    return summarize(entries, after, head, complete=complete)


def watch(db: Database, after: int, deliver: Callable[[FeedChanges], None], stop: threading.Event, *,
          poll_s: float = POLL_S, on_error: Callable[[BaseException], None] | None = None) -> None:
    """Until ``stop`` is set: wait for news, read what changed after the last seen entry, and
    ``deliver`` it (from this thread).  A failed read is reported to ``on_error`` and tried
    again at the next wake-up (the position is kept: nothing is skipped)."""
    waiter = waiter_for(db.engine, stop, poll_s)
    seen = after
    try:
        while not stop.is_set():
            if not waiter.wait(WAIT_S if db.dialect == "postgresql" else poll_s):
                continue
            if stop.is_set():
                break
            try:
                if head_seq(db.engine) <= seen:
                    continue
                changes = changes_after(db, seen)
            except Exception as exc:  # noqa: BLE001 - a dropped server: say so, try again later
                if on_error is not None:
                    on_error(exc)
                stop.wait(poll_s)
                continue
            seen = max(seen, changes.head)
            if changes.anything:
                deliver(changes)
    finally:
        waiter.close()
