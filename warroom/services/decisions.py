"""A decision on a draft happens once: two compliance users approving the same draft at the same
moment give one approval, and the other is told who decided first.

Three layers, each enough on its own: the writers' lock (SQLite's ``BEGIN IMMEDIATE``, the
advisory lock on PostgreSQL: warroom.storage.locks) makes the second approver read the draft
after the first committed; the draft's row is read ``FOR UPDATE``; and the change itself is a
conditional ``UPDATE ... WHERE id = :id AND status = :seen`` whose row count must be one.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from warroom import clock
from warroom.domain.drafts import DraftStatus
from warroom.errors import BusinessRuleError
from warroom.storage.models import Draft

#: statuses that mean "approved" (then held, sent, being sent, or failed to send)
APPROVED_SINCE = frozenset({DraftStatus.APPROVED, DraftStatus.HELD, DraftStatus.SENDING, DraftStatus.DISPATCHED,
                            DraftStatus.FAILED})


def decided_text(d: Draft) -> str:
    """Why a draft can no longer be approved: who decided it, and when (or its state)."""
    when = f" at {clock.iso(d.approved_at)}" if d.approved_at is not None else ""
    if d.status in APPROVED_SINCE and d.approver:
        now = "" if d.status == DraftStatus.APPROVED else f" (it is {d.status} now)"
        return f"draft {d.id} was already approved by {d.approver}{when}{now}"
    if d.status == DraftStatus.REJECTED and d.approver:
        return f"draft {d.id} was already rejected by {d.approver}{when}: {d.reason}"
    return f"draft {d.id} is {d.status}, not submitted"


def decide(session: Session, d: Draft, seen: str, **values: Any) -> None:
    """Set ``values`` on the draft if its status is still ``seen``; else raise, naming who
    decided it.  The ORM object then holds the new values (no second UPDATE at flush)."""
    session.flush()
    done = session.execute(update(Draft).where(Draft.id == d.id, Draft.status == seen).values(**values)
                           .execution_options(synchronize_session=False))
    if cast(CursorResult[Any], done).rowcount != 1:
        session.refresh(d)
        raise BusinessRuleError(decided_text(d))
    for key, value in values.items():
        set_committed_value(d, key, value)
