"""Every dialect-specific piece of SQL, in one place: the audit table's guard triggers,
the full-text index of messages, and index deferral for bulk imports.
"""

from __future__ import annotations

import contextlib
from typing import Any, Collection, Iterator, Sequence

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from warroom.domain.audit import GENESIS_HASH
from warroom.domain.search import _CJK

APPEND_ONLY_MESSAGE = "audit_entry is append-only"
OUT_OF_SEQUENCE_MESSAGE = "audit_entry: insert must carry the next seq and the head hash as prev_hash"

_SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END""",
    # Refuses INSERT OR REPLACE on an existing seq too: such a row never carries max(seq)+1.
    f"""CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_entry)
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1),
                                    '{GENESIS_HASH}')
BEGIN SELECT RAISE(ABORT, '{OUT_OF_SEQUENCE_MESSAGE}'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
    "DROP TRIGGER IF EXISTS audit_entry_chain",
]

_POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_entry_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$""",
    # SECURITY DEFINER: the application role (warroom db setup-roles) may only INSERT and SELECT
    # on audit_entry, too little for the lock below; the function takes it with its owner's rights.
    f"""CREATE OR REPLACE FUNCTION audit_entry_check_chain() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE head_seq integer; head_hash varchar(64);
BEGIN
  LOCK TABLE audit_entry IN SHARE ROW EXCLUSIVE MODE;
  SELECT seq, hash INTO head_seq, head_hash FROM audit_entry ORDER BY seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM COALESCE(head_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM COALESCE(head_hash, '{GENESIS_HASH}') THEN
    RAISE EXCEPTION '{OUT_OF_SEQUENCE_MESSAGE}';
  END IF;
  RETURN NEW;
END $$""",
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse()""",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse()""",
    """CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry
FOR EACH ROW EXECUTE FUNCTION audit_entry_check_chain()""",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_chain ON audit_entry",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_check_chain()",
    "DROP FUNCTION IF EXISTS audit_entry_refuse()",
]


def audit_guard_ddl(dialect_name: str) -> list[str]:
    if dialect_name == "sqlite":
        return list(_SQLITE_CREATE)
    if dialect_name == "postgresql":
        return list(_POSTGRES_CREATE)
    raise NotImplementedError(f"no audit guard triggers for the {dialect_name} dialect")


def drop_audit_guard_ddl(dialect_name: str) -> list[str]:
    if dialect_name == "sqlite":
        return list(_SQLITE_DROP)
    if dialect_name == "postgresql":
        return list(_POSTGRES_DROP)
    raise NotImplementedError(f"no audit guard triggers for the {dialect_name} dialect")


# ---------------------------------------------------------------- placeholders of driver-level SQL

def placeholder(conn: Any) -> str:
    """The driver's parameter mark: ``?`` (sqlite3) or ``%s`` (psycopg)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def placeholders(conn: Any, n: int) -> str:
    """``n`` parameter marks, comma-separated (a VALUES list, an IN list)."""
    return ", ".join([placeholder(conn)] * n)


# ---------------------------------------------------------------- bulk imports: deferred indexes
#
# Inserting many rows into a table keeps each secondary index up to date row by row: a random
# insert into a B-tree per row and index.  Dropping the plain indexes first and creating them
# again after the rows are in (one sort per index) is much cheaper when the new rows are many
# next to those already there.  SQLite's DDL is transactional: the drop, the rows and the
# rebuild commit together, and a rollback or a crash brings the indexes back as they were.
# Unique indexes (constraints) are never dropped.

DEFER_MIN_ROWS = 5_000          # below this, incremental index updates are cheap enough
DEFER_MIN_SHARE = 0.25          # ... and when the new rows are fewer than a quarter of the old
BULK_CACHE_KIB = 64 * 1024      # page cache while a bulk write runs (the default 2 MB keeps spilling)


def should_defer_indexes(dialect_name: str, adding: int, existing: int) -> bool:
    return (dialect_name == "sqlite" and adding >= DEFER_MIN_ROWS
            and adding >= DEFER_MIN_SHARE * existing)


@contextlib.contextmanager
def bulk_write(conn: Any, tables: Sequence[str], *, adding: int, existing: int) -> Iterator[list[str]]:
    """Inside the caller's transaction, around the inserts of a bulk import of ``adding`` rows
    into ``tables`` that hold about ``existing``.  On SQLite, from DEFER_MIN_ROWS rows: a
    bigger page cache while the block runs (restored after, error or not); and when
    :func:`should_defer_indexes`, the plain (non-unique) indexes of ``tables`` are dropped and
    created again, from their stored SQL, when the block ends normally (on an error the
    caller rolls back, which restores them).  Yields the names of the indexes dropped."""
    if conn.dialect.name == "postgresql":
        # The importers number the new rows themselves (MAX(id) + 1 ..., under
        # lock_table_for_writes): the tables' id sequences must be moved past them afterwards.
        yield []
        sync_id_sequences(conn, tables)
        return
    if conn.dialect.name != "sqlite" or adding < DEFER_MIN_ROWS:
        yield []
        return
    old_cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        indexes: list[Any] = []
        if should_defer_indexes(conn.dialect.name, adding, existing):
            marks = ", ".join("?" * len(tables))
            indexes = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({marks}) ORDER BY name",
                tuple(tables)).all()
            for name, _ in indexes:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield [name for name, _ in indexes]
        for _, sql in indexes:
            conn.exec_driver_sql(sql)
    finally:
        with contextlib.suppress(Exception):       # never hide the error itself
            conn.exec_driver_sql(f"PRAGMA cache_size = {old_cache}")


