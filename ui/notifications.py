"""Notifications: every 15 seconds a worker asks the core what changed for this user
(:func:`warroom.services.notifications.changes_since`); what is new shows in a banner in the
window and, when the desktop has a system tray, as a tray message; the approval desk's and the
outbox's tab counts follow (their lists reload when the counts differ).

Another console on the same database (another user, another machine on PostgreSQL) is seen
through the database only: nothing here needs the two to talk to each other.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSystemTrayIcon, QToolButton, QWidget

from warroom.services import notifications as notification_service
from warroom.services.notifications import Changes, Notification

from ui.context import Console
from ui.workers import Job

POLL_MS = 15_000
#: each poll looks back this far before the previous one ended (a change committed a moment after
#: it was stamped is not lost); what was seen already is dropped by its key
OVERLAP = timedelta(seconds=30)
BANNER_STYLE = ("QWidget#notificationBanner { background: #e3f2fd; border-bottom: 1px solid #90caf9; }"
                "QLabel#notificationText { color: #0d47a1; font-weight: bold; padding: 4px 8px; }")
TRAY_MS = 8_000


class NotificationCenter(QObject):
    """Polls in a worker; ``arrived(changes, new_events)`` after each poll (new_events: not
    seen before, oldest first)."""

    arrived = Signal(object, object)
    failed = Signal(object)

    def __init__(self, console: Console, parent: QObject | None = None, interval_ms: int = POLL_MS,
                 closing: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.console = console
        self.closing = closing
        self.started = notification_service.start_of_watch()   # nothing from before the window opened
        self.since = self.started
        self.seen: dict[tuple[object, ...], Any] = {}
        self.job: Job | None = None
        self.last: Changes | None = None
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def poll(self) -> Job | None:
        """One look, in a worker (a poll still running is not doubled)."""
        if self.closing():
            return None
        if self.job is not None and not self.job.finished:
            return self.job
        db, actor, since = self.console.db, self.console.actor, max(self.started, self.since - OVERLAP)
        job = Job(lambda _progress: notification_service.changes_since(db, actor, since), "notifications")
        self.job = job
        self.console.runner.start(job, self._done, self._failed)
        return job

    def _done(self, changes: Changes) -> None:
        if self.closing():
            return
        self.take(changes)

    def take(self, changes: Changes) -> list[Notification]:
        """Keep what is new in ``changes``, move the window on, tell the listeners."""
        new = [e for e in changes.events if e.key not in self.seen]
        horizon = changes.until - 2 * OVERLAP
        self.seen = {k: at for k, at in self.seen.items() if at >= horizon}
        self.seen.update({e.key: e.at for e in new})
        self.since = max(self.since, changes.until)
        self.last = changes
        self.arrived.emit(changes, new)
        return new

    def _failed(self, exc: BaseException) -> None:
        if not self.closing():
            self.failed.emit(exc)


def describe(e: Notification) -> str:
    """One line for a notification, in the user's language."""
    ticket = e.ticket_ids[0] if e.ticket_ids else 0
    if e.kind == notification_service.DRAFT_ON_DESK:
        text = QCoreApplication.translate(
            "NotificationBanner", "New draft #{draft} from {author} waits on the approval desk (ticket #{ticket})")
        return text.format(draft=e.draft_id, author=e.by, ticket=ticket)
    if e.kind == notification_service.DRAFT_REJECTED:
        text = QCoreApplication.translate("NotificationBanner", "Your draft #{draft} (ticket #{ticket}) was rejected by {by}: {reason}")
        return text.format(draft=e.draft_id, ticket=ticket, by=e.by, reason=e.reason or "")
    if e.kind == notification_service.DEADLINE_SOON:
        if len(e.ticket_ids) == 1:
            return QCoreApplication.translate("NotificationBanner", "Ticket #{ticket} must be answered within 4 hours").format(
                ticket=ticket)
        return QCoreApplication.translate("NotificationBanner", "{n} tickets must be answered within 4 hours").format(
            n=len(e.ticket_ids))
    if e.kind == notification_service.ESCALATION:
        return QCoreApplication.translate(
            "NotificationBanner", "Ticket #{ticket} escalated (by {by}): its brief waits for your decision").format(
            ticket=ticket, by=e.by)
    return QCoreApplication.translate("NotificationBanner", "Red flag {flag} on ticket #{ticket} (set by {by})").format(
        flag=e.flag, ticket=ticket, by=e.by)


class NotificationBanner(QWidget):
    """The newest notification in a strip under the suspension banner: Open (its ticket) and ✕."""

    open_ticket = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(BANNER_STYLE)
        self.text = QLabel(objectName="notificationText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QToolButton(objectName="notificationOpen")
        self.open_button.setText(self.tr("Open ticket"))
        self.open_button.clicked.connect(self._open)
        self.close_button = QToolButton(objectName="notificationDismiss")
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.open_button)
        lay.addWidget(self.close_button)
        self.ticket_id: int | None = None
        self.hide()

    def show_events(self, events: list[Notification]) -> str:
        newest = events[-1]
        lines = [describe(e) for e in events]
        text = lines[-1]
        if len(events) > 1:
            text += "  " + self.tr("(and {n} more: see the tooltip)").format(n=len(events) - 1)
        self.text.setText(text)
        self.setToolTip("\n".join(lines[-20:]))
        self.ticket_id = newest.ticket_ids[0] if newest.ticket_ids else None
        self.open_button.setVisible(self.ticket_id is not None)
        self.show()
        return text

    def _open(self) -> None:
        if self.ticket_id is not None:
            self.open_ticket.emit(self.ticket_id)
            self.hide()


class WindowNotifications(QObject):
    """Ties a poller to the main window: banner, tray message, live tab counts."""

    def __init__(self, window: Any, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.center = NotificationCenter(window.console, self, interval_ms, closing=lambda: window._closing)
        self.banner = NotificationBanner()
        self.banner.open_ticket.connect(window.open_ticket)
        self.tray: QSystemTrayIcon | None = None
        self.last_tray_text = ""
        self.center.arrived.connect(self._arrived)
        self.center.failed.connect(lambda exc: window.statusBar().showMessage(
            self.tr("Looking for changes failed: {error}").format(error=exc), 10_000))

    def _tray(self) -> QSystemTrayIcon | None:
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.window.windowIcon(), self)
            self.tray.setToolTip(self.tr("War Room"))
            self.tray.messageClicked.connect(self._raise_window)
            self.tray.show()
        return self.tray

    def _raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _arrived(self, changes: Changes, new: list[Notification]) -> None:
        w = self.window
        desk_stale = w.desk is not None and changes.desk_count != len(w.desk.drafts)
        if desk_stale or changes.outbox_count != len(w.outbox.rows):
            w.refresh_gate()
        if not new:
            return
        text = self.banner.show_events(new)
        tray = self._tray()
        if tray is not None:
            self.last_tray_text = text
            tray.showMessage(self.tr("War Room"), text, QSystemTrayIcon.MessageIcon.Information, TRAY_MS)
        dashboard = getattr(w, "dashboard", None)
        if dashboard is not None and w.tabs.currentWidget() is dashboard:
            dashboard.refresh()


def start_notifications(window: Any, interval_ms: int = POLL_MS) -> WindowNotifications:
    """The main window's hook: the banner under the window's banners, the 15-second poll."""
    notes = WindowNotifications(window, interval_ms)
    layout = window.centralWidget().layout()
    layout.insertWidget(layout.indexOf(window.tabs), notes.banner)
    notes.center.start()
    return notes
