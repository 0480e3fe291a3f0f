"""Live refresh, the Qt side: other seats' changes reach the open console within seconds.

The core (:mod:`warroom.services.live`) does the work in a thread of its own (not the job pool:
it waits for as long as the window is open): it waits for news (PostgreSQL LISTEN/NOTIFY, a
poll of the audit head every 2 s on SQLite) and reads the audit entries since the last one
seen.  Here the changes are applied on the GUI thread: the named tickets' rows are re-read and
patched in place in the queue (never a reload of the whole queue: rows not on screen cost
nothing), the open ticket is reloaded when it is one of them (the composer keeps what the user
typed), and the approval desk and outbox when drafts changed.  An action that changes the queue
broadly (an import, a suspension, a re-classification) refreshes everything, as F5 does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from warroom.services import live
from warroom.services.live import FeedChanges
from warroom.services.tickets import ANYONE

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class LiveRefresh(QObject):
    """``arrived(changes)`` on the GUI thread after the console applied them."""

    delivered = Signal(object)      # from the watching thread (queued to the GUI thread)
    arrived = Signal(object)
    failed = Signal(object)

    def __init__(self, window: "MainWindow", poll_s: float = live.POLL_S) -> None:
        super().__init__(window)
        self.window = window
        self.poll_s = poll_s
        self.stop_flag = threading.Event()
        self.thread: threading.Thread | None = None
        self.after = 0
        self.last_error: BaseException | None = None
        self.delivered.connect(self.apply)

    def start(self) -> None:
        """Watch from the audit head as it is now (what the window loaded is current)."""
        if self.thread is not None:
            return
        db = self.window.console.db
        try:
            self.after = live.current_head(db)
        except Exception as exc:  # noqa: BLE001 - no live refresh; F5 still works
            self.last_error = exc
            return
        self.thread = threading.Thread(
            target=live.watch, name="warroom-live-refresh", daemon=True,
            args=(db, self.after, self.delivered.emit, self.stop_flag),
            kwargs={"poll_s": self.poll_s, "on_error": self.failed.emit})
        self.thread.start()

    def stop(self, wait_s: float = 3.0) -> None:
        self.stop_flag.set()
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.join(wait_s)

    # ------------------------------------------------------------ on the GUI thread

    def apply(self, changes: FeedChanges) -> None:
        w = self.window
        if self.stop_flag.is_set() or getattr(w, "_closing", False):
            return
        self.after = max(self.after, changes.head)
        if changes.everything:
            w.refresh_all()                     # an import, a suspension: as F5 does
        else:
            self.refresh_rows(changes.ticket_ids)
            shown = w.ticket_view.ticket
            if shown is not None and shown["id"] in changes.ticket_ids:
                w.ticket_view.reload()
            if changes.draft_ids:
                w.refresh_gate()
        self.arrived.emit(changes)

    def refresh_rows(self, ticket_ids: frozenset[int]) -> int:
        """Re-read the rows of those tickets that the queue holds, patch them in place; how many."""
        model = self.window.queue.model
        present = {tid: row for tid in ticket_ids if (row := model.row_of(tid)) is not None}
        if not present:
            return 0
        from warroom.services.queue import queue_rows

        try:
            fresh = queue_rows(self.window.console.db, sorted(present))
        except Exception as exc:  # noqa: BLE001 - shown like any failed refresh
            self.window.show_error(exc, self.tr("Refreshing the queue"))
            return 0
        for tid, data in fresh.items():
            row = model.row_of(tid)           # the rows may have moved since (a page fetched)
            if row is not None:
                model.patch_row(row, **data)
        return len(fresh)


def start_live_refresh(window: "MainWindow") -> LiveRefresh:
    refresher = LiveRefresh(window)
    refresher.failed.connect(lambda exc: setattr(refresher, "last_error", exc))
    refresher.start()
    return refresher


def shown_assignee(window: "MainWindow", ticket_id: int) -> Any:
    """The assignee the user sees for the ticket (the open ticket, else its queue row); ANYONE
    when it is not on screen."""
    shown = window.ticket_view.ticket
    if shown is not None and shown["id"] == ticket_id:
        return shown["assignee"]
    row = window.queue.model.row_of(ticket_id)
    return window.queue.model.row_dict(row)["assignee"] if row is not None else ANYONE
