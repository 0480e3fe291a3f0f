"""The console's queue: keyset-paged, sorted and filtered in the database.

``queue_page`` never loads more than ``limit`` tickets: the sort key of the last row of a page is
the cursor of the next (``after``), so page N costs the same as page 1 (no OFFSET).  Every sort
ends with the ticket id, which makes the key unique; every key part is non-NULL (a NULL-ness flag
plus a COALESCE), so one row-value comparison ``(k1, k2, ..., id) > (:v1, :v2, ..., :id)`` selects
the next page in either direction.

Full-text search looks at the newest matching messages only (``tickets.SEARCH_LIMIT``; ranking a
common word is slow), so the console shows newest matches first (``sort="newest"``).

Also here, for the ticket view: ``get_attachment`` (the stored bytes) and ``ticket_deadlines``
(running clocks of one ticket, read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

from sqlalchemy import and_, bindparam, func, literal, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from warroom import clock
from warroom.domain import tickets as T
from warroom.errors import BadInput, NotFound
from warroom.storage.dialect import fts_search_message_ids
from warroom.storage.engine import Database
from warroom.domain.drafts import WAITING
from warroom.storage.models import Attachment, Draft, Message, Ticket, TicketTag, User
from warroom.storage.types import UTCDateTime
from warroom.storage.uow import UnitOfWork
from warroom.services.tickets import SEARCH_LIMIT, _row_dict, _tags_by_ticket

DEFAULT_LIMIT = 100   # rows per page: ~3 screens; a smaller page keeps a scroll fetch short
MAX_LIMIT = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: sort name -> what the user sees (the console's column headers use these names).
SORTS = ("priority", "due", "channel", "order", "category", "subject", "status", "assignee",
         "received", "newest", "id")

_TICKET_COLUMNS = [Ticket.id, Ticket.channel, Ticket.amazon_order_id, Ticket.subject, Ticket.status,
                   Ticket.category, Ticket.priority, Ticket.tier, Ticket.language, Ticket.received_at,
                   Ticket.due_at, Ticket.marketplace, Ticket.buyer_name, Ticket.last_inbound_at]


class _NullsLast:
    """A nullable column as two non-NULL key parts: (column IS NULL, COALESCE(column, filler)).

    The row-value comparison of the keyset needs non-NULL parts; ORDER BY uses the bare column
    (same order: the flag already separates the NULLs), so an index on it can serve the sort."""

    def __init__(self, column: Any, filler: Any) -> None:
        self.column = column
        self.flag = column.is_(None)
        self.value = func.coalesce(column, filler)


@dataclass(frozen=True)
class QueueFocus:
    """A narrower view of the queue (what a dashboard number stands for), on top of the filters:
    the tickets of one ``category``, those whose response clock runs (``waiting``), those due in
    [``due_from``, ``due_before``), or the ``ticket_ids`` given.  Every part set must hold.
    ``closed_too``: closed tickets are shown as well (a late answer counts after the ticket closed)."""

    category: str | None = None
    waiting: bool = False
    due_from: datetime | None = None
    due_before: datetime | None = None
    ticket_ids: tuple[int, ...] | None = None
    closed_too: bool = False

    def clauses(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.category is not None:
            where.append(Ticket.category == self.category)
        if self.waiting:
            where.append(Ticket.due_at.is_not(None))
        if self.due_from is not None:
            where.append(Ticket.due_at >= self.due_from)
        if self.due_before is not None:
            where.append(Ticket.due_at < self.due_before)
        if self.ticket_ids is not None:
            # rendered inline: a rate's tickets can be more than SQLite's 32,766 parameters
            where.append(Ticket.id.in_(bindparam("focus_ids", list(self.ticket_ids), expanding=True,
                                                 literal_execute=True)))
        return where


def _due() -> _NullsLast:
    return _NullsLast(Ticket.due_at, literal(_EPOCH, UTCDateTime()))


def _expand(parts: list[Any]) -> tuple[list[ColumnElement[Any]], list[ColumnElement[Any]]]:
    """(key expressions for the cursor, ORDER BY expressions)."""
    keys: list[ColumnElement[Any]] = []
    order: list[ColumnElement[Any]] = []
    for p in parts:
        if isinstance(p, _NullsLast):
            keys += [p.flag, p.value]
            order += [p.flag, p.column]
        else:
            keys.append(p)
            order.append(p)
    return keys, order


def _sort_parts(sort: str) -> list[Any]:
    """The ORDER BY of a sort, without the final id (most urgent first, ties by the clock)."""
    urgency = [Ticket.priority, _due()]
    parts: dict[str, list[Any]] = {
        "priority": urgency,
        "due": [_due(), Ticket.priority],
        "channel": [Ticket.channel, *urgency],
        "order": [_NullsLast(Ticket.amazon_order_id, "")],
        "category": [Ticket.category, *urgency],
        "subject": [Ticket.subject],
        "status": [Ticket.status, *urgency],
        "assignee": [_NullsLast(User.name, ""), *urgency],
        "received": [Ticket.received_at],
        "newest": [func.coalesce(Ticket.last_inbound_at, Ticket.received_at)],
        "id": [],
    }
    if sort not in parts:
        raise BadInput(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    return parts[sort]


def _search_ticket_ids(db: Database, search: str) -> list[int]:
    with UnitOfWork(db, write=False) as uow:
        message_ids = fts_search_message_ids(uow.connection, search, SEARCH_LIMIT)
        if not message_ids:
            return []
        rows = uow.session.execute(select(Message.ticket_id).where(Message.id.in_(message_ids)).distinct())
        return [int(r[0]) for r in rows]


def _filters(db: Database, *, tag: str | None, status: str | None, channel: str | None,
             search: str | None, include_closed: bool,
             focus: QueueFocus | None = None, assignee: str | None = None) -> list[ColumnElement[bool]] | None:
    """WHERE clauses; None when the search matches nothing (no query needed).  ``assignee``: a
    user's name ("my tickets")."""
    where: list[ColumnElement[bool]] = focus.clauses() if focus is not None else []
    include_closed = include_closed or (focus is not None and focus.closed_too)
    if focus is not None and focus.ticket_ids is not None and not focus.ticket_ids:
        return None
    if assignee:
        where.append(Ticket.assignee_id.in_(select(User.id).where(User.name == assignee)))
    if status:
        where.append(Ticket.status == T.check_status(status))
    elif not include_closed:
        where.append(Ticket.status != "closed")
    if tag:
        where.append(Ticket.id.in_(select(TicketTag.ticket_id).where(TicketTag.tag == T.normalize_tag(tag))))
    if channel:
        value = channel.strip().lower()
        if value not in T.CHANNELS:
            raise BadInput(f"unknown channel {channel!r}: use one of {', '.join(T.CHANNELS)}")
        where.append(Ticket.channel == value)
    if search is not None and search.strip():
        ids = _search_ticket_ids(db, search)
        if not ids:
            return None
        where.append(Ticket.id.in_(ids))
    return where


