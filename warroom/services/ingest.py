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
from typing import Any, Callable, Sequence

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.language import detect_languages
from warroom.domain.messages import LANGUAGE_OF_MARKETPLACE, is_amazon_relay, marketplace_of_relay
from warroom.progress import Progress, no_progress
from warroom.records import MessageRecord
from warroom.storage.dialect import (bulk_write, fts_has_cjk, fts_index_messages, lock_table_for_writes, placeholder,
                                     placeholders)
from warroom.storage.types import db_datetime, db_datetime_converter, db_to_datetime
from warroom.storage.uow import UnitOfWork
from warroom.services.clocks import response_window
from warroom.services.suspension import current_suspension

CHUNK = 500
SUBJECT_MAX = 500


def dedupe_key(r: MessageRecord) -> str:
    if r.message_id:
        return "mid:" + r.message_id[:250]
    when = clock.iso(r.received_at) or ""
    return "sha256:" + hashlib.sha256(f"{r.from_addr}\x1f{when}\x1f{r.body}".encode("utf-8")).hexdigest()


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


def _chunked_query(conn: Any, sql: str, values: list[Any]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(values), CHUNK):
        part = values[start:start + CHUNK]
        rows.extend(conn.exec_driver_sql(sql.format(marks=placeholders(conn, len(part))), tuple(part)).all())
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
    orders = {row[0]: (int(row[1]), row[2], row[3], row[4]) for row in _chunked_query(
        conn, "SELECT amazon_order_id, id, marketplace, total, currency FROM amazon_order"
              " WHERE amazon_order_id IN ({marks})", order_keys)}

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
        opened_at = db_to_datetime(row[10])
        assert opened_at is not None            # ticket.received_at is NOT NULL
        known = _TicketState(int(row[0]), False, row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                             row[9], opened_at, db_to_datetime(row[11]), db_to_datetime(row[12]),
                             max(handled) if handled else None)
        if known.amazon_order_id:
            by_order[known.amazon_order_id] = known
        if known.buyer_address:
            by_address[known.buyer_address] = known

    for table in ("ticket", "message"):     # new ids are MAX(id) + 1...: no other writer meanwhile
        lock_table_for_writes(conn, table)
    next_ticket = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM ticket").scalar_one()) + 1
    next_message = first_message = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM message").scalar_one()) + 1
    touched: dict[int, _TicketState] = {}
    message_rows: list[tuple[Any, ...]] = []
    attachment_rows: list[tuple[Any, ...]] = []
    message_ids: list[int] = []
    cjk_ids: list[int] = []             # messages whose full-text terms need wr_fts_terms
    to_detect: list[tuple[_TicketState, str, str | None]] = []     # new tickets: language after the loop
    new_texts: dict[int, list[tuple[int, datetime, str]]] = {}      # new ticket -> its messages, for triage

    stamp = db_datetime_converter(dialect)     # received_at -> as stored (messages, then their tickets)

    total = len(fresh)
    by_order_get, by_address_get = by_order.get, by_address.get
    due_after_inbound = T.due_after_inbound
    for n, (key, r) in enumerate(fresh, 1):
        (received_at, from_addr, body, subject, from_name, to_addr, rfc_message_id, amazon_order_id, raw,
         attachments, source_ref, problems) = r[:12]
        state = (by_order_get(amazon_order_id) if amazon_order_id else None) or by_address_get(from_addr)
        if state is None:
            relay = is_amazon_relay(from_addr)
            order = orders.get(amazon_order_id) if amazon_order_id else None
            marketplace = marketplace_of_relay(from_addr) if relay else None
            marketplace = marketplace or (order[1] if order else None)
            state = _TicketState(next_ticket, True, "amazon" if relay else "email", amazon_order_id,
                                 order[0] if order else None, from_addr, from_name, marketplace,
                                 subject[:SUBJECT_MAX], "open", None, received_at, None, None, None)
            to_detect.append((state, f"{subject}\n{body}" if not relay else body,
                              LANGUAGE_OF_MARKETPLACE.get(marketplace or "", None)))
            new_texts[state.id] = []
            next_ticket += 1
        else:
            if state.amazon_order_id is None and amazon_order_id:
                state.amazon_order_id = amazon_order_id
                order = orders.get(amazon_order_id)
                state.order_id = order[0] if order else None
            if state.buyer_name is None and from_name:
                state.buyer_name = from_name
        before = state.due_at
        state.due_at = due_after_inbound(before, state.last_outbound_at, received_at, window)
        if state.due_at != before and state.status in ("answered", "waiting"):
            state.status = "open"
        if state.last_inbound_at is None or received_at > state.last_inbound_at:
            state.last_inbound_at = received_at
        if state.amazon_order_id:
            by_order.setdefault(state.amazon_order_id, state)
        if state.buyer_address:
            by_address.setdefault(state.buyer_address, state)
        touched[state.id] = state
        mid = next_message
        next_message += 1
        message_ids.append(mid)
        if state.is_new:
            new_texts[state.id].append((mid, received_at, f"{subject}\n{body}"))
        if not (body.isascii() and subject.isascii()) and fts_has_cjk(subject, body):
            cjk_ids.append(mid)
        message_rows.append((mid, state.id, "inbound", from_addr, from_name, to_addr, stamp(received_at), subject,
                             body, source_ref, rfc_message_id, key, raw,
                             json.dumps(list(problems), ensure_ascii=False) if problems else None, now_db))
        for a in attachments:
            attachment_rows.append((mid, a.filename, a.content_type, len(a.data),
                                    hashlib.sha256(a.data).hexdigest(), a.data))
        if n % 1000 == 0:
            progress(n, total, "linking messages to tickets")

    for (state, _, _), language in zip(to_detect, detect_languages((t, f) for _, t, f in to_detect), strict=True):
        state.language = language
    created = [s for s in touched.values() if s.is_new]
    updated = [s for s in touched.values() if not s.is_new]

    # A new ticket is classified here, from the messages in hand, and inserted with its
    # category, tier, priority and reasons (not inserted, read back and updated); its triage
    # tags are inserted after those of the existing tickets, as classify_tickets would.
    from warroom.services.triage import (
        TriageOutcome, _order_total, classify_one, classify_tickets, triage_context, write_outcome,
    )

    ctx = triage_context(uow)
    fresh_triage = TriageOutcome()
    suspended_reason = f"arrived during suspension {suspension.id}" if suspension is not None else None
    money = {order[0]: (order[2], order[3]) for order in orders.values()}
    for s in created:
        total_currency = money.get(s.order_id) if s.order_id is not None else None
        total_text, currency = total_currency if total_currency is not None else (None, None)
        have = {T.SUSPENDED} if suspended_reason is not None and s.channel == "amazon" else set()
        classify_one(ctx, fresh_triage, s.id, "OTHER", "auto", None, s.due_at, s.language, 1,
                     T.base_priority(s.due_at), _order_total(total_text), currency, new_texts[s.id], have)
    triaged = {u[4]: u for u in fresh_triage.updates}

    with bulk_write(conn, ("ticket", "message"), adding=len(message_rows), existing=first_message - 1):
        _write(conn, stamp, actor, now_db, created, updated, triaged, suspended_reason, message_rows, message_ids,
               cjk_ids, attachment_rows)
    progress(total, total, "linking messages to tickets")

    triage = classify_tickets(uow, [s.id for s in updated], ctx)     # existing tickets: from all their messages
    write_outcome(uow, TriageOutcome(tag_rows=fresh_triage.tag_rows))
    triage.update(fresh_triage.changes)
    return {"triage": triage, "messages": message_ids, "tickets_created": sorted(s.id for s in created),
            "tickets_updated": sorted(s.id for s in updated), "duplicates": duplicates}


