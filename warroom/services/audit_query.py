"""Reading the audit log: filtered pages of entries, newest first, with keyset paging.

The chain stores each entry only as its canonical bytes (``audit_entry.canonical``, RFC 8785
JSON with sorted members: ``{"action":…,"actor":…,"at":…,"entity":…,"payload":…,"seq":…}``),
so there is no column to index by actor, action or entity and the schema stays as it is.  The
filters use that fixed layout instead:

* **action**: the bytes *start with* ``{"action":"<action>",`` (exact) or ``{"action":"<prefix>``
  (an action ending in ``*``, e.g. ``draft.*``): a comparison of the first bytes of each row.
* **actor** and **entity**: a byte search (SQLite ``instr`` on the BLOB) for the top-level member
  as it is serialized (``,"actor":"<actor>","at":"`` and ``,"entity":"<entity>","payload":``).
  Each candidate is then decoded and compared exactly, so a payload that happens to hold the
  same bytes never shows up as a match.  An entity ``ticket:N`` also matches the entries of bulk
  actions (entity ``tickets``) whose ``tickets`` id runs hold N.
* **time range**: ``at`` follows ``seq`` (the chain's time never goes back by more than
  :data:`~warroom.domain.audit.CLOCK_STEP_TOLERANCE`; ``audit verify`` reports an entry that
  does), so the range becomes a range of sequence numbers by binary search, widened by that
  tolerance, and every candidate's ``at`` is then compared exactly.

Paging is by key, never by OFFSET: a page is "the next ``limit`` matches with ``seq < before``",
and the scan goes down the primary key in bounded chunks (each its own short read), calling
``progress`` between chunks so a worker can show how far it got and cancel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Sequence

from sqlalchemy import select

from warroom.domain.audit import CLOCK_STEP_TOLERANCE, AuditEntry, parse_at
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, NotFound
from warroom.progress import Progress, no_progress
from warroom.storage.dialect import placeholder
from warroom.storage.engine import Database
from warroom.storage.models import Draft, Ticket
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

#: sequence numbers one statement scans at most (a short read even on a slow disk)
SCAN_CHUNK = 100_000
DEFAULT_PAGE = 200
MAX_PAGE = 5_000


@dataclass(frozen=True)
class AuditFilter:
    """What to show; every part optional.  ``action`` is exact, or a prefix when it ends in ``*``."""

    actor: str | None = None
    action: str | None = None
    entities: tuple[str, ...] = ()
    since: datetime | None = None       # inclusive
    until: datetime | None = None       # inclusive

    @property
    def empty(self) -> bool:
        return not (self.actor or self.action or self.entities or self.since or self.until)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str                      # as stored: YYYY-MM-DDTHH:MM:SS.ffffffZ (UTC)
    actor: str
    action: str
    entity: str
    payload: Any
    hash: str
    prev_hash: str
    problem: str | None = None   # the stored bytes could not be read as an entry (see ``audit verify``)

    @property
    def when(self) -> datetime | None:
        try:
            return parse_at(self.at)
        except ValueError:
            return None

    def payload_text(self) -> str:
        """The payload as indented JSON (non-ASCII text kept readable)."""
        return json.dumps(self.payload, indent=2, ensure_ascii=False, sort_keys=True)

    def document_text(self) -> str:
        """The whole entry, indented: what the side panel shows."""
        doc = {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action, "entity": self.entity,
               "payload": self.payload, "hash": self.hash, "prev_hash": self.prev_hash}
        if self.problem:
            doc["problem"] = self.problem
        return json.dumps(doc, indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    before: int | None           # pass as ``before`` for the next page; None: nothing older matches
    head: int                    # the newest sequence number when the page was read


def _require(actor: Actor) -> None:
    actor.require(Permission.READ_AUDIT)


def _json(value: str) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _check_filter(f: AuditFilter) -> None:
    for name, value in (("actor", f.actor), ("action", f.action), *(("entity", e) for e in f.entities)):
        if value is not None and (len(value) > 500 or "\x00" in value):
            raise BadInput(f"{name} filter is too long or holds a NUL character", field=name)
    if f.since and f.until and f.since > f.until:
        raise BadInput("the time range ends before it starts", field="until")


def _conditions(f: AuditFilter, dialect: str, ph: str) -> tuple[list[str], list[Any]]:
    """SQL conditions on the canonical bytes (SQLite's ``instr``/``substr`` on the BLOB,
    PostgreSQL's ``position``/``substring`` on the bytea) that keep every match (and perhaps a
    few more, checked later)."""
    if dialect == "sqlite":
        def prefix(n: int) -> str:
            return f"substr(canonical, 1, {n}) = {ph}"

        contains = f"instr(canonical, {ph}) > 0"
    else:
        def prefix(n: int) -> str:
            return f"substring(canonical from 1 for {n}) = {ph}"

        contains = f"position({ph} in canonical) > 0"
    where: list[str] = []
    params: list[Any] = []
    if f.action:
        needle = (b'{"action":' + _json(f.action[:-1])[:-1]) if f.action.endswith("*") else \
                 (b'{"action":' + _json(f.action) + b',"actor":')
        where.append(prefix(len(needle)))
        params.append(needle)
    if f.actor:
        where.append(contains)
        params.append(b',"actor":' + _json(f.actor) + b',"at":"')
    if f.entities:
        needles = [b',"entity":' + _json(e) + b',"payload":' for e in f.entities]
        if _bulk_tickets(f):
            needles.append(b',"entity":' + _json(BULK_ENTITY) + b',"payload":')
        where.append("(" + " OR ".join(contains for _ in needles) + ")")
        params.extend(needles)
    return where, params


#: the entity of a bulk action's entry: its payload's ``tickets`` lists the tickets as id runs
BULK_ENTITY = "tickets"


def _bulk_tickets(f: AuditFilter) -> frozenset[int]:
    """The tickets (``ticket:N`` among the entities) whose bulk entries match too."""
    out = set()
    for e in f.entities:
        kind, _, number = e.partition(":")
        if kind == "ticket" and number.isdigit():
            out.add(int(number))
    return frozenset(out)


def _in_runs(runs: Any, wanted: frozenset[int]) -> bool:
    for run in runs if isinstance(runs, list) else ():
        if isinstance(run, list) and len(run) == 2 and all(isinstance(x, int) for x in run):
            if any(run[0] <= t <= run[1] for t in wanted):
                return True
        elif isinstance(run, int) and run in wanted:
            return True
    return False


def _matches(row: AuditRow, f: AuditFilter) -> bool:
    if row.problem is not None:
        return f.empty
    if f.action:
        if f.action.endswith("*"):
            if not row.action.startswith(f.action[:-1]):
                return False
        elif row.action != f.action:
            return False
    if f.actor and row.actor != f.actor:
        return False
    if f.entities and row.entity not in f.entities:
        # a bulk action's entry belongs to each ticket it lists
        if row.entity != BULK_ENTITY or not isinstance(row.payload, dict) \
                or not _in_runs(row.payload.get("tickets"), _bulk_tickets(f)):
            return False
    if f.since or f.until:
        when = row.when
        if when is None or (f.since and when < f.since) or (f.until and when > f.until):
            return False
    return True


def _row(seq: int, canonical: Any, prev_hash: Any, hash_: Any) -> AuditRow:
    def text(v: Any) -> str:
        return bytes(v).decode("utf-8", "replace") if isinstance(v, (bytes, bytearray, memoryview)) else str(v)

    try:
        e = AuditEntry.from_stored(seq, bytes(canonical), text(prev_hash), text(hash_))
        if not all(isinstance(x, str) for x in (e.at, e.actor, e.action, e.entity)):
            raise ValueError("a member is not text")
        return AuditRow(e.seq, e.at, e.actor, e.action, e.entity, e.payload, e.hash, e.prev_hash)
    except (ValueError, KeyError, TypeError) as exc:
        return AuditRow(seq, "", "", "", "", None, text(hash_), text(prev_hash),
                        problem=f"the stored bytes are not a readable entry ({type(exc).__name__})")


def _at_of(conn: Any, seq: int) -> tuple[int, datetime | None] | None:
    """(seq, at) of the first entry at or after ``seq``; None past the head."""
    ph = placeholder(conn)
    r = conn.exec_driver_sql(f"SELECT seq, canonical FROM audit_entry WHERE seq >= {ph} ORDER BY seq LIMIT 1",
                             (seq,)).first()
    if r is None:
        return None
    try:
        return int(r[0]), parse_at(json.loads(bytes(r[1]))["at"])
    except (ValueError, KeyError, TypeError):
        return int(r[0]), None


def _first_seq_from(conn: Any, when: datetime, lo: int, hi: int) -> int:
    """The smallest seq in [lo, hi + 1] whose ``at`` is at or after ``when``, taking the chain's
    times as non-decreasing (an unreadable time counts as later: it is kept, then dropped by the
    exact check)."""
    while lo <= hi:
        mid = (lo + hi) // 2
        found = _at_of(conn, mid)
        if found is None:
            hi = mid - 1
            continue
        seq, at = found
        if at is None or at >= when:
            hi = mid - 1
        else:
            lo = max(mid, seq) + 1
    return lo


def _seq_range(conn: Any, f: AuditFilter, head: int) -> tuple[int, int]:
    """[low, high] sequence numbers that can hold a match of the time range."""
    low, high = 1, head
    if f.since is not None:
        low = _first_seq_from(conn, f.since - CLOCK_STEP_TOLERANCE, 1, head)
    if f.until is not None:
        high = _first_seq_from(conn, f.until + CLOCK_STEP_TOLERANCE, low, head) - 1
    return low, high


def query_entries(db: Database, actor: Actor, f: AuditFilter = AuditFilter(), *, before: int | None = None,
                  limit: int = DEFAULT_PAGE, progress: Progress = no_progress) -> AuditPage:
    """Up to ``limit`` entries matching ``f`` with ``seq < before`` (None: from the newest),
    newest first.  ``progress(done, total, "scanning")`` is called between chunks."""
    _require(actor)
    _check_filter(f)
    limit = max(1, min(int(limit), MAX_PAGE))
    with UnitOfWork(db, write=False) as uow:
        current_actor(uow, actor, Permission.READ_AUDIT)
        conn = uow.connection
        head_row = conn.exec_driver_sql("SELECT MAX(seq) FROM audit_entry").first()
        head = int(head_row[0] or 0) if head_row else 0
        low, high = _seq_range(conn, f, head)
    top = min(high, head if before is None else before - 1)
    found: list[AuditRow] = []
    total = max(0, top - low + 1)
    cursor = top                                  # next seq to look at, going down
    while cursor >= low and len(found) < limit:
        floor = max(low, cursor - SCAN_CHUNK + 1)
        progress(top - cursor, total, "scanning")
        want = limit - len(found)
        with UnitOfWork(db, write=False) as uow:
            ph = placeholder(uow.connection)
            where, params = _conditions(f, uow.connection.dialect.name, ph)
            sql = (f"SELECT seq, canonical, prev_hash, hash FROM audit_entry WHERE seq <= {ph} AND seq >= {ph}"
                   + "".join(f" AND {w}" for w in where) + f" ORDER BY seq DESC LIMIT {int(want)}")
            rows = uow.connection.exec_driver_sql(sql, (cursor, floor, *params)).all()
        for r in rows:
            row = _row(int(r[0]), r[1], r[2], r[3])
            if _matches(row, f):
                found.append(row)
        cursor = (int(rows[-1][0]) - 1) if len(rows) == want else floor - 1
    progress(total, total, "scanning")
    more = cursor >= low
    return AuditPage(rows=tuple(found), before=(cursor + 1) if more else None, head=head)


def get_entry(db: Database, actor: Actor, seq: int) -> AuditRow:
    _require(actor)
    if not 0 < seq < 2**31:        # seq is an INTEGER (32 bits on PostgreSQL)
        raise NotFound(f"no audit entry {seq}")
    with UnitOfWork(db, write=False) as uow:
        ph = placeholder(uow.connection)
        r = uow.connection.exec_driver_sql(
            f"SELECT seq, canonical, prev_hash, hash FROM audit_entry WHERE seq = {ph}", (int(seq),)).first()
    if r is None:
        raise NotFound(f"no audit entry {seq}")
    return _row(int(r[0]), r[1], r[2], r[3])


def ticket_entities(db: Database, actor: Actor, ticket_id: int) -> tuple[str, ...]:
    """The entities whose entries belong to a ticket: the ticket itself and each of its drafts."""
    _require(actor)
    with UnitOfWork(db, write=False) as uow:
        if uow.session.get(Ticket, ticket_id) is None:
            raise NotFound(f"no ticket {ticket_id}")
        drafts = uow.session.scalars(select(Draft.id).where(Draft.ticket_id == ticket_id).order_by(Draft.id)).all()
    return (f"ticket:{ticket_id}", *(f"draft:{d}" for d in drafts))


def parse_time(text: str, field: str) -> datetime | None:
    """A filter time typed by a person: ISO 8601 (``2026-12-01`` or ``2026-12-01T10:00:00Z``); empty: none."""
    from warroom import clock

    text = text.strip()
    if not text:
        return None
    try:
        return clock.parse_iso(text if "T" in text else text + "T00:00:00Z")
    except (ValueError, OverflowError):
        raise BadInput(f"not a time: {text!r} (use 2026-12-01 or 2026-12-01T10:00:00Z)", field=field) from None


def iter_all(db: Database, actor: Actor, f: AuditFilter = AuditFilter(), page: int = 1000) -> Iterable[AuditRow]:
    """Every match, newest first (tests and tools)."""
    before: int | None = None
    while True:
        result = query_entries(db, actor, f, before=before, limit=page)
        yield from result.rows
        if result.before is None:
            return
        before = result.before


__all__: Sequence[str] = ["AuditFilter", "AuditRow", "AuditPage", "query_entries", "get_entry", "ticket_entities",
                          "parse_time", "iter_all", "SCAN_CHUNK"]
