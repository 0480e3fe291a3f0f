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
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from warroom import clock, paths
from warroom.domain import merkle
from warroom.domain.notes import Checkpoint, Signature, SignedNote, VerifierKey
from warroom.errors import BusinessRuleError
from warroom.storage.engine import Database
from warroom.storage.models import AuditCheckpoint, AuditKey, DatabaseIdentity
from warroom.storage.uow import UnitOfWork

SYSTEM_ACTOR = "system"
ORIGIN_PREFIX = "warroom/"
#: Why a checkpoint was signed.
REASONS = ("manual", "init", "suspension", "approval", "dispatch", "hourly", "export")
OUTSIDE_FILE_SUFFIX = ".checkpoints.txt"
READ_BATCH = 20_000


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


def ensure_signing_key(db: Database) -> tuple[VerifierKey, Ed25519PrivateKey]:
    """This database's id and this machine's signing key, created (and the key registered by an
    ``audit.key`` entry) when missing."""
    with UnitOfWork(db, write=False) as look:
        ident = look.session.scalar(select(DatabaseIdentity.database_id))
        registered = {k.key_id for k in look.session.scalars(select(AuditKey))}
    if ident is not None:
        private = _load_private_key(ident)
        if private is not None:
            vkey = VerifierKey.of(origin(ident), _public_bytes(private))
            if vkey.key_id.hex() in registered:
                return vkey, private
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
        return [VerifierKey.of(k.name, base64.b64decode(k.public_key))
                for k in uow.session.scalars(select(AuditKey).order_by(AuditKey.created_at, AuditKey.key_id))]


# ---------------------------------------------------------------- the tree

def _extend(conn: Connection, frontier: merkle.Frontier, upto: int | None = None) -> merkle.Frontier:
    """Append the leaves of the entries after ``frontier.size`` (up to seq ``upto``)."""
    from warroom.storage.dialect import placeholder

    ph = placeholder(conn)
    sql = f"SELECT seq, canonical FROM audit_entry WHERE seq > {ph}"
    params: tuple[int, ...] = (frontier.size,)
    if upto is not None:
        sql += f" AND seq <= {ph}"
        params += (upto,)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None                      # a live connection of the unit of work
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql + " ORDER BY seq", params)
        expected = frontier.size + 1
        while rows := cursor.fetchmany(READ_BATCH):
            for seq, canonical in rows:
                if seq != expected:
                    raise BusinessRuleError(f"audit entry {expected} is missing: no checkpoint can be signed "
                                            "(run warroom audit verify)")
                frontier.append(merkle.leaf_hash(bytes(canonical)))
                expected += 1
    finally:
        cursor.close()
    return frontier


def _newest(session: Session) -> AuditCheckpoint | None:
    return session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size.desc(),
                                                           AuditCheckpoint.id.desc()).limit(1))


def _frontier_of(row: AuditCheckpoint | None) -> merkle.Frontier:
    return merkle.Frontier() if row is None else merkle.Frontier.from_bytes(row.tree_size, bytes(row.frontier))


# ---------------------------------------------------------------- signing

def sign_checkpoint(db: Database, reason: str = "manual", *, actor: str = SYSTEM_ACTOR) -> CheckpointInfo:
    """Sign a checkpoint of the log as it is now (or return the newest one when nothing was
    appended since it), store it, record it (``actor``: who asked; the application's own
    checkpoints are by ``system``), and append it to the file outside the database."""
    if reason not in REASONS:
        raise ValueError(f"unknown checkpoint reason {reason!r}")
    vkey, private = ensure_signing_key(db)
    # the bulk of the hashing happens without the write lock, from the newest checkpoint on
    with UnitOfWork(db, write=False) as look:
        base = _newest(look.session)
        base_id = base.id if base is not None else None
        frontier = _extend(look.connection, _frontier_of(base))
    with UnitOfWork(db) as uow:
        newest = _newest(uow.session)
        if newest is not None and newest.id != base_id:
            frontier = _extend(uow.connection, _frontier_of(newest))   # someone signed meanwhile
        else:
            frontier = _extend(uow.connection, frontier)
        if newest is not None and newest.tree_size == frontier.size:
            return _info(newest)
        root = frontier.root()
        text = Checkpoint(vkey.name, frontier.size, root).text()
        note = str(SignedNote(text, (Signature(vkey.name, vkey.key_id, private.sign(text.encode("utf-8"))),)))
        row = AuditCheckpoint(tree_size=frontier.size, root_hash=root.hex(), frontier=frontier.to_bytes(), note=note,
                              key_id=vkey.key_id.hex(), signed_at=clock.now(), reason=reason)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(actor, "audit.checkpoint", f"checkpoint:{row.id}", {
            "tree_size": row.tree_size, "root_hash": row.root_hash, "key_id": row.key_id, "reason": reason})
        uow.commit()
    outside, error = _append_outside(db, vkey.name, note)
    return _info(row, outside, error)


# ---------------------------------------------------------------- the copy outside the database

def checkpoint_folder(db: Database) -> Path:
    from warroom.services.settings import read_setting

    with UnitOfWork(db, write=False) as uow:
        chosen = str(read_setting(uow.session, "audit.checkpoint_folder") or "").strip()
    return Path(chosen).expanduser() if chosen else paths.documents_dir() / "War Room checkpoints"


def outside_file(db: Database, origin_: str | None = None) -> Path:
    ident = origin_[len(ORIGIN_PREFIX):] if origin_ else database_id(db)
    return checkpoint_folder(db) / f"{ident}{OUTSIDE_FILE_SUFFIX}"


def _append_outside(db: Database, origin_: str, note: str) -> tuple[Path | None, str | None]:
    path = outside_file(db, origin_)
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
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    notes, block = [], []
    for para in text.split("\n\n"):
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
