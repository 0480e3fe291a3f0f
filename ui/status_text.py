"""Status-bar phrases the console words itself, in the user's language, where the core returns an
English summary (``CheckResult.summary()``, ``age_text``): the same facts, the same English."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from warroom import clock


def checkpoint_age(signed_at: datetime, now: datetime | None = None) -> str:
    """``Checkpoint just now`` / ``Checkpoint 12 min ago`` / ``3 h ago`` / ``2 days ago``, translated."""
    seconds = max(0.0, ((now or clock.now()) - signed_at).total_seconds())
    if seconds < 60:
        return QCoreApplication.translate("StatusText", "Checkpoint just now")
    if seconds < 3600:
        return QCoreApplication.translate("StatusText", "Checkpoint {n} min ago").format(n=int(seconds // 60))
    if seconds < 2 * 86400:
        return QCoreApplication.translate("StatusText", "Checkpoint {n} h ago").format(n=int(seconds // 3600))
    return QCoreApplication.translate("StatusText", "Checkpoint {n} days ago").format(n=int(seconds // 86400))


def checkpoint_summary(check: Any, now: datetime | None = None) -> str:
    """A consistent log's newest checkpoint, as the status bar shows it."""
    if check.newest is None:
        return QCoreApplication.translate("StatusText", "No checkpoint yet")
    return checkpoint_age(check.newest.signed_at, now)
