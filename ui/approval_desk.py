"""The approval desk (compliance): submitted drafts oldest first; for the selected one the
rendered text, template and version, lint result, the ticket's conversation and cached order.
Approve (password confirmation; Ctrl+Enter or Alt+A) or Reject with a reason (Alt+R).
A user's own drafts are listed but not decidable: the four-eyes rule."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.services import drafts as draft_service
from warroom.services import tickets as ticket_service

from ui import wording
from ui.context import Console
from ui.lint_view import LintView
from ui.ticket_view import conversation_text

COLUMNS = ["#", QT_TRANSLATE_NOOP("ApprovalDesk", "Submitted"), QT_TRANSLATE_NOOP("ApprovalDesk", "Author"),
           QT_TRANSLATE_NOOP("ApprovalDesk", "Ticket"),
           QT_TRANSLATE_NOOP("ApprovalDesk", "Category"), QT_TRANSLATE_NOOP("ApprovalDesk", "Template"),
           QT_TRANSLATE_NOOP("ApprovalDesk", "Subject")]
OWN_DRAFT = QT_TRANSLATE_NOOP("ApprovalDesk", "your own draft: another compliance user decides on it")


def _local(iso_text: str | None) -> str:
    return clock.local_text(clock.parse_iso(iso_text)) if iso_text else "—"


def order_text(order: dict[str, Any] | None, ticket: dict[str, Any]) -> str:
    """A compact read-only summary of the cached order."""
    if order is None:
        oid = ticket.get("amazon_order_id")
        return (QCoreApplication.translate("OrderText", "Order {order}: not in the cache").format(order=oid) if oid
                else QCoreApplication.translate("OrderText", "No order linked"))
    lines = [QCoreApplication.translate("OrderText", "Order {order} ({marketplace}) · {status} · {channel}").format(
                 order=order["amazon_order_id"], marketplace=order.get("marketplace") or "?", status=order["status"],
                 channel=order["fulfillment_channel"]),
             QCoreApplication.translate("OrderText", "Total {total} {currency} · purchased {purchased} · ship by "
                                                     "{ship_by}").format(
                 total=order.get("total") or "?", currency=order.get("currency") or "",
                 purchased=_local(order.get("purchase_date")), ship_by=_local(order.get("latest_ship_date")))]
    for item in order.get("items") or []:
        lines.append(f"  {item['quantity']} × {item.get('title') or item.get('sku') or '?'}"
                     + (f" — {item['line_price']} {item.get('currency') or order.get('currency') or ''}"
                        if item.get("line_price") else ""))
    return "\n".join(lines)


class ApprovalDesk(QWidget):
    changed = Signal()                    # a decision was recorded (the outbox refreshes)
    error = Signal(object, str)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDesk")
        self.console = console
        self.drafts: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self._dialog: QInputDialog | None = None

        self.count_label = QLabel(objectName="deskCount")
        self.list = QTableWidget(0, len(COLUMNS), objectName="draftList")
        self.list.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.setWordWrap(False)
        self.list.verticalHeader().setDefaultSectionSize(self.list.fontMetrics().height() + 6)
        header = self.list.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(4, 4, 4, 4)
        ll.addWidget(self.count_label)
        ll.addWidget(self.list, 1)

        self.heading = QLabel(objectName="draftHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.template_label = QLabel(objectName="draftTemplate")
        self.template_label.setTextFormat(Qt.TextFormat.PlainText)
        self.template_label.setWordWrap(True)
        self.body = QPlainTextEdit(objectName="draftBody")
        self.body.setReadOnly(True)
        self.lint = LintView(name="deskLint")
        self.conversation = QPlainTextEdit(objectName="deskConversation")
        self.conversation.setReadOnly(True)
        self.order = QPlainTextEdit(objectName="deskOrder")
        self.order.setReadOnly(True)
        self.context_tabs = QTabWidget(objectName="deskContext")
        self.context_tabs.addTab(self.conversation, self.tr("Conversation"))
        self.context_tabs.addTab(self.order, self.tr("Cached order"))

        self.decision_note = QLabel(objectName="decisionNote")
        self.decision_note.setTextFormat(Qt.TextFormat.PlainText)
        self.decision_note.setWordWrap(True)
        self.decision_note.setStyleSheet("color: #8d6e00; font-weight: bold;")
        self.approve_button = QPushButton(self.tr("Approve…  (Alt+A)"), objectName="approveButton")
        self.approve_button.setToolTip(self.tr("Approve with your password (Ctrl+Enter or Alt+A)"))
        self.reject_button = QPushButton(self.tr("Reject…  (Alt+R)"), objectName="rejectButton")
        self.reject_button.setToolTip(self.tr("Reject with a reason (Alt+R)"))
        self._tips = {b: b.toolTip() for b in (self.approve_button, self.reject_button)}
        self.approve_button.clicked.connect(self.ask_approve)
        self.reject_button.clicked.connect(self.ask_reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.decision_note, 1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        # explicit shortcuts, active while the desk is the visible page (no mnemonics: they would clash;
        # the main window's menus keep off Alt+A and Alt+R)
        for key, slot in (("Ctrl+Return", self._approve_shortcut), ("Ctrl+Enter", self._approve_shortcut),
                          ("Alt+A", self._approve_shortcut), ("Alt+R", self._reject_shortcut)):
            # window-wide while the desk is the visible tab (a hidden desk's shortcuts do not fire):
            # no click into the list first
            sc = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)

        draft_part = QWidget()
        dl = QVBoxLayout(draft_part)
        dl.setContentsMargins(4, 4, 4, 4)
        dl.addWidget(self.heading)
        dl.addWidget(self.template_label)
        dl.addWidget(self.body, 1)
        dl.addWidget(self.lint)
        dl.addLayout(buttons)
        self.detail = QSplitter(Qt.Orientation.Vertical, objectName="deskDetailSplitter")
        self.detail.addWidget(draft_part)
        self.detail.addWidget(self.context_tabs)
        self.detail.setSizes([460, 260])
        self.split = QSplitter(Qt.Orientation.Horizontal, objectName="deskSplitter")
        self.split.addWidget(left)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self.show_draft(None)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Reload the submitted drafts, keeping the selection when the draft is still there."""
        keep = self.current["id"] if self.current else None
        try:
            self.drafts = draft_service.list_drafts(self.console.db, status="submitted")
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Loading the approval desk"))
            return
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setRowCount(len(self.drafts))
        me = self.console.actor.name
        for r, d in enumerate(self.drafts):
            tpl = (f"{d['template_key']}@{d['template_version']}" if d["template_key"]
                   else self.tr("({kind} reply)").format(kind=d["kind"]))
            author = d["author"] + (self.tr("  (you)") if d["author"] == me else "")
            for c, v in enumerate([str(d["id"]), _local(d["submitted_at"]), author, f"#{d['ticket_id']}",
                                   d.get("ticket_category") or "", tpl, d.get("ticket_subject") or ""]):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                if d["author"] == me:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.list.setItem(r, c, item)
        self.list.blockSignals(False)
        n = len(self.drafts)
        self.count_label.setText(self.tr("{drafts} waiting for a decision (oldest first)").format(
                                 drafts=wording.drafts(n))
                                 if n else self.tr("No drafts waiting for a decision."))
        row = next((i for i, d in enumerate(self.drafts) if d["id"] == keep), 0 if self.drafts else None)
        if row is None:
            self.show_draft(None)
        else:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        self.list.selectRow(row)
        self.list.setCurrentCell(row, 0)
        self._selection_changed()

    def row_of(self, draft_id: int) -> int | None:
        return next((i for i, d in enumerate(self.drafts) if d["id"] == draft_id), None)

    def _selection_changed(self) -> None:
        rows = {i.row() for i in self.list.selectedIndexes()}
        row = min(rows) if rows else None
        self.show_draft(self.drafts[row] if row is not None and row < len(self.drafts) else None)

    def show_draft(self, d: dict[str, Any] | None) -> None:
        self.current = d
        if d is None:
            self.heading.setText(self.tr("No draft selected"))
            self.template_label.setText("")
            self.body.setPlainText("")
            self.lint.clear("")
            self.conversation.setPlainText("")
            self.order.setPlainText("")
            self.decision_note.setText("")
            self.approve_button.setEnabled(False)
            self.reject_button.setEnabled(False)
            return
        self.heading.setText(self.tr("Draft #{id} for ticket #{ticket} — by {author}, submitted {when}").format(
            id=d["id"], ticket=d["ticket_id"], author=d["author"], when=_local(d["submitted_at"])))
        if d["template_key"]:
            what = self.tr("Template {key}@{version} ({language})").format(
                key=d["template_key"], version=d["template_version"], language=d["language"])
        else:
            what = (self.tr("Senior reply") if d["kind"] == "senior" else self.tr("Free text")) + f" ({d['language'] or '?'})"
        self.template_label.setText(what + self.tr("  ·  To: {to}  ·  Subject: {subject}").format(
            to=d.get("to") or "—", subject=d["subject"]))
        self.body.setPlainText(d["body"])
        self.lint.set_findings(d["lint"], self.tr("blocked: it cannot be approved"))
        try:
            ticket = ticket_service.get_ticket(self.console.db, d["ticket_id"])
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Opening ticket {id}").format(id=d["ticket_id"]))
            ticket = None
        self.conversation.setPlainText(conversation_text(ticket) if ticket else "")
        self.order.setPlainText(order_text(ticket.get("order"), ticket) if ticket else "")
        own = d["author"] == self.console.actor.name
        self.decision_note.setText(self.tr("Approve and Reject are disabled: {why}.").format(why=self.tr(OWN_DRAFT))
                                   if own else "")
        for b in (self.approve_button, self.reject_button):
            b.setEnabled(not own)
            b.setToolTip(self.tr("Disabled: {why}").format(why=self.tr(OWN_DRAFT)) if own else self._tips[b])

    # ------------------------------------------------------------ decisions

    def take_focus(self) -> None:
        """The list gets the keyboard when the desk is shown."""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _approve_shortcut(self) -> None:
        if self.isVisible() and self.approve_button.isEnabled():
            self.ask_approve()

    def _reject_shortcut(self) -> None:
        if self.isVisible() and self.reject_button.isEnabled():
            self.ask_reject()

    def ask_approve(self) -> QInputDialog | None:
        d = self.current
        if d is None or not self.approve_button.isEnabled():
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("approvePasswordDialog")
        dialog.setWindowTitle(self.tr("Approve draft #{id}").format(id=d["id"]))
        dialog.setLabelText(self.tr("Approving draft #{id} (ticket #{ticket}, by {author}).\nConfirm with your "
                                    "password, {me}:").format(id=d["id"], ticket=d["ticket_id"], author=d["author"],
                                                              me=self.console.actor.name))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setMinimumWidth(420)
        dialog.textValueSelected.connect(lambda pw, draft_id=d["id"]: self.approve(draft_id, pw))
        self._dialog = dialog
        dialog.open()
        return dialog

    def approve(self, draft_id: int, password: str) -> dict[str, Any] | None:
        try:
            result = draft_service.approve_draft(self.console.db, self.console.actor, draft_id, password)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Approving draft {id}").format(id=draft_id))
            self.refresh()
            return None
        self._decided(draft_id)
        return result

    def ask_reject(self) -> QInputDialog | None:
        d = self.current
        if d is None or not self.reject_button.isEnabled():
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("rejectDialog")
        dialog.setWindowTitle(self.tr("Reject draft #{id}").format(id=d["id"]))
        dialog.setLabelText(self.tr("Why is draft #{id} rejected? (required; the author sees it; audited)").format(
            id=d["id"]))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setMinimumWidth(420)
        dialog.textValueSelected.connect(lambda reason, draft_id=d["id"]: self.reject(draft_id, reason))
        self._dialog = dialog
        dialog.open()
        return dialog

    def reject(self, draft_id: int, reason: str) -> dict[str, Any] | None:
        try:
            result = draft_service.reject_draft(self.console.db, self.console.actor, draft_id, reason)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Rejecting draft {id}").format(id=draft_id))
            return None
        self._decided(draft_id)
        return result

    def _decided(self, draft_id: int) -> None:
        """Refresh and move to the draft that was next in line."""
        row = self.row_of(draft_id) or 0
        self.current = None
        self.refresh()
        if self.drafts:
            self.select_row(min(row, len(self.drafts) - 1))
        self.changed.emit()

    # ------------------------------------------------------------ settings

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("desk/split", self.split.saveState())
        settings.setValue("desk/detail", self.detail.saveState())

    def restore_settings(self, settings: QSettings) -> None:
        for key, splitter in (("desk/split", self.split), ("desk/detail", self.detail)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
