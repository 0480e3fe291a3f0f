"""`warroom status` and the audit chain's verification."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from warroom.domain.audit import VerifyResult
from warroom.progress import Progress, no_progress
from warroom.storage import audit_log
from warroom.storage.engine import Database, redacted
from warroom.storage.migrate import current_revision, head_revision
from warroom.storage.models import Order, Ticket, User
from warroom.storage.uow import UnitOfWork
from warroom.services.suspension import current_suspension, suspension_dict


def status(db: Database) -> dict[str, Any]:
    with UnitOfWork(db, write=False) as uow:
        count, head_hash = audit_log.head(uow.connection)
        by_status = dict(uow.session.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())
        return {
            "database": {"url": redacted(db.url), "dialect": db.dialect, "schema_revision": current_revision(db),
                         "schema_head": head_revision()},
            "suspension": suspension_dict(current_suspension(uow.session)),
            "audit": {"count": count, "head_hash": head_hash},
            "tickets": {s: int(by_status.get(s, 0)) for s in ("open", "waiting", "answered", "closed")},
            "orders": int(uow.session.scalar(select(func.count()).select_from(Order)) or 0),
            "users": int(uow.session.scalar(select(func.count()).select_from(User)) or 0),
        }


def verify_audit_chain(db: Database, progress: Progress = no_progress) -> VerifyResult:
    return audit_log.verify(db.engine, progress)


def audit_entries(db: Database, *, after_seq: int = 0, limit: int = 100, newest_first: bool = False) -> list[dict[str, Any]]:
    with UnitOfWork(db, write=False) as uow:
        return [e.to_dict() for e in audit_log.entries(uow.connection, after_seq=after_seq, limit=limit,
                                                      newest_first=newest_first)]
