"""Signed checkpoints of the audit log: the log's head, signed, and kept outside the database.

The audit chain shows an edit in the middle, but not a dropped tail or a rebuilt chain.  A
checkpoint commits to the whole log: the RFC 6962 Merkle root over every entry's canonical
bytes (:mod:`warroom.domain.merkle`) at a tree size, as a C2SP signed note
(:mod:`warroom.domain.notes`) under the origin ``warroom/<database id>``, signed with this
machine's Ed25519 key.  Each checkpoint is stored (with the tree's frontier, so the next one
reads only the entries since), recorded by an ``audit.checkpoint`` entry, and appended to a
plain-text file outside the database (setting ``audit.checkpoint_folder``, default the user's
documents folder), so that a copy lives where whoever holds the database cannot reach it.

Keys: the private key is a 0600 file ``<data dir>/keys/<database id>.ed25519`` on the machine
that signs (created when a database is first initialised, or on the first checkpoint of a
database copied to a new machine); its public key is registered in the database by an
``audit.key`` entry and printed by ``warroom audit key``.

When (docs/appeal-package.md, section 2): :func:`after_action` right after every suspension
action, approval and dispatch commits (never failing it); :func:`sign_hourly` after every run of
the command that wrote, and from the console's timer.  :func:`check_log` is the cheap check of
the log against its checkpoints that every open runs (:data:`warroom.storage.engine.OPEN_HOOKS`);
``audit verify``'s full check is :mod:`warroom.services.checkpoint_verify`.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from warroom import clock, paths
from warroom.domain import merkle
from warroom.domain.notes import SIG_PREFIX, Checkpoint, NoteError, Signature, SignedNote, VerifierKey
from warroom.errors import BusinessRuleError, WarroomError
from warroom.storage import audit_log
from warroom.storage.engine import OPEN_HOOKS, Database, redacted
from warroom.storage.models import AuditCheckpoint, AuditKey, DatabaseIdentity
from warroom.storage.uow import UnitOfWork

SYSTEM_ACTOR = "system"
ORIGIN_PREFIX = "warroom/"
#: Why a checkpoint was signed.
REASONS = ("manual", "init", "suspension", "approval", "dispatch", "hourly", "export")
OUTSIDE_FILE_SUFFIX = ".checkpoints.txt"
READ_BATCH = 20_000
#: the open check and signing re-hash the newest checkpoint's last perfect subtree (its
#: frontier's last hash, 1 to this many entries) to see that the log still ends as it did
TAIL_CHECK_LIMIT = 4096
#: the open check recomputes a root from a stored frontier over at most this many entries
OPEN_RECOMPUTE_LIMIT = 100_000
#: bytes read from the end of the file outside on every open
OUTSIDE_TAIL_BYTES = 64 * 1024
HOURLY = timedelta(hours=1)


class CheckpointRefused(BusinessRuleError):
    """No checkpoint can be signed over the log as it is (``problem`` says why, in plain words)."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"no checkpoint signed: {problem} (run warroom audit verify)")
        self.problem = problem


@dataclass(frozen=True, slots=True)
class CheckpointInfo:
    id: int
    size: int
    root_hex: str
    key_id: str
    signed_at: datetime
    reason: str
    note: str
    outside_file: Path | None = None        # where the copy went (None: it could not be written)
    outside_error: str | None = None


def _info(row: AuditCheckpoint, outside: Path | None = None, error: str | None = None) -> CheckpointInfo:
    return CheckpointInfo(row.id, row.tree_size, row.root_hash, row.key_id, row.signed_at, row.reason, row.note,
                          outside, error)


# ---------------------------------------------------------------- identity and keys

def database_id(db: Database) -> str | None:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.scalar(select(DatabaseIdentity.database_id))


def origin(database_id_: str) -> str:
    return f"{ORIGIN_PREFIX}{database_id_}"


def _key_file(database_id_: str) -> Path:
    return paths.keys_dir() / f"{database_id_}.ed25519"


def _load_private_key(database_id_: str) -> Ed25519PrivateKey | None:
    path = _key_file(database_id_)
    if not path.exists():
        return None
    paths.tighten(path)
    raw = base64.b64decode(path.read_text(encoding="ascii").strip())
    return Ed25519PrivateKey.from_private_bytes(raw)