def _check_limit(limit: int) -> int:
    if not isinstance(limit, int) or limit < 1 or limit > MAX_LIMIT:
        raise BadInput(f"page size must be between 1 and {MAX_LIMIT}")
    return limit


def queue_page(db: Database, *, sort: str = "priority", descending: bool = False, tag: str | None = None,
               status: str | None = None, channel: str | None = None, search: str | None = None,
               include_closed: bool = False, after: Sequence[Any] | None = None,
               limit: int = DEFAULT_LIMIT, focus: QueueFocus | None = None,
               assignee: str | None = None) -> dict[str, Any]:
    """One page of the queue: ``{"rows": [ticket rows], "next": cursor or None}``.

    Rows have the shape of ``tickets.list_tickets`` (plus ``last_inbound_at``, and ``reply``: the
    status of the draft waiting on the ticket, or None).  ``after`` is the
    ``next`` of the previous page (opaque: pass it back unchanged, with the same sort and filters).
    Without ``status``, closed tickets are left out unless ``include_closed``.  ``focus`` narrows
    it further (a dashboard number's tickets)."""
    limit = _check_limit(limit)
    keys, order = _expand([*_sort_parts(sort), Ticket.id])
    where = _filters(db, tag=tag, status=status, channel=channel, search=search, include_closed=include_closed,
                     focus=focus, assignee=assignee)
    if where is None:
        return {"rows": [], "next": None}
    # Step 1 finds the page's ids and sort keys: for the default sort it reads only the covering
    # index ix_ticket_queue (status, priority, due_at + id), not the wide rows.  Step 2 (the join)
    # reads the columns of those tickets only.
    inner = select(Ticket.id.label("pid"), *[k.label(f"k{i}") for i, k in enumerate(keys)])
    if sort == "assignee":
        inner = inner.outerjoin(User, User.id == Ticket.assignee_id)
    if where:
        inner = inner.where(and_(*where))
    if after is not None:
        if len(after) != len(keys):
            raise BadInput("the page cursor does not belong to this sort")
        values = [literal(v, k.type) for v, k in zip(after, keys)]
        row_key, cursor = tuple_(*keys), tuple_(*values)
        # The redundant first-key bound is checked before the row value: cheaper per row.
        first = keys[0] <= values[0] if descending else keys[0] >= values[0]
        inner = inner.where(first, row_key < cursor if descending else row_key > cursor)
    page = inner.order_by(*[k.desc() if descending else k for k in order]).limit(limit + 1).subquery("page")
    page_keys = [page.c[f"k{i}"] for i in range(len(keys))]
    query = (_base_query(*page_keys).join(page, page.c.pid == Ticket.id)
             .order_by(*[k.desc() if descending else k for k in page_keys]))
    with UnitOfWork(db, write=False) as uow:
        rows = uow.session.execute(query).all()
        more = len(rows) > limit
        rows = rows[:limit]
        out = _rows_out(uow, rows)
    cursor_out = None
    if more and rows:
        last = rows[-1]
        cursor_out = tuple(getattr(last, f"k{i}") for i in range(len(keys)))
    return {"rows": out, "next": cursor_out}


