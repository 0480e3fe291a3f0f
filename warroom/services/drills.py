"""Escalation drills: a simulated high-priority complaint on a copy of the database, timed.

``warroom drill start`` (a compliance user, on an SQLite database) copies the real database
next to itself as ``<name>.drill.sqlite3`` (SQLite's backup API: a consistent copy while the team
works), marks the copy (a ``drill_marker`` row: only a drill copy has one) and injects a
simulated escalation there (the copy's checkpoints go to ``<copy>.checkpoints/``, never to
the real database's file outside it): a buyer message from ``drill-simulation@marketplace.amazon.com``,
subject starting ``[DRILL]``, that triage escalates like a real red flag, and the tag ``DRILL``.
The team works the drill in the copy (``warroom --db <copy> ...`` or the console opened on it).

Drill data never reaches the real database: the injection and everything done in the copy are
written to the copy's own chain.  The real database's chain gets exactly one entry per drill,
``drill.ended`` (entity ``drill``), written by ``warroom drill end`` with the timing summary:
when it started, who started it, and how long the team took to the first action on the
simulated ticket, to the first edit of its brief, to a reply drafted and a reply sent.  Nothing
is written to the real database when the drill starts (a drill that is never ended leaves no
trace there but its copy file).  A drill copy is refused as the source of an appeal export
(:func:`refuse_drill_copy`) and cannot start a drill itself.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BusinessRuleError, NotFound
from warroom.records import MessageRecord
from warroom.storage.engine import Database, open_database
from warroom.storage.models import AuditEntryRow, Setting, TicketTag
from warroom.storage.models_escalation import DrillMarker
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

DRILL_TAG = "DRILL"
INJECT_ACTION = "drill.inject"
ENDED_ACTION = "drill.ended"
CHECKPOINT_FOLDER = "audit.checkpoint_folder"
SENDER = "drill-simulation@marketplace.amazon.com"
SUBJECT = "[DRILL] Simulated escalation: kettle caught fire, buyer's lawyer involved"
BODY = ("[DRILL - simulated message, not a real buyer]\n"
        "The kettle I bought caught fire on the first use and burnt my kitchen counter. "
        "I have spoken to my lawyer and I will report this to Amazon and the BBB unless I hear from you today.")


@dataclass(frozen=True)
class Started:
    copy: str
    ticket_id: int
    started_at: datetime
    started_by: str

    def to_dict(self) -> dict[str, object]:
        return {"copy": self.copy, "ticket_id": self.ticket_id, "started_at": clock.iso(self.started_at),
                "started_by": self.started_by}


@dataclass(frozen=True)
class Step:
    """The first time the team did something of one kind on the simulated ticket."""

    name: str                  # first_action, brief, reply_drafted, reply_sent
    at: datetime | None
    actor: str | None
    seconds: int | None        # after the injection


@dataclass(frozen=True)
class DrillReport:
    copy: str
    started_by: str
    started_at: datetime
    ticket_id: int
    injected_at: datetime
    steps: tuple[Step, ...]
    entries: int               # entries written in the copy since the drill began
    as_of: datetime

    def to_dict(self) -> dict[str, object]:
        return {"copy": self.copy, "started_by": self.started_by, "started_at": clock.iso(self.started_at),
                "ticket_id": self.ticket_id, "injected_at": clock.iso(self.injected_at),
                "steps": {s.name: {"at": clock.iso(s.at), "actor": s.actor, "seconds": s.seconds} for s in self.steps},
                "entries": self.entries, "as_of": clock.iso(self.as_of)}


@dataclass(frozen=True)
class Ended:
    report: DrillReport
    entry: int                 # the seq of drill.ended in the real chain
    copy_kept: bool

    def to_dict(self) -> dict[str, object]:
        return {**self.report.to_dict(), "entry": self.entry, "copy_kept": self.copy_kept}


def _file(db: Database) -> Path:
    url = make_url(db.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BusinessRuleError("drills copy the database file: they need an SQLite database (this one is "
                                f"{url.get_backend_name()})")
    return Path(url.database)


def copy_path(db: Database) -> Path:
    real = _file(db)
    return real.with_name(f"{real.stem}.drill{real.suffix or '.sqlite3'}")


@dataclass(frozen=True)
class Marker:
    source: str
    started_by: str
    started_at: datetime
    ticket_id: int | None
    injected_at: datetime | None
    first_seq: int


def marker(db: Database) -> Marker | None:
    """The drill marker: present only in a drill copy."""
    with UnitOfWork(db, write=False) as uow:
        m = uow.session.scalar(select(DrillMarker).order_by(DrillMarker.id).limit(1))
        return None if m is None else Marker(m.source, m.started_by, m.started_at, m.ticket_id, m.injected_at,
                                             m.first_seq)


def is_drill_copy(db: Database) -> bool:
    return marker(db) is not None


def refuse_drill_copy(db: Database, what: str) -> None:
    if is_drill_copy(db):
        raise BusinessRuleError(f"this database is a drill copy: {what} is refused (drill data never leaves it)")


def start_drill(db: Database, actor: Actor) -> Started:
    """Copy the database, mark the copy, inject the simulated escalation there."""
    refuse_drill_copy(db, "starting a drill from it")
    with UnitOfWork(db, write=False) as uow:
        current_actor(uow, actor, Permission.RUN_DRILL)
    real, target = _file(db), copy_path(db)
    if target.exists():
        raise BusinessRuleError(f"a drill is already running ({target}): end it first (warroom drill end)")
    from warroom.services.checkpoints import outside_file

    real_outside = outside_file(db)
    folder = target.with_name(f"{target.stem}-{clock.now().strftime('%Y%m%dT%H%M%SZ')}.checkpoints")
    source = sqlite3.connect(str(real))
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    os.chmod(target, 0o600)             # as private as the real database
    folder.mkdir(exist_ok=True)
    if real_outside.exists():            # the copy's own checks find the checkpoints it was copied with
        shutil.copyfile(real_outside, folder / real_outside.name)
    copy = open_database(str(target))
    try:
        return _inject(copy, actor, str(real), str(folder))
    except BaseException:
        copy.dispose()
        target.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        copy.dispose()


def _inject(copy: Database, actor: Actor, source: str, folder: str) -> Started:
    from warroom.services.ingest import store_messages
    from warroom.services.triage import summarize

    now = clock.now()
    record = MessageRecord(received_at=now, from_addr=SENDER, from_name="Drill Buyer", body=BODY, subject=SUBJECT,
                           message_id=f"drill-{now.timestamp():.0f}@warroom.invalid", amazon_order_id=None,
                           to_addr=None, source_ref="drill")
    with UnitOfWork(copy) as uow:
        first_seq = int(uow.session.scalar(select(func.max(AuditEntryRow.seq))) or 0)
        stored = store_messages(uow, [record], actor=actor.name)
        [tid] = stored["tickets_created"]
        reason = f"simulated escalation of the drill started by {actor.name}"
        uow.session.add(TicketTag(ticket_id=tid, tag=DRILL_TAG, reason=reason, set_by=actor.name, set_at=now))
        uow.session.add(DrillMarker(source=source, started_by=actor.name, started_at=now, ticket_id=tid,
                                    injected_at=now, first_seq=first_seq))
        # the copy's checkpoints go to a folder of its own: never into the real database's file outside
        setting = uow.session.get(Setting, CHECKPOINT_FOLDER) or Setting(key=CHECKPOINT_FOLDER)
        setting.value, setting.updated_by, setting.updated_at = json.dumps(folder), actor.name, now
        uow.session.add(setting)
        uow.audit(actor.name, INJECT_ACTION, f"ticket:{tid}", {
            "tickets_created": [[tid, tid]], "triage": summarize(stored["triage"]), "tag": DRILL_TAG,
            "reason": reason, "source": source, "checkpoint_folder": folder})
        uow.commit()
    return Started(copy=copy.url, ticket_id=tid, started_at=now, started_by=actor.name)


def _drill_db(db: Database) -> tuple[Database, bool]:
    """The drill copy to read: ``db`` itself when it is one, else the copy next to it."""
    if is_drill_copy(db):
        return db, False
    target = copy_path(db)
    if not target.exists():
        raise NotFound("no drill is running (start one with warroom drill start)")
    return open_database(str(target)), True


def drill_report(db: Database, now: datetime | None = None) -> DrillReport:
    """How fast the team answered the simulated escalation so far (reads the copy only)."""
    copy, opened = _drill_db(db)
    try:
        return _report(copy, now or clock.now())
    finally:
        if opened:
            copy.dispose()


def _report(copy: Database, now: datetime) -> DrillReport:
    m = marker(copy)
    assert m is not None and m.ticket_id is not None and m.injected_at is not None
    tid, start = m.ticket_id, m.injected_at
    firsts: dict[str, tuple[datetime, str]] = {}
    count = 0
    with copy.engine.connect() as conn:
        for seq, canonical in conn.exec_driver_sql(
                "SELECT seq, canonical FROM audit_entry WHERE seq > ? ORDER BY seq", (m.first_seq,)):
            count += 1
            e = json.loads(bytes(canonical))
            action, actor, payload = e["action"], e["actor"], e.get("payload") or {}
            on_ticket = e["entity"] == f"ticket:{tid}" or (isinstance(payload, dict) and payload.get("ticket_id") == tid)
            if not on_ticket or action == INJECT_ACTION or actor == "system":
                continue
            at = clock.parse_iso(e["at"])
            firsts.setdefault("first_action", (at, actor))
            if action == "escalation.brief-edit":
                firsts.setdefault("brief", (at, actor))
            if action == "draft.submit":
                firsts.setdefault("reply_drafted", (at, actor))
            if action == "draft.dispatch":
                firsts.setdefault("reply_sent", (at, actor))
    steps = []
    for name in ("first_action", "brief", "reply_drafted", "reply_sent"):
        got = firsts.get(name)
        steps.append(Step(name, got[0] if got else None, got[1] if got else None,
                          int((got[0] - start).total_seconds()) if got else None))
    return DrillReport(copy=copy.url, started_by=m.started_by, started_at=m.started_at, ticket_id=tid,
                       injected_at=start, steps=tuple(steps), entries=count, as_of=now)


def end_drill(db: Database, actor: Actor, *, keep_copy: bool = False) -> Ended:
    """Record the drill's timing in the real chain (one ``drill.ended`` entry) and remove the
    copy (or keep it, renamed with its start time, still marked)."""
    refuse_drill_copy(db, "ending the drill from the copy (run it on the real database)")
    target = copy_path(db)
    if not target.exists():
        raise NotFound("no drill is running (start one with warroom drill start)")
    copy = open_database(str(target))
    try:
        from warroom.services.checkpoints import checkpoint_folder

        report = _report(copy, clock.now())
        folder = checkpoint_folder(copy)
    finally:
        copy.dispose()
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.RUN_DRILL)
        payload = {"copy": Path(target).name, "started_by": report.started_by,
                   "started_at": clock.iso(report.started_at), "entries_in_copy": report.entries,
                   "seconds": {s.name: s.seconds for s in report.steps}}
        entry = uow.audit(actor.name, ENDED_ACTION, "drill", payload)
        uow.commit()
    if keep_copy:
        stamp = report.started_at.strftime("%Y%m%dT%H%M%SZ")
        kept = target.with_name(f"{target.stem}-{stamp}{target.suffix}")
        target.rename(kept)             # its checkpoint folder (named in its settings) stays its own
    else:
        target.unlink()
        if folder.name.endswith(".checkpoints") and folder.parent == target.parent:    # the drill's own only
            shutil.rmtree(folder, ignore_errors=True)
    return Ended(report=report, entry=entry.seq, copy_kept=keep_copy)


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "not yet"
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min {secs:02d} s" if hours else f"{minutes} min {secs:02d} s"


def report_text(r: DrillReport) -> str:
    labels = {"first_action": "first action", "brief": "brief written", "reply_drafted": "reply drafted",
              "reply_sent": "reply sent"}
    lines = [f"drill started by {r.started_by} at {clock.iso(r.started_at)}; simulated ticket {r.ticket_id}",
             f"copy: {r.copy}"]
    for s in r.steps:
        lines.append(f"  {labels[s.name]:<14} {_duration(s.seconds)}" + (f" ({s.actor})" if s.actor else ""))
    lines.append(f"{r.entries} entries in the drill copy as of {clock.iso(r.as_of)}")
    return "\n".join(lines)
