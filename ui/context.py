"""What every window of a logged-in console shares: the database, the actor, the job runner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warroom.domain.roles import Actor, Permission
from warroom.storage.engine import Database, redacted

from ui.workers import JobRunner


def database_label(db: Database) -> str:
    """``warroom.sqlite3`` for a SQLite file, the redacted URL otherwise."""
    if db.url.startswith("sqlite:///"):
        name = Path(db.url[len("sqlite:///"):]).name
        return name or db.url
    return redacted(db.url)


@dataclass
class Console:
    db: Database
    actor: Actor
    runner: JobRunner
    demo: bool = False

    @property
    def db_label(self) -> str:
        return database_label(self.db)

    def can(self, permission: Permission) -> bool:
        return self.actor.can(permission)