# ---------------------------------------------------------------- full-text search of messages
#
# SQLite: a contentless FTS5 table whose rowid is message.id, filled with
# warroom.domain.search.index_terms(subject, body) in one INSERT ... SELECT per import: much
# faster than a per-row trigger.  index_terms is the Python SQL function wr_fts_terms
# (registered on every SQLite connection).  It only changes a text that holds CJK characters
# (it spreads them into bigrams); a caller that knows which of its messages hold some
# (fts_has_cjk, while it has the texts in hand) lets the others be indexed by the same
# expression in plain SQL, without a call into Python per row.  PostgreSQL: a table of
# tsvectors under a GIN index (fts_create_ddl).  Other dialects: no index; search falls back
# to a portable LIKE scan.

FTS_TABLE = "message_fts"

# = index_terms(subject, body) for a text without CJK: the non-empty parts joined by a newline.
_FTS_PLAIN_TERMS = ("CASE WHEN COALESCE(subject, '') = '' THEN COALESCE(body, '')"
                    " WHEN COALESCE(body, '') = '' THEN subject ELSE subject || char(10) || body END")


def fts_has_cjk(*parts: str | None) -> bool:
    """True when index_terms(*parts) differs from the parts joined by newlines (CJK text)."""
    return any(p and _CJK.search(p) for p in parts)


def fts_create_ddl(dialect_name: str) -> list[str]:
    if dialect_name == "sqlite":
        return [f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(terms, content='', "
                "tokenize='unicode61 remove_diacritics 2')"]
    if dialect_name == "postgresql":
        # PostgreSQL: the same terms as a tsvector per message (built in Python, see
        # warroom.domain.search.tsvector_literal) under a GIN index.
        return [f"CREATE TABLE {FTS_TABLE} (message_id INTEGER PRIMARY KEY"
                " REFERENCES message (id) ON DELETE CASCADE, terms TSVECTOR NOT NULL)",
                f"CREATE INDEX ix_{FTS_TABLE}_terms ON {FTS_TABLE} USING gin (terms)"]
    return []


def fts_drop_ddl(dialect_name: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {FTS_TABLE}"] if dialect_name in ("sqlite", "postgresql") else []


FTS_BATCH = 2_000


def _fts_index_postgresql(conn: Any, first_id: int, last_id: int) -> None:
    from warroom.domain.search import tsvector_literal

    start = first_id
    while start <= last_id:
        end = min(last_id, start + FTS_BATCH - 1)
        rows = conn.exec_driver_sql("SELECT id, subject, body FROM message WHERE id BETWEEN %s AND %s",
                                    (start, end)).all()
        if rows:
            conn.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE} (message_id, terms) VALUES (%s, CAST(%s AS tsvector))"
                " ON CONFLICT (message_id) DO UPDATE SET terms = EXCLUDED.terms",
                [(int(i), tsvector_literal(subject, body)) for i, subject, body in rows])
        start = end + 1


def fts_index_messages(conn: Any, first_id: int, last_id: int, cjk_ids: Collection[int] | None = None) -> None:
    """Index messages first_id..last_id (inclusive), inside the caller's transaction.

    ``cjk_ids``: when given, the ids among them of the messages whose subject or body holds
    CJK characters (:func:`fts_has_cjk`); only those go through wr_fts_terms."""
    if last_id < first_id:
        return
    if conn.dialect.name == "postgresql":
        _fts_index_postgresql(conn, first_id, last_id)
        return
    if conn.dialect.name != "sqlite":
        return
    if cjk_ids is None:
        terms = "wr_fts_terms(subject, body)"
    elif cjk_ids:
        listed = ", ".join(str(int(i)) for i in sorted(cjk_ids))    # integers only: safe to inline
        terms = f"CASE WHEN id IN ({listed}) THEN wr_fts_terms(subject, body) ELSE {_FTS_PLAIN_TERMS} END"
    else:
        terms = _FTS_PLAIN_TERMS
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE} (rowid, terms) SELECT id, {terms} FROM message WHERE id BETWEEN ? AND ?",
        (first_id, last_id))


