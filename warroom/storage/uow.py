"""The unit of work: one transaction per user action, with its audit entry inside it."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session

from warroom.domain.audit import AuditEntry
from warroom.storage import audit_log
from warroom.storage.engine import Database


class _Session(Session):
    """A session whose ``get`` finds nothing for an id no row can have (an int beyond the
    32-bit INTEGER of PostgreSQL's id columns: the driver would raise OverflowError or the
    server "out of range"), so every service's own "no such ..." answers a huge id typed in
    the CLI or passed by a caller."""

    def get(self, entity: Any, ident: Any, *args: Any, **kwargs: Any) -> Any:
        parts = ident if isinstance(ident, (tuple, list)) else (ident,)
        if any(isinstance(p, int) and not -(2**31) <= p < 2**31 for p in parts):
            return None
        return super().get(entity, ident, *args, **kwargs)


class UnitOfWork:
    """``with UnitOfWork(db) as uow: ...; uow.audit(...); uow.commit()``.

    Rolls back unless committed.  A writing unit of work begins ``IMMEDIATE`` on SQLite.
    ``commit()`` refuses to commit a change that wrote no audit entry: no change without its
    entry.  A unit of work that finds nothing to change simply does not commit.
    """

    def __init__(self, database: Database, *, write: bool = True) -> None:
        self.database = database
        self.write = write
        self.session: Session
        self.entries: list[AuditEntry] = []
        self._committed = False

    def __enter__(self) -> "UnitOfWork":
        engine = self.database.writer if self.write else self.database.engine
        self.session = _Session(engine, expire_on_commit=False, autoflush=True)
        if self.write:
            self.session.connection()  # BEGIN IMMEDIATE now: take the write lock up front
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()

    @property
    def connection(self) -> Any:
        return self.session.connection()

    def audit(self, actor: str, action: str, entity: str, payload: Any) -> AuditEntry:
        self.session.flush()
        entry = audit_log.append(self.session.connection(), actor, action, entity, payload)
        self.entries.append(entry)
        return entry

    def audit_many(self, items: list[tuple[str, str, str, Any]]) -> list[AuditEntry]:
        """Several entries at once ((actor, action, entity, payload) each), in this order: the
        same chain as one :meth:`audit` per item, written in one statement."""
        self.session.flush()
        entries = audit_log.append_many(self.session.connection(), items)
        self.entries.extend(entries)
        return entries

    def commit(self) -> None:
        if not self.write:
            raise RuntimeError("read-only unit of work cannot commit")
        if not self.entries:
            raise RuntimeError("refusing to commit a change without its audit entry")
        self.session.commit()
        self._committed = True
