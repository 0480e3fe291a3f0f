"""Import speed, each figure beside a raw-sqlite3 baseline of the same rows in the same run.

    python benchmarks/import_bench.py [--rows 100000] [--messages 200000] [--mbox 5000]

1. A generated 100,000-item-row All Orders report: parse + store + audit (`import orders`),
   beside raw sqlite3 splitting the same lines and executemany-inserting them.
2. 200,000 CSV buyer messages with their full-text index (`import messages`: parse, join to
   tickets, language, triage, FTS), beside raw sqlite3 reading the same rows with csv.reader,
   inserting them and then indexing them with one INSERT INTO fts ... SELECT.  Broken down:
   storage + FTS (beside raw insert + index, and beside raw sqlite3 writing the same rows
   into War Room's own schema, whose indexes set a floor), CSV parse, language, triage.
3. mbox parsing rate, beside Python's own e-mail parser (policy.default) on the same messages.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.generators import write_messages_csv, write_orders_report  # noqa: E402
from warroom.domain.roles import Actor, Role  # noqa: E402
from warroom.services import imports, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402


def _admin(db) -> Actor:  # type: ignore[no-untyped-def]
    u = users.add_user(db, None, "ada", Role.ADMIN, "bench-pw")
    return Actor(u["id"], "ada", Role.ADMIN)


def bench_orders(tmp: Path, rows: int) -> None:
    report = tmp / "orders.tsv"
    write_orders_report(report, rows)
    con = sqlite3.connect(tmp / "raw_orders.db", isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    lines = report.read_text(encoding="utf-8").split("\n")
    width = len(lines[0].split("\t"))
    con.execute(f"CREATE TABLE r ({', '.join(f'c{i} TEXT' for i in range(width))})")
    t0 = time.perf_counter()
    data = [tuple(line.split("\t")) for line in report.read_text(encoding="utf-8").split("\n")[1:] if line]
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO r VALUES ({', '.join('?' * width)})", data)
    con.execute("COMMIT")
    raw = time.perf_counter() - t0
    con.close()
    db = open_database(str(tmp / "orders.db"))
    ada = _admin(db)
    t0 = time.perf_counter()
    summary = imports.import_orders(db, ada, [report])[0]
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = imports.import_orders(db, ada, [report])[0]
    reimport = time.perf_counter() - t0
    db.dispose()
    print(f"orders report, {rows:,} item rows ({summary['orders_new']:,} orders): {ours:.2f} s"
          f"   (raw sqlite3 split + executemany: {raw:.2f} s; ratio {ours / raw:.1f}x, target < 3x)")
    print(f"  re-import of the identical file (no change, no audit entry): {reimport:.2f} s,"
          f" {again['orders_unchanged']:,} unchanged")


class _Stopwatch:
    """Total time spent in some functions of the import (wrapped for one run, then restored)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, module: object, name: str, label: str) -> None:
        spent = self.spent
        spent.setdefault(label, 0.0)
        original = getattr(module, name, None)
        if original is None:          # not in this version of the code
            return

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - t0

        setattr(module, name, timed)
        self._undo.append((module, name, original))

    def restore(self) -> None:
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)


