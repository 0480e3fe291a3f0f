"""The audit log view's query (warroom.services.audit_query) on a 1,000,000-entry log, beside
raw sqlite3 doing the same with SQLite's JSON functions and with OFFSET paging.

    python benchmarks/audit_query_bench.py [--entries 1000000] [--runs 5] [--keep PATH]

The log: ``--entries`` entries over 90 days (about one every 8 s), 12 agents, compliance and
the ``system`` actor, ten actions from common (note.add) to rare (user.add), entities spread
over 100,000 tickets and 50,000 drafts.  Each query is timed ``--runs`` times; the median and
the worst are printed.  War Room's figure is the service call as the GUI's worker makes it
(its own read transactions, decoding each row it returns); the raw one is a single sqlite3
statement returning the same rows, undecoded.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warroom.domain.audit import GENESIS_HASH, canonical_bytes, chain_hash, entry_document  # noqa: E402
from warroom.domain.roles import Role  # noqa: E402
from warroom.services import users  # noqa: E402
from warroom.services.audit_query import AuditFilter, query_entries  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402

START = datetime(2026, 9, 1, tzinfo=timezone.utc)
AGENTS = [f"agent{i:02d}" for i in range(12)]
ACTIONS = [("note.add", 30), ("ticket.tag", 20), ("deadline.missed", 15), ("draft.create", 10),
           ("ticket.assign", 10), ("draft.approve", 5), ("draft.dispatch", 5), ("refund.log", 4.99),
           ("settings.set", 0.005), ("user.add", 0.005)]
PAGE = 200


def _fill(path: Path, n: int) -> int:
    """``n`` entries appended raw (the chain as War Room writes it); returns the one ticket's
    draft id used below."""
    db = open_database(str(path))
    admin = users.add_user(db, None, "ada", Role.ADMIN, "pw-bench")
    users.add_user(db, users.Actor(admin["id"], "ada", Role.ADMIN), "carol", Role.COMPLIANCE, "pw-bench")
    db.dispose()
    rnd = random.Random(7)
    names = [a for a, _ in ACTIONS]
    weights = [w for _, w in ACTIONS]
    con = sqlite3.connect(path)
    seq, prev = con.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone() or (0, GENESIS_HASH)
    step = timedelta(days=90) / n
    rows = []
    t0 = time.perf_counter()
    for i in range(n):
        seq += 1
        action = rnd.choices(names, weights)[0]
        actor = "system" if action == "deadline.missed" else ("carol" if action == "draft.approve" else
                                                              rnd.choice(AGENTS))
        if action.startswith("draft."):
            entity, payload = f"draft:{rnd.randrange(1, 50_001)}", {"ticket_id": rnd.randrange(1, 100_001)}
        elif action in ("settings.set", "user.add"):
            entity, payload = ("setting:smtp.host", {"key": "smtp.host"}) if action == "settings.set" else \
                              (f"user:{i}", {"name": f"user{i}", "role": "agent"})
        else:
            entity, payload = f"ticket:{rnd.randrange(1, 100_001)}", {"text": "Buyer called back; parcel late."}
        if i % 100_000 == 50_000:                # the one ticket followed below: a few entries, spread out
            entity = "ticket:4242" if not action.startswith("draft.") else "draft:777"
        at = (START + step * i).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        canonical = canonical_bytes(entry_document(seq, at, actor, action, entity, payload))
        digest = chain_hash(prev, canonical)
        rows.append((seq, prev, digest, canonical))
        prev = digest
        if len(rows) == 50_000:
            con.executemany("INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES (?, ?, ?, ?)", rows)
            con.commit()
            rows.clear()
    con.executemany("INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES (?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    print(f"filled {n:,} entries in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 777


def _time(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times), result


def _ms(x: float) -> str:
    return f"{x * 1000:,.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="build (or reuse) the database here")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = args.keep or Path(tmp.name) / "audit.sqlite3"
    if not path.exists():
        _fill(path, args.entries)
    db = open_database(str(path))
    reader = users.authenticate(db, "carol", "pw-bench")
    raw = sqlite3.connect(path)
    head = raw.execute("SELECT MAX(seq) FROM audit_entry").fetchone()[0]
    mid = head // 2
    j = "json_extract(CAST(canonical AS TEXT), '$.{}')"

    def raw_rows(where: str = "", params: tuple[Any, ...] = (), offset: int = 0, limit: int = PAGE) -> list[Any]:
        sql = (f"SELECT seq, canonical FROM audit_entry {'WHERE ' + where if where else ''} "
               f"ORDER BY seq DESC LIMIT {limit} OFFSET {offset}")
        return raw.execute(sql, params).fetchall()

    def wr(f: AuditFilter, before: int | None = None, limit: int = PAGE) -> Any:
        return query_entries(db, reader, f, before=before, limit=limit)

    def wr_all(f: AuditFilter) -> list[Any]:
        out, before = [], None
        while True:
            page = query_entries(db, reader, f, before=before, limit=1000)
            out.extend(page.rows)
            if page.before is None:
                return out
            before = page.before

    day = START + timedelta(days=60)
    day_s, day_e = day.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), (day + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        ("first page, no filter (200 newest)", lambda: wr(AuditFilter()).rows, lambda: raw_rows()),
        (f"a page in the middle: by key (seq < {mid:,}) vs OFFSET {head - mid + 1:,}",
         lambda: wr(AuditFilter(), before=mid).rows, lambda: raw_rows(offset=head - mid + 1)),
        ("action = draft.approve, first page (5%)", lambda: wr(AuditFilter(action="draft.approve")).rows,
         lambda: raw_rows(f"{j.format('action')} = ?", ("draft.approve",))),
        ("action draft.* (prefix), first page (20%)", lambda: wr(AuditFilter(action="draft.*")).rows,
         lambda: raw_rows(f"{j.format('action')} LIKE 'draft.%'")),
        ("actor = agent03, first page (~6%)", lambda: wr(AuditFilter(actor="agent03")).rows,
         lambda: raw_rows(f"{j.format('actor')} = ?", ("agent03",))),
        ("one ticket and its draft: every match (whole log scanned)",
         lambda: wr_all(AuditFilter(entities=("ticket:4242", "draft:777"))),
         lambda: raw_rows(f"{j.format('entity')} IN (?, ?)", ("ticket:4242", "draft:777"), limit=100_000)),
        ("rare action user.add: every match (whole log scanned)", lambda: wr_all(AuditFilter(action="user.add")),
         lambda: raw_rows(f"{j.format('action')} = ?", ("user.add",), limit=100_000)),
        ("one day 30 days ago, first page", lambda: wr(AuditFilter(since=day, until=day + timedelta(days=1))).rows,
         lambda: raw_rows(f"{j.format('at')} BETWEEN ? AND ?", (day_s, day_e))),
        ("one day 30 days ago + actor agent03, every match",
         lambda: wr_all(AuditFilter(actor="agent03", since=day, until=day + timedelta(days=1))),
         lambda: raw_rows(f"{j.format('at')} BETWEEN ? AND ? AND {j.format('actor')} = ?",
                          (day_s, day_e, "agent03"), limit=100_000)),
    ]
    print(f"audit log: {head:,} entries, {path.stat().st_size / 1e6:,.0f} MB; median of {args.runs} runs (worst)")
    print(f"| what | War Room | raw sqlite3 (json_extract / OFFSET) | rows |")
    print("|---|---|---|---|")
    for name, ours, base in cases:
        m, w, got = _time(ours, args.runs)
        bm, bw, expected = _time(base, args.runs)
        assert [r.seq for r in got] == [r[0] for r in expected], name     # the same rows
        print(f"| {name} | {_ms(m)} ({_ms(w)}) | {_ms(bm)} ({_ms(bw)}) | {len(got):,} |", flush=True)
    raw.close()
    db.dispose()


if __name__ == "__main__":
    main()
