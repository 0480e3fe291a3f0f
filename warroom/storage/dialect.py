"""Every dialect-specific piece of SQL, in one place: the audit table's guard triggers.

(Full-text search arrives with the importers and lives here too.)
"""

from __future__ import annotations

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
