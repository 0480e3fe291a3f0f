"""The outbox (everyone): approved drafts awaiting dispatch, failed sends (retryable) and drafts
held by the suspension (with the reason), and the "Sent" list (newest first).  "Send by hand…"
opens a dialog to copy recipient, subject and body and records the sending only once the person
confirms it went out (ui/send_by_hand.py); "Send by e-mail" (only with mail settings) runs in a
worker thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QRadioButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.services import dispatch as dispatch_service
from warroom.services import drafts as draft_service
from warroom.services.drafts import SentList

from ui import wording
from ui.context import Console
from ui.i18n import draft_status_name
from ui.send_by_hand import SendByHandDialog
from ui.workers import Job

COLUMNS = ["#", QT_TRANSLATE_NOOP("OutboxWidget", "Status"), QT_TRANSLATE_NOOP("OutboxWidget", "Ticket"),
           QT_TRANSLATE_NOOP("OutboxWidget", "Order"), QT_TRANSLATE_NOOP("OutboxWidget", "To"),
           QT_TRANSLATE_NOOP("OutboxWidget", "Approved by"), QT_TRANSLATE_NOOP("OutboxWidget", "Subject"),
           QT_TRANSLATE_NOOP("OutboxWidget", "Reason / last error")]
SENT_COLUMNS = ["#", QT_TRANSLATE_NOOP("OutboxWidget", "Sent"), QT_TRANSLATE_NOOP("OutboxWidget", "Ticket"),
                QT_TRANSLATE_NOOP("OutboxWidget", "To"), QT_TRANSLATE_NOOP("OutboxWidget", "Subject"),
                QT_TRANSLATE_NOOP("OutboxWidget", "By"), QT_TRANSLATE_NOOP("OutboxWidget", "How")]
COL_STATUS, COL_REASON = 1, 7
STATUS_COLORS = {"approved": "#1b5e20", "held": "#8d6e00", "failed": "#b71c1c", "sending…": "#0d47a1",
                 "may have been sent": "#b71c1c"}


def _status_text(d: dict[str, Any], sending_here: bool) -> str:
    if sending_here or (d["status"] == "sending" and not d.get("may_have_been_sent")):
        return "sending…"
    return "may have been sent" if d.get("may_have_been_sent") else d["status"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("OutboxWidget", text)


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns), objectName=name)
    table.setHorizontalHeaderLabels([_tr(c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    return table


def status_label(status: str) -> str:
    """A draft's status as the outbox shows it, translated (the colours key on the status itself)."""
    labels = {"approved": QCoreApplication.translate("OutboxWidget", "approved"),
              "held": QCoreApplication.translate("OutboxWidget", "held"),
              "failed": QCoreApplication.translate("OutboxWidget", "failed"),
              "sending…": QCoreApplication.translate("OutboxWidget", "sending…"),
              "sending": QCoreApplication.translate("OutboxWidget", "sending…"),
              "dispatched": QCoreApplication.translate("OutboxWidget", "dispatched"),
              "may have been sent": QCoreApplication.translate("OutboxWidget", "may have been sent")}
    return labels.get(status, status)