def _base_query(*extra: Any) -> Any:
    return (select(*_TICKET_COLUMNS, User.name.label("assignee"), *extra)
            .outerjoin(User, User.id == Ticket.assignee_id))


def _rows_out(uow: UnitOfWork, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Queue rows as plain dicts: tags and message counts for these tickets only."""
    ids = [r.id for r in rows]
    tags = _tags_by_ticket(uow.session, ids)
    counts: dict[int, int] = {}
    if ids:
        counts = dict(uow.session.execute(select(Message.ticket_id, func.count())
                                          .where(Message.ticket_id.in_(ids)).group_by(Message.ticket_id)).all())
    waiting: dict[int, str] = {}
    if ids:         # the newest draft waiting on each ticket (submitted, approved, held, sending)
        for tid, status in uow.session.execute(select(Draft.ticket_id, Draft.status)
                                               .where(Draft.ticket_id.in_(ids), Draft.status.in_(WAITING))
                                               .order_by(Draft.id)).all():
            waiting[tid] = status
    out = []
    for r in rows:
        d = _row_dict(r, tags[r.id], r.assignee, int(counts.get(r.id, 0)))
        d["last_inbound_at"] = clock.iso(r.last_inbound_at)
        d["reply"] = waiting.get(r.id)
        out.append(d)
    return out


def queue_row(db: Database, ticket_id: int) -> dict[str, Any]:
    """One ticket as a queue row (to refresh it in place after an action)."""
    with UnitOfWork(db, write=False) as uow:
        rows = uow.session.execute(_base_query().where(Ticket.id == ticket_id)).all()
        if not rows:
            raise NotFound(f"no ticket {ticket_id}")
        return _rows_out(uow, rows)[0]


def queue_rows(db: Database, ticket_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Several tickets as queue rows, by id (the live refresh patches them in place); ids of
    no ticket are left out."""
    if not ticket_ids:
        return {}
    with UnitOfWork(db, write=False) as uow:
        rows = uow.session.execute(_base_query().where(Ticket.id.in_(list(ticket_ids)))).all()
        return {int(r["id"]): r for r in _rows_out(uow, rows)}


def queue_count(db: Database, *, tag: str | None = None, status: str | None = None, channel: str | None = None,
                search: str | None = None, include_closed: bool = False, focus: QueueFocus | None = None,
                assignee: str | None = None) -> int:
    """How many tickets the same filters select (one COUNT in the database)."""
    where = _filters(db, tag=tag, status=status, channel=channel, search=search, include_closed=include_closed,
                     focus=focus, assignee=assignee)
    if where is None:
        return 0
    query = select(func.count()).select_from(Ticket)
    if where:
        query = query.where(and_(*where))
    with UnitOfWork(db, write=False) as uow:
        return int(uow.session.scalar(query) or 0)


def queue_tags(db: Database) -> list[str]:
    """Every tag in use, for the console's tag filter."""
    with UnitOfWork(db, write=False) as uow:
        return [t for (t,) in uow.session.execute(select(TicketTag.tag).distinct().order_by(TicketTag.tag))]


def get_attachment(db: Database, attachment_id: int) -> dict[str, Any]:
    """One stored attachment with its bytes (``data``), to save and open."""
    with UnitOfWork(db, write=False) as uow:
        a = uow.session.get(Attachment, attachment_id)
        if a is None:
            raise NotFound(f"no attachment {attachment_id}")
        ticket_id = uow.session.scalar(select(Message.ticket_id).where(Message.id == a.message_id))
        return {"id": a.id, "message_id": a.message_id, "ticket_id": ticket_id, "filename": a.filename,
                "content_type": a.content_type, "size": a.size, "sha256": a.sha256, "data": bytes(a.data)}


def ticket_deadlines(db: Database, ticket_id: int) -> list[dict[str, Any]]:
    """The running (and missed, unanswered) deadlines of one ticket, soonest first.  Reads only:
    recording missed deadlines is ``deadlines.sweep``'s job."""
    from warroom.services.deadlines import compute

    with UnitOfWork(db, write=False) as uow:
        if uow.session.get(Ticket, ticket_id) is None:
            raise NotFound(f"no ticket {ticket_id}")
        rows = compute(uow.session, clock.now(), ticket_id)
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


__all__ = ["SORTS", "DEFAULT_LIMIT", "QueueFocus", "queue_page", "queue_row", "queue_rows", "queue_count", "queue_tags", "get_attachment",
           "ticket_deadlines"]