def fts_search_message_ids(conn: Any, user_text: str, limit: int) -> list[int]:
    """Ids of messages matching what the user typed, newest first."""
    from warroom.domain.search import match_query

    if conn.dialect.name == "sqlite":
        expression = match_query(user_text)
        if expression is None:
            return []
        rows = conn.exec_driver_sql(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expression, limit)).all()
        return [int(r[0]) for r in rows]
    if conn.dialect.name == "postgresql":
        from warroom.domain.search import tsquery_literal

        query = tsquery_literal(user_text)
        if query is None:
            return []
        rows = conn.exec_driver_sql(
            f"SELECT message_id FROM {FTS_TABLE} WHERE terms @@ CAST(%s AS tsquery)"
            " ORDER BY message_id DESC LIMIT %s", (query, int(limit))).all()
        return [int(r[0]) for r in rows]
    words = [w for w in user_text.split() if w]
    if not words:
        return []
    mark = "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?"
    where = " AND ".join([f"(LOWER(body) LIKE {mark} OR LOWER(subject) LIKE {mark})"] * len(words))
    params: list[Any] = []
    for w in words:
        pattern = "%" + w.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        params += [pattern, pattern]
    rows = conn.exec_driver_sql(f"SELECT id FROM message WHERE {where} ORDER BY id DESC LIMIT {int(limit)}",
                                tuple(params)).all()
    return [int(r[0]) for r in rows]


# ---------------------------------------------------------------- one writer of a table at a time

def lock_table_for_writes(conn: Any, table: str) -> None:
    """Inside the caller's write transaction: no other transaction writes ``table`` until it
    ends, so a check made now ("already recorded?") still holds at commit.  On SQLite the
    writer's BEGIN IMMEDIATE already holds the database's write lock; PostgreSQL takes a table
    lock that writers of ``table`` queue on (readers are not blocked)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def sync_id_sequences(conn: Any, tables: Sequence[str]) -> None:
    """After rows were inserted with ids given by the caller: on PostgreSQL, move each table's
    ``id`` sequence to its largest id (else the next ORM insert collides with them).  SQLite
    needs nothing (its rowid follows MAX(rowid))."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        has_sequence = conn.exec_driver_sql(f"SELECT pg_get_serial_sequence('{table}', 'id')").scalar()
        if has_sequence:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)"
                f" FROM {table}")


# ---------------------------------------------------------------- date arithmetic in queries
#
# The dashboard aggregates by time in the database.  SQLite stores a UTCDateTime as text
# (``YYYY-MM-DD HH:MM:SS.ffffff``) and PostgreSQL as a timestamp, so the two need different SQL
# for the same question; these two expressions compile to each dialect's own form.  A dialect
# without one raises (no silent wrong answer).

class seconds_between(FunctionElement[int]):  # noqa: N801 - an SQL function's name
    """Whole seconds from ``earlier`` to ``later`` (two UTCDateTime expressions)."""

    type = Integer()
    inherit_cache = True
    name = "seconds_between"


class utc_day(FunctionElement[str]):  # noqa: N801 - an SQL function's name
    """The UTC day of a UTCDateTime expression as text ``YYYY-MM-DD``."""

    type = String()
    inherit_cache = True
    name = "utc_day"


def _two(element: Any, compiler: Any, **kw: Any) -> tuple[str, str]:
    later, earlier = list(element.clauses)
    return compiler.process(later, **kw), compiler.process(earlier, **kw)


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = _two(element, compiler, **kw)
    return f"CAST(ROUND((julianday({later}) - julianday({earlier})) * 86400.0) AS INTEGER)"


@compiles(seconds_between, "postgresql")
def _seconds_between_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = _two(element, compiler, **kw)
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({later} - {earlier}))) AS INTEGER)"


@compiles(seconds_between)
@compiles(utc_day)
def _no_date_sql(element: Any, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError(f"no {element.name} for the {compiler.dialect.name} dialect")


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(list(element.clauses)[0], **kw)})"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(list(element.clauses)[0], **kw)}, 'YYYY-MM-DD')"
