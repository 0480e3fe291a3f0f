"""Reading the clock settings; when the database began; archive imports.

**History.**  A deadline whose due time is before the database began ran out before War Room
existed: it is history, never recorded as a miss (``deadline.missed``) nor escalated by the
sweep.  The database began at the time (``at``) of its first audit entry, seq 1, which is
written when the database is created (``system`` taking in the shipped rules).  An empty chain
has no beginning yet, and nothing is history by it.

**Archive imports** (``import messages --archive [--archive-before TIME]``).  The messages
imported as history (all of the files', or those received before TIME) start no clock: the
response clock of each ticket they join is stopped up to the newest of them, as "no response
needed" stops it (``ticket.no_response_at``), so they neither put the ticket past due nor are
swept as misses.  A clock that was already running for an older message of that ticket, not
imported as history, is never stopped by an archive: archived messages newer than such a
message keep their clock (``kept_clock`` in the import's entry) and the import says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.tickets import id_runs
from warroom.services.settings import read_setting
from warroom.storage.dialect import placeholders
from warroom.storage.types import db_datetime_converter, db_to_datetime

CHUNK = 500


def response_window(session: Any) -> timedelta:
    return timedelta(hours=int(read_setting(session, "response_window_hours")))


def database_started_at(session: Any) -> datetime | None:
    """From when misses count: the time of the database's first audit entry (None for an empty
    chain, or a first entry that cannot be read: then nothing is history by it), or the setting
    ``deadlines.counted_from`` when that is earlier (it can only count more, never hide a miss)."""
    from warroom.services.settings import read_setting

    row = session.connection().exec_driver_sql("SELECT canonical FROM audit_entry ORDER BY seq LIMIT 1").first()
    if row is None:
        return None
    try:
        began = clock.parse_iso(json.loads(bytes(row[0]))["at"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    counted_from = str(read_setting(session, "deadlines.counted_from") or "")
    if counted_from:
        began = min(began, clock.parse_iso(counted_from))
    return began


@dataclass(frozen=True)
class ArchiveOutcome:
    """What an archive import made history.  ``history``: the message ids that start no clock;
    ``kept_clock``: messages received before the cut-off that keep their clock because an older
    message of their ticket (not history) still waits for an answer; ``tickets``: the tickets
    whose response clock was stopped."""

    before: datetime | None
    history: tuple[int, ...] = ()
    kept_clock: tuple[int, ...] = ()
    tickets: tuple[int, ...] = ()

    def audit(self) -> dict[str, Any]:
        return {"before": clock.iso(self.before) if self.before else None, "history_count": len(self.history),
                "history_messages": id_runs(list(self.history)), "tickets": id_runs(list(self.tickets)),
                "kept_clock_count": len(self.kept_clock), "kept_clock_messages": id_runs(list(self.kept_clock))}


def _chunks(ids: list[int]) -> Any:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def archive_messages(uow: Any, message_ids: list[int], before: datetime | None) -> ArchiveOutcome:
    """Make the just-imported ``message_ids`` (those received before ``before``, or all) history,
    inside the import's unit of work (the caller's audit entry records the outcome)."""
    from warroom.services.triage import queue_priority

    conn = uow.connection
    if not message_ids:
        return ArchiveOutcome(before)
    wanted = set(message_ids)
    archived: dict[int, list[tuple[int, datetime]]] = {}     # ticket -> [(message id, received)]
    for part in _chunks(sorted(wanted)):
        for mid, tid, at in conn.exec_driver_sql(
                f"SELECT id, ticket_id, at FROM message WHERE id IN ({placeholders(conn, len(part))})", tuple(part)):
            received = db_to_datetime(at)
            assert received is not None
            if before is None or received < before:
                archived.setdefault(int(tid), []).append((int(mid), received))
    if not archived:
        return ArchiveOutcome(before)
    window = response_window(uow.session)
    stamp = db_datetime_converter(conn.dialect.name)
    history: list[int] = []
    kept: list[int] = []
    stopped: list[int] = []
    updates: list[tuple[Any, ...]] = []
    for part in _chunks(sorted(archived)):
        marks = placeholders(conn, len(part))
        tickets = {int(r[0]): r for r in conn.exec_driver_sql(
            f"SELECT id, category, last_outbound_at, no_response_at, due_at FROM ticket WHERE id IN ({marks})",
            tuple(part))}
        inbound: dict[int, list[tuple[int, datetime]]] = {}
        for tid, mid, at in conn.exec_driver_sql(
                f"SELECT ticket_id, id, at FROM message WHERE direction = 'inbound' AND ticket_id IN ({marks})",
                tuple(part)):
            received = db_to_datetime(at)
            assert received is not None
            inbound.setdefault(int(tid), []).append((int(mid), received))
        flags: dict[int, set[str]] = {}
        for tid, tag in conn.exec_driver_sql(
                f"SELECT ticket_id, tag FROM ticket_tag WHERE ticket_id IN ({marks})"
                f" AND tag IN ({placeholders(conn, len(T.FLAGS))})", (*part, *T.FLAGS)):
            flags.setdefault(int(tid), set()).add(tag)
        for tid in part:
            _, category, last_out, no_response, due = tickets[tid]
            handled = max((x for x in (db_to_datetime(last_out), db_to_datetime(no_response)) if x), default=None)
            mine = {mid for mid, _ in archived[tid]}
            # the oldest message of the ticket, not history, that still waits for an answer
            waiting = [at for mid, at in inbound.get(tid, []) if mid not in mine and (handled is None or at > handled)]
            limit = min(waiting) if waiting else None
            covered = [(mid, at) for mid, at in archived[tid] if limit is None or at < limit]
            kept += [mid for mid, at in archived[tid] if limit is not None and at >= limit]
            if not covered:
                continue
            history += [mid for mid, _ in covered]
            horizon = max(at for _, at in covered)
            if handled is not None and handled >= horizon:
                continue                                  # already answered or marked: no clock to stop
            new_handled = horizon
            unanswered = [at for _, at in inbound.get(tid, []) if at > new_handled]
            new_due = min(unanswered) + window if unanswered else None
            stopped.append(tid)
            updates.append((stamp(new_handled), stamp(new_due), queue_priority(category, flags.get(tid, ()), new_due),
                            tid))
    if updates:
        m = placeholders(conn, 1)
        conn.exec_driver_sql(f"UPDATE ticket SET no_response_at = {m}, due_at = {m}, priority = {m} WHERE id = {m}",
                             updates)
    return ArchiveOutcome(before, tuple(sorted(history)), tuple(sorted(kept)), tuple(sorted(stopped)))
