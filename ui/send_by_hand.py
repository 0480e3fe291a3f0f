"""The outbox's "Send by hand" dialog: recipient, subject and body of an approved reply, each
with its own copy button (and "Copy all"), and nothing is recorded until the person ticks
"I have sent it" and confirms.  Recording is ``dispatch.dispatch_manual`` (one audited action)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout,
    QWidget,
)

from warroom.services import dispatch as dispatch_service

from ui.context import Console
from ui.errors import show_error


class SendByHandDialog(QDialog):
    """Copy the approved reply piece by piece, send it yourself, then record it as sent."""

    recorded = Signal(object)            # the dispatched draft dict

    def __init__(self, console: Console, draft: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sendByHandDialog")
        self.console = console
        self.draft = draft
        self.result_draft: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Send draft #{id} by hand").format(id=draft["id"]))
        self.setMinimumWidth(560)

        intro = QLabel(self.tr("Copy the approved reply into Seller Central (or your mail client) exactly as it is "
                               "and send it there. Then tick the box below: War Room records it as sent only then."))
        intro.setWordWrap(True)
        self.to = QLineEdit(draft.get("to") or "", objectName="handTo")
        self.to.setReadOnly(True)
        self.subject = QLineEdit(draft.get("subject") or "", objectName="handSubject")
        self.subject.setReadOnly(True)
        self.body = QPlainTextEdit(objectName="handBody")
        self.body.setPlainText(draft.get("body") or "")
        self.body.setReadOnly(True)
        self.body.setMinimumHeight(140)
        self.copy_to = QPushButton(self.tr("Copy"), objectName="copyTo")
        self.copy_subject = QPushButton(self.tr("Copy"), objectName="copySubject")
        self.copy_body = QPushButton(self.tr("Copy"), objectName="copyBody")
        self.copy_all = QPushButton(self.tr("Copy &all"), objectName="copyAll")
        self.copy_to.setEnabled(bool(draft.get("to")))
        self.copy_to.clicked.connect(lambda: self._copy(self.to.text(), self.tr("Recipient copied")))
        self.copy_subject.clicked.connect(lambda: self._copy(self.subject.text(), self.tr("Subject copied")))
        self.copy_body.clicked.connect(lambda: self._copy(self.body.toPlainText(), self.tr("Body copied")))
        self.copy_all.clicked.connect(lambda: self._copy(self.all_text(), self.tr("Recipient, subject and body "
                                                                                  "copied")))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("To:")), 0, 0)
        grid.addWidget(self.to, 0, 1)
        grid.addWidget(self.copy_to, 0, 2)
        grid.addWidget(QLabel(self.tr("Subject:")), 1, 0)
        grid.addWidget(self.subject, 1, 1)
        grid.addWidget(self.copy_subject, 1, 2)
        grid.addWidget(QLabel(self.tr("Body:")), 2, 0)
        grid.addWidget(self.body, 2, 1)
        grid.addWidget(self.copy_body, 2, 2)
        grid.setRowStretch(2, 1)
        self.copied = QLabel(objectName="copiedNote")
        self.copied.setStyleSheet("color: #1b5e20;")
        self.confirm = QCheckBox(self.tr("I have &sent it (pasted and sent outside War Room)"),
                                 objectName="sentConfirm")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(self.tr("&Record as sent"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordSent")
        self.record_button.setEnabled(False)
        self.confirm.toggled.connect(self.record_button.setEnabled)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(self.copy_all)
        layout.addWidget(self.copied)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)

    def all_text(self) -> str:
        return (self.tr("To: {to}").format(to=self.to.text()) + "\n"
                + self.tr("Subject: {subject}").format(subject=self.subject.text()) + "\n\n"
                + self.body.toPlainText())

    def _copy(self, text: str, note: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.setText(note)

    def record(self) -> dict[str, Any] | None:
        """Record the sending (now); only after "I have sent it" is ticked."""
        if not self.confirm.isChecked():
            return None
        try:
            result = dispatch_service.dispatch_manual(self.console.db, self.console.actor, self.draft["id"])
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Recording draft #{id} as sent").format(id=self.draft["id"]))
            return None
        self.result_draft = result
        self.recorded.emit(result)
        self.accept()
        return result
