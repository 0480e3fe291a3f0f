"""The audit log as the change feed of the consoles: every action writes an entry naming what it
changed, so a console that knows the last sequence number it saw reads what happened since.

How a console learns that there is something to read:

* PostgreSQL: a statement trigger on ``audit_entry`` calls ``pg_notify('warroom_audit', <newest
  seq>)``; the notification is delivered when the transaction commits (never for one rolled
  back).  :class:`ListenWaiter` LISTENs on a connection of its own (autocommit, outside the
  pool) and wakes up when one arrives; it also looks at the head now and then, in case a
  notification was lost with a dropped connection (it reconnects).
* SQLite: no server to tell anyone; :class:`PollWaiter` reads the head every couple of seconds
  (one indexed query).
"""

from __future__ import annotations

import collections
import threading
import time
import weakref
from typing import Any, Protocol

from sqlalchemy.engine import Engine

CHANNEL = "warroom_audit"
POLL_S = 2.0                 # SQLite: how often the head is read
LISTEN_CHECK_S = 30.0        # PostgreSQL: look at the head this often even without a notification
RECONNECT_S = 5.0            # PostgreSQL: wait this long before listening again after a failure

_PG_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_entry_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('{CHANNEL}', (SELECT MAX(seq) FROM appended)::text);
  RETURN NULL;
END $$""",
    """CREATE TRIGGER audit_entry_notify AFTER INSERT ON audit_entry
REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_notify()""",
]
_PG_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_notify ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_notify()",
]


def feed_create_ddl(dialect_name: str) -> list[str]:
    return list(_PG_CREATE) if dialect_name == "postgresql" else []


def feed_drop_ddl(dialect_name: str) -> list[str]:
    return list(_PG_DROP) if dialect_name == "postgresql" else []


# ---------------------------------------------------------------- what this process wrote
#
# A console refreshes what its own actions changed as it makes them; the feed leaves those out
# (they would only be read and applied twice).  Recorded per database (its connection pool:
# a second Database on the same URL in this process, as a test's "other seat", is another
# writer), the newest OWN_KEPT appends.

OWN_KEPT = 2000
_own: "weakref.WeakKeyDictionary[Any, collections.deque[tuple[int, int]]]" = weakref.WeakKeyDictionary()
_own_lock = threading.Lock()


def note_own(pool: Any, first: int, last: int) -> None:
    """Entries ``first..last`` were appended through ``pool`` by this process."""
    with _own_lock:
        ranges = _own.get(pool)
        if ranges is None:
            ranges = _own[pool] = collections.deque(maxlen=OWN_KEPT)
        ranges.append((first, last))


def is_own(pool: Any, seq: int) -> bool:
    with _own_lock:
        return any(a <= seq <= b for a, b in _own.get(pool, ()))


def head_seq(engine: Engine) -> int:
    """The newest entry's sequence number (0 for an empty log): one index lookup."""
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT COALESCE(MAX(seq), 0) FROM audit_entry").scalar_one())


class Waiter(Protocol):
    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True when something may have been appended."""

    def close(self) -> None: ...


class PollWaiter:
    """SQLite: sleep, then say "look" (the caller compares the head)."""

    def __init__(self, stop: threading.Event, interval: float = POLL_S) -> None:
        self.stop = stop
        self.interval = interval

    def wait(self, timeout: float) -> bool:
        return not self.stop.wait(min(timeout, self.interval))

    def close(self) -> None:
        pass


class ListenWaiter:
    """PostgreSQL: LISTEN on a connection of its own; reconnects after a failure."""

    def __init__(self, engine: Engine, stop: threading.Event, check_every: float = LISTEN_CHECK_S) -> None:
        self.engine = engine
        self.stop = stop
        self.check_every = check_every
        self.conn: Any = None
        self.last_look = 0.0
        self.failures = 0

    def _connect(self) -> Any:
        dialect = self.engine.dialect
        cargs, cparams = dialect.create_connect_args(self.engine.url)
        conn = dialect.loaded_dbapi.connect(*cargs, **cparams)
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def wait(self, timeout: float) -> bool:
        if self.conn is None:
            try:
                self.conn = self._connect()
            except Exception:  # noqa: BLE001 - the server is away: poll slowly until it is back
                self.failures += 1
                self.stop.wait(min(timeout, RECONNECT_S))
                return True
            self.last_look = time.monotonic()
            return True                      # (re)connected: something may have been missed
        try:
            got = any(True for _ in self.conn.notifies(timeout=timeout, stop_after=1))
        except Exception:  # noqa: BLE001 - connection lost: reconnect next time, look now
            self.close()
            self.failures += 1
            return True
        if got or time.monotonic() - self.last_look >= self.check_every:
            self.last_look = time.monotonic()
            return True
        return False

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass


def waiter_for(engine: Engine, stop: threading.Event, poll_s: float = POLL_S) -> Waiter:
    if engine.dialect.name == "postgresql":
        return ListenWaiter(engine, stop)
    return PollWaiter(stop, poll_s)
