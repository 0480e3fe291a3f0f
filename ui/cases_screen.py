"""The Seller Support case log tab: today's count against the daily limit in large type, the
log itself, and the dialogs that open, answer, close and reopen a case.

Opening a case shows today's count first; at the limit, "Open case" asks for an explicit
confirmation with a reason (:class:`OverLimitDialog`), which the audit entry records.  Ticking
"urgent" when the day already has its share of urgent cases shows a warning.  Every dialog is
window-modal and opened with ``open()`` (never blocks the event loop); errors show through
:mod:`ui.errors`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.cases import CaseChannel, CaseOutcome
from warroom.domain.roles import Permission
from warroom.errors import WarroomError
from warroom.services import cases as case_service
from warroom.services.cases import CaseDay, CaseView

from ui.context import Console
from ui.errors import show_error

RED = "#c62828"
AMBER = "#8a5a00"


def channel_name(channel: CaseChannel) -> str:
    names = {CaseChannel.EMAIL: QCoreApplication.translate("CasesScreen", "e-mail"),
             CaseChannel.PHONE: QCoreApplication.translate("CasesScreen", "phone"),
             CaseChannel.CHAT: QCoreApplication.translate("CasesScreen", "chat")}
    return names[channel]


def outcome_name(outcome: CaseOutcome | None) -> str:
    if outcome is None:
        return QCoreApplication.translate("CasesScreen", "open")
    names = {CaseOutcome.RESOLVED: QCoreApplication.translate("CasesScreen", "resolved"),
             CaseOutcome.NOT_RESOLVED: QCoreApplication.translate("CasesScreen", "not resolved"),
             CaseOutcome.ESCALATED: QCoreApplication.translate("CasesScreen", "escalated"),
             CaseOutcome.NO_ANSWER: QCoreApplication.translate("CasesScreen", "no answer"),
             CaseOutcome.WITHDRAWN: QCoreApplication.translate("CasesScreen", "withdrawn")}
    return names[outcome]


def count_text(day: CaseDay) -> str:
    """"Today: 7 of 10 cases" (the day and zone in the tooltip)."""
    if day.limit == 1:
        return QCoreApplication.translate("CasesScreen", "Today: {n} of 1 case").format(n=day.count)
    return QCoreApplication.translate("CasesScreen", "Today: {n} of {limit} cases").format(n=day.count, limit=day.limit)


def urgent_text(day: CaseDay) -> str:
    if day.urgent_count == 1:
        text = QCoreApplication.translate("CasesScreen", "1 marked urgent (at most {limit} recommended)")
    else:
        text = QCoreApplication.translate("CasesScreen", "{n} marked urgent (at most {limit} recommended)")
    return text.format(n=day.urgent_count, limit=day.urgent_limit)


def _list_text(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _split(text: str) -> list[str]:
    return [part for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class GuardLabel(QLabel):
    """Today's count against the limit, large; red at the limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseGuard")
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.setFont(font)

    def show_day(self, day: CaseDay) -> None:
        self.setText(count_text(day))
        self.setToolTip(QCoreApplication.translate(
            "CasesScreen", "Seller Support cases opened on {day} ({zone}); the daily limit is a setting "
                           "(cases.daily_limit)").format(day=day.day.isoformat(), zone=day.zone))
        near = day.count >= max(1, day.limit - 2)
        self.setStyleSheet(f"color: {RED};" if day.at_limit else f"color: {AMBER};" if near else "")


# ------------------------------------------------------------------------------ dialogs

