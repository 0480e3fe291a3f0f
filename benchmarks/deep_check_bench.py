"""`audit verify --deep` speed, beside the least such a check must do, measured in the same run.

    python benchmarks/deep_check_bench.py [--notes 60000] [--tags 30000] [--refunds 10000]
                                          [--drafts 5000] [--events 100000]

1. The demo database (`warroom demo --with-users`, the sweep run): the deep check's time.
2. A synthetic database whose chain holds one entry per note, tag, refund and draft (each with
   its row) and deadline.missed batches of 500 misses each (with their deadline_event rows,
   event ids and SHA-256): `audit verify` (the chain alone), the deep check, and as the
   baseline reading every entry's bytes and decoding each with msgspec (the least a replay of
   the payloads must do), plus a plain SELECT of the evidence tables.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warroom import clock  # noqa: E402
from warroom.domain.audit import canonical_bytes, chain_hash, entry_document  # noqa: E402
from warroom.domain.roles import Role  # noqa: E402
from warroom.domain.tickets import id_runs  # noqa: E402
from warroom.services import users  # noqa: E402
from warroom.services.deadlines import events_digest  # noqa: E402
from warroom.services.deep_check import deep_check  # noqa: E402
from warroom.storage import audit_log  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402
from warroom.storage.types import db_datetime  # noqa: E402

BATCH = 500


def _stamp(t):  # type: ignore[no-untyped-def]
    return db_datetime(t, "sqlite")


def build(path: Path, notes: int, tags: int, refunds: int, drafts: int, events: int) -> int:
    db = open_database(str(path))
    users.add_user(db, None, "ada", Role.ADMIN, "bench-pw")
    db.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    seq, prev = con.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    start = clock.now().replace(microsecond=1)
    tickets = max(1, events)
    con.executemany(
        "INSERT INTO ticket (id, channel, subject, status, category, priority, tier, received_at, created_at,"
        " buyer_address) VALUES (?, 'amazon', 'Inquiry', 'open', 'OTHER', 3, 1, ?, ?, ?)",
        ((i, _stamp(start), _stamp(start), f"b{i:014d}@marketplace.amazon.com") for i in range(1, tickets + 1)))
    entries: list[tuple] = []

    def entry(actor: str, action: str, entity: str, payload) -> str:  # type: ignore[no-untyped-def]
        nonlocal seq, prev
        seq += 1
        at = start + timedelta(milliseconds=seq)
        text = at.strftime(audit_log.AT_FORMAT)
        canonical = canonical_bytes(entry_document(seq, text, actor, action, entity, payload))
        digest = chain_hash(prev, canonical)
        entries.append((seq, prev, digest, canonical))
        prev = digest
        return _stamp(at)

    rows = []
    for i in range(1, notes + 1):
        text = f"Buyer called about order {i}; promised an update within 24 hours."
        rows.append((i, 1 + i % tickets, "ada", entry("ada", "ticket.note", f"ticket:{1 + i % tickets}",
                                                      {"note_id": i, "text": text}), text))
    con.executemany("INSERT INTO note (id, ticket_id, author, at, text) VALUES (?, ?, ?, ?, ?)",
                    [(i, t, a, at, x) for i, t, a, at, x in rows])
    rows = []
    for i in range(1, tags + 1):
        rows.append((i, "REVIEW", "look again", "ada",
                     entry("ada", "ticket.tag", f"ticket:{i}", {"added": ["REVIEW"], "reason": "look again"})))
    con.executemany("INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)", rows)
    rows = []
    for i in range(1, refunds + 1):
        refunded = clock.iso(start)
        payload = {"id": i, "ticket_id": i, "amazon_order_id": None, "kind": "refund", "amount": "5.00",
                   "currency": "EUR", "method": "PayPal", "reference": f"PP-{i}", "refunded_at": refunded,
                   "note": None, "reverses_id": None, "refunded_before": "0", "order_total": None}
        at = entry("ada", "refund.log", f"ticket:{i}", payload)
        rows.append((i, i, "refund", "5.00", "EUR", "PayPal", f"PP-{i}", _stamp(start), "ada", at))
    con.executemany("INSERT INTO refund_entry (id, ticket_id, kind, amount, currency, method, reference,"
                    " refunded_at, logged_by, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    rows = []
    import hashlib

    for i in range(1, drafts + 1):
        body = f"Hello, your parcel {i} left our warehouse today."
        sha = hashlib.sha256(body.encode()).hexdigest()
        at = entry("ada", "draft.submit", f"draft:{i}", {
            "draft_id": i, "ticket_id": i, "kind": "text", "status": "submitted", "template": None,
            "template_sha256": None, "body_sha256": sha, "body": body, "reply_to_message": None, "variables": {},
            "lint": []})
        rows.append((i, i, "text", "ada", "{}", "", body, sha, "[]", "submitted", at, at, 0))
    con.executemany("INSERT INTO draft (id, ticket_id, kind, author, variables, subject, body, body_sha256, lint,"
                    " status, submitted_at, updated_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows)
    event_id = 0
    for first in range(0, events, BATCH):
        batch = list(range(first + 1, min(events, first + BATCH) + 1))
        dues = [start - timedelta(days=2, seconds=t) for t in batch]
        found = start
        events_rows = [("atoz", f"ticket:{t}", clock.iso(d), False, None) for t, d in zip(batch, dues)]
        ids = list(range(event_id + 1, event_id + len(batch) + 1))
        event_id += len(batch)
        entry("system", "deadline.missed", "tickets", {
            "found_at": clock.iso(found), "count": len(batch), "kinds": {"atoz": len(batch)},
            "groups": [{"kind": "atoz", "suspended_at_due": False, "suspension_id": None, "count": len(batch),
                        "due_from": clock.iso(min(dues)), "due_to": clock.iso(max(dues)),
                        "tickets": id_runs(batch)}],
            "event_ids": id_runs(ids), "events_sha256": events_digest(events_rows)})
        con.executemany("INSERT INTO deadline_event (id, ticket_id, kind, subject, due_at, found_at,"
                        " suspended_at_due, suspension_id) VALUES (?, ?, 'atoz', ?, ?, ?, 0, NULL)",
                        [(i, t, f"ticket:{t}", _stamp(d), _stamp(found)) for i, t, d in zip(ids, batch, dues)])
    for part in range(0, len(entries), 50_000):
        con.executemany("INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES (?, ?, ?, ?)",
                        entries[part:part + 50_000])
    con.execute("COMMIT")
    con.close()
    return seq


def baseline(path: Path) -> float:
    import msgspec

    con = sqlite3.connect(path)
    t0 = time.perf_counter()
    decode = msgspec.json.decode
    for (canonical,) in con.execute("SELECT canonical FROM audit_entry ORDER BY seq"):
        decode(canonical)
    for table in ("note", "ticket_tag", "refund_entry", "draft", "deadline_event"):
        con.execute(f"SELECT * FROM {table}").fetchall()
    con.close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=60_000)
    ap.add_argument("--tags", type=int, default=30_000)
    ap.add_argument("--refunds", type=int, default=10_000)
    ap.add_argument("--drafts", type=int, default=5_000)
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo_path = Path(tmp) / "demo.db"
        db = open_database(str(demo_path))
        from warroom.services.deadlines import sweep
        from warroom.services.demo import load_demo

        load_demo(db, None, with_users=True)
        sweep(db)
        t0 = time.perf_counter()
        result = deep_check(db)
        demo_s = time.perf_counter() - t0
        print(f"demo database: {result.entries_read} entries, rows {result.checked}: deep check {demo_s * 1000:.0f} ms,"
              f" {len(result.differences)} difference(s)")
        db.dispose()

        path = Path(tmp) / "large.db"
        t0 = time.perf_counter()
        count = build(path, args.notes, args.tags, args.refunds, args.drafts, args.events)
        print(f"built {count} entries in {time.perf_counter() - t0:.1f} s")
        db = open_database(str(path))
        t0 = time.perf_counter()
        verified = audit_log.verify(db.engine)
        verify_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = deep_check(db)
        deep_s = time.perf_counter() - t0
        base_s = baseline(path)
        db.dispose()
        print(f"large database: {result.entries_read} entries, rows {result.checked}")
        print(f"  audit verify (chain only): {verify_s:.2f} s ({'OK' if verified.ok else verified.reason})")
        print(f"  deep check:                {deep_s:.2f} s, {len(result.differences)} difference(s)")
        print(f"  baseline (decode every entry + SELECT the tables): {base_s:.2f} s")


if __name__ == "__main__":
    main()
