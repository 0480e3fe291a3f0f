"""Buyer messages into tickets (CLI.md, "Channels and tickets"), in bulk through the driver.

* channel: ``amazon`` for a relay address (``…@marketplace.amazon.<tld>``), else ``email``;
* a message joins the ticket (not closed) of the same Amazon order, else of the same sender
  address, else opens a new ticket; messages are processed in received order;
* deduplicated by Message-ID, else by SHA-256 of sender, time and body;
* a new ticket's language comes from the text, falling back to the marketplace's;
* while a suspension is declared, new Amazon-channel tickets arrive tagged SUSPENDED.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.messages import (
    LANGUAGE_OF_MARKETPLACE, detect_language, is_amazon_relay, marketplace_of_relay,
)
from warroom.progress import Progress, no_progress
from warroom.records import MessageRecord
from warroom.storage.dialect import fts_index_messages
from warroom.storage.types import db_datetime, db_to_datetime
from warroom.storage.uow import UnitOfWork
from warroom.services.clocks import response_window
from warroom.services.suspension import current_suspension

CHUNK = 500
SUBJECT_MAX = 500


def dedupe_key(r: MessageRecord) -> str:
    if r.message_id:
        return "mid:" + r.message_id[:250]
    digest = hashlib.sha256("\x1f".join([r.from_addr, clock.iso(r.received_at) or "", r.body]).encode("utf-8"))
    return "sha256:" + digest.hexdigest()


@dataclass
class _TicketState:
    id: int
    is_new: bool
    channel: str
    amazon_order_id: str | None
    order_id: int | None
    buyer_address: str | None
    buyer_name: str | None
    marketplace: str | None
    subject: str
    status: str
    language: str | None
    received_at: datetime
    due_at: datetime | None
    last_inbound_at: datetime | None
    last_outbound_at: datetime | None      # here: the later of the last reply and "no response needed"
    touched: bool = False


def _marks(conn: Any, n: int) -> str:
    return ", ".join(["?" if conn.dialect.paramstyle == "qmark" else "%s"] * n)


def _chunked_query(conn: Any, sql: str, values: list[Any]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(values), CHUNK):
        part = values[start:start + CHUNK]
        rows.extend(conn.exec_driver_sql(sql.format(marks=_marks(conn, len(part))), tuple(part)).all())
    return rows


def store_messages(uow: UnitOfWork, records: Sequence[MessageRecord], *, actor: str,
                   progress: Progress = no_progress) -> dict[str, Any]:
    """Store inbound messages, joining or opening tickets.  Runs in the caller's unit of work.

    Returns ``{"messages": [ids], "tickets_created": [ids], "tickets_updated": [ids],
    "duplicates": n, "triage": {ticket_id: changes}}`` (the caller audits).  Every touched
    ticket is classified (category, tier, red flags) in the same transaction."""
    conn = uow.connection
    dialect = conn.dialect.name
    window = response_window(uow.session)
    suspension = current_suspension(uow.session)
    now = clock.now()
    now_db = db_datetime(now, dialect)

    keyed = [(dedupe_key(r), r) for r in records]
    seen = {row[0] for row in _chunked_query(
        conn, "SELECT dedupe_key FROM message WHERE dedupe_key IN ({marks})", list({k for k, _ in keyed}))}
    fresh: list[tuple[str, MessageRecord]] = []
    duplicates = 0
    for key, r in keyed:
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        fresh.append((key, r))
    fresh.sort(key=lambda kr: kr[1].received_at)

    order_keys = sorted({r.amazon_order_id for _, r in fresh if r.amazon_order_id})
    addresses = sorted({r.from_addr for _, r in fresh})
    orders = {row[0]: (int(row[1]), row[2]) for row in _chunked_query(
        conn, "SELECT amazon_order_id, id, marketplace FROM amazon_order WHERE amazon_order_id IN ({marks})", order_keys)}

    cols = ("id, channel, amazon_order_id, order_id, buyer_address, buyer_name, marketplace, subject, status,"
            " language, received_at, due_at, last_inbound_at, last_outbound_at, no_response_at")
    candidates: dict[int, Any] = {}
    for sql, values in (
            (f"SELECT {cols} FROM ticket WHERE status != 'closed' AND amazon_order_id IN ({{marks}})", order_keys),
            (f"SELECT {cols} FROM ticket WHERE status != 'closed' AND buyer_address IN ({{marks}})", addresses)):
        for row in _chunked_query(conn, sql, values):
            candidates[int(row[0])] = row
    by_order: dict[str, _TicketState] = {}
    by_address: dict[str, _TicketState] = {}
    for tid in sorted(candidates, reverse=True):   # the oldest ticket wins a key
        row = candidates[tid]
        handled = [x for x in (db_to_datetime(row[13]), db_to_datetime(row[14])) if x is not None]
        state = _TicketState(int(row[0]), False, row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                             row[9], db_to_datetime(row[10]), db_to_datetime(row[11]), db_to_datetime(row[12]),
                             max(handled) if handled else None)
        if state.amazon_order_id:
            by_order[state.amazon_order_id] = state
        if state.buyer_address:
            by_address[state.buyer_address] = state

    next_ticket = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM ticket").scalar_one()) + 1
    next_message = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM message").scalar_one()) + 1
    touched: dict[int, _TicketState] = {}
    message_rows: list[tuple[Any, ...]] = []
    attachment_rows: list[tuple[Any, ...]] = []
    message_ids: list[int] = []
    total = len(fresh)
    for n, (key, r) in enumerate(fresh, 1):
        state = (by_order.get(r.amazon_order_id) if r.amazon_order_id else None) or by_address.get(r.from_addr)
        if state is None:
            relay = is_amazon_relay(r.from_addr)
            order = orders.get(r.amazon_order_id) if r.amazon_order_id else None
            marketplace = marketplace_of_relay(r.from_addr) if relay else None
            marketplace = marketplace or (order[1] if order else None)
            language = detect_language(f"{r.subject}\n{r.body}" if not relay else r.body,
                                       LANGUAGE_OF_MARKETPLACE.get(marketplace or "", None))
            state = _TicketState(next_ticket, True, "amazon" if relay else "email", r.amazon_order_id,
                                 order[0] if order else None, r.from_addr, r.from_name, marketplace,
                                 r.subject[:SUBJECT_MAX], "open", language, r.received_at, None, None, None)
            next_ticket += 1
        else:
            if state.amazon_order_id is None and r.amazon_order_id:
                state.amazon_order_id = r.amazon_order_id
                order = orders.get(r.amazon_order_id)
                state.order_id = order[0] if order else None
            if state.buyer_name is None and r.from_name:
                state.buyer_name = r.from_name
        before = state.due_at
        state.due_at = T.due_after_inbound(state.due_at, state.last_outbound_at, r.received_at, window)
        if state.due_at != before and state.status in ("answered", "waiting"):
            state.status = "open"
        if state.last_inbound_at is None or r.received_at > state.last_inbound_at:
            state.last_inbound_at = r.received_at
        if state.amazon_order_id:
            by_order.setdefault(state.amazon_order_id, state)
        if state.buyer_address:
            by_address.setdefault(state.buyer_address, state)
        touched[state.id] = state
        mid = next_message
        next_message += 1
        message_ids.append(mid)
        message_rows.append((mid, state.id, "inbound", r.from_addr, r.from_name, r.to_addr,
                             db_datetime(r.received_at, dialect), r.subject, r.body, r.source_ref, key, r.raw,
                             json.dumps(list(r.problems), ensure_ascii=False) if r.problems else None,
                             now_db))
        for a in r.attachments:
            attachment_rows.append((mid, a.filename, a.content_type, len(a.data),
                                    hashlib.sha256(a.data).hexdigest(), a.data))
        if n % 1000 == 0:
            progress(n, total, "linking messages to tickets")

    created = [s for s in touched.values() if s.is_new]
    updated = [s for s in touched.values() if not s.is_new]
    m = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if created:
        conn.exec_driver_sql(
            "INSERT INTO ticket (id, channel, order_id, amazon_order_id, buyer_address, buyer_name, marketplace,"
            " subject, status, category, priority, tier, language, received_at, due_at, last_inbound_at,"
            f" last_outbound_at, created_at) VALUES ({_marks(conn, 18)})",
            [(s.id, s.channel, s.order_id, s.amazon_order_id, s.buyer_address, s.buyer_name, s.marketplace,
              s.subject, s.status, "OTHER", T.base_priority(s.due_at), 1, s.language,
              db_datetime(s.received_at, dialect), db_datetime(s.due_at, dialect),
              db_datetime(s.last_inbound_at, dialect), None, now_db) for s in created])
        tags = [(s.id, T.SUSPENDED, f"arrived during suspension {suspension.id}", actor, now_db)
                for s in created if s.channel == "amazon"] if suspension is not None else []
        if tags:
            conn.exec_driver_sql(
                f"INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) VALUES ({_marks(conn, 5)})", tags)
    if updated:
        conn.exec_driver_sql(
            f"UPDATE ticket SET amazon_order_id = {m}, order_id = {m}, buyer_name = {m}, status = {m}, due_at = {m},"
            f" last_inbound_at = {m}, priority = {m} WHERE id = {m}",
            [(s.amazon_order_id, s.order_id, s.buyer_name, s.status, db_datetime(s.due_at, dialect),
              db_datetime(s.last_inbound_at, dialect), T.base_priority(s.due_at), s.id) for s in updated])
    if message_rows:
        conn.exec_driver_sql(
            "INSERT INTO message (id, ticket_id, direction, from_addr, from_name, to_addr, at, subject, body,"
            f" source_ref, dedupe_key, raw, problems, created_at) VALUES ({_marks(conn, 14)})", message_rows)
    if message_ids:
        fts_index_messages(conn, message_ids[0], message_ids[-1])
    if attachment_rows:
        conn.exec_driver_sql(
            "INSERT INTO attachment (message_id, filename, content_type, size, sha256, data)"
            f" VALUES ({_marks(conn, 6)})", attachment_rows)
    progress(total, total, "linking messages to tickets")
    from warroom.services.triage import classify_tickets

    triage = classify_tickets(uow, [s.id for s in touched.values()])
    return {"triage": triage, "messages": message_ids, "tickets_created": sorted(s.id for s in created),
            "tickets_updated": sorted(s.id for s in updated), "duplicates": duplicates}
