"""`warroom status`, the audit chain's verification, the state of its guard triggers, and a
consistent copy of the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from warroom.domain.audit import VerifyResult
from warroom.errors import BadInput
from warroom.progress import Progress, no_progress
from warroom.storage import audit_log
from warroom.storage.audit_log import CopyResult
from warroom.storage.engine import Database, make_engine, redacted, resolve_url
from warroom.storage.migrate import current_revision, head_revision
from warroom.storage.models import Order, Ticket, User
from warroom.storage.uow import UnitOfWork
from warroom.services.suspension import current_suspension, suspension_dict

if TYPE_CHECKING:
    from warroom.services.checkpoint_verify import CheckpointReport


@dataclass(frozen=True, slots=True)
class GuardState:
    """The audit table's guard triggers (warroom.storage.dialect): which are missing."""

    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def summary(self) -> str:
        """``"ok"`` or ``"missing: audit_entry_no_update, …"`` (status --json: audit.guards)."""
        return "ok" if self.ok else "missing: " + ", ".join(self.missing)

    @property
    def warning(self) -> str:
        return (f"the audit guard triggers are missing ({', '.join(self.missing)}): the database no longer "
                "refuses edits and deletions of the audit chain. Someone dropped them; restore them and run "
                "`warroom audit verify` (docs/audit-chain.md, \"Guards inside the database\")")


def audit_guard_state(db: Database) -> GuardState:
    with db.engine.connect() as conn:
        return GuardState(audit_log.missing_guard_triggers(conn))


def status(db: Database) -> dict[str, Any]:
    guards = audit_guard_state(db)
    with UnitOfWork(db, write=False) as uow:
        count, head_hash = audit_log.head(uow.connection)
        by_status = dict(uow.session.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())
        return {
            "database": {"url": redacted(db.url), "dialect": db.dialect, "schema_revision": current_revision(db),
                         "schema_head": head_revision()},
            "suspension": suspension_dict(current_suspension(uow.session)),
            "audit": {"count": count, "head_hash": head_hash, "guards": guards.summary},
            "tickets": {s: int(by_status.get(s, 0)) for s in ("open", "waiting", "answered", "closed")},
            "orders": int(uow.session.scalar(select(func.count()).select_from(Order)) or 0),
            "users": int(uow.session.scalar(select(func.count()).select_from(User)) or 0),
        }


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """`audit verify`: the chain walk (:class:`VerifyResult`) and the checkpoints
    (:class:`~warroom.services.checkpoint_verify.CheckpointReport`), read as one result with
    VerifyResult's attributes: ``ok`` only when both are; when the chain verifies but a
    checkpoint does not (a dropped tail, a rewritten and re-chained log, a forged checkpoint),
    ``reason`` is the first checkpoint finding and ``first_bad_seq`` the first entry the
    checkpoints no longer vouch for (None when the finding is not about entries)."""

    chain: VerifyResult
    checkpoints: "CheckpointReport"

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.checkpoints.ok

    @property
    def count(self) -> int:
        return self.chain.count

    @property
    def head_hash(self) -> str | None:
        return self.chain.head_hash if self.ok else None

    @property
    def first_bad_seq(self) -> int | None:
        return self.chain.first_bad_seq if not self.chain.ok else self.checkpoints.first_bad_seq

    @property
    def reason(self) -> str | None:
        if not self.chain.ok:
            return self.chain.reason
        return self.checkpoints.findings[0] if self.checkpoints.findings else None

    @property
    def verified_count(self) -> int:
        bad = self.checkpoints.first_bad_seq
        return self.chain.verified_count if not self.chain.ok or bad is None else min(bad - 1, self.chain.verified_count)

    @property
    def verified_head_hash(self) -> str:
        bad, head = self.checkpoints.first_bad_seq, self.checkpoints.verified_head_hash
        if self.chain.ok and bad is not None and head is not None and bad - 1 < self.chain.verified_count:
            return head
        return self.chain.verified_head_hash

    def to_dict(self) -> dict[str, Any]:
        """The chain's document (its keys unchanged, read as the whole) with ``checkpoints``."""
        return {"ok": self.ok, "count": self.count, "head_hash": self.head_hash, "first_bad_seq": self.first_bad_seq,
                "reason": self.reason, "verified_count": self.verified_count,
                "verified_head_hash": self.verified_head_hash, "checkpoints": self.checkpoints.to_dict()}


