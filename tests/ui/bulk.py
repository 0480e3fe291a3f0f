"""Fill a migrated SQLite database with many tickets (and messages) fast, through the driver.

For the queue's size test and benchmarks/gui_bench.py only: tests may touch the database
directly; the console never does."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warroom.domain.search import index_terms
from warroom.storage.dialect import FTS_TABLE
from warroom.storage.types import db_datetime

NOW = datetime.now(timezone.utc).replace(microsecond=0)
CATEGORIES = ["REFUND", "RETURN", "WISMO", "PRODUCT-QUESTION", "ORDER-CHANGE", "A-TO-Z", "CHARGEBACK",
              "COMPLAINT", "OTHER"]
FLAG_TAGS = ["LEGAL", "SAFETY", "A-TO-Z", "CHARGEBACK", "HIGH-VALUE"]
BODIES = ["Hello, I would like a refund for order {oid}, the item arrived damaged.",
          "Where is my parcel? Tracking has not moved for five days.",
          "Ich möchte den Artikel zurückgeben, er passt nicht. Bitte um Rückerstattung.",
          "Bonjour, je n'ai toujours pas reçu ma commande {oid}.",
          "商品を返品したいです。注文番号 {oid}。返金をお願いします。",
          "我想退货,产品有质量问题。订单 {oid}",
          "Does this charger work with a 2021 laptop? Thanks",
          "My lawyer will contact you if the refund for {oid} is not paid this week.",
          "The lamp caught fire last night, this is dangerous!"]


def _dt(value: datetime | None) -> str | None:
    return db_datetime(value, "sqlite")


def fill(path: str | Path, tickets: int, messages_per_ticket: int = 0, *, seed: int = 5,
         with_fts: bool = True, batch: int = 20_000) -> None:
    """Append ``tickets`` open-ish tickets (and their inbound messages) to the database at ``path``."""
    rng = random.Random(seed)
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA synchronous = OFF")
    conn.create_function("wr_fts_terms", 2, index_terms, deterministic=True)
    start_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM ticket").fetchone()[0] or 0) + 1
    first_message = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM message").fetchone()[0] or 0) + 1
    ticket_rows, tag_rows, message_rows = [], [], []

    def flush() -> None:
        conn.executemany(
            "INSERT INTO ticket (id, channel, amazon_order_id, buyer_address, buyer_name, marketplace, subject, "
            "status, category, priority, tier, language, received_at, due_at, last_inbound_at, category_source, "
            "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'auto',?)", ticket_rows)
        conn.executemany("INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) VALUES (?,?,?,?,?)",
                         tag_rows)
        conn.executemany(
            "INSERT INTO message (ticket_id, direction, from_addr, at, subject, body, source_ref, dedupe_key, "
            "created_at) VALUES (?, 'inbound', ?, ?, ?, ?, 'bulk', ?, ?)", message_rows)
        ticket_rows.clear(), tag_rows.clear(), message_rows.clear()

    conn.execute("BEGIN")
    for i in range(tickets):
        tid = start_id + i
        oid = f"{111 + tid % 8:03d}-{tid % 10_000_000:07d}-{(tid * 7919) % 10_000_000:07d}"
        channel = "amazon" if tid % 5 else "email"
        received = NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 3))
        status = rng.choices(["open", "waiting", "answered", "closed"], [70, 10, 10, 10])[0]
        flagged = rng.random() < 0.08
        running = status in ("open", "waiting") and rng.random() < 0.9
        due = received + timedelta(hours=24) if running else None
        priority = 1 if flagged else (2 if rng.random() < 0.2 else (3 if running else 4))
        category = rng.choice(CATEGORIES)
        address = f"b{tid:014d}@marketplace.amazon.com" if channel == "amazon" else f"buyer{tid}@example.com"
        subject = f"Inquiry from Amazon customer (Order: {oid})"
        ticket_rows.append((tid, channel, oid if channel == "amazon" else None, address, "Buyer", "US", subject,
                            status, category, priority, 3 if flagged else 1, "en", _dt(received), _dt(due),
                            _dt(received), _dt(received)))
        if flagged:
            flag = rng.choice(FLAG_TAGS)
            for tag in (flag, "URGENT", "ESCALATED"):
                tag_rows.append((tid, tag, f"rule bulk-{flag.lower()}", "system", _dt(received)))
        for k in range(messages_per_ticket):
            at = received + timedelta(minutes=k * 7)
            body = rng.choice(BODIES).format(oid=oid) + f" (#{tid}.{k})"
            message_rows.append((tid, address, _dt(at), subject, body, f"bulk:{tid}:{k}", _dt(at)))
        if len(ticket_rows) >= batch:
            flush()
    flush()
    last_message = conn.execute("SELECT COALESCE(MAX(id), 0) FROM message").fetchone()[0] or 0
    if with_fts and last_message >= first_message:
        conn.execute(f"INSERT INTO {FTS_TABLE} (rowid, terms) SELECT id, wr_fts_terms(subject, body) FROM message "
                     "WHERE id BETWEEN ? AND ?", (first_message, last_message))
    conn.execute("COMMIT")
    conn.execute("PRAGMA optimize")
    conn.close()