def _write_private_key(database_id_: str, key: Ed25519PrivateKey) -> None:
    path = paths.private_file(_key_file(database_id_))
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    path.write_text(base64.b64encode(raw).decode("ascii") + "\n", encoding="ascii")


def _public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _key_if_ready(session: Session) -> tuple[VerifierKey, Ed25519PrivateKey] | None:
    """This database's id and this machine's key, when both exist and the key is registered."""
    ident = session.scalar(select(DatabaseIdentity.database_id))
    if ident is None:
        return None
    private = _load_private_key(ident)
    if private is None:
        return None
    vkey = VerifierKey.of(origin(ident), _public_bytes(private))
    return (vkey, private) if session.get(AuditKey, vkey.key_id.hex()) is not None else None


def ensure_signing_key(db: Database) -> tuple[VerifierKey, Ed25519PrivateKey]:
    """This database's id and this machine's signing key, created (and the key registered by an
    ``audit.key`` entry) when missing."""
    with UnitOfWork(db, write=False) as look:
        ready = _key_if_ready(look.session)
    if ready is not None:
        return ready
    with UnitOfWork(db) as uow:
        row = uow.session.get(DatabaseIdentity, 1)
        now = clock.now()
        created_identity = row is None
        if row is None:
            row = DatabaseIdentity(id=1, database_id=str(uuid.uuid4()), created_at=now)
            uow.session.add(row)
            uow.session.flush()
        private = _load_private_key(row.database_id)
        created_key = private is None
        if private is None:
            private = Ed25519PrivateKey.generate()
        vkey = VerifierKey.of(origin(row.database_id), _public_bytes(private))
        if uow.session.get(AuditKey, vkey.key_id.hex()) is None:
            uow.session.add(AuditKey(key_id=vkey.key_id.hex(), name=vkey.name,
                                     public_key=base64.b64encode(vkey.public_key).decode("ascii"), created_at=now))
            if created_key:
                _write_private_key(row.database_id, private)    # before the commit: never a key without its file
            uow.audit(SYSTEM_ACTOR, "audit.key", f"key:{vkey.key_id.hex()}", {
                "database_id": row.database_id, "origin": vkey.name, "verifier_key": str(vkey),
                "new_database_id": created_identity})
            uow.commit()
        return vkey, private


def verifier_keys(db: Database) -> list[VerifierKey]:
    """Every key registered to sign this log's checkpoints, oldest first."""
    with UnitOfWork(db, write=False) as uow:
        return _registered_keys(uow.session)


# ---------------------------------------------------------------- the tree

