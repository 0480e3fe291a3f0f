"""Run the Alembic migrations on open, so an older database opens in a newer version."""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from warroom.storage.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    if revision == "head" and current_revision(database) == head_revision():
        return
    cfg = alembic_config()
    with database.writer.begin() as conn, warnings.catch_warnings():
        # SQLite batch migrations reflect tables; SQLAlchemy cannot reflect the queue's
        # expression index and says so.  Nothing is lost (the index is not rebuilt by them).
        warnings.filterwarnings("ignore", message=".*expression-based index")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
