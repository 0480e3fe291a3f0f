"""Import speed, each figure beside a raw-sqlite3 baseline of the same rows in the same run.

    python benchmarks/import_bench.py [--rows 100000] [--messages 200000] [--mbox 5000]

1. A generated 100,000-item-row All Orders report: parse + store + audit (`import orders`),
   beside raw sqlite3 splitting the same lines and executemany-inserting them.
2. 200,000 CSV buyer messages with their full-text index (`import messages`: parse, join to
   tickets, language, FTS), beside raw sqlite3 inserting the same rows and then indexing them
   with one INSERT INTO fts ... SELECT.
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


def bench_messages(tmp: Path, count: int) -> None:
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
    con.execute("BEGIN")
    con.executemany("INSERT INTO m (order_id, at, sender, subject, body) VALUES (?, ?, ?, ?, ?)", data)
    con.execute("INSERT INTO f (rowid, terms) SELECT id, subject || ' ' || body FROM m")
    con.execute("COMMIT")
    raw = time.perf_counter() - t0
    con.close()
    db = open_database(str(tmp / "messages.db"))
    ada = _admin(db)
    t0 = time.perf_counter()
    summary = imports.import_messages(db, ada, [path])[0]
    ours = time.perf_counter() - t0
    db.dispose()
    print(f"CSV messages, {count:,} ({summary['tickets_created']:,} new tickets) with full-text index: {ours:.2f} s"
          f"   (raw sqlite3 insert, then one INSERT INTO fts ... SELECT: {raw:.2f} s; ratio {ours / raw:.1f}x, target < 2x)")


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
