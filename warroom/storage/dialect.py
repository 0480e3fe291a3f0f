"""Every dialect-specific piece of SQL, in one place: the audit table's guard triggers and
the full-text index of messages.
"""

from __future__ import annotations

from typing import Any

from warroom.domain.audit import GENESIS_HASH

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
    f"""CREATE OR REPLACE FUNCTION audit_entry_check_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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


# ---------------------------------------------------------------- full-text search of messages
#
# SQLite: a contentless FTS5 table whose rowid is message.id, filled with
# warroom.domain.search.index_terms(subject, body) through the SQL function wr_fts_terms
# (registered on every SQLite connection), in one INSERT ... SELECT per import: much faster
# than a per-row trigger.  Other dialects: no index; search falls back to a portable LIKE scan.

FTS_TABLE = "message_fts"


def fts_create_ddl(dialect_name: str) -> list[str]:
    if dialect_name == "sqlite":
        return [f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(terms, content='', "
                "tokenize='unicode61 remove_diacritics 2')"]
    return []


def fts_drop_ddl(dialect_name: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {FTS_TABLE}"] if dialect_name == "sqlite" else []


def fts_index_messages(conn: Any, first_id: int, last_id: int) -> None:
    """Index messages first_id..last_id (inclusive), inside the caller's transaction."""
    if conn.dialect.name != "sqlite" or last_id < first_id:
        return
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE} (rowid, terms) SELECT id, wr_fts_terms(subject, body) FROM message"
        " WHERE id BETWEEN ? AND ?", (first_id, last_id))


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
