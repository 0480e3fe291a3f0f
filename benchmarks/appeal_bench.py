"""The appeal export over a large log, beside a baseline measured in the same run.

    python benchmarks/appeal_bench.py [--entries 1000000] [--pdf]

The database: the demo data (about 100 tickets), a suspension, a templated reply approved and
sent, a manual refund, a blocked draft and the deadline sweep (so the report has every kind of
row), then notes appended through ``warroom.storage.audit_log.append_many`` (50,000 a
transaction) until the log holds ``--entries`` entries.  The file cache is warmed first.

Timed:
1. ``export_package`` of the whole range without the PDF (read the log once: chain links,
   Merkle leaves, audit.jsonl into the zip; gather; sign; tree and proofs; report; manifest),
   with the time of each stage;
2. the same, pseudonymized (audit.jsonl withheld: the log is read and hashed, not copied);
3. with ``--pdf``: the PDF step alone (``python -m ui.report_pdf`` on the report).
Baseline: reading the same rows' canonical bytes with raw sqlite3 and writing the same
audit.jsonl bytes (one entry's canonical bytes a line) into a zip at the same compression level
(deflate 1), nothing else.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warroom import clock, paths  # noqa: E402
from warroom.domain.roles import Actor, Role  # noqa: E402
from warroom.storage import audit_log  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=clock.UTC)
PASSWORD = "bench-pw-1"
BATCH = 50_000
_NOTES = ("Buyer asked for a refund; escalated to finance.",
          "Käufer bittet um Erstattung; an die Buchhaltung weitergeleitet.",
          "Buyer asked for a refund; escalated to finance.",
          "購入者が返金を希望。経理へ回しました。",
          "Buyer asked for a refund; escalated to finance.")


def build(path: Path, entries: int) -> tuple[object, Actor]:
    from sqlalchemy import func, select

    from warroom.services import checkpoints, deadlines, dispatch, drafts, refunds, suspension, templates
    from warroom.services.demo import load_demo
    from warroom.services.users import add_user
    from warroom.storage.models import AuditEntryRow, Ticket, TicketTag
    from warroom.storage.uow import UnitOfWork

    now = {"t": T0}
    real = clock.now
    clock.now = lambda: now["t"]                               # type: ignore[assignment]
    try:
        db = open_database(str(path))
        ada = Actor(add_user(db, None, "ada", Role.ADMIN, PASSWORD)["id"], "ada", Role.ADMIN)
        carol = Actor(add_user(db, ada, "carol", Role.COMPLIANCE, PASSWORD)["id"], "carol", Role.COMPLIANCE)
        alice = Actor(add_user(db, ada, "alice", Role.AGENT, PASSWORD)["id"], "alice", Role.AGENT)
        checkpoints.ensure_signing_key(db)
        load_demo(db, ada)
        templates.import_templates(db, carol)
        with UnitOfWork(db, write=False) as look:
            escalated = set(look.session.scalars(select(TicketTag.ticket_id).where(TicketTag.tag == "ESCALATED")))
            open_ids = [t.id for t in look.session.scalars(select(Ticket).where(Ticket.status != "closed"))
                        if t.id not in escalated and t.due_at is not None]
            refund_id = next(t.id for t in look.session.scalars(select(Ticket)) if t.category == "REFUND"
                             and t.channel == "amazon" and t.id not in escalated and t.due_at is not None
                             and t.language in ("en", "de", "fr", "it", "es"))
        now["t"] = T0 + timedelta(minutes=10)
        drafts.create_draft(db, alice, next(i for i in open_ids if i != refund_id),
                            text="Our account is suspended, sorry.")
        now["t"] = T0 + timedelta(hours=1)
        suspension.declare(db, ada, "Related accounts")
        now["t"] = T0 + timedelta(hours=1, minutes=10)
        reply = drafts.create_draft(db, alice, refund_id, template="refund-ack")
        drafts.approve_draft(db, carol, reply["id"], PASSWORD)
        dispatch.dispatch_draft(db, alice, reply["id"], via="manual")
        refunds.log_refund(db, alice, refund_id, amount="5.00", method="PayPal", reference="8RX1")
        now["t"] = T0 + timedelta(hours=30)
        deadlines.sweep(db)
        with UnitOfWork(db, write=False) as look:
            have = int(look.session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0)
        left, n = entries - have, 0
        while n < left:
            size = min(BATCH, left - n)
            now["t"] = T0 + timedelta(hours=30, seconds=n // 100)
            with db.writer.begin() as conn:
                audit_log.append_many(conn, [("alice", "ticket.note", f"ticket:{(n + i) % 100 + 1}",
                                              {"note_id": n + i, "text": _NOTES[(n + i) % 5]})
                                             for i in range(size)])
            n += size
        now["t"] = T0 + timedelta(hours=31)
    finally:
        clock.now = real                                       # type: ignore[assignment]
    return db, carol


def baseline(path: Path, out: Path) -> float:
    """Raw sqlite3 reads the rows and the same audit.jsonl lines go into a zip."""
    from warroom.services.appeal.package import STREAM_COMPRESS_LEVEL

    t0 = time.perf_counter()
    con = sqlite3.connect(path)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=STREAM_COMPRESS_LEVEL) as z, \
            z.open("audit.jsonl", "w", force_zip64=True) as member:
        cursor = con.execute("SELECT canonical FROM audit_entry ORDER BY seq")
        while rows := cursor.fetchmany(20_000):              # each line: the entry's canonical bytes as stored
            member.write(b"\n".join(bytes(c) for (c,) in rows) + b"\n")
    con.close()
    return time.perf_counter() - t0


def timed_export(db: object, actor: Actor, out: Path, **options: object) -> tuple[float, dict[str, float], object]:
    from warroom.services.appeal import export_package, parse_range

    stages: dict[str, float] = {}
    last = {"stage": "start", "t": time.perf_counter()}

    def progress(done: int, total: int | None, stage: str) -> None:
        now_ = time.perf_counter()
        stages[last["stage"]] = stages.get(last["stage"], 0.0) + now_ - last["t"]
        last.update(stage=stage, t=now_)

    start, end = parse_range("2026-11-01", "2026-11-30")
    t0 = time.perf_counter()
    result = export_package(db, actor, out, start=start, end=end, progress=progress, **options)  # type: ignore[arg-type]
    total = time.perf_counter() - t0
    stages[last["stage"]] = stages.get(last["stage"], 0.0) + time.perf_counter() - last["t"]
    return total, stages, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF step (ui.report_pdf)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        paths.from_root(tmp / "root")
        t0 = time.perf_counter()
        db, carol = build(tmp / "appeal.db", args.entries)
        print(f"built a {args.entries:,}-entry log in {time.perf_counter() - t0:.1f} s")
        con = sqlite3.connect(tmp / "appeal.db")
        volume = con.execute("SELECT SUM(LENGTH(canonical)) FROM audit_entry").fetchone()[0]   # warms the cache
        con.close()
        base = baseline(tmp / "appeal.db", tmp / "baseline.zip")
        total, stages, result = timed_export(db, carol, tmp / "package.zip", pdf=False)
        base2 = baseline(tmp / "appeal.db", tmp / "baseline2.zip")
        pseudo, _, presult = timed_export(db, carol, tmp / "pseudo.zip", pdf=False, pseudonymize=True)
        print(f"canonical bytes: {volume / 1e6:.0f} MB; zip: {result.bytes / 1e6:.1f} MB "       # type: ignore[attr-defined]
              f"(baseline zip {(tmp / 'baseline.zip').stat().st_size / 1e6:.1f} MB)")
        print(f"cited entries with proofs: {result.cited_entries}; tree size {result.tree_size:,}")  # type: ignore[attr-defined]
        print()
        print("| what | War Room | baseline in the same run | target |")
        print("|---|---|---|---|")
        print(f"| appeal export, {args.entries:,} entries, no PDF | {total:.2f} s | raw read + the same audit.jsonl "
              f"into a zip: {base:.2f} s / {base2:.2f} s ({total / min(base, base2):.2f}x) | < 30 s |")
        print(f"| the same, pseudonymized (audit.jsonl withheld) | {pseudo:.2f} s | | |")
        print()
        print("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items() if v >= 0.01))
        if args.pdf:
            total_pdf, pdf_stages, _ = timed_export(db, carol, tmp / "with-pdf.zip", pdf=True)
            print(f"with the PDF: {total_pdf:.2f} s (rendering the PDF: {pdf_stages.get('rendering the PDF', 0.0):.2f} s)")
        del presult
        db.dispose()                                           # type: ignore[attr-defined]
        paths.from_root(None)


if __name__ == "__main__":
    main()
