"""A raw DB-API connection to a test database, on either backend, shaped like sqlite3's.

Tests read rows behind the application's back and tamper with them the way an attacker with
the file (or the server's superuser) could.  ``connect(db_url)`` gives sqlite3 on SQLite, and on
PostgreSQL a psycopg connection as the superuser with ``?`` marks turned into ``%s``, with the
triggers switched off for this session (``session_replication_role = replica``: what a
superuser can do, so a tamper test reaches the rows), and ``DROP TRIGGER name`` given its
table.  ``with con:`` commits (or rolls back), as with sqlite3.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any, Sequence

from sqlalchemy.engine import make_url

_DROP_TRIGGER = re.compile(r"^\s*DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?(\w+)\s*$", re.IGNORECASE)


def _pg_sql(sql: str, with_params: bool) -> str:
    m = _DROP_TRIGGER.match(sql)
    if m:
        return f"DROP TRIGGER {m.group(1) or ''}{m.group(2)} ON audit_entry"
    if not with_params:             # psycopg reads no placeholder then: '%' stays as it is
        return sql
    out, quoted = [], False
    for ch in sql:
        if ch == "'":
            quoted = not quoted
        if ch == "?" and not quoted:
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class _PgCursor:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def fetchone(self) -> Any:
        row = self._cursor.fetchone()
        return None if row is None else tuple(row)

    def fetchall(self) -> list[Any]:
        return [tuple(r) for r in self._cursor.fetchall()]

    def __iter__(self) -> Any:
        return iter(self.fetchall())


class PgConnection:
    def __init__(self, url: str, triggers: bool) -> None:
        import psycopg

        u = make_url(url)
        self._conn = psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database,
                                     password=u.password or None)
        if not triggers:
            self._conn.execute("SET session_replication_role = replica")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _PgCursor:
        cur = self._conn.cursor()
        cur.execute(_pg_sql(sql, bool(params)), tuple(params) if params else None)  # type: ignore[arg-type]
        return _PgCursor(cur)

    def executescript(self, script: str) -> None:
        for statement in script.split(";"):
            if statement.strip():
                self.execute(statement)

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "PgConnection":
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self._conn.commit()
        else:
            self._conn.rollback()


def connect(url: str, *, triggers: bool = False) -> Any:
    """sqlite3 on a SQLite URL (or a plain path); else the PostgreSQL connection above.
    ``triggers=True`` keeps PostgreSQL's triggers firing (SQLite's always fire: drop them)."""
    if "://" not in str(url):
        return sqlite3.connect(str(url))
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return sqlite3.connect(u.database or "")
    return PgConnection(url, triggers)