def verify_audit_chain(db: Database, progress: Progress = no_progress, *, checkpoint_file: str | Path | None = None,
                       key: str | None = None) -> AuditVerification:
    """Re-walk the whole chain and, in the same pass, rebuild the Merkle tree: every stored
    checkpoint, every one in the file outside the database and every one in
    ``checkpoint_file`` (verified with ``key``, default the registered keys) against the log."""
    from warroom.services.checkpoint_verify import MerklePass, judge, read_inputs

    inputs = read_inputs(db, checkpoint_file, key)
    tree = MerklePass(inputs.sizes())
    chain = audit_log.verify(db.engine, progress, sink=tree)
    return AuditVerification(chain, judge(inputs, chain, tree))


def audit_entries(db: Database, *, after_seq: int = 0, limit: int = 100, newest_first: bool = False) -> list[dict[str, Any]]:
    with UnitOfWork(db, write=False) as uow:
        return [e.to_dict() for e in audit_log.entries(uow.connection, after_seq=after_seq, limit=limit,
                                                      newest_first=newest_first)]


def forget_writes() -> None:
    """Start a new run: forget which databases this process wrote to so far."""
    audit_log.take_written()


def guards_missing_where_written(*, sign_hourly: bool = False) -> list[tuple[str, GuardState]]:
    """(database, guard state) for each database this process appended audit entries to since
    the last call, whose guard triggers are missing (the command line warns after such a run).
    ``sign_hourly``: also sign each one's hourly checkpoint when it is due
    (:func:`warroom.services.checkpoints.sign_hourly`; what goes wrong is kept as a warning)."""
    out = []
    for url in audit_log.take_written():
        plain = url.render_as_string(hide_password=False)
        engine = make_engine(plain)
        try:
            with engine.connect() as conn:
                state = GuardState(audit_log.missing_guard_triggers(conn))
            if sign_hourly:
                from warroom.services.checkpoints import sign_hourly as hourly

                hourly(Database(url=plain, engine=engine))
        finally:
            engine.dispose()
        if not state.ok:
            out.append((url.render_as_string(hide_password=True), state))
    if sign_hourly:
        audit_log.take_written()          # the hourly checkpoints' own entries are not the run's writes
    return out


@dataclass(frozen=True, slots=True)
class PendingWal:
    """A non-empty ``-wal`` file beside a SQLite database, seen before War Room opened it."""

    database: str
    wal: str
    size: int

    @property
    def warning(self) -> str:
        return (f"{self.wal} exists beside the database ({self.size:,} bytes): another program has it open, or "
                f"one stopped without closing it. This check read the -wal file too, but a copy of {self.database} "
                "without its -wal may lack the newest entries: make copies with `warroom audit copy OUT` "
                "(sqlite3's backup API), or copy the -wal with it while nothing writes")


def pending_wal(db_arg: str | None) -> PendingWal | None:
    """Before opening: the SQLite database ``db_arg`` names (as --db does) has a non-empty
    ``-wal`` file beside it.  None for other databases, a missing file or an empty -wal."""
    url = make_url(resolve_url(db_arg))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    wal = Path(url.database + "-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return None
    return PendingWal(database=url.database, wal=str(wal), size=size) if size > 0 else None


def copy_database(db: Database, out: str | Path) -> CopyResult:
    """A consistent copy of the whole database in the new file ``out`` (sqlite3's backup API)."""
    target = Path(out).expanduser()
    if db.dialect != "sqlite":
        raise BadInput(f"audit copy works on SQLite databases; this one is {db.dialect} (use its own backup tool, "
                       "e.g. pg_dump)")
    try:
        if target.exists() or target.is_symlink():
            raise BadInput(f"{target}: already exists; choose a new file name (a copy never overwrites)")
        if not target.parent.is_dir():
            raise BadInput(f"{target.parent}: no such folder")
        return audit_log.copy_database(db.engine, target)
    except OSError as exc:           # a name too long, a folder not writable: the file is not made
        raise BadInput(f"{target}: cannot be written ({exc.strerror or exc})") from None