def _write(conn: Any, stamp: Callable[[datetime | None], Any], actor: str, now_db: Any,
           created: list[_TicketState], updated: list[_TicketState], triaged: dict[int, tuple[Any, ...]],
           suspended_reason: str | None, message_rows: list[tuple[Any, ...]],
           message_ids: list[int], cjk_ids: list[int], attachment_rows: list[tuple[Any, ...]]) -> None:
    """The writes of store_messages: new tickets (already classified), existing tickets'
    clocks, messages, their full-text index, attachments."""
    m = placeholder(conn)
    if created:
        rows = []
        for s in created:
            category, tier, priority, reasons, _ = triaged.get(s.id, ("OTHER", 1, T.base_priority(s.due_at), None, 0))
            rows.append((s.id, s.channel, s.order_id, s.amazon_order_id, s.buyer_address, s.buyer_name, s.marketplace,
                         s.subject, s.status, category, priority, tier, s.language,
                         stamp(s.received_at), stamp(s.due_at), stamp(s.last_inbound_at), None, reasons, now_db))
        conn.exec_driver_sql(
            "INSERT INTO ticket (id, channel, order_id, amazon_order_id, buyer_address, buyer_name, marketplace,"
            " subject, status, category, priority, tier, language, received_at, due_at, last_inbound_at,"
            f" last_outbound_at, triage_reasons, created_at) VALUES ({placeholders(conn, 19)})", rows)
        tags = [(s.id, T.SUSPENDED, suspended_reason, actor, now_db)
                for s in created if s.channel == "amazon"] if suspended_reason is not None else []
        if tags:
            conn.exec_driver_sql(
                f"INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) VALUES ({placeholders(conn, 5)})", tags)
    if updated:
        conn.exec_driver_sql(
            f"UPDATE ticket SET amazon_order_id = {m}, order_id = {m}, buyer_name = {m}, status = {m}, due_at = {m},"
            f" last_inbound_at = {m}, priority = {m} WHERE id = {m}",
            [(s.amazon_order_id, s.order_id, s.buyer_name, s.status, stamp(s.due_at), stamp(s.last_inbound_at),
              T.base_priority(s.due_at), s.id) for s in updated])
    if message_rows:
        conn.exec_driver_sql(
            "INSERT INTO message (id, ticket_id, direction, from_addr, from_name, to_addr, at, subject, body,"
            f" source_ref, rfc_message_id, dedupe_key, raw, problems, created_at) VALUES ({placeholders(conn, 15)})",
            message_rows)
    if message_ids:
        fts_index_messages(conn, message_ids[0], message_ids[-1], cjk_ids)
    if attachment_rows:
        conn.exec_driver_sql(
            "INSERT INTO attachment (message_id, filename, content_type, size, sha256, data)"
            f" VALUES ({placeholders(conn, 6)})", attachment_rows)
