"""Team mode: the database on a PostgreSQL server (README, "Team mode").

``warroom db upgrade`` (the migrations on the server), ``warroom db copy --to URL`` (a SQLite
cache moved to the server, every row, the audit chain verified on arrival) and ``warroom db
setup-roles`` (an application role that may only INSERT and SELECT on the audit table).

These are an administrator's operations on the database itself, not actions within it: they
write no audit entry (a copy's chain is the source's, entry for entry, and is verified as such).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError
from warroom.progress import Progress, no_progress
from warroom.storage import audit_log
from warroom.storage.dialect import FTS_TABLE, fts_index_messages, sync_id_sequences
from warroom.storage.engine import Database, make_engine, redacted, resolve_url
from warroom.storage.migrate import current_revision, head_revision, upgrade
from warroom.storage.models import Base

COPY_BATCH = 1_000
APP_ROLE = "warroom_app"
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


# ---------------------------------------------------------------- db upgrade

@dataclass(frozen=True, slots=True)
class SchemaUpgrade:
    url: str                    # password hidden
    before: str | None          # the schema revision found (None: an empty database)
    after: str | None


def upgrade_database(db: str | None) -> SchemaUpgrade:
    """Run the migrations on the database (SQLite file or server) up to the current schema."""
    url = resolve_url(db)
    database = Database(url=url, engine=make_engine(url))
    try:
        before = current_revision(database)
        upgrade(database)
        return SchemaUpgrade(url=redacted(url), before=before, after=current_revision(database))
    finally:
        database.dispose()


# ---------------------------------------------------------------- db copy

@dataclass(frozen=True, slots=True)
class TableCopy:
    table: str
    rows: int


@dataclass(frozen=True, slots=True)
class DatabaseCopy:
    source: str                 # URLs, passwords hidden
    target: str
    tables: tuple[TableCopy, ...]
    audit_entries: int
    head_hash: str

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _order_of(table: Any) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def copy_database(source: Database, actor: Actor, target_url: str, progress: Progress = no_progress) -> DatabaseCopy:
    """Copy every row of every table of ``source`` into the empty database at ``target_url``
    (made to the current schema first), in one transaction; then verify the target: the same
    number of rows in each table, and its audit chain verifies with the source's length and
    head hash.  A target that holds any row is refused (nothing is written to it)."""
    actor.require(Permission.COPY_DATABASE)
    url = resolve_url(target_url)
    if make_url(url) == make_url(source.url):
        raise BadInput("the copy's target is the database being copied", field="to")
    target = Database(url=url, engine=make_engine(url))
    try:
        try:
            upgrade(target)
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None)
            raise BusinessRuleError(f"cannot prepare the target database {redacted(url)}: "
                                    f"{str(orig or exc).strip()}") from None
        tables = list(Base.metadata.sorted_tables)
        with source.engine.connect() as src, src.begin(), target.writer.begin() as dst:
            for table in tables:
                if dst.execute(select(1).select_from(table).limit(1)).first() is not None:
                    raise BusinessRuleError(
                        f"the target database is not empty (table {table.name} has rows): "
                        "copy only into a new, empty database")
            counts = {table.name: _count(src, table) for table in tables}
            total, done = sum(counts.values()), 0
            progress(0, total, "copying")
            for table in tables:
                result = src.execution_options(yield_per=COPY_BATCH).execute(
                    select(table).order_by(*_order_of(table)))
                for part in result.partitions(COPY_BATCH):
                    dst.execute(table.insert(), [dict(row._mapping) for row in part])
                    done += len(part)
                    progress(done, total, f"copying {table.name}")
            sync_id_sequences(dst, [t.name for t in tables if "id" in t.columns
                                    and t.columns["id"].autoincrement in (True, "auto")])
            last_message = dst.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM message").scalar_one()
            fts_index_messages(dst, 1, int(last_message))
            copied = {table.name: _count(dst, table) for table in tables}
            if copied != counts:
                wrong = sorted(n for n in counts if copied[n] != counts[n])
                raise BusinessRuleError(f"the copy lost rows in {', '.join(wrong)}; nothing was kept")
            expected = audit_log.head(src)
        progress(total, total, "verifying the copy's audit chain")
        check = audit_log.verify(target.engine)
        if not check.ok or check.head_hash is None or (check.count, check.head_hash) != expected:
            raise BusinessRuleError(
                f"the copy's audit chain does not verify ({check.reason or 'it differs from the source'}"
                f" at entry {check.first_bad_seq}): do not use {redacted(url)}")
        return DatabaseCopy(source=redacted(source.url), target=redacted(url),
                            tables=tuple(TableCopy(t.name, counts[t.name]) for t in tables),
                            audit_entries=check.count, head_hash=check.head_hash)
    finally:
        target.dispose()


# ---------------------------------------------------------------- db setup-roles

@dataclass(frozen=True, slots=True)
class RoleSetup:
    role: str
    database: str
    statements: tuple[str, ...]     # as run (a password shown as '***')


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def setup_roles(db: str | None, role: str = APP_ROLE, password: str | None = None) -> RoleSetup:
    """On a PostgreSQL database, connected as its owner (or a superuser): create (or bring up to
    date) the application role ``role``: it may log in, read and write every table except the
    audit log, where it may only INSERT and SELECT (no UPDATE, DELETE, TRUNCATE; and, not owning
    it, it cannot drop or disable the guard triggers).  Tables that later migrations make get
    the same rights (default privileges).  Run again after ``db upgrade``: it is idempotent."""
    if not _ROLE_NAME.fullmatch(role):
        raise BadInput(f"not a role name: {role!r} (lower-case letters, digits and _)", field="role")
    url = resolve_url(db)
    database = Database(url=url, engine=make_engine(url))
    try:
        if database.dialect != "postgresql":
            raise BadInput("setup-roles is for a PostgreSQL server (--db postgresql+psycopg://...)", field="db")
        statements = [
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$",
            f"ALTER ROLE {role} LOGIN",
        ]
        shown = list(statements)
        if password is not None:
            statements.append(f"ALTER ROLE {role} PASSWORD {_quote_literal(password)}")
            shown.append(f"ALTER ROLE {role} PASSWORD '***'")
        with database.engine.begin() as conn:
            name = str(conn.exec_driver_sql("SELECT current_database()").scalar_one())
            if conn.exec_driver_sql("SELECT current_user").scalar_one() == role:
                raise BadInput("connect as the database's owner or a superuser, not as the application role",
                               field="db")
            if conn.exec_driver_sql(f"SELECT to_regclass('{FTS_TABLE}')").scalar() is None:
                raise BusinessRuleError("the database has no War Room schema yet: run `warroom db upgrade` first")
            # the role that owns the schema (ran `db upgrade`): tables its later upgrades make get
            # the same rights, also when a superuser runs this
            owner = str(conn.exec_driver_sql(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_entry'"
            ).scalar_one())
            grants = [
                f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO {role}',
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
                f"REVOKE ALL ON audit_entry FROM {role}",
                f"GRANT SELECT, INSERT ON audit_entry TO {role}",
                f"REVOKE ALL ON alembic_version FROM {role}",
                f"GRANT SELECT ON alembic_version TO {role}",
                f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public'
                f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
                f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public'
                f" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}",
            ]
            for statement in statements + grants:
                conn.exec_driver_sql(statement)
            # a role that existed already keeps its attributes (changing SUPERUSER or BYPASSRLS
            # needs a superuser): refuse one that could get round the audit log's guards
            powers = conn.exec_driver_sql(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %(r)s",
                {"r": role}).one()
            named = [n for n, on in zip(("SUPERUSER", "CREATEDB", "CREATEROLE", "BYPASSRLS"), powers) if on]
            if named:
                raise BadInput(f"role {role} exists with {', '.join(named)}: the application role must have "
                               f"none of these (ALTER ROLE {role} NO{' NO'.join(named)}, as a superuser)",
                               field="role")
        return RoleSetup(role=role, database=name, statements=tuple(shown + grants))
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        text = str(orig or exc).strip()
        reason = text.splitlines()[0] if text else type(exc).__name__
        if "permission denied to create role" in text:
            reason += (" (the owner account needs CREATEROLE: `ALTER ROLE <owner> CREATEROLE` as the postgres"
                       " superuser, or run setup-roles connected as a superuser)")
        raise BusinessRuleError(f"setup-roles failed: {reason}") from None
    finally:
        database.dispose()
