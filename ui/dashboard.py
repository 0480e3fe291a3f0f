"""The dashboard tab ("Dashb&oard"): late-response rate, clocks due soon, A-to-z deadlines, held
messages, backlog by category and by day.  Every number and bar opens the queue narrowed to the
tickets behind it (:class:`warroom.services.queue.QueueFocus`).

The figures are read in a worker (:mod:`ui.workers`); the tab reloads when it is shown, every
minute while it is on screen, on its Refresh button, and when a notification arrives.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.services import dashboard as dashboard_service
from warroom.services.dashboard import Bucket, Dashboard, ResponseRate
from warroom.services.queue import QueueFocus

from ui.charts import Bar, BarChart
from ui.context import Console
from ui.queue_model import time_left_text
from ui.workers import Job

#: while the tab is on screen its figures are read again this often (clocks move on their own)
REFRESH_MS = 60_000
TILE_STYLE = ("QPushButton[tile=\"true\"] { text-align: left; padding: 6px 10px; min-height: 64px; }"
              "QPushButton[alert=\"true\"] { border: 2px solid #c62828; }")


class Tile(QPushButton):
    """A big number with its caption; clicking it opens the tickets behind it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("tile", True)
        self.value = QLabel()
        self.value.setObjectName(name + "Value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        for label in (self.value, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextFormat(Qt.TextFormat.PlainText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 4, 10, 4)
        lay.setSpacing(0)
        lay.addWidget(self.value)
        lay.addWidget(self.caption)

    def show_figure(self, value: str, caption: str, tooltip: str, alert: bool = False) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{value} {caption}")
        self.value.setStyleSheet("color: #c62828;" if alert else "")
        self.setProperty("alert", alert)
        self.style().unpolish(self)
        self.style().polish(self)


def tickets_text(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate("DashboardWidget", "1 ticket")
    return QCoreApplication.translate("DashboardWidget", "{n} tickets").format(n=f"{n:,}")


class DashboardWidget(QWidget):
    """The tab.  ``open_queue(focus, label)``: show the queue narrowed; ``open_ticket(id)``."""

    open_queue = Signal(object, str)
    open_ticket = Signal(int)
    error = Signal(object, str)

    def __init__(self, console: Console, parent: QWidget | None = None,
                 closing: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.console = console
        self.result: Dashboard | None = None
        self.job: Job | None = None
        self.closing = closing          # the window is closing: start nothing, show nothing late
        self.setStyleSheet(TILE_STYLE)

        self.rate_tiles: dict[int, Tile] = {}
        tiles = QHBoxLayout()
        for days in dashboard_service.RATE_WINDOWS_DAYS:
            tile = Tile(f"lateRate{days}")
            tile.clicked.connect(lambda _c=False, d=days: self.open_late(d))
            self.rate_tiles[days] = tile
            tiles.addWidget(tile, 1)
        self.due_soon_tile = Tile("dueSoonTile")
        self.past_due_tile = Tile("pastDueTile")
        self.atoz_tile = Tile("atozTile")
        self.held_tile = Tile("heldTile")
        for tile in (self.due_soon_tile, self.past_due_tile, self.atoz_tile, self.held_tile):
            tiles.addWidget(tile, 1)
        self.due_soon_tile.clicked.connect(lambda: self._open_bucket(self.result.due_soon if self.result else None,
                                                                     self.tr("Tickets due within 4 hours")))
        self.past_due_tile.clicked.connect(lambda: self._open_bucket(self.result.past_due if self.result else None,
                                                                     self.tr("Past due, not answered yet")))
        self.held_tile.clicked.connect(lambda: self._open_bucket(self.result.held if self.result else None,
                                                                 self.tr("Tickets with a message held by the "
                                                                         "suspension")))
        self.atoz_tile.clicked.connect(self._open_atoz)

        self.category_chart = BarChart(self.tr("Backlog by category (waiting for an answer)"), horizontal=True)
        self.category_chart.setObjectName("backlogByCategory")
        self.day_chart = BarChart(self.tr("Backlog by the day its answer is due (UTC)"))
        self.day_chart.setObjectName("backlogByDay")
        for chart in (self.category_chart, self.day_chart):
            chart.empty_text = self.tr("No backlog: every ticket is answered.")
        self.category_chart.bar_clicked.connect(self._open_category)
        self.day_chart.bar_clicked.connect(self._open_day)

        self.atoz_table = QTableWidget(0, 3, objectName="atozTable")
        self.atoz_table.setHorizontalHeaderLabels([self.tr("Ticket"), self.tr("Information due"), self.tr("Time left")])
        self.atoz_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.atoz_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.atoz_table.verticalHeader().hide()
        self.atoz_table.setWordWrap(False)
        # sized once after each fill: ResizeToContents would measure every row at every setItem
        header = self.atoz_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.atoz_table.doubleClicked.connect(self._atoz_row_opened)
        atoz_box = QVBoxLayout()
        atoz_title = QLabel(self.tr("A-to-z information deadlines"))
        bold = atoz_title.font()
        bold.setBold(True)
        atoz_title.setFont(bold)
        atoz_box.addWidget(atoz_title)
        atoz_box.addWidget(self.atoz_table, 1)

        grid = QGridLayout()
        grid.addWidget(self.category_chart, 0, 0)
        grid.addWidget(self.day_chart, 0, 1)
        grid.addLayout(atoz_box, 0, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 3)

        self.updated_label = QLabel(objectName="dashboardUpdated")
        self.updated_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="dashboardRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        note = QLabel(self.tr("Late: a buyer message through Amazon answered 24 hours or more after it arrived "
                              "(weekends included), or still unanswered after 24 hours; \"no response needed\" "
                              "leaves the count. Amazon's target: at most 10 % late. Click a number or a bar "
                              "to open its tickets."))
        note.setWordWrap(True)
        note.setObjectName("dashboardNote")
        foot = QHBoxLayout()
        foot.addWidget(note, 1)
        foot.addWidget(self.updated_label)
        foot.addWidget(self.refresh_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(tiles)
        lay.addLayout(grid, 1)
        lay.addLayout(foot)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        self.timer.start()

    # ------------------------------------------------------------ loading

    def refresh(self) -> Job | None:
        """Read the figures in a worker; they are shown when it is done."""
        if self.closing():
            return None
        if self.job is not None and not self.job.finished:
            return self.job
        db = self.console.db
        job = Job(lambda _progress: dashboard_service.dashboard(db), "dashboard")
        self.job = job
        self.updated_label.setText(self.tr("Updating…"))
        self.console.runner.start(job, self._loaded, self._failed)
        return job

    def _loaded(self, result: Dashboard) -> None:
        if not self.closing():
            self.show_dashboard(result)

    def _failed(self, exc: BaseException) -> None:
        if not self.closing():
            self.updated_label.setText(self.tr("Not updated"))
            self.error.emit(exc, self.tr("Loading the dashboard"))

    def show_dashboard(self, d: Dashboard) -> None:
        self.result = d
        for rate in d.response_rates:
            self._show_rate(rate)
        n = d.due_soon.count
        self.due_soon_tile.show_figure(f"{n:,}", self.tr("due within 4 hours"),
                                       self.tr("Tickets whose 24-hour clock runs out within 4 hours"), n > 0)
        n = d.past_due.count
        self.past_due_tile.show_figure(f"{n:,}", self.tr("past due"),
                                       self.tr("Tickets whose clock ran out and that are not answered yet"), n > 0)
        missed = sum(1 for a in d.atoz if a.missed)
        soon = sum(1 for a in d.atoz if not a.missed and a.due_at - d.now <= timedelta(hours=24))
        self.atoz_tile.show_figure(f"{len(d.atoz):,}", self.tr("A-to-z deadlines"),
                                   self.tr("{missed} missed, {soon} due within 24 hours").format(missed=missed,
                                                                                                  soon=soon),
                                   bool(missed or soon))
        n = d.held.count
        self.held_tile.show_figure(f"{n:,}", self.tr("held messages"),
                                   self.tr("Approved replies held until the suspension is lifted"))
        self.category_chart.set_bars([
            Bar(b.key, b.count, b, tickets_text(b.count)) for b in d.backlog_by_category])
        today = d.now.date()
        self.day_chart.set_bars([self._day_bar(b, today) for b in d.backlog_by_day])
        self._show_atoz(d)
        self.updated_label.setText(self.tr("Updated {time}").format(time=clock.local_text(d.now)))

    def _show_rate(self, rate: ResponseRate) -> None:
        tile = self.rate_tiles[rate.days]
        value = "—" if rate.rate is None else f"{rate.rate * 100:.1f} %"
        caption = self.tr("late, last {days} days").format(days=rate.days)
        tip = self.tr("{late} of {counted} buyer messages late; {pending} still inside their 24 hours; "
                      "{excluded} marked \"no response needed\". Target: at most 10 % late.").format(
            late=f"{rate.late:,}", counted=f"{rate.counted:,}", pending=f"{rate.pending:,}",
            excluded=f"{rate.excluded:,}")
        tile.show_figure(value, caption, tip, not rate.meets_target)

    def _day_bar(self, b: Bucket, today: date) -> Bar:
        if b.key == "older":
            return Bar(self.tr("older"), b.count, b, tickets_text(b.count), alert=True)
        day = date.fromisoformat(b.key)
        label = self.tr("today") if day == today else day.strftime("%m-%d")
        return Bar(label, b.count, b, f"{b.key}: {tickets_text(b.count)}", alert=day < today)

    def _show_atoz(self, d: Dashboard) -> None:
        self.atoz_table.setUpdatesEnabled(False)
        self.atoz_table.setRowCount(0)
        self.atoz_table.setRowCount(len(d.atoz))
        for r, a in enumerate(d.atoz):
            left = (a.due_at - d.now).total_seconds()
            values = [f"#{a.ticket_id}", clock.local_text(a.due_at),
                      self.tr("missed") if a.missed else time_left_text(left)]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, a.ticket_id)
                if a.missed or left < 24 * 3600:
                    item.setForeground(Qt.GlobalColor.red)
                self.atoz_table.setItem(r, c, item)
        for column in (0, 2):
            self.atoz_table.resizeColumnToContents(column)
        self.atoz_table.setUpdatesEnabled(True)

    # ------------------------------------------------------------ opening the tickets behind a number

    def _open_bucket(self, bucket: Bucket | None, label: str) -> None:
        if bucket is not None:
            self.open_queue.emit(bucket.focus, label)

    def open_late(self, days: int) -> None:
        try:
            ids = dashboard_service.late_ticket_ids(self.console.db, days)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Finding the tickets answered late"))
            return
        self.open_queue.emit(QueueFocus(ticket_ids=ids, closed_too=True),
                             self.tr("Tickets with a message answered late in the last {days} days").format(days=days))

    def _open_atoz(self) -> None:
        if self.result is not None:
            self.open_queue.emit(self.result.atoz_focus, self.tr("A-to-z claims with an information deadline"))

    def _open_category(self, bucket: Bucket) -> None:
        self.open_queue.emit(bucket.focus, self.tr("Backlog: {category}").format(category=bucket.key))

    def _open_day(self, bucket: Bucket) -> None:
        if bucket.key == "older":
            label = self.tr("Backlog due before the days shown")
        else:
            label = self.tr("Backlog due on {day} (UTC)").format(day=bucket.key)
        self.open_queue.emit(bucket.focus, label)

    def _atoz_row_opened(self, index: Any) -> None:
        item = self.atoz_table.item(index.row(), 0)
        if item is not None:
            self.open_ticket.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def add_dashboard_tab(window: Any) -> DashboardWidget:
    """The main window's hook: the tab, its signals, a reload when it is shown."""
    widget = DashboardWidget(window.console, closing=lambda: window._closing)
    window.tabs.addTab(widget, QCoreApplication.translate("DashboardWidget", "Dashb&oard"))

    def open_queue(focus: QueueFocus, label: str) -> None:
        window.queue.set_focus(focus, label)
        window.tabs.setCurrentWidget(window.queue)

    widget.open_queue.connect(open_queue)
    widget.open_ticket.connect(window.open_ticket)
    widget.error.connect(window.show_error)
    window.tabs.currentChanged.connect(lambda _i: widget.refresh() if window.tabs.currentWidget() is widget else None)
    return widget
