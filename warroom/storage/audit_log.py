"""Append to and verify the audit chain through the driver (fast, no ORM per entry)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection, Engine

from warroom import clock
from warroom.domain.audit import (
    GENESIS_HASH, AuditEntry, VerifyResult, canonical_bytes, chain_hash, entry_document,
)
from warroom.progress import Progress, no_progress
from warroom.storage.dialect import placeholder

AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def head(conn: Connection) -> tuple[int, str]:
    """(count, head hash); an empty chain is (0, 64 zeros)."""
    row = conn.exec_driver_sql("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def append(conn: Connection, actor: str, action: str, entity: str, payload: Any,
           at: datetime | None = None) -> AuditEntry:
    """Append one entry inside the caller's transaction (the change and its entry commit together)."""
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
    return AuditEntry(seq=seq, at=when, actor=actor, action=action, entity=entity,
                      payload=payload, prev_hash=prev, hash=digest)


def append_many(conn: Connection, items: list[tuple[str, str, str, Any]],
                at: datetime | None = None) -> list[AuditEntry]:
    """Append ``items`` ((actor, action, entity, payload) each) as consecutive entries, in one
    statement: the same entries, chained the same way, as one :func:`append` per item (the
    guard trigger still checks each row's seq and prev_hash)."""
    if not items:
        return []
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


def _diagnose(total: int, expected: int, prev_hex: str, seq: int, stored_prev: str, stored_hash: str,
              canonical: bytes, computed: str) -> VerifyResult:
    """Name the first bad entry and why (the slow path, taken once)."""
    if seq != expected:
        reason = f"entry {expected} is missing" if seq > expected else f"sequence number {seq} is out of order"
        return VerifyResult(False, total, prev_hex, expected, reason)
    if stored_prev != prev_hex:
        return VerifyResult(False, total, prev_hex, seq, "prev_hash does not match the previous entry's hash")
    if not bytes(canonical).endswith(b',"seq":%d}' % seq):
        return VerifyResult(False, total, prev_hex, seq,
                            "hash does not match the stored bytes, which belong to another sequence number")
    return VerifyResult(False, total, prev_hex, seq, "hash does not match the stored bytes (entry changed)")


def verify(engine: Engine, progress: Progress = no_progress, batch: int = 20_000) -> VerifyResult:
    """Re-walk the whole chain from the stored canonical bytes.

    Checks per entry: ``seq`` is the next integer; ``prev_hash`` is the previous entry's hash;
    ``SHA-256(prev || canonical)`` equals ``hash``.  (The canonical bytes carry ``seq`` too; when an
    entry fails, the diagnosis also says whether its bytes belong to another sequence number.)
    """
    with engine.connect() as conn:
        total = int(conn.exec_driver_sql("SELECT COUNT(*) FROM audit_entry").scalar_one())
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute("SELECT seq, prev_hash, hash, canonical FROM audit_entry ORDER BY seq")
            expected = 1
            prev_hex = GENESIS_HASH
            prev_raw = bytes(32)
            sha256 = hashlib.sha256
            fromhex = bytes.fromhex
            while True:
                rows = cursor.fetchmany(batch)
                if not rows:
                    break
                for seq, stored_prev, stored_hash, canonical in rows:
                    digest = sha256(prev_raw + canonical).hexdigest()
                    if digest != stored_hash or stored_prev != prev_hex or seq != expected:
                        return _diagnose(total, expected, prev_hex, seq, stored_prev, stored_hash, canonical, digest)
                    prev_raw = fromhex(digest)
                    prev_hex = stored_hash
                    expected += 1
                progress(expected - 1, total, "verifying audit chain")
        finally:
            cursor.close()
    return VerifyResult(True, expected - 1, prev_hex)
