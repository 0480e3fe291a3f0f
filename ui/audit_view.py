"""View › Audit log: a lazy, filterable view of the audit entries (compliance and admin).

Filters: actor, action (exact, or a prefix with ``*``), entity (one or more, comma-separated)
and a time range.  Pages of entries come from warroom.services.audit_query in a worker, keyed
by sequence number (never OFFSET): the table asks for the next page when it is scrolled to the
end.  The selected entry's whole document is shown as indented JSON beside the table.  The top
line says how far the chain was verified (the window's last "Verify audit chain" result and its
checkpoint check), and each row says whether it lies inside that verified part.  Ticket › "Audit
entries for this ticket" opens the view on the ticket's entity and its drafts'."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFontDatabase, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow, QMenu,
    QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.errors import Cancelled
from warroom.services import audit_query
from warroom.services.audit_query import AuditFilter, AuditPage, AuditRow

from ui.context import Console
from ui.workers import Job

CONTEXT = "AuditView"
PAGE = 200
VERIFICATION_POLL_MS = 1_000
COL_SEQ, COL_AT, COL_ACTOR, COL_ACTION, COL_ENTITY, COL_STATE = range(6)
#: (chain verification result as the window keeps it, or None; the checkpoint status line)
Verification = Callable[[], tuple[dict[str, Any] | None, str]]
ModelIndex = QModelIndex | QPersistentModelIndex


def row_state(seq: int, chain: dict[str, Any] | None) -> str:
    """Whether an entry lies in the verified part of the chain."""
    if chain is None:
        return QCoreApplication.translate("AuditView", "not verified yet")
    bad = chain.get("first_bad_seq")
    if not chain.get("ok") and bad is not None and seq >= int(bad):
        return QCoreApplication.translate("AuditView", "BROKEN") if seq == int(bad) else QCoreApplication.translate("AuditView", "after the break")
    if seq <= int(chain.get("count") or 0):
        return QCoreApplication.translate("AuditView", "verified")
    return QCoreApplication.translate("AuditView", "newer than the last check")


class AuditModel(QAbstractTableModel):
    """Rows appended page by page; a new filter starts again from the newest entry."""

    loading_changed = Signal(bool)
    failed = Signal(object)

    def __init__(self, console: Console, parent: Any = None) -> None:
        super().__init__(parent)
        self.console = console
        self.rows: list[AuditRow] = []
        self.filter = AuditFilter()
        self.before: int | None = None
        self.exhausted = False
        self.job: Job | None = None
        self.generation = 0
        self.chain: dict[str, Any] | None = None
        self.headers = [QCoreApplication.translate("AuditView", "#"), QCoreApplication.translate("AuditView", "Time"), QCoreApplication.translate("AuditView", "Actor"), QCoreApplication.translate("AuditView", "Action"), QCoreApplication.translate("AuditView", "Entity"), QCoreApplication.translate("AuditView", "Verification")]

    # --- Qt model
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if row.problem and col in (COL_ACTOR, COL_ACTION, COL_ENTITY):
                return QCoreApplication.translate("AuditView", "(unreadable entry)") if col == COL_ACTION else ""
            when = row.when
            return [str(row.seq), clock.local_text(when) if when else row.at, row.actor, row.action, row.entity,
                    row_state(row.seq, self.chain)][col]
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATE:
            state = row_state(row.seq, self.chain)
            if state in (QCoreApplication.translate("AuditView", "BROKEN"), QCoreApplication.translate("AuditView", "after the break")):
                return QBrush(QColor("#b71c1c"))
            return QBrush(QColor("#1b5e20" if state == QCoreApplication.translate("AuditView", "verified") else "#8d6e00"))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_AT:
            return row.at
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self.exhausted and self.job is None

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self.load_page()

    # --- loading
    @property
    def loading(self) -> bool:
        return self.job is not None

    def set_filter(self, f: AuditFilter) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None
        self.generation += 1
        self.beginResetModel()
        self.rows = []
        self.filter = f
        self.before = None
        self.exhausted = False
        self.endResetModel()
        self.load_page()

    def set_chain(self, chain: dict[str, Any] | None) -> None:
        if chain == self.chain:
            return
        self.chain = chain
        if self.rows:
            self.dataChanged.emit(self.index(0, COL_STATE), self.index(len(self.rows) - 1, COL_STATE))

    def load_page(self) -> Job | None:
        if self.job is not None or self.exhausted:
            return self.job
        db, actor, f, before, generation = self.console.db, self.console.actor, self.filter, self.before, self.generation
        job = Job(lambda progress: audit_query.query_entries(db, actor, f, before=before, limit=PAGE,
                                                             progress=progress), "audit-page")
        self.job = job
        self.loading_changed.emit(True)
        self.console.runner.start(job, lambda page: self._page(generation, page),
                                  lambda exc: self._failed(generation, exc))
        return job

    def _page(self, generation: int, page: AuditPage) -> None:
        if generation != self.generation:
            return
        self.job = None
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.before = page.before
        self.exhausted = page.before is None
        self.loading_changed.emit(False)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self.generation:
            return
        self.job = None
        self.exhausted = True
        self.loading_changed.emit(False)
        if not isinstance(exc, Cancelled):
            self.failed.emit(exc)


class AuditView(QWidget):
    error = Signal(object, str)

    def __init__(self, console: Console, verification: Verification | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.console = console
        self.verification = verification
        self.model = AuditModel(console, self)

        self.state_label = QLabel(objectName="auditVerification")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setWordWrap(True)
        self.actor = QLineEdit(objectName="auditActor")
        self.actor.setPlaceholderText(self.tr("actor, e.g. carol"))
        self.action = QLineEdit(objectName="auditAction")
        self.action.setPlaceholderText(self.tr("action, e.g. draft.approve or draft.*"))
        self.entity = QLineEdit(objectName="auditEntity")
        self.entity.setPlaceholderText(self.tr("entity, e.g. ticket:42, draft:7"))
        self.period = QComboBox(objectName="auditPeriod")
        for text, hours in ((self.tr("Any time"), 0), (self.tr("Last hour"), 1), (self.tr("Last 24 hours"), 24),
                            (self.tr("Last 7 days"), 24 * 7), (self.tr("Last 30 days"), 24 * 30),
                            (self.tr("Between…"), -1)):
            self.period.addItem(text, hours)
        self.since = QLineEdit(objectName="auditSince")
        self.since.setPlaceholderText(self.tr("from, e.g. 2026-12-01"))
        self.until = QLineEdit(objectName="auditUntil")
        self.until.setPlaceholderText(self.tr("to, e.g. 2026-12-02T18:00:00Z"))
        self.period.currentIndexChanged.connect(self._period_changed)
        self.apply_button = QPushButton(self.tr("&Filter"), objectName="auditApply")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply_filters)
        self.clear_button = QPushButton(self.tr("Clear"), objectName="auditClear")
        self.clear_button.clicked.connect(self.clear_filters)
        for field in (self.actor, self.action, self.entity, self.since, self.until):
            field.returnPressed.connect(self.apply_filters)
        bar = QHBoxLayout()
        bar.addWidget(self.actor, 2)
        bar.addWidget(self.action, 3)
        bar.addWidget(self.entity, 3)
        bar.addWidget(self.period, 2)
        bar.addWidget(self.since, 2)
        bar.addWidget(self.until, 2)
        bar.addWidget(self.apply_button)
        bar.addWidget(self.clear_button)

        self.table = QTableView(objectName="auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in ((COL_SEQ, 64), (COL_AT, 150), (COL_ACTOR, 100), (COL_ACTION, 150), (COL_ENTITY, 160)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_entry(cur.row()))
        self.detail = QPlainTextEdit(objectName="auditEntryDetail")
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setPlaceholderText(self.tr("Select an entry to read it whole."))
        split = QSplitter(Qt.Orientation.Horizontal, objectName="auditSplit")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.count_label = QLabel(objectName="auditCount")
        self.more_button = QPushButton(self.tr("Load &more"), objectName="auditMore")
        self.more_button.clicked.connect(self.model.load_page)
        foot = QHBoxLayout()
        foot.addWidget(self.count_label, 1)
        foot.addWidget(self.more_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.state_label)
        lay.addLayout(bar)
        lay.addWidget(split, 1)
        lay.addLayout(foot)
        self.model.loading_changed.connect(lambda _l: self._update_count())
        self.model.rowsInserted.connect(lambda *_a: self._first_selection())
        self.model.failed.connect(lambda exc: self.error.emit(exc, self.tr("Reading the audit log")))
        self._period_changed()
        # the window's verification result and checkpoint line, re-read while the view shows
        self._state_timer = QTimer(self, interval=VERIFICATION_POLL_MS)
        self._state_timer.timeout.connect(self.refresh_verification)
        self.refresh_verification()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        self.refresh_verification()          # a verification may have finished since
        self._state_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        self._state_timer.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------ filters

    def current_filter(self) -> AuditFilter:
        """The filter the fields describe (raises BadInput naming the field of a bad time)."""
        entities = tuple(e.strip() for e in self.entity.text().split(",") if e.strip())
        hours = int(self.period.currentData())
        since = until = None
        if hours > 0:
            since = clock.now() - timedelta(hours=hours)
        elif hours < 0:
            since = audit_query.parse_time(self.since.text(), "since")
            until = audit_query.parse_time(self.until.text(), "until")
        return AuditFilter(actor=self.actor.text().strip() or None, action=self.action.text().strip() or None,
                           entities=entities, since=since, until=until)

    def apply_filters(self) -> bool:
        try:
            f = self.current_filter()
        except Exception as exc:  # noqa: BLE001 - a bad time: said beside the fields
            field = getattr(exc, "field", None)
            self.count_label.setText(self.tr("Not a time: use 2026-12-01 or 2026-12-01T10:00:00Z."))
            self.count_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
            (self.until if field == "until" else self.since).setFocus()
            return False
        self.count_label.setStyleSheet("")
        self.detail.clear()
        self.model.set_filter(f)
        self._update_count()
        return True

    def clear_filters(self) -> None:
        for field in (self.actor, self.action, self.entity, self.since, self.until):
            field.clear()
        self.period.setCurrentIndex(0)
        self.apply_filters()

    def show_entities(self, entities: tuple[str, ...]) -> None:
        """Only these entities, any time, any actor (a ticket's link)."""
        self.actor.clear()
        self.action.clear()
        self.period.setCurrentIndex(0)
        self.entity.setText(", ".join(entities))
        self.apply_filters()

    def _period_changed(self) -> None:
        between = int(self.period.currentData()) < 0
        self.since.setVisible(between)
        self.until.setVisible(between)

    # ------------------------------------------------------------ showing

    def refresh_verification(self) -> None:
        chain, checkpoint = self.verification() if self.verification else (None, "")
        self.model.set_chain(chain)
        if chain is None:
            text = self.tr("Audit chain not verified in this session (File › Verify audit chain).")
            style = "color: #8d6e00;"
        elif chain.get("ok"):
            text = self.tr("Audit chain verified: entries 1 to {n}.").format(n=f"{int(chain.get('count') or 0):,}")
            style = "color: #1b5e20; font-weight: bold;"
        else:
            text = self.tr("Audit chain BROKEN at entry {seq}: {reason}").format(
                seq=chain.get("first_bad_seq"), reason=chain.get("reason") or "")
            style = "color: #b71c1c; font-weight: bold;"
        if checkpoint:
            text += "  " + self.tr("Checkpoints: {status}").format(status=checkpoint)
        self.state_label.setText(text)
        self.state_label.setStyleSheet(style)

    def _update_count(self) -> None:
        n = len(self.model.rows)
        text = self.tr("1 entry shown") if n == 1 else self.tr("{n} entries shown").format(n=f"{n:,}")
        if self.model.loading:
            text += " — " + self.tr("searching…")
        elif self.model.exhausted:
            text += " — " + self.tr("all matching entries")
        self.count_label.setText(text)
        self.detail.setPlaceholderText(self.tr("No entry matches these filters.") if self.model.exhausted and not n
                                       else self.tr("Select an entry to read it whole."))
        self.more_button.setEnabled(not self.model.loading and not self.model.exhausted)

    def _first_selection(self) -> None:
        if not self.table.selectionModel().hasSelection() and self.model.rows:
            self.table.selectRow(0)

    def _show_entry(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.detail.setPlainText(self.model.rows[row].document_text())
        else:
            self.detail.clear()


# ------------------------------------------------------------ the window's hooks

def can_read(console: Console) -> bool:
    return console.can(Permission.READ_AUDIT)


def _verification(window: Any) -> Verification:
    def read() -> tuple[dict[str, Any] | None, str]:
        label = getattr(window, "checkpoint_label", None)
        return getattr(window, "chain", None), label.text() if label is not None else ""
    return read


def open_audit_log(window: Any, entities: tuple[str, ...] | None = None) -> AuditView | None:
    """The audit log as a tab of the main window (made on first use), optionally on ``entities``."""
    console: Console = window.console
    if not can_read(console):
        return None
    view = window.findChild(AuditView, "auditView")
    if view is None:
        view = AuditView(console, _verification(window))
        view.error.connect(window.show_error)
        window.tabs.addTab(view, QCoreApplication.translate("AuditView", "Audit &log"))
        if entities is None:
            view.apply_filters()
    view.refresh_verification()
    if entities is not None:
        view.show_entities(entities)
    window.tabs.setCurrentWidget(view)
    return view


def open_ticket_entries(window: Any) -> AuditView | None:
    """Ticket › Audit entries for this ticket: the open (or selected) ticket and its drafts."""
    ticket_id = window._target_ticket()
    if ticket_id is None:
        window.statusBar().showMessage(QCoreApplication.translate("AuditView", "Select a ticket first."), 4000)
        return None
    try:
        entities = audit_query.ticket_entities(window.console.db, window.console.actor, ticket_id)
    except Exception as exc:  # noqa: BLE001
        window.show_error(exc, QCoreApplication.translate("AuditView", "Reading the ticket's audit entries"))
        return None
    return open_audit_log(window, entities)


def add_audit_actions(window: QMainWindow, ticket_menu: QMenu) -> None:
    """View › Audit log (Ctrl+Shift+L) and Ticket › Audit entries for this ticket; both only
    enabled for roles that may read the audit log."""
    allowed = can_read(window.console)  # type: ignore[attr-defined]
    view_menu = window.findChild(QMenu, "viewMenu")         # one View menu, whoever adds to it first
    if view_menu is None:
        view_menu = window.menuBar().addMenu(QCoreApplication.translate("AuditView", "&View"))
        view_menu.setObjectName("viewMenu")
    for menu, text, slot, shortcut, name in (
            (view_menu, QCoreApplication.translate("AuditView", "Audit &log"), lambda: open_audit_log(window),
             "Ctrl+Shift+L", "auditLogAction"),
            (ticket_menu, QCoreApplication.translate("AuditView", "Audit &entries for this ticket"),
             lambda: open_ticket_entries(window), None, "ticketAuditAction")):
        action = QAction(text, window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, s=slot: s())
        action.setEnabled(allowed)
        menu.addAction(action)
        window.addAction(action)
    if not allowed and not any(a.isEnabled() and a.isVisible() for a in view_menu.actions()):
        view_menu.menuAction().setVisible(False)              # nothing in it for this role
