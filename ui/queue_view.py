"""The agent's home: the queue table, its filters and its search box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QToolButton,
    QVBoxLayout, QWidget,
)

from warroom.domain import tickets as T
from warroom.services import queue as queue_service
from warroom.services.tickets import SEARCH_LIMIT

from ui import wording
from ui.context import Console
from ui.queue_model import COL_SUBJECT, COLUMNS, QueueModel, QueueQuery, channel_name, status_name

ANY = "(any)"
SEARCH_DELAY_MS = 250



class QueueTable(QTableView):
    """Enter opens the current ticket; J/K move (as Ctrl+Down/Up do everywhere in the window)."""

    open_requested = Signal(int)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            row = self.currentIndex().row()
            tid = self.model().ticket_id(row) if row >= 0 else None
            if tid is not None:
                self.open_requested.emit(tid)
            return
        if key == Qt.Key.Key_J and not event.modifiers():
            self.parent().move(1)  # type: ignore[union-attr]
            return
        if key == Qt.Key.Key_K and not event.modifiers():
            self.parent().move(-1)  # type: ignore[union-attr]
            return
        super().keyPressEvent(event)


class QueueWidget(QWidget):
    """Filters (tag, status, channel, search) over a lazily paged table."""

    open_ticket = Signal(int)
    error = Signal(object)

    def __init__(self, console: Console, page_size: int = queue_service.DEFAULT_LIMIT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        db = console.db
        self.model = QueueModel(lambda **kw: queue_service.queue_page(db, **kw), page_size=page_size, parent=self)
        self.model.failed.connect(self.error)
        self.model.reset_done.connect(self._update_count)

        self.tag_box = QComboBox(objectName="tagFilter")
        self.status_box = QComboBox(objectName="statusFilter")
        self.channel_box = QComboBox(objectName="channelFilter")
        for box in (self.tag_box, self.status_box, self.channel_box):
            # wide enough for the longest entry ("ESCALATED", "PRODUCT-QUESTION"), never cut short
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMinimumContentsLength(8)
        self.tag_box.addItem(self.tr("(any)"), ANY)
        self.status_box.addItem(self.tr("(not closed)"), None)
        for status in T.STATUSES:
            self.status_box.addItem(status_name(status), status)
        self.channel_box.addItem(self.tr("(any)"), ANY)
        for channel in T.CHANNELS:
            self.channel_box.addItem(channel_name(channel), channel)
        self.search = QLineEdit(objectName="searchBox")
        self.search.setPlaceholderText(self.tr("Search messages (any language, e.g. refund, Rückgabe, 返品)…"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(objectName="queueCount")
        # a dashboard number opened here: what it stands for, and a button back to the whole queue
        self.focus: queue_service.QueueFocus | None = None
        self.focus_label = QLabel(objectName="queueFocus")
        self.focus_label.setTextFormat(Qt.TextFormat.PlainText)
        self.focus_label.setStyleSheet("QLabel#queueFocus { background: #fff3cd; color: #4e3b00; padding: 2px 8px; }")
        self.focus_clear = QToolButton(objectName="queueFocusClear")
        self.focus_clear.setText(self.tr("Show the whole queue"))
        self.focus_clear.clicked.connect(self.clear_focus)
        self.mine_box = QCheckBox(self.tr("M&y tickets"), objectName="myTicketsFilter")
        self.mine_box.setToolTip(self.tr("Only the tickets assigned to you"))

        bar = QHBoxLayout()
        for label, box in ((self.tr("Ta&g:"), self.tag_box), (self.tr("Stat&us:"), self.status_box),
                           (self.tr("C&hannel:"), self.channel_box)):
            caption = QLabel(label)
            caption.setBuddy(box)
            bar.addWidget(caption)
            bar.addWidget(box)
        bar.addWidget(self.mine_box)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)

        self.table = QueueTable(self)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((60, 80, 70, 160, 130, 220, 0, 75, 90, 80)):
            if width:
                header.resizeSection(col, width)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.table.doubleClicked.connect(self._open_index)
        self.table.open_requested.connect(self.open_ticket)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        focus_bar = QHBoxLayout()
        focus_bar.addWidget(self.focus_label, 1)
        focus_bar.addWidget(self.focus_clear)
        layout.addLayout(focus_bar)
        self.focus_label.hide()
        self.focus_clear.hide()
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        for box in (self.tag_box, self.status_box, self.channel_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.mine_box.toggled.connect(lambda _on: self.apply_filters())
        self._last_sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._sort_before_search: tuple[int, Qt.SortOrder] | None = None

        for keys, step in (("Ctrl+Down", 1), ("Ctrl+Up", -1)):
            shortcut = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.move(s))

    # ------------------------------------------------------------ filters and sorting

    def load_tags(self) -> None:
        current = self.tag_box.currentData()
        try:
            tags = queue_service.queue_tags(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc)
            return
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem(self.tr("(any)"), ANY)
        for tag in tags:
            self.tag_box.addItem(tag, tag)
        if current and self.tag_box.findData(current) >= 0:
            self.tag_box.setCurrentIndex(self.tag_box.findData(current))
        self.tag_box.blockSignals(False)

    def current_query(self) -> QueueQuery:
        tag = self.tag_box.currentData()
        status = self.status_box.currentData()
        channel = self.channel_box.currentData()
        search = self.search.text().strip() or None
        q = self.model.query
        return QueueQuery(sort=q.sort, descending=q.descending, tag=None if tag in (ANY, None) else str(tag),
                          status=status if status in T.STATUSES else None,
                          channel=None if channel in (ANY, None) else str(channel), search=search, focus=self.focus,
                          assignee=self.console.actor.name if self.mine_box.isChecked() else None)

    def set_focus(self, focus: queue_service.QueueFocus, label: str) -> None:
        """Show only the tickets behind a dashboard number (on top of the filters)."""
        self.focus = focus
        self.focus_label.setText(label)
        self.focus_label.show()
        self.focus_clear.show()
        self.apply_filters()

    def clear_focus(self) -> None:
        self.focus = None
        self.focus_label.hide()
        self.focus_clear.hide()
        self.apply_filters()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        # A search shows the newest matches first (ranking a common word is slow);
        # a header click during the search still sorts as asked.
        if query.search and not self.model.query.search:
            self._sort_before_search = self._last_sort
            query = QueueQuery(**{**query.as_kwargs(), "sort": "newest", "descending": True})
            self._show_indicator(-1, Qt.SortOrder.DescendingOrder)
        elif not query.search and self.model.query.search and self._sort_before_search is not None:
            column, order = self._sort_before_search
            self._sort_before_search = None
            query = QueueQuery(**{**query.as_kwargs(), "sort": COLUMNS[column][1] or "priority",
                                  "descending": order == Qt.SortOrder.DescendingOrder})
            self._show_indicator(column, order)
        self.model.set_query(query)
        self._select_first()

    def _show_indicator(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column][1] is None:   # not sortable: put the indicator back
            self._show_indicator(*self._last_sort)
            return
        self._last_sort = (column, order)
        self.model.sort(column, order)
        self._select_first()

    def _update_count(self) -> None:
        q = self.model.query
        try:
            n = queue_service.queue_count(self.console.db, tag=q.tag, status=q.status, channel=q.channel,
                                          search=q.search, focus=q.focus, assignee=q.assignee)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc)
            return
        suffix = (" " + self.tr("(newest {n} matching messages)").format(n=f"{SEARCH_LIMIT:,}")) if q.search else ""
        self.count_label.setText(wording.tickets(n) + suffix)

    # ------------------------------------------------------------ navigation

    def _select_first(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def move(self, step: int) -> int | None:
        """Next (+1) or previous (-1) ticket; fetches the next page at the end.  Returns the id."""
        row = self.table.currentIndex().row()
        target = 0 if row < 0 else row + step
        if target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        if 0 <= target < self.model.rowCount():
            self.select_row(target)
            return self.model.ticket_id(target)
        return None

    def current_ticket_id(self) -> int | None:
        row = self.table.currentIndex().row()
        return self.model.ticket_id(row) if row >= 0 else None

    def _open_index(self, index: QModelIndex) -> None:
        tid = self.model.ticket_id(index.row())
        if tid is not None:
            self.open_ticket.emit(tid)

    # ------------------------------------------------------------ settings

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("queue/tag", self.tag_box.currentData() or "")
        settings.setValue("queue/status", self.status_box.currentData() or "")
        settings.setValue("queue/channel", self.channel_box.currentData() or "")
        settings.setValue("queue/search", self.search.text())
        settings.setValue("queue/mine", self.mine_box.isChecked())
        settings.setValue("queue/sort_column", self._last_sort[0])
        settings.setValue("queue/sort_descending", self._last_sort[1] == Qt.SortOrder.DescendingOrder)
        settings.setValue("queue/header", self.table.horizontalHeader().saveState())

    def restore_settings(self, settings: QSettings) -> None:
        """Restore filters and sort (without querying: call :meth:`apply_filters` after)."""
        header_state = settings.value("queue/header")
        if header_state is not None:
            self.table.horizontalHeader().restoreState(header_state)
        for key, box in (("tag", self.tag_box), ("status", self.status_box), ("channel", self.channel_box)):
            value = settings.value(f"queue/{key}")
            if value and str(value) not in (ANY, "(not closed)"):
                box.blockSignals(True)
                if box.findData(str(value)) < 0 and box is self.tag_box:
                    box.addItem(str(value), str(value))
                if box.findData(str(value)) >= 0:
                    box.setCurrentIndex(box.findData(str(value)))
                box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(str(settings.value("queue/search") or ""))
        self.search.blockSignals(False)
        self.mine_box.blockSignals(True)
        self.mine_box.setChecked(str(settings.value("queue/mine")).lower() == "true")
        self.mine_box.blockSignals(False)
        column = int(settings.value("queue/sort_column") or 0)
        descending = str(settings.value("queue/sort_descending")).lower() == "true"
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            column = 0
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self._last_sort = (column, order)
        self._show_indicator(column, order)
        q = self.model.query
        self.model.query = QueueQuery(sort=COLUMNS[column][1] or "priority", descending=descending,
                                      tag=q.tag, status=q.status, channel=q.channel, search=q.search,
                                      assignee=q.assignee)
