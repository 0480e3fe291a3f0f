"""The schema is built by the migrations, and the migrations agree with the models."""

from __future__ import annotations

import re

import pytest

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic import command

from warroom.storage.engine import open_database
from warroom.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from warroom.storage.models import Base


def test_migrations_from_empty_reach_head(new_db_url):
    db = open_database(new_db_url())
    try:
        assert current_revision(db) == head_revision() is not None
        with db.engine.connect() as conn:
            if db.dialect == "sqlite":
                names = {r[0] for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
            else:
                names = {r[0] for r in conn.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    " UNION SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    finally:
        db.dispose()
    assert {"ticket", "message", "audit_entry", "message_fts", "audit_entry_no_update", "audit_entry_chain"} <= names
    assert "audit_entry_no_delete" in names if db.dialect == "sqlite" else "audit_entry_no_truncate" in names


@pytest.mark.filterwarnings("ignore:.*expression-based index:UserWarning",
                            "ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        from warroom.storage.migrations_filter import include_object

        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(ctx, Base.metadata)
        # Alembic cannot compare expression indexes: check the one there is by its SQL
        if db.dialect == "sqlite":
            sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'ix_ticket_queue_order'").scalar()
        else:
            sql = conn.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_ticket_queue_order'").scalar()
    assert diff == []
    assert sql is not None and re.search(r"priority, \(+due_at IS NULL\)+, due_at", sql), sql


def test_reopening_is_idempotent_and_downgrade_upgrade_round_trips(new_db_url):
    path = new_db_url()
    db = open_database(path)
    db.dispose()
    db = open_database(path)            # second open: nothing to do
    cfg = alembic_config()
    with db.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert current_revision(db) is None
    upgrade(db)
    assert current_revision(db) == head_revision()
