"""Append to and verify the audit chain through the driver (fast, no ORM per entry); the
state of the guard triggers; a consistent copy of a SQLite database."""

from __future__ import annotations

import binascii
import hashlib
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Sequence

import msgspec
from sqlalchemy.engine import URL, Connection, Engine

from warroom import clock
from warroom.domain.audit import (
    CLOCK_STEP_TOLERANCE, GENESIS_HASH, AuditEntry, FastCheck, VerifyResult, canonical_bytes, canonical_problem,
    chain_hash, describe_step, entry_document, format_at, parse_at, screen_batch,
)
from warroom.progress import Progress, no_progress
from warroom.storage.dialect import audit_guard_ddl, placeholder
from warroom.storage.change_feed import note_own
from warroom.storage.locks import take_writer_lock_dbapi

AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def head(conn: Connection) -> tuple[int, str]:
    """(count, head hash); an empty chain is (0, 64 zeros)."""
    row = conn.exec_driver_sql("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


# Databases this process appended entries to, since the last take_written(): the command line
# checks their guard triggers after a run that wrote (warroom.cli.audit.check_guards_after_run).
_written: set[URL] = set()


def _note_written(conn: Connection) -> None:
    _written.add(conn.engine.url)


def take_written() -> list[URL]:
    """The databases written since the last call (and forget them)."""
    urls = list(_written)
    _written.clear()
    return urls


def append(conn: Connection, actor: str, action: str, entity: str, payload: Any,
           at: datetime | None = None) -> AuditEntry:
    """Append one entry inside the caller's transaction (the change and its entry commit together)."""
    # On PostgreSQL the writers' lock is held before the head is read (warroom.storage.locks).
    take_writer_lock_dbapi(conn.connection.dbapi_connection, conn.dialect.name)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
        seq, prev = (int(row[0]) + 1, str(row[1])) if row else (1, GENESIS_HASH)
        when = (at or clock.now()).astimezone(clock.UTC).strftime(AT_FORMAT)
        canonical = canonical_bytes(entry_document(seq, when, actor, action, entity, payload))
        digest = chain_hash(prev, canonical)
        ph = placeholder(conn)
        cursor.execute(f"INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES ({ph}, {ph}, {ph}, {ph})",
                       (seq, prev, digest, canonical))
    finally:
        cursor.close()
    _note_written(conn)
    note_own(conn.engine.pool, seq, seq)
    return AuditEntry(seq=seq, at=when, actor=actor, action=action, entity=entity,
                      payload=payload, prev_hash=prev, hash=digest)


def append_many(conn: Connection, items: list[tuple[str, str, str, Any]],
                at: datetime | None = None) -> list[AuditEntry]:
    """Append ``items`` ((actor, action, entity, payload) each) as consecutive entries, in one
    statement: the same entries, chained the same way, as one :func:`append` per item (the
    guard trigger still checks each row's seq and prev_hash)."""
    if not items:
        return []
    # On PostgreSQL the writers' lock is held before the head is read (warroom.storage.locks).
    take_writer_lock_dbapi(conn.connection.dbapi_connection, conn.dialect.name)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    out: list[AuditEntry] = []
    try:
        cursor.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
        seq, prev = (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)
        when = (at or clock.now()).astimezone(clock.UTC).strftime(AT_FORMAT)
        rows = []
        for actor, action, entity, payload in items:
            seq += 1
            canonical = canonical_bytes(entry_document(seq, when, actor, action, entity, payload))
            digest = chain_hash(prev, canonical)
            rows.append((seq, prev, digest, canonical))
            out.append(AuditEntry(seq=seq, at=when, actor=actor, action=action, entity=entity,
                                  payload=payload, prev_hash=prev, hash=digest))
            prev = digest
        ph = placeholder(conn)
        cursor.executemany(f"INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES ({ph}, {ph}, {ph}, {ph})",
                           rows)
    finally:
        cursor.close()
    _note_written(conn)
    note_own(conn.engine.pool, out[0].seq, out[-1].seq)
    return out


def entries(conn: Connection, *, after_seq: int = 0, limit: int = 100,
            newest_first: bool = False) -> list[AuditEntry]:
    ph = placeholder(conn)
    if newest_first:
        sql = ("SELECT seq, canonical, prev_hash, hash FROM audit_entry"
               f" WHERE ({ph} = 0 OR seq < {ph}) ORDER BY seq DESC LIMIT {int(limit)}")
        rows = conn.exec_driver_sql(sql, (after_seq, after_seq)).all()
    else:
        sql = ("SELECT seq, canonical, prev_hash, hash FROM audit_entry"
               f" WHERE seq > {ph} ORDER BY seq LIMIT {int(limit)}")
        rows = conn.exec_driver_sql(sql, (after_seq,)).all()
    return [AuditEntry.from_stored(int(r[0]), bytes(r[1]), r[2], r[3]) for r in rows]


# ---------------------------------------------------------------- verification
#
# Two ways to read the rows.  Fast: as the driver gives them (TEXT as str, BLOB as bytes); a
# column of the wrong type then fails a comparison or the hashing, and the slow path names it.
# Robust (SQLite only, from the first unverified entry on): when a TEXT value is not UTF-8 the
# driver cannot give it as str at all, so the rest is read with text as bytes, up to the first
# row whose columns have the wrong types (found with SQLite's typeof()).

_HEX64 = re.compile(r"[0-9a-f]{64}")
_TYPE_NAMES = {"text": "TEXT", "blob": "a BLOB", "integer": "an INTEGER", "real": "a REAL", "null": "NULL"}
_FIRST_MISTYPED = ("SELECT MIN(seq) FROM audit_entry WHERE seq >= ? AND (typeof(prev_hash) != 'text'"
                   " OR typeof(hash) != 'text' OR typeof(canonical) != 'blob')")


def _select_sql(conn: Connection, below: int | None) -> str:
    ph = placeholder(conn)
    upto = f" AND seq < {int(below)}" if below is not None else ""
    return f"SELECT seq, prev_hash, hash, canonical FROM audit_entry WHERE seq >= {ph}{upto} ORDER BY seq"


def _describe_hex(name: str, value: Any) -> str | None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return f"{name} is not 64 lower-case hex characters: it holds bytes that are not UTF-8"
    if isinstance(value, str) and _HEX64.fullmatch(value):
        return None
    shown = repr(value) if len(repr(value)) <= 24 else repr(value)[:20] + "…'"
    size = len(value.encode("utf-8", "surrogateescape")) if isinstance(value, str) else len(str(value))
    return f"{name} is not 64 lower-case hex characters ({size} bytes: {shown})"


def _type_problem(conn: Connection, seq: int) -> str | None:
    if conn.dialect.name != "sqlite":
        return None
    row = conn.exec_driver_sql(
        f"SELECT typeof(prev_hash), typeof(hash), typeof(canonical) FROM audit_entry WHERE seq = {int(seq)}").one()
    prev_t, hash_t, canon_t = (t.decode() if isinstance(t, bytes) else t for t in row)
    if canon_t != "blob":
        return f"canonical is stored as {_TYPE_NAMES.get(canon_t, canon_t)}, not as a BLOB"
    if prev_t != "text":
        return f"prev_hash is stored as {_TYPE_NAMES.get(prev_t, prev_t)}, not as TEXT"
    if hash_t != "text":
        return f"hash is stored as {_TYPE_NAMES.get(hash_t, hash_t)}, not as TEXT"
    return None


def _link_problem(conn: Connection, expected: int, prev_hex: str, row: tuple[Any, ...]) -> tuple[int, str]:
    """(first bad seq, why) for a row that failed the fast link checks (the slow path, taken once)."""
    seq, stored_prev, stored_hash, canonical = row
    if seq != expected:
        return expected, (f"entry {expected} is missing" if seq > expected else f"sequence number {seq} is out of order")
    problem = (_type_problem(conn, seq) or _describe_hex("prev_hash", stored_prev))
    if problem:
        return seq, problem
    if _text(stored_prev) != prev_hex:
        return seq, "prev_hash does not match the previous entry's hash"
    problem = _describe_hex("hash", stored_hash)
    if problem:
        return seq, problem
    if not bytes(canonical).endswith(b',"seq":%d}' % seq):
        return seq, "hash does not match the stored bytes, which belong to another sequence number"
    return seq, "hash does not match the stored bytes (entry changed)"


def _text(value: Any) -> str:
    return value.decode("ascii") if isinstance(value, bytes) else value


@dataclass
class _Walk:
    """How far verification got: everything before ``expected`` is verified."""

    total: int
    expected: int = 1
    prev_raw: bytes = bytes(32)
    prev_hex: str = GENESIS_HASH
    max_at: datetime = datetime.min.replace(tzinfo=clock.UTC)
    max_at_seq: int = 0

    def broken(self, seq: int, reason: str) -> VerifyResult:
        return VerifyResult(ok=False, count=self.total, head_hash=None, first_bad_seq=seq, reason=reason,
                            verified_count=self.expected - 1, verified_head_hash=self.prev_hex)


def _fail(st: _Walk, expected: int, prev_hex: Any, seq: int, reason: str) -> VerifyResult:
    st.expected, st.prev_hex = expected, _text(prev_hex)
    return st.broken(seq, reason)


#: Fed every batch of rows ``(seq, prev_hash, hash, canonical)`` the walk reads, in order,
#: before they are checked (``audit verify`` builds the Merkle tree in the same pass).
RowSink = Callable[[Sequence[Any]], None]


def _walk(conn: Connection, st: _Walk, progress: Progress, batch: int, robust: bool,
          sink: RowSink | None = None) -> VerifyResult | None:
    """Verify from entry ``st.expected`` on; the first finding, or None when all are good."""
    dbapi = conn.connection.dbapi_connection
    below = None
    if robust:
        below = conn.exec_driver_sql(_FIRST_MISTYPED, (st.expected,)).scalar()
        old_factory = dbapi.text_factory  # type: ignore[union-attr]
        dbapi.text_factory = bytes  # type: ignore[union-attr]
    cursor = dbapi.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(_select_sql(conn, below), (st.expected,))
        expected, prev_raw, max_at, max_at_seq = st.expected, st.prev_raw, st.max_at, st.max_at_seq
        prev_hex: Any = st.prev_hex.encode("ascii") if robust else st.prev_hex
        sha256 = hashlib.sha256
        hexed = binascii.hexlify if robust else bytes.hex
        fast = FastCheck()
        decode, encode, not_decoded, slower = fast.decode_timed, fast.encode, msgspec.DecodeError, fast.check_text_time
        at: datetime | None
        while True:
            rows = cursor.fetchmany(batch)
            if not rows:
                break
            if type(rows[0][3]) is memoryview:      # psycopg2's bytea
                rows = [(r[0], r[1], r[2], bytes(r[3])) for r in rows]
            if sink is not None:
                sink(rows)
            suspects = screen_batch([r[3] for r in rows])
            if suspects:
                suspects = {rows[i][0] for i in suspects}
            for row in rows:
                seq, stored_prev, stored_hash, canonical = row
                if seq != expected or stored_prev != prev_hex:
                    return _fail(st, expected, prev_hex, *_link_problem(conn, expected, _text(prev_hex), row))
                try:
                    digest = sha256(prev_raw + canonical).digest()
                except TypeError:                   # canonical is not a BLOB
                    return _fail(st, expected, prev_hex, *_link_problem(conn, expected, _text(prev_hex), row))
                if hexed(digest) != stored_hash:
                    return _fail(st, expected, prev_hex, *_link_problem(conn, expected, _text(prev_hex), row))
                try:
                    entry = decode(canonical)
                    at = entry.at
                    # zero microseconds: msgspec writes no fraction, the fixed layout has one
                    fine = entry.seq == seq and at.microsecond and encode(entry) == canonical
                except not_decoded:
                    fine = False
                if not fine:
                    at = slower(seq, canonical)
                    fine = at is not None
                if not fine or seq in suspects:     # the exact path decides, and names the rule broken
                    problem = canonical_problem(seq, canonical)
                    if problem:
                        return _fail(st, expected, prev_hex, seq, f"the stored bytes are not canonical: {problem}")
                    at = parse_at(json.loads(canonical)["at"])
                assert at is not None               # fine: decoded or slower() found it; else parsed above
                if at < max_at:
                    back = max_at - at
                    if back > CLOCK_STEP_TOLERANCE:
                        return _fail(st, expected, prev_hex, seq, (
                            f"entry {seq} is dated {format_at(at)}, {describe_step(back)} before entry"
                            f" {max_at_seq} ({format_at(max_at)}): the clock went back more than the"
                            f" {describe_step(CLOCK_STEP_TOLERANCE)} tolerated"))
                else:
                    max_at, max_at_seq = at, seq
                prev_raw = digest
                prev_hex = stored_hash
                expected += 1
            st.expected, st.prev_raw, st.prev_hex = expected, prev_raw, _text(prev_hex)
            st.max_at, st.max_at_seq = max_at, max_at_seq
            progress(expected - 1, st.total, "verifying audit chain")
    finally:
        cursor.close()
        if robust:
            dbapi.text_factory = old_factory  # type: ignore[union-attr]
    if below is None:
        return None
    if st.expected != below:
        return st.broken(st.expected, f"entry {st.expected} is missing")
    return st.broken(below, _type_problem(conn, below) or "its columns have the wrong types")


def verify(engine: Engine, progress: Progress = no_progress, batch: int = 20_000,
           sink: RowSink | None = None) -> VerifyResult:
    """Re-walk the whole chain from the stored rows (docs/audit-chain.md, "What verify checks").

    Per entry: ``seq`` is the next integer; the columns have their types; ``prev_hash`` is the
    previous entry's hash; ``SHA-256(prev || canonical)`` equals ``hash``; the stored bytes ARE
    the canonical bytes of a well-formed entry numbered ``seq`` (:mod:`warroom.domain.audit`);
    and ``at`` is not more than :data:`CLOCK_STEP_TOLERANCE` before the latest ``at`` so far.
    The first entry that fails is reported, with why; nothing after it is vouched for.
    ``sink`` is fed the rows as they are read (:data:`RowSink`): those up to the first failure
    are the verified entries.
    """
    with engine.connect() as conn:
        st = _Walk(total=int(conn.exec_driver_sql("SELECT COUNT(*) FROM audit_entry").scalar_one()))
        try:
            found = _walk(conn, st, progress, batch, robust=False, sink=sink)
        except sqlite3.OperationalError as exc:   # a TEXT value that is not UTF-8 (the driver cannot decode it)
            if "decode" not in str(exc):
                raise
            found = _walk(conn, st, progress, batch, robust=True, sink=sink)
    if found is not None:
        return found
    return VerifyResult(ok=True, count=st.expected - 1, head_hash=st.prev_hex, verified_count=st.expected - 1,
                        verified_head_hash=st.prev_hex)


# ---------------------------------------------------------------- the guard triggers

_TRIGGER_NAME = re.compile(r"CREATE\s+TRIGGER\s+(\w+)", re.IGNORECASE)


def guard_trigger_names(dialect_name: str) -> tuple[str, ...]:
    """The names of the guard triggers the migrations create (from warroom.storage.dialect)."""
    return tuple(m.group(1) for stmt in audit_guard_ddl(dialect_name) for m in _TRIGGER_NAME.finditer(stmt))


def missing_guard_triggers(conn: Connection) -> tuple[str, ...]:
    """Guard triggers of ``audit_entry`` that are not there (PostgreSQL: or are disabled)."""
    name = conn.dialect.name
    expected = guard_trigger_names(name)
    if name == "sqlite":
        present = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'")}
    else:
        present = {r[0] for r in conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass"
            " AND NOT tgisinternal AND tgenabled <> 'D'")}
    return tuple(t for t in expected if t not in present)


# ---------------------------------------------------------------- a consistent copy (SQLite)

@dataclass(frozen=True, slots=True)
class CopyResult:
    path: str
    count: int      # rows in the copy's audit_entry


def copy_database(engine: Engine, out: Path) -> CopyResult:
    """Copy the whole SQLite database to the new file ``out`` with sqlite3's backup API: one
    consistent snapshot, whatever the -wal file holds and whoever writes meanwhile.  The copy
    is one self-contained file (rollback journal, not WAL), readable by its owner only."""
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)   # refuses an existing file
    os.close(fd)
    try:
        target = sqlite3.connect(out)
        try:
            with engine.connect() as conn:
                conn.connection.dbapi_connection.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode = DELETE")
            count = int(target.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0])
        finally:
            target.close()
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return CopyResult(path=str(out), count=count)
