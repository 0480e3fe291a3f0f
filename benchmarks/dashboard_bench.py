"""The dashboard and the notification poll on a large database (not a timed test).

    python benchmarks/dashboard_bench.py [--tickets 50000] [--messages-per-ticket 3] [--keep DIR]

Builds a SQLite database of N tickets (tests/ui/bulk.py) whose buyer messages are spread over
the last 90 days, two in three answered 1 to 40 hours after they arrived, then prints (median of
runs, warm cache):
  * dashboard(): every figure of the tab                       (target < 500 ms at 50k tickets)
  * late_ticket_ids(30): the tickets behind the 30-day rate     (a click on that tile)
  * changes_since(): one notification poll                      (target < 50 ms: every 15 s, per console)
  * the tab painted from a result (QPainter charts, offscreen)
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui import bulk  # noqa: E402
from warroom import clock  # noqa: E402
from warroom.domain.roles import Actor, Role  # noqa: E402
from warroom.services import dashboard, notifications, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402
from warroom.storage.types import db_datetime, db_to_datetime  # noqa: E402


def build(path: Path, tickets: int, per_ticket: int) -> Actor:
    t = time.perf_counter()
    db = open_database(str(path))
    admin = users.add_user(db, None, "admin", Role.ADMIN, "bench-pw")
    ada = Actor(admin["id"], "admin", Role.ADMIN)
    carol = users.add_user(db, ada, "carol", Role.COMPLIANCE, "bench-pw")
    db.dispose()
    bulk.fill(path, tickets, per_ticket)
    rng = random.Random(7)
    conn = sqlite3.connect(str(path))
    moved, replies = [], []
    for mid, tid, at in conn.execute("SELECT id, ticket_id, at FROM message WHERE direction = 'inbound'"):
        when = db_to_datetime(at) - timedelta(days=rng.randint(0, 89), minutes=rng.randint(0, 600))
        assert when is not None
        moved.append((db_datetime(when, "sqlite"), mid))
        if rng.random() < 2 / 3:
            reply = when + timedelta(hours=rng.uniform(1, 40))
            stamp = db_datetime(reply, "sqlite")
            replies.append((tid, stamp, f"bench-reply:{mid}", stamp))
    conn.executemany("UPDATE message SET at = ? WHERE id = ?", moved)
    conn.executemany("INSERT INTO message (ticket_id, direction, from_addr, at, subject, body, source_ref, "
                     "dedupe_key, created_at) VALUES (?, 'outbound', 'shop@example.com', ?, 'Re', 'Thanks', "
                     "'bench', ?, ?)", replies)
    conn.commit()
    conn.close()
    print(f"built {tickets:,} tickets, {tickets * per_ticket:,} buyer messages over 90 days, {len(replies):,} "
          f"replies in {time.perf_counter() - t:.1f} s", flush=True)
    return Actor(carol["id"], "carol", Role.COMPLIANCE)


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    fn()                                  # warm the cache
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--messages-per-ticket", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="warroom-dashboard-bench-"))
    path = folder / "bench.sqlite3"
    if path.exists():
        path.unlink()
    carol = build(path, args.tickets, args.messages_per_ticket)
    db = open_database(str(path))
    result = dashboard.dashboard(db)
    print(f"dashboard(): {median_ms(lambda: dashboard.dashboard(db), args.runs):.0f} ms  "
          f"(backlog {result.backlog:,}; 30-day rate {result.response_rates[1].rate or 0:.1%} of "
          f"{result.response_rates[1].counted:,} messages)")
    print(f"late_ticket_ids(30): {median_ms(lambda: dashboard.late_ticket_ids(db, 30), args.runs):.0f} ms")
    since = clock.now() - timedelta(seconds=45)
    print(f"changes_since() poll: {median_ms(lambda: notifications.changes_since(db, carol, since), args.runs):.1f} ms")

    from PySide6.QtWidgets import QApplication

    from ui.context import Console
    from ui.dashboard import DashboardWidget
    from ui.workers import JobRunner

    app = QApplication.instance() or QApplication(sys.argv)
    widget = DashboardWidget(Console(db=db, actor=carol, runner=JobRunner()))
    widget.resize(1280, 640)
    widget.show()

    def paint() -> None:
        widget.show_dashboard(result)
        widget.repaint()
        app.processEvents()

    print(f"tab shown and painted from a result: {median_ms(paint, args.runs):.1f} ms")
    db.dispose()


if __name__ == "__main__":
    main()