def _raw_same_schema(tmp: Path, data: list[tuple[str, ...]]) -> float:
    """The same rows written with raw sqlite3 into War Room's own schema (its tables, indexes and
    foreign keys: one ticket per order, then the messages, then one INSERT INTO message_fts ...
    SELECT): the floor the schema sets for the storage stage.  Rows are built before timing."""
    db = open_database(str(tmp / "raw_schema.db"))
    db.dispose()
    con = sqlite3.connect(tmp / "raw_schema.db", isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("PRAGMA foreign_keys = ON")
    tickets: dict[str, int] = {}
    ticket_rows, message_rows = [], []
    for n, (order_id, at, sender, subject, body) in enumerate(data, 1):
        stamp = at.replace("T", " ").replace("Z", ".000000")
        tid = tickets.get(order_id)
        if tid is None:
            tid = tickets[order_id] = len(tickets) + 1
            ticket_rows.append((tid, "amazon", order_id, sender, subject, "open", "OTHER", 3, 1, "en",
                                stamp, stamp, stamp, stamp))
        message_rows.append((n, tid, "inbound", sender, stamp, subject, body, f"m.csv:{n}",
                             f"sha256:{n:064d}", stamp))
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany("INSERT INTO ticket (id, channel, amazon_order_id, buyer_address, subject, status, category,"
                    " priority, tier, language, received_at, due_at, last_inbound_at, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ticket_rows)
    con.executemany("INSERT INTO message (id, ticket_id, direction, from_addr, at, subject, body, source_ref,"
                    " dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", message_rows)
    con.execute("INSERT INTO message_fts (rowid, terms) SELECT id, subject || char(10) || body FROM message")
    con.execute("COMMIT")
    took = time.perf_counter() - t0
    con.close()
    return took


def bench_messages(tmp: Path, count: int) -> None:
    import warroom.importers.messages as parser_module
    import warroom.services.ingest as ingest_module
    import warroom.services.triage as triage_module

    path = tmp / "messages.csv"
    write_messages_csv(path, count)
    con = sqlite3.connect(tmp / "raw_messages.db", isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, order_id TEXT, at TEXT, sender TEXT, subject TEXT, body TEXT)")
    con.execute("CREATE VIRTUAL TABLE f USING fts5(terms, content='')")
    t0 = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        data = [tuple(row) for row in reader]
    raw_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany("INSERT INTO m (order_id, at, sender, subject, body) VALUES (?, ?, ?, ?, ?)", data)
    con.execute("INSERT INTO f (rowid, terms) SELECT id, subject || ' ' || body FROM m")
    con.execute("COMMIT")
    raw_store = time.perf_counter() - t0
    raw = raw_read + raw_store
    con.close()
    raw_schema = _raw_same_schema(tmp, data)

    db = open_database(str(tmp / "messages.db"))
    ada = _admin(db)
    watch = _Stopwatch()
    watch.wrap(parser_module, "parse_messages_file", "parse")
    watch.wrap(ingest_module, "detect_languages", "language")
    watch.wrap(ingest_module, "detect_language", "language")       # (older code: one call per ticket)
    for name in ("triage_context", "classify_one", "classify_tickets", "write_outcome"):
        watch.wrap(triage_module, name, "triage")
    try:
        t0 = time.perf_counter()
        summary = imports.import_messages(db, ada, [path])[0]
        ours = time.perf_counter() - t0
    finally:
        watch.restore()
    db.dispose()
    parse, language, triage = (watch.spent[k] for k in ("parse", "language", "triage"))
    storage = ours - parse - language - triage
    tickets = summary["tickets_created"] + summary["tickets_updated"]
    print(f"CSV messages, {count:,} ({summary['tickets_created']:,} new tickets) with full-text index, language and"
          f" triage: {ours:.2f} s   (raw sqlite3: csv.reader, insert, then one INSERT INTO fts ... SELECT: {raw:.2f} s;"
          f" ratio {ours / raw:.1f}x, target < 2x)")
    print(f"  storage + FTS (dedupe, link to tickets, insert tickets and messages, index, commit, audit): {storage:.2f} s"
          f"   (raw insert + index: {raw_store:.2f} s, ratio {storage / raw_store:.1f}x, target < 2x;"
          f" raw sqlite3 into War Room's schema and indexes: {raw_schema:.2f} s, ratio {storage / raw_schema:.1f}x)")
    print(f"  CSV parse + validate: {parse:.2f} s ({parse / count * 1e6:.0f} µs/message)   (csv.reader alone: {raw_read:.2f} s)")
    print(f"  language of {summary['tickets_created']:,} new tickets (incl. the py3langid model load, once per process):"
          f" {language:.2f} s")
    print(f"  triage of {tickets:,} tickets (rules compiled once): {triage:.2f} s ({triage / max(tickets, 1) * 1e6:.0f}"
          " µs/ticket)")


def bench_mbox(tmp: Path, count: int) -> None:
    from warroom.importers.messages import parse_messages_file

    path = tmp / "box.mbox"
    parts = []
    for i in range(count):
        parts.append(
            f"From buyer{i}@marketplace.amazon.com Mon Nov 23 10:00:00 2026\n"
            f"From: \"Jane {i} - Amazon Marketplace\" <b{i:014d}@marketplace.amazon.com>\n"
            f"To: shop@example.com\nSubject: Shipping inquiry from Amazon customer Jane (Order: 111-{i:07d}-1234567)\n"
            f"Date: Mon, 23 Nov 2026 10:{i % 60:02d}:00 +0000\nMessage-ID: <m{i}@example.com>\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            "------------- Begin message -------------\n\nWhere is my parcel? It has not arrived.\n\n"
            "------------- End message -------------\n\n")
    path.write_text("".join(parts), encoding="utf-8")
    raw_messages = [p.split("\n", 1)[1].encode("utf-8") for p in parts]
    parser = email.parser.BytesParser(policy=email.policy.default)
    t0 = time.perf_counter()
    for raw in raw_messages:
        msg = parser.parsebytes(raw)
        msg.get_body(preferencelist=("plain", "html")).get_content()
        _ = msg["From"], msg["Subject"], msg["Date"]
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = parse_messages_file(path)
    ours = time.perf_counter() - t0
    assert len(result.messages) == count
    print(f"mbox parsing, {count:,} messages: {ours / count * 1e3:.2f} ms a message ({count / ours:,.0f}/s)"
          f"   (Python's e-mail parser alone, policy.default: {base / count * 1e3:.2f} ms a message)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--mbox", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bench_orders(tmp, args.rows)
        bench_messages(tmp, args.messages)
        bench_mbox(tmp, args.mbox)


if __name__ == "__main__":
    main()