def _canonicals(conn: Connection, after: int, upto: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(seq, canonical bytes) of the entries after seq ``after`` (up to seq ``upto``), in order;
    a missing sequence number is refused."""
    from warroom.storage.dialect import placeholder

    ph = placeholder(conn)
    sql = f"SELECT seq, canonical FROM audit_entry WHERE seq > {ph}"
    params: tuple[int, ...] = (after,)
    if upto is not None:
        sql += f" AND seq <= {ph}"
        params += (upto,)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None                      # a live connection of the unit of work
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql + " ORDER BY seq", params)
        expected = after + 1
        while rows := cursor.fetchmany(READ_BATCH):
            for seq, canonical in rows:
                if seq != expected:
                    raise CheckpointRefused(f"audit entry {expected} is missing")
                yield seq, bytes(canonical)
                expected += 1
        if upto is not None and expected <= upto:
            raise CheckpointRefused(f"audit entry {expected} is missing")
    finally:
        cursor.close()


def _extend(conn: Connection, frontier: merkle.Frontier, upto: int | None = None) -> merkle.Frontier:
    """Append the leaves of the entries after ``frontier.size`` (up to seq ``upto``)."""
    leaf = merkle.leaf_hash
    for _seq, canonical in _canonicals(conn, frontier.size, upto):
        frontier.append(leaf(canonical))
    return frontier


def _newest(session: Session) -> AuditCheckpoint | None:
    return session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size.desc(),
                                                           AuditCheckpoint.id.desc()).limit(1))


def _frontier_of(row: AuditCheckpoint | None) -> merkle.Frontier:
    return merkle.Frontier() if row is None else merkle.Frontier.from_bytes(row.tree_size, bytes(row.frontier))


# ---------------------------------------------------------------- signing

def _look(db: Database) -> tuple[tuple[VerifierKey, Ed25519PrivateKey] | None, Path, int | None, merkle.Frontier]:
    """Before the write lock, in plain SQL (this runs after every approval): this machine's key
    when it is ready, the folder outside, the newest checkpoint's id, and its frontier extended
    over the entries since (the bulk of the hashing, without the lock)."""
    from warroom.storage.dialect import placeholder

    with db.engine.connect() as conn:
        ph = placeholder(conn)
        ident = conn.exec_driver_sql("SELECT database_id FROM database_identity").scalar()
        chosen = conn.exec_driver_sql(f"SELECT value FROM setting WHERE key = {ph}",
                                      ("audit.checkpoint_folder",)).scalar()
        newest = conn.exec_driver_sql("SELECT id, tree_size, frontier FROM audit_checkpoint"
                                      " ORDER BY tree_size DESC, id DESC LIMIT 1").first()
        ready = None
        private = _load_private_key(ident) if ident is not None else None
        if private is not None:
            vkey = VerifierKey.of(origin(str(ident)), _public_bytes(private))
            if conn.exec_driver_sql(f"SELECT 1 FROM audit_key WHERE key_id = {ph}", (vkey.key_id.hex(),)).scalar():
                ready = (vkey, private)
        base = (merkle.Frontier() if newest is None else
                merkle.Frontier.from_bytes(int(newest[1]), bytes(newest[2])))
        frontier = _extend(conn, base)
    return ready, _folder_from(json.loads(chosen) if chosen else ""), (newest[0] if newest else None), frontier


def sign_checkpoint(db: Database, reason: str = "manual", *, actor: str = SYSTEM_ACTOR) -> CheckpointInfo:
    """Sign a checkpoint of the log as it is now (or return the newest one when nothing was
    appended since it), store it, record it (``actor``: who asked; the application's own
    checkpoints are by ``system``), and append it to the file outside the database."""
    if reason not in REASONS:
        raise ValueError(f"unknown checkpoint reason {reason!r}")
    ready, folder, base_id, frontier = _look(db)
    vkey, private = ready if ready is not None else ensure_signing_key(db)
    with UnitOfWork(db) as uow:
        conn = uow.connection
        newest = conn.exec_driver_sql("SELECT id, tree_size, frontier FROM audit_checkpoint"
                                      " ORDER BY tree_size DESC, id DESC LIMIT 1").first()
        if newest is not None:          # never extend a frontier the log no longer ends with
            newest_id, newest_size, newest_frontier = int(newest[0]), int(newest[1]), bytes(newest[2])
            count = audit_log.head(conn)[0]
            if count < newest_size or _tail_mismatch(conn, newest_size, newest_frontier):
                row = uow.session.get(AuditCheckpoint, newest_id)
                assert row is not None
                raise CheckpointRefused(_shorter_problem(count, row) or _tail_problem(conn, row) or "")
            if newest_id != base_id:    # someone signed meanwhile
                frontier = merkle.Frontier.from_bytes(newest_size, newest_frontier)
        frontier = _extend(conn, frontier)
        if newest is not None and newest_size == frontier.size:
            same = uow.session.get(AuditCheckpoint, newest_id)
            assert same is not None
            return _info(same)
        root = frontier.root()
        text = Checkpoint(vkey.name, frontier.size, root).text()
        note = str(SignedNote(text, (Signature(vkey.name, vkey.key_id, private.sign(text.encode("utf-8"))),)))
        root_hex, key_hex, signed_at = root.hex(), vkey.key_id.hex(), clock.now()
        values = dict(tree_size=frontier.size, root_hash=root_hex, frontier=frontier.to_bytes(), note=note,
                      key_id=key_hex, signed_at=signed_at, reason=reason)
        new_id = uow.session.execute(insert(AuditCheckpoint).values(**values).returning(AuditCheckpoint.id)).scalar_one()
        uow.audit(actor, "audit.checkpoint", f"checkpoint:{new_id}", {
            "tree_size": frontier.size, "root_hash": values["root_hash"], "key_id": values["key_id"], "reason": reason})
        uow.commit()
    outside, error = _append_outside(folder / f"{vkey.name[len(ORIGIN_PREFIX):]}{OUTSIDE_FILE_SUFFIX}", note)
    return CheckpointInfo(new_id, frontier.size, root_hex, key_hex, signed_at, reason, note, outside, error)


# ---------------------------------------------------------------- the copy outside the database

def checkpoint_folder(db: Database) -> Path:
    with UnitOfWork(db, write=False) as uow:
        return _folder_of(uow.session)


def _folder_of(session: Session) -> Path:
    from warroom.services.settings import read_setting

    return _folder_from(read_setting(session, "audit.checkpoint_folder"))


def _folder_from(value: object) -> Path:
    chosen = str(value or "").strip()
    return Path(chosen).expanduser() if chosen else paths.documents_dir() / "War Room checkpoints"


def outside_file(db: Database, origin_: str | None = None) -> Path:
    ident = origin_[len(ORIGIN_PREFIX):] if origin_ else database_id(db)
    return checkpoint_folder(db) / f"{ident}{OUTSIDE_FILE_SUFFIX}"


def _append_outside(path: Path, note: str) -> tuple[Path | None, str | None]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(note + "\n")
        return path, None
    except OSError as exc:
        return None, f"the checkpoint copy could not be written to {path}: {exc.strerror or exc}"


def read_notes_file(path: Path) -> list[SignedNote]:
    """The signed notes in a checkpoint file (one or more, each followed by a blank line, as
    :func:`sign_checkpoint` appends them; a single note as someone wrote it down works too)."""
    return parse_notes(path.read_text(encoding="utf-8"))


def parse_notes(text: str) -> list[SignedNote]:
    """The signed notes in ``text``, one after the other (see :func:`read_notes_file`)."""
    notes, block = [], []
    for para in text.replace("\r\n", "\n").split("\n\n"):
        para = para.strip("\n")
        if not para:
            continue
        block.append(para)
        if para.startswith("\u2014 "):                  # the signature lines close a note
            notes.append(SignedNote.parse("\n\n".join(block) + "\n"))
            block = []
    if block:
        notes.append(SignedNote.parse("\n\n".join(block) + "\n"))
    return notes


def list_checkpoints(db: Database, *, limit: int | None = None) -> list[CheckpointInfo]:
    """Stored checkpoints, newest first."""
    with UnitOfWork(db, write=False) as uow:
        query = select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size.desc(), AuditCheckpoint.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [_info(r) for r in uow.session.scalars(query)]


# ---------------------------------------------------------------- signatures and plain words

def verify_note(note: SignedNote, keys: Iterable[VerifierKey]) -> VerifierKey | None:
    """The first of ``keys`` whose Ed25519 signature on ``note`` verifies, or None."""
    data = note.text.encode("utf-8")
    for key in keys:
        sig = note.signature_by(key)
        if sig is None:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(sig.signature, data)
        except (InvalidSignature, ValueError):
            continue
        return key
    return None


def describe(row: AuditCheckpoint) -> str:
    """``checkpoint 12 (58 entries, signed 2026-12-04T10:00:00Z)``."""
    return f"checkpoint {row.id} ({row.tree_size} entries, signed {clock.iso(row.signed_at)})"


def _registered_keys(session: Session) -> list[VerifierKey]:
    return [VerifierKey.of(k.name, base64.b64decode(k.public_key))
            for k in session.scalars(select(AuditKey).order_by(AuditKey.created_at, AuditKey.key_id))]


def row_problems(row: AuditCheckpoint, keys: Sequence[VerifierKey], origin_: str | None,
                 verify: Callable[[SignedNote, Sequence[VerifierKey]], VerifierKey | None] = verify_note) -> list[str]:
    """What is wrong with a stored checkpoint by itself: its signature (``verify``, with
    ``keys``), its note against its columns, its frontier against its root (the log is not read)."""
    problems: list[str] = []
    try:
        note = SignedNote.parse(row.note)
        cp = Checkpoint.parse(note.text)
    except NoteError as exc:
        return [f"{describe(row)}: its stored note is not a signed checkpoint ({exc})"]
    if verify(note, keys) is None:
        names = ", ".join(f"{s.name}+{s.key_id.hex()}" for s in note.signatures)
        problems.append(f"{describe(row)}: its signature does not verify with any registered key (signed as "
                        f"{names}): the checkpoint was forged or altered, or its key was removed")
    if origin_ is not None and cp.origin != origin_:
        problems.append(f"{describe(row)}: it is a checkpoint of {cp.origin}, not of this log ({origin_})")
    if cp.size != row.tree_size or cp.root.hex() != row.root_hash:
        problems.append(f"{describe(row)}: its signed note says {cp.size} entries and root {cp.root.hex()[:16]}…, "
                        f"its row {row.tree_size} and {row.root_hash[:16]}…: the row was edited")
    try:
        frontier_root = _frontier_of(row).root()
    except ValueError:
        problems.append(f"{describe(row)}: its stored frontier is malformed: the row was edited")
    else:
        if frontier_root != cp.root:
            problems.append(f"{describe(row)}: its stored frontier does not give its signed root: the row was edited")
    return problems


def _shorter_problem(count: int, row: AuditCheckpoint) -> str | None:
    if count >= row.tree_size:
        return None
    return (f"the log has {count} entries but checkpoint {row.id} signed {row.tree_size} "
            f"(at {clock.iso(row.signed_at)}): entries were removed from the end of the log")


def _tail_problem(conn: Connection, row: AuditCheckpoint) -> str | None:
    """The log no longer ends, at the checkpoint's size, as it did when it was signed (see
    :func:`_tail_mismatch`)."""
    found = _tail_mismatch(conn, row.tree_size, bytes(row.frontier))
    return found.format(checkpoint=describe(row)) if found else None


def _tail_mismatch(conn: Connection, size: int, frontier: bytes) -> str | None:
    """The frontier's last hash (the newest perfect subtree, ``size & -size`` entries) re-hashed
    from the entries (skipped above :data:`TAIL_CHECK_LIMIT` entries): what differs, as a
    template with ``{checkpoint}``, or None."""
    span = size & -size
    if not size or span > TAIL_CHECK_LIMIT:
        return None
    try:
        last = merkle.Frontier.from_bytes(size, frontier).hashes[-1]
    except ValueError:
        return None                                   # named by row_problems
    try:
        leaves = [merkle.leaf_hash(c) for _s, c in _canonicals(conn, size - span, size)]
    except CheckpointRefused as exc:
        return f"{exc.problem}, before the end of {{checkpoint}}"
    if merkle.tree_root(leaves) != last:
        where = f"entry {size}" if span == 1 else f"an entry from {size - span + 1} to {size}"
        return f"{{checkpoint}} does not match the log: {where} was changed or the log was rebuilt"
    return None


def age_text(signed_at: datetime, now: datetime | None = None) -> str:
    """``just now``, ``12 min ago``, ``3 h ago``, ``2 days ago``."""
    seconds = max(0.0, ((now or clock.now()) - signed_at).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


# ---------------------------------------------------------------- signing after actions, hourly

_warnings: list[str] = []
_open_findings: list[tuple[str, tuple[str, ...]]] = []
_KEEP = 100


def _remember(store: list[Any], item: Any) -> None:
    store.append(item)
    del store[:-_KEEP]


def take_warnings() -> list[str]:
    """The checkpoint warnings of this process since the last call (and forget them): the
    command line prints them on stderr, the console in its status bar."""
    out = list(_warnings)
    _warnings.clear()
    return out


def _failure(exc: Exception) -> str:
    if isinstance(exc, CheckpointRefused):
        return exc.problem
    if isinstance(exc, WarroomError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


def after_action(db: Database, reason: str) -> str | None:
    """Sign a checkpoint right after an action committed (a suspension declared or lifted, an
    approval, a dispatch).  Never raises: the action stands whatever happens here.  What went
    wrong (no checkpoint, or no copy outside the database) is returned, for the service's
    result (``checkpoint_warning``), and kept for :func:`take_warnings`."""
    try:
        warning = sign_checkpoint(db, reason).outside_error
    except Exception as exc:  # noqa: BLE001 - a failure to sign never undoes or fails the action
        warning = f"no checkpoint was signed after this {reason}: {_failure(exc)}"
    if warning:
        _remember(_warnings, warning)
    return warning


def with_checkpoint(db: Database, out: dict[str, Any], reason: str) -> dict[str, Any]:
    """:func:`after_action`, its warning (if any) put in the action's result ``out`` as
    ``checkpoint_warning``; ``out`` returned."""
    warning = after_action(db, reason)
    if warning:
        out["checkpoint_warning"] = warning
    return out


def sign_if_due(db: Database, max_age: timedelta = HOURLY) -> CheckpointInfo | None:
    """The hourly checkpoint: signed when the newest checkpoint is ``max_age`` old or older (or
    there is none) and entries other than its own ``audit.checkpoint`` were appended since.
    None when none was due.  Raises what :func:`sign_checkpoint` raises."""
    with UnitOfWork(db, write=False) as look:
        latest = look.session.scalar(select(func.max(AuditCheckpoint.signed_at)))
        if latest is not None and clock.now() - latest < max_age:
            return None
        count = audit_log.head(look.connection)[0]
        newest = _newest(look.session)
        if count == 0 or (newest is not None and count <= newest.tree_size):
            return None
        if newest is not None and count == newest.tree_size + 1:
            [last] = audit_log.entries(look.connection, newest_first=True, limit=1)
            if last.action == "audit.checkpoint":
                return None                                  # nothing new since the newest
    return sign_checkpoint(db, "hourly")


def sign_hourly(db: Database) -> str | None:
    """:func:`sign_if_due`, never raising: what went wrong is returned and kept for
    :func:`take_warnings`."""
    try:
        info = sign_if_due(db)
        warning = info.outside_error if info is not None else None
    except Exception as exc:  # noqa: BLE001 - the run's work is done; this is about the log
        warning = f"no hourly checkpoint was signed: {_failure(exc)}"
    if warning:
        _remember(_warnings, warning)
    return warning


# ---------------------------------------------------------------- the check on every open

@dataclass(frozen=True, slots=True)
class LogCheck:
    """The cheap check of the log against its checkpoints (:func:`check_log`)."""

    count: int                              # entries in the log (its highest sequence number)
    newest: CheckpointInfo | None           # the newest stored checkpoint
    outside_file: Path | None               # the file outside the database (None: there is none yet)
    outside_size: int | None                # the largest tree size a verified note in its tail signs
    findings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self, now: datetime | None = None) -> str:
        """``checkpoint 12 min ago`` / ``no checkpoint yet`` / the first finding."""
        if self.findings:
            more = f" (and {len(self.findings) - 1} more)" if len(self.findings) > 1 else ""
            return self.findings[0] + more
        if self.newest is None:
            return "no checkpoint yet"
        return f"checkpoint {age_text(self.newest.signed_at, now)}"


def split_notes(text: str, partial: bool = False) -> tuple[list[SignedNote], list[str]]:
    """The notes in a checkpoint file's text and what could not be read as one; ``partial``:
    the text is the end of a file (its first note, cut, is skipped)."""
    paras = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    if partial and paras:
        paras = paras[1:]
        if paras and paras[0].startswith(SIG_PREFIX):
            paras = paras[1:]
    notes, problems, block = [], [], []
    for para in paras:
        if not para:
            continue
        block.append(para)
        if para.startswith(SIG_PREFIX):
            raw = "\n\n".join(block) + "\n"
            block = []
            try:
                notes.append(SignedNote.parse(raw))
            except NoteError as exc:
                problems.append(f"{raw.splitlines()[0][:60]!r}… is not a signed note ({exc})")
    if block:
        problems.append(f"{block[0].splitlines()[0][:60]!r}… has no signature line")
    return notes, problems


def _read_tail(path: Path) -> tuple[str, bool]:
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        start = max(0, size - OUTSIDE_TAIL_BYTES)
        handle.seek(start)
        return handle.read().decode("utf-8", errors="replace"), start > 0


def _outside_problems(conn: Connection, session: Session, path: Path, count: int, keys: Sequence[VerifierKey],
                      origin_: str) -> tuple[list[str], int | None]:
    """The newest checkpoints in the file outside (its tail) against the log and the stored ones."""
    try:
        text, partial = _read_tail(path)
    except OSError as exc:
        return [f"{path}: cannot be read ({exc.strerror or exc})"], None
    notes, unreadable = split_notes(text, partial)
    findings = [f"{path}: {p}" for p in unreadable]
    candidates: list[tuple[Checkpoint, SignedNote]] = []
    for note in notes:
        try:
            cp = Checkpoint.parse(note.text)
        except NoteError as exc:
            findings.append(f"{path}: a note that is not a checkpoint ({exc})")
            continue
        if cp.origin != origin_:
            findings.append(f"{path}: holds a checkpoint of {cp.origin}, not of this log ({origin_})")
        else:
            candidates.append((cp, note))
    # only the largest that verifies is compared (one signature check, as a rule): audit verify checks them all
    top = None
    for cp, note in sorted(candidates, key=lambda c: -c[0].size):
        if verify_note(note, keys) is not None:
            top = cp
            break
        findings.append(f"{path}: holds a checkpoint of {cp.size} entries whose signature does not verify with "
                        "any key this database registers: it was forged, or this database's keys were replaced")
    if top is None:
        return findings, None
    where = f"the checkpoint of {top.size} entries kept outside the database in {path}"
    if top.size > count:
        findings.append(f"the log has {count} entries but the checkpoint kept outside the database in {path} signed "
                        f"{top.size}: entries were removed from the end of the log, or this database is an older copy")
        return findings, top.size
    same = list(session.scalars(select(AuditCheckpoint).where(AuditCheckpoint.tree_size == top.size)))
    if same:
        if all(row.root_hash != top.root.hex() for row in same):
            findings.append(f"{where} does not match {describe(same[-1])}, of the same size: the log was rebuilt "
                            "and signed again, or the stored checkpoint was replaced")
        return findings, top.size
    base = session.scalar(select(AuditCheckpoint).where(AuditCheckpoint.tree_size < top.size)
                          .order_by(AuditCheckpoint.tree_size.desc(), AuditCheckpoint.id.desc()).limit(1))
    if top.size - (base.tree_size if base is not None else 0) > OPEN_RECOMPUTE_LIMIT:
        return findings, top.size                      # too far for an open: audit verify compares it
    try:
        root = _extend(conn, _frontier_of(base), upto=top.size).root()
    except (CheckpointRefused, ValueError):
        return findings, top.size                      # named by the stored checkpoint's own check
    if root != top.root:
        since = f"from {base.tree_size + 1} " if base is not None else ""
        findings.append(f"{where} does not match the log: an entry {since}up to {top.size} was changed or the "
                        "log was rebuilt")
    return findings, top.size


def check_log(db: Database) -> LogCheck:
    """The check on every open (cheap: a few indexed reads, the entries since the newest
    checkpoint, the end of the file outside): the log is not shorter than any stored
    checkpoint nor than the newest one outside; the newest stored checkpoint's signature
    verifies with a registered key, its note matches its columns and its frontier gives its
    root, and the log still ends, at its size, as it did; the newest checkpoint outside matches
    the stored one of its size, or the root recomputed from the nearest earlier stored
    frontier.  It cannot see an entry changed before the newest checkpoint's last subtree
    (``audit verify`` recomputes the whole tree)."""
    findings: list[str] = []
    with UnitOfWork(db, write=False) as look:
        conn, session = look.connection, look.session
        count = audit_log.head(conn)[0]
        ident = session.scalar(select(DatabaseIdentity.database_id))
        origin_ = origin(ident) if ident else None
        keys = _registered_keys(session)
        newest = _newest(session)
        if newest is not None:
            own = row_problems(newest, keys, origin_)
            findings += own
            problem = _shorter_problem(count, newest) or (None if own else _tail_problem(conn, newest))
            if problem:
                findings.append(problem)
            elif not own:
                try:
                    for _ in _canonicals(conn, newest.tree_size):    # the entries since: no gap
                        pass
                except CheckpointRefused as exc:
                    findings.append(f"{exc.problem} (after {describe(newest)})")
        outside, outside_size = None, None
        if origin_ is not None:
            folder = _folder_of(session)
            path = folder / f"{ident}{OUTSIDE_FILE_SUFFIX}"
            if path.is_file():
                outside = path
                found, outside_size = _outside_problems(conn, session, path, count, keys, origin_)
                findings += found
        info = _info(newest) if newest is not None else None
    return LogCheck(count, info, outside, outside_size, tuple(findings))


def check_on_open(db: Database) -> None:
    """The open hook (:data:`warroom.storage.engine.OPEN_HOOKS`): :func:`check_log`, its
    findings kept for :func:`take_open_findings` (the command line prints them on stderr)."""
    try:
        findings = check_log(db).findings
    except Exception as exc:  # noqa: BLE001 - opening never fails for this check
        findings = (f"the log could not be checked against its checkpoints: {_failure(exc)}",)
    if findings:
        _remember(_open_findings, (redacted(db.url), findings))


def take_open_findings() -> list[tuple[str, tuple[str, ...]]]:
    """(database, findings) of the opens since the last call (and forget them)."""
    out = list(_open_findings)
    _open_findings.clear()
    return out


if check_on_open not in OPEN_HOOKS:
    OPEN_HOOKS.append(check_on_open)