class OutboxWidget(QWidget):
    dispatched = Signal(object)           # the dispatched draft dict (its ticket changed)
    error = Signal(object, str)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outbox")
        self.console = console
        self.rows: list[dict[str, Any]] = []
        self.sending: dict[int, Job] = {}
        self.mail_ok = False
        self.last_result: dict[str, Any] | None = None

        self.sent: SentList | None = None
        self.hand_dialog: SendByHandDialog | None = None
        self.count_label = QLabel(objectName="outboxCount")
        self.table = _table(COLUMNS, "outboxTable")
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_REASON, 320)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.body = QPlainTextEdit(objectName="outboxBody")
        self.body.setReadOnly(True)
        self.detail = QLabel(objectName="outboxDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Send by &hand…"), objectName="copySendButton")
        self.copy_button.setToolTip(self.tr("Copy the recipient, subject and body, send them from Seller Central "
                                            "or your mail client, then record it as sent"))
        self.smtp_button = QPushButton(self.tr("Send by &e-mail"), objectName="smtpButton")
        self.resolve_button = QPushButton(self.tr("Record &outcome…"), objectName="resolveSendButton")
        self.resolve_button.setToolTip(self.tr("A send whose outcome was never recorded: after checking the mail "
                                               "server's log or Seller Central, record whether it went out"))
        self.resolve_button.hide()
        self.copy_button.clicked.connect(self.send_by_hand)
        self.smtp_button.clicked.connect(self.send_by_mail)
        self.resolve_button.clicked.connect(self._ask_outcome)
        self.mail_hint = QLabel(objectName="mailHint")
        self.mail_hint.setStyleSheet("color: #616161;")
        self.mail_hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mail_hint, 1)
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.smtp_button)
        buttons.addWidget(self.copy_button)

        waiting = QWidget()
        tl = QVBoxLayout(waiting)
        tl.setContentsMargins(4, 4, 4, 4)
        tl.addWidget(self.count_label)
        tl.addWidget(self.table, 1)
        # what left: newest first
        self.sent_table = _table(SENT_COLUMNS, "sentTable")
        sent_header = self.sent_table.horizontalHeader()
        for col in range(len(SENT_COLUMNS)):
            sent_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        sent_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.sent_label = QLabel(objectName="sentCount")
        sent_page = QWidget()
        sl = QVBoxLayout(sent_page)
        sl.setContentsMargins(4, 4, 4, 4)
        sl.addWidget(self.sent_label)
        sl.addWidget(self.sent_table, 1)
        top = QTabWidget(objectName="outboxLists")
        top.addTab(waiting, self.tr("To send"))
        top.addTab(sent_page, self.tr("Sent"))
        self.lists = top
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(4, 4, 4, 4)
        bl.addWidget(self.detail)
        bl.addWidget(self.body, 1)
        bl.addLayout(buttons)
        self.split = QSplitter(Qt.Orientation.Vertical, objectName="outboxSplitter")
        self.split.addWidget(top)
        self.split.addWidget(bottom)
        # the detail and the send buttons belong to the drafts still to send (a sent reply is in
        # its ticket's conversation)
        self.lists.currentChanged.connect(lambda i: bottom.setVisible(i == 0))
        self.split.setSizes([330, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self._show(None)

    # ------------------------------------------------------------ loading

    def current(self) -> dict[str, Any] | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        row = min(rows) if rows else None
        return self.rows[row] if row is not None and row < len(self.rows) else None

    def row_of(self, draft_id: int) -> int | None:
        return next((i for i, d in enumerate(self.rows) if d["id"] == draft_id), None)

    def refresh(self) -> None:
        keep = self.current()
        keep_id = keep["id"] if keep else None
        try:
            self.rows = draft_service.outbox(self.console.db)
            self.mail_ok = dispatch_service.mail_configured(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Loading the outbox"))
            return
        self.mail_hint.setText("" if self.mail_ok else
                               self.tr("Send by e-mail needs mail settings (an admin sets smtp.host and smtp.from)."))
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            status = _status_text(d, d["id"] in self.sending)
            reason = d.get("send_state") or d.get("reason") or ""
            if d["status"] == "held" and not d.get("send_state"):
                reason = wording.held_reason(d.get("reason"))
            values = [str(d["id"]), status_label(status), f"#{d['ticket_id']}", d.get("amazon_order_id") or "—",
                      d.get("to") or "—", d.get("approver") or "—", d.get("subject") or "", reason]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                if c in (COL_STATUS, COL_REASON) and status in STATUS_COLORS:
                    item.setForeground(QBrush(QColor(STATUS_COLORS[status])))
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        counts = {s: sum(1 for d in self.rows if d["status"] == s) for s in ("approved", "failed", "held")}
        unknown = sum(1 for d in self.rows if d.get("may_have_been_sent"))
        self.count_label.setText(
            self.tr("{approved} approved awaiting dispatch · {failed} failed (retry) · {held} held by the suspension")
            .format(approved=counts["approved"], failed=counts["failed"], held=counts["held"])
            + (" · " + self.tr("{n} may have been sent (record the outcome)").format(n=unknown) if unknown else ""))
        self.refresh_sent()
        row = self.row_of(keep_id) if keep_id is not None else None
        if row is None and self.rows:
            row = 0
        if row is None:
            self._show(None)
        else:
            self.select_row(row)

    def refresh_sent(self) -> None:
        """The "Sent" list, newest first (a typed query)."""
        try:
            self.sent = draft_service.sent_drafts(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Loading the sent replies"))
            return
        rows = self.sent.drafts
        self.sent_table.setRowCount(len(rows))
        via = {"manual": self.tr("by hand"), "smtp": self.tr("by e-mail")}
        for r, d in enumerate(rows):
            how = via.get(d.dispatched_via or "", d.dispatched_via or "—")
            values = [str(d.id), clock.local_text(d.dispatched_at) if d.dispatched_at else "—", f"#{d.ticket_id}",
                      d.to or "—", d.subject, d.dispatched_by or "—", how]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.sent_table.setItem(r, c, item)
        total = self.sent.total
        shown = wording.count(total, QT_TRANSLATE_NOOP("Wording", "1 reply sent"), QT_TRANSLATE_NOOP("Wording", "{n} replies sent"))
        if total > len(rows):
            shown += " " + self.tr("(the newest {n} shown)").format(n=len(rows))
        self.sent_label.setText(shown)
        self.lists.setTabText(1, self.tr("Sent ({n})").format(n=f"{total:,}") if total else self.tr("Sent"))

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentCell(row, 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._show(self.current())

    def _show(self, d: dict[str, Any] | None) -> None:
        if d is None:
            self.detail.setText(self.tr("Nothing selected.") if not self.rows else "")
            self.body.setPlainText("")
            self.copy_button.setEnabled(False)
            self.smtp_button.setEnabled(False)
            self.resolve_button.hide()
            return
        parts = [self.tr("Draft #{id} · ticket #{ticket} · to {to} · {status}").format(
                     id=d["id"], ticket=d["ticket_id"], to=d.get("to") or "—", status=draft_status_name(d["status"])),
                 self.tr("Approved by {who} at {when}").format(
                     who=d.get("approver") or "—",
                     when=clock.local_text(clock.parse_iso(d["approved_at"])) if d.get("approved_at") else "—"),
                 self.tr("Subject: {subject}").format(subject=d.get("subject") or "")]
        if d.get("send_state"):
            started = self.tr("{who} started sending it at {when}").format(
                who=d.get("send_started_by") or "?",
                when=clock.local_text(clock.parse_iso(d["send_started_at"])) if d.get("send_started_at") else "?")
            parts.append(self.tr("May have been sent: {started} and the outcome was never recorded. It is not sent "
                                 "again by itself: check the mail server's log or Seller Central, then use Record "
                                 "outcome.").format(started=started)
                         if d.get("may_have_been_sent") else self.tr("Being sent: {started}.").format(started=started))
        elif d["status"] == "held":
            parts.append(wording.held_reason(d.get("reason")))           # once, with a local time
        elif d.get("reason"):
            parts.append(self.tr("Last attempt: {why}").format(why=d["reason"]))
        self.detail.setText("\n".join(parts))
        self.body.setPlainText(d["body"])
        self.resolve_button.setVisible(bool(d.get("may_have_been_sent")) and d["id"] not in self.sending)
        can_go = d["status"] in ("approved", "failed") and d["id"] not in self.sending
        self.copy_button.setEnabled(can_go)
        self.smtp_button.setEnabled(can_go and self.mail_ok and bool(d.get("to")))
        self.smtp_button.setText(self.tr("Retry by &e-mail") if d["status"] == "failed" else self.tr("Send by &e-mail"))

    # ------------------------------------------------------------ dispatch

    def send_by_hand(self) -> SendByHandDialog | None:
        """The "Send by hand" dialog (window-modal, never blocks): copy, send, confirm, record."""
        d = self.current()
        if d is None:
            return None
        dialog = SendByHandDialog(self.console, d, self)
        dialog.recorded.connect(self._sent_by_hand)
        dialog.finished.connect(lambda _r: self.refresh())
        self.hand_dialog = dialog
        dialog.open()
        return dialog

    def _sent_by_hand(self, result: dict[str, Any]) -> None:
        self.last_result = result
        self.refresh()
        self.dispatched.emit(result)

    def send_by_mail(self) -> Job | None:
        d = self.current()
        if d is None or d["id"] in self.sending or not self.mail_ok:
            return None
        db, actor, draft_id = self.console.db, self.console.actor, d["id"]
        job = Job(lambda _progress: dispatch_service.dispatch_smtp(db, actor, draft_id), "smtp")
        self.sending[draft_id] = job

        def done(result: dict[str, Any]) -> None:
            self.sending.pop(draft_id, None)
            self.last_result = result
            self.refresh()
            self.dispatched.emit(result)

        def failed(exc: BaseException) -> None:
            self.sending.pop(draft_id, None)
            self.refresh()                   # a failed send is recorded: the row shows failed + reason
            self.error.emit(exc, self.tr("Sending draft {id} by e-mail").format(id=draft_id))

        self.console.runner.start(job, done, failed)
        self.refresh()
        return job

    def _ask_outcome(self) -> None:
        d = self.current()
        if d is None or not d.get("may_have_been_sent"):
            return
        dialog = QDialog(self, objectName="resolveSendDialog")
        dialog.setWindowTitle(self.tr("Outcome of draft #{id}").format(id=d["id"]))
        form = QVBoxLayout(dialog)
        text = QLabel(f"{d['send_state']}.\n" + self.tr("Check the mail server's log (Message-ID {id}) or the "
                                                         "conversation in Seller Central, then record what "
                                                         "happened.").format(id=d.get("mail_message_id") or "?"))
        text.setWordWrap(True)
        sent = QRadioButton(self.tr("It was sent"), objectName="outcomeSent")
        not_sent = QRadioButton(self.tr("It was not sent (it can be sent again)"), objectName="outcomeNotSent")
        reason = QLineEdit(objectName="outcomeReason")
        reason.setPlaceholderText(self.tr("How you checked (required)"))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def changed() -> None:
            ok.setEnabled((sent.isChecked() or not_sent.isChecked()) and bool(reason.text().strip()))

        for w in (sent, not_sent):
            w.toggled.connect(changed)
        reason.textChanged.connect(changed)
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        for w in (text, sent, not_sent, reason, box):
            form.addWidget(w)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record_outcome(d["id"], sent=sent.isChecked(), reason=reason.text())

    def record_outcome(self, draft_id: int, *, sent: bool, reason: str) -> dict[str, Any] | None:
        """Record what a person found out about a send of unknown outcome."""
        try:
            result = dispatch_service.resolve_send(self.console.db, self.console.actor, draft_id, sent=sent,
                                                   reason=reason)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Recording the outcome of draft {id}").format(id=draft_id))
            return None
        self.refresh()
        if result["status"] == "dispatched":
            self.dispatched.emit(result)
        return result

    # ------------------------------------------------------------ settings

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("outbox/split", self.split.saveState())

    def restore_settings(self, settings: QSettings) -> None:
        state = settings.value("outbox/split")
        if state is not None:
            self.split.restoreState(state)