class OverLimitDialog(QDialog):
    """The explicit confirmation to open a case past the daily limit: a reason is required."""

    def __init__(self, day: CaseDay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overLimitDialog")
        self.setWindowTitle(self.tr("Daily limit of Seller Support cases reached"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        opened = (self.tr("1 case was already opened today; the limit is {limit}.") if day.count == 1 else
                  self.tr("{n} cases were already opened today; the limit is {limit}.")).format(
            n=day.count, limit=day.limit)
        text = QLabel(opened + " " + self.tr("Opening cases too often is itself a suspension risk: sellers report "
                                             "warnings from Amazon at 10-30 a day.\n\nOpen this one anyway only if "
                                             "it cannot wait until tomorrow. The reason is recorded in the audit "
                                             "log."))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QLineEdit(objectName="overLimitReason")
        self.reason.setPlaceholderText(self.tr("Why it cannot wait"))
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton(self.tr("Open it &anyway"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("overLimitConfirm")
        self.confirm.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.confirm.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(480, 220)


class OpenCaseDialog(QDialog):
    """Log a case opened with Seller Support; today's count shown first."""

    opened = Signal(object)             # CaseOpened

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.confirm: OverLimitDialog | None = None
        self.setObjectName("openCaseDialog")
        self.setWindowTitle(self.tr("Log a Seller Support case"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.day = case_service.rate_guard(console.db)
        self.guard = GuardLabel()
        self.guard.show_day(self.day)
        self.limit_note = QLabel(objectName="limitNote")
        self.limit_note.setWordWrap(True)
        self.limit_note.setTextFormat(Qt.TextFormat.PlainText)
        self.limit_note.setStyleSheet(f"color: {RED};")
        self.limit_note.setText(self.tr("The daily limit is reached: this case will need a confirmation "
                                        "with a reason."))
        self.limit_note.setVisible(self.day.at_limit)
        self.case_id = QLineEdit(objectName="caseId")
        self.case_id.setPlaceholderText(self.tr("Amazon's case id, e.g. 13954432011"))
        self.topic = QLineEdit(objectName="caseTopic")
        self.channel = QComboBox(objectName="caseChannel")
        for ch in CaseChannel:
            self.channel.addItem(channel_name(ch), ch)
        self.urgent = QCheckBox(self.tr("Marked &urgent"), objectName="caseUrgent")
        self.urgent_note = QLabel(objectName="urgentNote")
        self.urgent_note.setWordWrap(True)
        self.urgent_note.setTextFormat(Qt.TextFormat.PlainText)
        self.urgent_note.setStyleSheet(f"color: {AMBER};")
        self.urgent_note.setText(self.tr("Already {text} today: overusing the urgent box slows every case down.")
                                 .format(text=urgent_text(self.day)))
        self.urgent_note.hide()
        self.urgent.toggled.connect(lambda on: self.urgent_note.setVisible(on and self.day.urgent_at_limit))
        self.asins = QLineEdit(objectName="caseAsins")
        self.asins.setPlaceholderText(self.tr("B07XJ8C8F5, B0ABCDEFGH"))
        self.orders = QLineEdit(objectName="caseOrders")
        self.orders.setPlaceholderText(self.tr("123-1234567-1234567"))
        self.shipments = QLineEdit(objectName="caseShipments")
        self.shipments.setPlaceholderText(self.tr("FBA15ABCD123"))
        self.note = QPlainTextEdit(objectName="caseNote")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("&Case id:"), self.case_id)
        form.addRow(self.tr("&Topic:"), self.topic)
        form.addRow(self.tr("C&hannel:"), self.channel)
        form.addRow("", self.urgent)
        form.addRow("", self.urgent_note)
        form.addRow(self.tr("&ASINs:"), self.asins)
        form.addRow(self.tr("&Orders:"), self.orders)
        form.addRow(self.tr("&Shipments:"), self.shipments)
        form.addRow(self.tr("&Note:"), self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(self.tr("&Log case"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("openCaseOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.guard)
        lay.addWidget(QLabel(urgent_text(self.day)))
        lay.addWidget(self.limit_note)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(520, 460)

    def accept(self) -> None:
        if self.day.at_limit:
            self.confirm = OverLimitDialog(self.day, self)
            self.confirm.accepted.connect(lambda: self._submit(self.confirm.reason.text() if self.confirm else None))
            self.confirm.open()
            return
        self._submit(None)

    def _submit(self, reason: str | None) -> None:
        try:
            result = case_service.open_case(
                self.console.db, self.console.actor, case_id=self.case_id.text(), topic=self.topic.text(),
                channel=self.channel.currentData(), urgent=self.urgent.isChecked(), asins=_split(self.asins.text()),
                orders=_split(self.orders.text()), shipments=_split(self.shipments.text()),
                note=self.note.toPlainText(), over_limit_reason=reason)
        except WarroomError as exc:
            show_error(self, exc, self.tr("Logging the case"))
            return
        self.opened.emit(result)
        super().accept()


class CaseActionDialog(QDialog):
    """Answer, close or reopen the selected case: a few fields and one service call."""

    done_with = Signal(object)          # CaseView

    def __init__(self, console: Console, case: CaseView, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.case = case
        self.action = action
        self.setObjectName(f"case{action.title()}Dialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        titles = {"answer": self.tr("Amazon answered case {id}"), "close": self.tr("Close case {id}"),
                  "reopen": self.tr("Reopen case {id}")}
        self.setWindowTitle(titles[action].format(id=case.case_id))
        form = QFormLayout()
        self.when = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(clock.now().timestamp())), objectName="answeredAt")
        self.when.setCalendarPopup(True)
        self.outcome = QComboBox(objectName="caseOutcome")
        for o in CaseOutcome:
            self.outcome.addItem(outcome_name(o), o)
        self.text = QLineEdit(objectName="caseActionText")
        if action == "answer":
            form.addRow(self.tr("Answered &at:"), self.when)
            form.addRow(self.tr("What Amazon &said:"), self.text)
        elif action == "close":
            form.addRow(self.tr("&Outcome:"), self.outcome)
            form.addRow(self.tr("&Note:"), self.text)
        else:
            form.addRow(self.tr("&Reason:"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(440, 150)

    def accept(self) -> None:
        db, actor, ref = self.console.db, self.console.actor, self.case.case_id
        try:
            if self.action == "answer":
                at = clock.parse_iso(self.when.dateTime().toUTC().toString(Qt.DateFormat.ISODate))
                view = case_service.answer_case(db, actor, ref, answered_at=at, note=self.text.text())
            elif self.action == "close":
                view = case_service.close_case(db, actor, ref, self.outcome.currentData(), note=self.text.text())
            else:
                view = case_service.reopen_case(db, actor, ref, self.text.text())
        except WarroomError as exc:
            show_error(self, exc, self.windowTitle())
            return
        self.done_with.emit(view)
        super().accept()


# ------------------------------------------------------------------------------ the tab

class CasesScreen(QWidget):
    """The case log with today's count against the limit."""

    changed = Signal()

    COLUMNS = 10

    def __init__(self, console: Console, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("casesScreen")
        self.console = console
        self.cases: tuple[CaseView, ...] = ()
        self.dialog: QDialog | None = None
        self.guard = GuardLabel()
        self.urgent = QLabel(objectName="caseUrgentCount")
        self.urgent.setTextFormat(Qt.TextFormat.PlainText)
        self.advice = QLabel(self.tr("Opening cases too often is itself a suspension risk: sellers report "
                                     "warnings at 10-30 a day. Prepare the policy, name the ASINs, orders and "
                                     "shipments, and use the urgent box sparingly."))
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        can = console.can(Permission.LOG_CASES)
        self.open_button = QPushButton(self.tr("Log a new &case…"), objectName="openCaseButton")
        self.answer_button = QPushButton(self.tr("Amazon &answered…"), objectName="answerCaseButton")
        self.close_button = QPushButton(self.tr("Clos&e…"), objectName="closeCaseButton")
        self.reopen_button = QPushButton(self.tr("&Reopen…"), objectName="reopenCaseButton")
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshCasesButton")
        self.open_button.setEnabled(can)
        self.open_button.clicked.connect(self.ask_open)
        self.answer_button.clicked.connect(lambda: self.ask_action("answer"))
        self.close_button.clicked.connect(lambda: self.ask_action("close"))
        self.reopen_button.clicked.connect(lambda: self.ask_action("reopen"))
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget(0, self.COLUMNS, objectName="casesTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Case"), self.tr("Opened"), self.tr("Channel"), self.tr("Urgent"), self.tr("Topic"),
            self.tr("Named"), self.tr("Agent"), self.tr("Answer (h)"), self.tr("Reopened"), self.tr("Outcome")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        top = QHBoxLayout()
        counts = QVBoxLayout()
        counts.addWidget(self.guard)
        counts.addWidget(self.urgent)
        top.addLayout(counts)
        top.addWidget(self.advice, 1)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.answer_button, self.close_button, self.reopen_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(buttons)
        lay.addWidget(self.table, 1)
        if load:
            self.refresh()

    def selected(self) -> CaseView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.cases):
            return None
        return self.cases[rows[0].row()]

    def _selection_changed(self) -> None:
        case = self.selected()
        can = self.console.can(Permission.LOG_CASES) and case is not None
        self.answer_button.setEnabled(can)
        self.close_button.setEnabled(can and case is not None and case.outcome is None)
        self.reopen_button.setEnabled(can and case is not None and case.outcome is not None)

    def refresh(self) -> None:
        try:
            result = case_service.list_cases(self.console.db)
        except WarroomError as exc:
            show_error(self, exc, self.tr("Loading the case log"))
            return
        chosen = self.selected()
        self.cases = result.cases
        self.guard.show_day(result.today)
        self.urgent.setText(urgent_text(result.today))
        self.urgent.setStyleSheet(f"color: {AMBER};" if result.today.urgent_count > result.today.urgent_limit else "")
        self.table.setRowCount(len(self.cases))
        for row, c in enumerate(self.cases):
            named = "; ".join(x for x in (_list_text(c.asins), _list_text(c.order_ids),
                                          _list_text(c.shipment_ids)) if x)
            values = [c.case_id, clock.local_text(c.opened_at), channel_name(c.channel),
                      self.tr("urgent") if c.urgent else "", c.topic, named, c.opened_by,
                      f"{c.answer_hours:.1f}" if c.answer_hours is not None else "–", str(c.reopen_count),
                      outcome_name(c.outcome)]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 3 and c.urgent or (col == 0 and c.over_limit_reason):
                    item.setForeground(Qt.GlobalColor.darkRed)
                if col == 0 and c.over_limit_reason:
                    item.setToolTip(self.tr("Opened past the daily limit: {reason}").format(reason=c.over_limit_reason))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        if chosen is not None:
            for row, c in enumerate(self.cases):
                if c.id == chosen.id:
                    self.table.selectRow(row)
        self._selection_changed()

    def _after(self, _result: Any) -> None:
        self.refresh()
        self.changed.emit()

    def ask_open(self) -> OpenCaseDialog | None:
        try:
            dialog = OpenCaseDialog(self.console, self)
        except WarroomError as exc:
            show_error(self, exc, self.tr("Logging a case"))
            return None
        dialog.opened.connect(self._after)
        self.dialog = dialog
        dialog.open()
        return dialog

    def ask_action(self, action: str) -> CaseActionDialog | None:
        case = self.selected()
        if case is None:
            return None
        dialog = CaseActionDialog(self.console, case, action, self)
        dialog.done_with.connect(self._after)
        self.dialog = dialog
        dialog.open()
        return dialog


def add_cases_tab(window: Any) -> CasesScreen:
    """The main window's hook: the case log tab, refreshed when shown."""
    widget = CasesScreen(window.console, load=False)       # read when first shown
    window.tabs.addTab(widget, QCoreApplication.translate("CasesScreen", "Support cases"))
    window.tabs.currentChanged.connect(lambda _i: widget.refresh() if window.tabs.currentWidget() is widget else None)
    return widget
