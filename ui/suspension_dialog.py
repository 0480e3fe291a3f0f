"""Declaring and lifting the account suspension (admin), with a preview of what it will do.

Declare: the reason, Amazon's notice (pasted or loaded from a file), the time the notice
arrived (it may be earlier than now: the misses recorded since then count as during the
suspension), a live preview (tickets it will tag SUSPENDED, drafts it will hold, misses it will
re-classify: ``suspension.preview_declare``, the declare's own queries) and a confirmation.
Lift: the preview (tickets untagged, held drafts released) and a confirmation."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from warroom.errors import BadInput
from warroom.services import suspension as suspension_service

from ui.context import Console
from ui.errors import describe

PREVIEW_DELAY_MS = 250
NOTICE_MAX_BYTES = 1_000_000
WARNING_STYLE = "color: #b71c1c; font-weight: bold;"


def _problem(exc: BaseException) -> str:
    """A refusal in the dialog: a field's message without the field's command-line name."""
    if isinstance(exc, BadInput) and exc.field is not None:
        return exc.reason
    return describe(exc)[1]


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text, objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DeclareDialog(QDialog):
    declared = Signal(dict)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.setObjectName("declareDialog")
        self.setWindowTitle(self.tr("Declare the suspension"))
        self.preview: suspension_service.DeclarePreview | None = None
        self.confirm_box: QMessageBox | None = None
        self.confirm_yes: QPushButton | None = None
        self.result_record: dict[str, Any] | None = None

        intro = _label("declareIntro", self.tr(
            "Every open Amazon ticket will be tagged SUSPENDED, and drafts that may not leave during a "
            "suspension will be held until it is lifted. Nothing may mention the suspension to a buyer."))
        self.reason = QLineEdit(objectName="declareReason")
        self.reason.setPlaceholderText(self.tr("e.g. Related accounts, as Amazon's notice says"))
        self.notice = QPlainTextEdit(objectName="declareNotice")
        self.notice.setPlaceholderText(self.tr("Paste Amazon's notice here, or load it from a file"))
        self.notice.setMinimumHeight(90)
        self.notice.setMaximumHeight(170)
        self.load_button = QPushButton(self.tr("&Load from file…"), objectName="declareLoadNotice")
        self.load_button.clicked.connect(self.choose_notice_file)
        self.notice_file = _label("declareNoticeFile")
        self.when = QDateTimeEdit(objectName="declareNoticeTime")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        now = QDateTime.currentDateTime()
        self.when.setMaximumDateTime(now)
        self.when.setDateTime(now)
        when_hint = _label("declareNoticeHint", self.tr(
            "Your local time. It may be earlier than now: deadlines missed since then count as during the "
            "suspension."))
        when_hint.setStyleSheet("color: #555;")
        self.preview_label = _label("declarePreview")
        self.preview_label.setStyleSheet("font-weight: bold;")
        self.error = _label("declareError")
        self.error.setStyleSheet(WARNING_STYLE)
        self.error.hide()

        notice_row = QHBoxLayout()
        notice_row.addWidget(self.load_button)
        notice_row.addWidget(self.notice_file, 1)
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow(self.tr("Amazon's &notice:"), self.notice)
        form.addRow("", notice_row)
        form.addRow(self.tr("Notice &arrived:"), self.when)
        form.addRow("", when_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.declare_button = self.buttons.addButton(self.tr("&Declare suspension…"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.declare_button.setObjectName("declareButton")
        self.buttons.accepted.connect(self.ask_confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.when.dateTimeChanged.connect(lambda _d: self._timer.start())
        self.refresh_preview()

    # ------------------------------------------------------------ inputs

    def notice_time(self) -> datetime:
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), tz=timezone.utc)

    def set_notice_time(self, when: datetime) -> None:
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))

    def choose_notice_file(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Amazon's notice"))
        dialog.setObjectName("noticeFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Text or e-mail (*.txt *.eml *.html *.htm)"), self.tr("Any file (*)")])
        dialog.fileSelected.connect(lambda path: self.load_notice(Path(path)))
        dialog.open()
        return dialog

    def load_notice(self, path: Path) -> bool:
        try:
            data = path.read_bytes()[:NOTICE_MAX_BYTES + 1]
        except OSError as exc:
            self.show_problem(self.tr("Could not read {file}: {why}").format(file=path.name, why=exc.strerror or exc))
            return False
        if len(data) > NOTICE_MAX_BYTES:
            self.show_problem(self.tr("{file} is larger than 1 MB: is it really the notice?").format(file=path.name))
            return False
        text = data.decode("utf-8", errors="replace").replace("\x00", "")
        self.notice.setPlainText(text)
        self.notice_file.setText(self.tr("Loaded from {file}").format(file=path.name))
        self.error.hide()
        return True

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # ------------------------------------------------------------ preview, confirm, declare

    def refresh_preview(self) -> suspension_service.DeclarePreview | None:
        self._timer.stop()
        try:
            p = suspension_service.preview_declare(self.console.db, self.notice_time())
        except Exception as exc:  # noqa: BLE001
            self.preview = None
            self.preview_label.setText(self.tr("No preview: {why}").format(why=_problem(exc)))
            return None
        self.preview = p
        self.preview_label.setText(self.preview_text(p))
        self.declare_button.setEnabled(not p.already_declared)
        if p.already_declared:
            self.show_problem(self.tr("A suspension is already declared: lift it first."))
        return p

    def preview_text(self, p: suspension_service.DeclarePreview) -> str:
        tickets = (self.tr("1 Amazon ticket will be tagged SUSPENDED") if p.tickets_to_tag == 1 else
                   self.tr("{n} Amazon tickets will be tagged SUSPENDED").format(n=f"{p.tickets_to_tag:,}"))
        drafts = (self.tr("1 draft will be held") if p.drafts_to_hold == 1 else
                  self.tr("{n} drafts will be held").format(n=f"{p.drafts_to_hold:,}"))
        text = self.tr("{tickets}; {drafts}.").format(tickets=tickets, drafts=drafts)
        if p.misses_to_reclassify:
            misses = (self.tr("1 deadline already recorded as missed will count as during the suspension.")
                      if p.misses_to_reclassify == 1 else
                      self.tr("{n} deadlines already recorded as missed will count as during the suspension.")
                      .format(n=f"{p.misses_to_reclassify:,}"))
            text += " " + misses
        return text

    def ask_confirm(self) -> QMessageBox | None:
        if not self.reason.text().strip():
            self.show_problem(self.tr("Give the reason: it is recorded with the suspension and in the audit log."))
            self.reason.setFocus()
            return None
        p = self.refresh_preview()
        if p is None or p.already_declared:
            return None
        self.error.hide()
        when = self.when.dateTime().toString("yyyy-MM-dd HH:mm")
        details = self.tr("Reason: {reason}\nAmazon's notice arrived: {when} (your time)").format(
            reason=self.reason.text().strip(), when=when)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Declare the suspension"),
                          self.tr("Declare the suspension now?") + "\n\n" + self.preview_text(p) + "\n\n" + details,
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("declareConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_yes = box.addButton(self.tr("Declare"), QMessageBox.ButtonRole.AcceptRole)
        self.confirm_yes.setObjectName("declareConfirmYes")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.declare)
        self.confirm_box = box
        box.open()
        return box

    def declare(self) -> dict[str, Any] | None:
        notice = self.notice.toPlainText().strip() or None
        try:
            result = suspension_service.declare(self.console.db, self.console.actor, self.reason.text(), notice,
                                                notice_received_at=self.notice_time())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.show_problem(_problem(exc))
            self.refresh_preview()
            return None
        self.result_record = result
        self.declared.emit(result)
        self.accept()
        return result


class LiftDialog(QDialog):
    lifted = Signal(dict)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.setObjectName("liftDialog")
        self.setWindowTitle(self.tr("Lift the suspension"))
        self.preview: suspension_service.LiftPreview | None = None
        intro = _label("liftIntro", self.tr(
            "Lift the suspension? The SUSPENDED tag is removed from tickets that are not closed; the record "
            "and the audit entries stay."))
        self.preview_label = _label("liftPreview")
        self.preview_label.setStyleSheet("font-weight: bold;")
        self.error = _label("liftError")
        self.error.setStyleSheet(WARNING_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.lift_button = self.buttons.addButton(self.tr("&Lift suspension"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.lift_button.setObjectName("liftButton")
        self.buttons.accepted.connect(self.lift)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.refresh_preview()

    def refresh_preview(self) -> suspension_service.LiftPreview | None:
        try:
            p = suspension_service.preview_lift(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.preview_label.setText(self.tr("No preview: {why}").format(why=_problem(exc)))
            return None
        self.preview = p
        if not p.declared:
            self.preview_label.setText(self.tr("No suspension is declared."))
            self.lift_button.setEnabled(False)
            return p
        tickets = (self.tr("1 ticket will lose the SUSPENDED tag") if p.tickets_to_untag == 1 else
                   self.tr("{n} tickets will lose the SUSPENDED tag").format(n=f"{p.tickets_to_untag:,}"))
        drafts = (self.tr("1 held draft will be released") if p.drafts_to_release == 1 else
                  self.tr("{n} held drafts will be released").format(n=f"{p.drafts_to_release:,}"))
        self.preview_label.setText(self.tr("{tickets}; {drafts} (approved ones to the outbox, the others to the "
                                           "approval desk).").format(tickets=tickets, drafts=drafts))
        return p

    def lift(self) -> dict[str, Any] | None:
        try:
            result = suspension_service.lift(self.console.db, self.console.actor)
        except Exception as exc:  # noqa: BLE001
            self.error.setText(_problem(exc))
            self.error.show()
            self.refresh_preview()
            return None
        self.lifted.emit(result)
        self.accept()
        return result
