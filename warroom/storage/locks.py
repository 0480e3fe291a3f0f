"""Many writers on one PostgreSQL server: the locks that keep them as safe as one SQLite file.

SQLite serializes writers by itself: a writing unit of work begins ``IMMEDIATE`` and holds the
database's write lock until it commits.  PostgreSQL lets writers run side by side, and then two
of them could read the same audit head and both append entry ``n + 1`` (the guard trigger
refuses the second: an error, not a broken chain), or both see a draft ``submitted`` and both
approve it.  So on PostgreSQL a writing unit of work takes a transaction-level advisory lock,
:data:`WRITER_KEY`, as its first statement: the same one-writer-at-a-time rule as SQLite's
``BEGIN IMMEDIATE``, the same semantics for every service's check-then-write, and

* audit appends are serialized (gap-free ``seq``, a valid chain) because every append happens
  inside a writer (:func:`warroom.storage.audit_log.append` takes the lock too, in case a caller
  appends through a connection of its own: the lock is re-entrant in a transaction);
* checkpoints read the head and sign it under the same lock;
* no deadlock between the chain lock and row locks: every writer takes the chain lock first,
  before any row lock (taking it only at the append, after the rows were updated, would let
  two writers wait on each other).

Readers never take it (PostgreSQL's MVCC keeps them off the writers' way).  The lock is
released at commit or rollback: a crashed desktop cannot leave it held.

The deadline sweep has its own *session* lock, :data:`SWEEP_KEY`, tried without waiting: a sweep
that finds another one running somewhere skips (see :func:`sweep_lock`).
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from sqlalchemy.engine import Connection

#: pg_advisory_xact_lock key of the writers (any fixed 64-bit number; "WARROOM1" in ASCII)
WRITER_KEY = 0x5741_5252_4F4F_4D31
#: pg_try_advisory_lock key of the deadline sweep ("WRSWEEP1")
SWEEP_KEY = 0x5752_5357_4545_5031

#: the execution option a writer engine carries (warroom.storage.engine.Database.writer)
WRITER_OPTION = "warroom_writer"


def is_postgresql(conn: Any) -> bool:
    return bool(conn.dialect.name == "postgresql")


def take_writer_lock(conn: Connection) -> None:
    """Inside the caller's transaction on PostgreSQL: wait for the writers' lock (held until the
    transaction ends; taking it again in the same transaction is free).  Nothing on SQLite (the
    writer's ``BEGIN IMMEDIATE`` holds the write lock already)."""
    if is_postgresql(conn):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_KEY})")


def take_writer_lock_dbapi(dbapi_conn: Any, dialect_name: str) -> None:
    """The same through a driver connection (the audit log appends through the driver)."""
    if dialect_name == "postgresql":
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"SELECT pg_advisory_xact_lock({WRITER_KEY})")
        finally:
            cursor.close()


def on_begin(conn: Connection) -> None:
    """The engine's ``begin`` listener on PostgreSQL: a writer takes the lock first thing."""
    if conn.get_execution_options().get(WRITER_OPTION):
        take_writer_lock(conn)


@contextlib.contextmanager
def sweep_lock(engine: Any) -> Iterator[bool]:
    """``with sweep_lock(db.engine) as mine: if not mine: skip``.

    PostgreSQL: a session-level advisory lock tried without waiting, on a connection held for
    the whole sweep (other desktops' sweeps see it taken and skip; it is released when the sweep
    ends or its connection drops).  SQLite: always True (one file, one machine: the sweep's
    batches recompute under the write lock and never record twice)."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        got = bool(conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({SWEEP_KEY})").scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SWEEP_KEY})")
                conn.commit()
