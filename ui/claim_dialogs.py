"""Dialogs that work a claim (``warroom.services.claims``): open one (from a ticket or an order),
attach evidence, record what was submitted to Amazon, Amazon's information request, and the
outcome.  Each calls one service function (one audit entry); a refusal is shown in the dialog,
which stays open to be corrected."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from warroom.domain import claims as C
from warroom.services import claims as claim_service

from ui.context import Console
from ui.errors import describe


class ClaimDialog(QDialog):
    """A form whose button runs one claim action; ``result_value`` holds what it returned."""

    def __init__(self, console: Console, title: str, button: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimDialog")
        self.setWindowTitle(title)
        self.console = console
        self.result_value: Any = None
        self.action: Callable[[], Any] = lambda: None
        self.form = QFormLayout()
        self.error = QLabel(objectName="claimError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("claimDialogOk")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def combo(self, label: str, items: list[tuple[str, str]], name: str) -> QComboBox:
        box = QComboBox(objectName=name)
        for text, value in items:
            box.addItem(text, value)
        self.form.addRow(label, box)
        return box

    def line(self, label: str, name: str, placeholder: str = "", text: str = "") -> QLineEdit:
        edit = QLineEdit(text, objectName=name)
        edit.setPlaceholderText(placeholder)
        self.form.addRow(label, edit)
        return edit

    def text(self, label: str, name: str, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit(objectName=name)
        edit.setPlaceholderText(placeholder)
        edit.setMaximumHeight(110)
        self.form.addRow(label, edit)
        return edit

    def submit(self) -> Any:
        try:
            value = self.action()
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.error.setText(describe(exc)[1])
            self.error.show()
            return None
        self.result_value = value
        self.accept()
        return value


def _types(d: ClaimDialog) -> list[tuple[str, str]]:
    return [(QCoreApplication.translate("ClaimDialog", "A-to-z Guarantee claim"), C.A_TO_Z), (QCoreApplication.translate("ClaimDialog", "Chargeback"), C.CHARGEBACK)]


def open_claim_dialog(console: Console, parent: QWidget | None, *, ticket_id: int | None = None,
                      amazon_order_id: str | None = None, notice_id: int | None = None,
                      claim_type: str | None = None) -> ClaimDialog:
    d = ClaimDialog(console, "", "", parent)
    if notice_id is not None:
        d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Open a claim — notice {id}").format(id=notice_id))
    elif ticket_id is not None:
        d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Open a claim — ticket #{id}").format(id=ticket_id))
    else:
        d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Open a claim"))
    d.ok.setText(QCoreApplication.translate("ClaimDialog", "&Open claim"))
    kind = d.combo(QCoreApplication.translate("ClaimDialog", "Type:"), _types(d), "claimType")
    if claim_type is not None and kind.findData(claim_type) >= 0:
        kind.setCurrentIndex(kind.findData(claim_type))
    order = d.line(QCoreApplication.translate("ClaimDialog", "Order:"), "claimOrder", QCoreApplication.translate("ClaimDialog", "123-1234567-1234567"), amazon_order_id or "")
    order.setReadOnly((ticket_id is not None or notice_id is not None) and bool(amazon_order_id))
    requested = d.line(QCoreApplication.translate("ClaimDialog", "Amazon asked at:"), "claimRequested", QCoreApplication.translate("ClaimDialog", "now — or when Amazon's request arrived"))
    reason = d.line(QCoreApplication.translate("ClaimDialog", "Reason:"), "claimReason", QCoreApplication.translate("ClaimDialog", "the buyer's reason as Amazon gave it"))
    amount = d.line(QCoreApplication.translate("ClaimDialog", "Amount:"), "claimAmount", QCoreApplication.translate("ClaimDialog", "optional, e.g. 24.99"))
    d.action = lambda: claim_service.open_claim(
        console.db, console.actor, type=kind.currentData(), ticket_id=ticket_id, notice_id=notice_id,
        amazon_order_id=order.text() or None,
        info_requested_at=requested.text() or None, reason=reason.text() or None, amount=amount.text() or None)
    return d


def evidence_dialog(console: Console, parent: QWidget | None, claim_id: int) -> ClaimDialog:
    d = ClaimDialog(console, "", "", parent)
    d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Attach evidence — claim {id}").format(id=claim_id))
    d.ok.setText(QCoreApplication.translate("ClaimDialog", "&Attach"))
    names = {"PROOF_OF_SHIPMENT": QCoreApplication.translate("ClaimDialog", "Proof of shipment"), "TRACKING": QCoreApplication.translate("ClaimDialog", "Tracking"), "PHOTOS": QCoreApplication.translate("ClaimDialog", "Photos"),
             "CONVERSATION": QCoreApplication.translate("ClaimDialog", "Conversation"), "REFUNDS": QCoreApplication.translate("ClaimDialog", "Refunds"), "OTHER": QCoreApplication.translate("ClaimDialog", "Other")}
    kind = d.combo(QCoreApplication.translate("ClaimDialog", "Kind:"), [(names[k], k) for k in C.EVIDENCE_KINDS], "evidenceKind")
    reference = d.line(QCoreApplication.translate("ClaimDialog", "Reference:"), "evidenceReference", QCoreApplication.translate("ClaimDialog", "a file, tracking number, ticket or refund number"))
    note = d.text(QCoreApplication.translate("ClaimDialog", "Note:"), "evidenceNote", QCoreApplication.translate("ClaimDialog", "optional: what it shows"))
    d.action = lambda: claim_service.add_evidence(console.db, console.actor, claim_id, kind=kind.currentData(),
                                                  reference=reference.text(), note=note.toPlainText() or None)
    return d


def submission_dialog(console: Console, parent: QWidget | None, claim_id: int) -> ClaimDialog:
    d = ClaimDialog(console, "", "", parent)
    d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Record what was submitted — claim {id}").format(id=claim_id))
    d.ok.setText(QCoreApplication.translate("ClaimDialog", "&Record"))
    text = d.text(QCoreApplication.translate("ClaimDialog", "Submitted:"), "submissionText", QCoreApplication.translate("ClaimDialog", "what was sent to Amazon (text, evidence named)"))
    when = d.line(QCoreApplication.translate("ClaimDialog", "When:"), "submissionWhen", QCoreApplication.translate("ClaimDialog", "now — or when it was submitted"))
    d.action = lambda: claim_service.submit(console.db, console.actor, claim_id, text=text.toPlainText(),
                                            at=when.text() or None)
    return d


def outcome_dialog(console: Console, parent: QWidget | None, claim_id: int) -> ClaimDialog:
    d = ClaimDialog(console, "", "", parent)
    d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Record the outcome — claim {id}").format(id=claim_id))
    d.ok.setText(QCoreApplication.translate("ClaimDialog", "&Record"))
    outcome = d.combo(QCoreApplication.translate("ClaimDialog", "Outcome:"), [(QCoreApplication.translate("ClaimDialog", "Granted to the buyer"), C.GRANTED),
                                         (QCoreApplication.translate("ClaimDialog", "Denied (in the seller's favour)"), C.DENIED),
                                         (QCoreApplication.translate("ClaimDialog", "Withdrawn by the buyer"), C.WITHDRAWN),
                                         (QCoreApplication.translate("ClaimDialog", "Appeal filed"), C.APPEALED)], "claimOutcome")
    amount = d.line(QCoreApplication.translate("ClaimDialog", "Amount:"), "outcomeAmount", QCoreApplication.translate("ClaimDialog", "optional, e.g. 24.99"))
    when = d.line(QCoreApplication.translate("ClaimDialog", "When:"), "outcomeWhen", QCoreApplication.translate("ClaimDialog", "now — or when Amazon decided"))
    d.action = lambda: claim_service.record_outcome(console.db, console.actor, claim_id, outcome=outcome.currentData(),
                                                    amount=amount.text() or None, at=when.text() or None)
    return d


def request_dialog(console: Console, parent: QWidget | None, claim_id: int) -> ClaimDialog:
    d = ClaimDialog(console, "", "", parent)
    d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Amazon asked for information — claim {id}").format(id=claim_id))
    d.ok.setText(QCoreApplication.translate("ClaimDialog", "&Record"))
    when = d.line(QCoreApplication.translate("ClaimDialog", "Asked at:"), "requestWhen", QCoreApplication.translate("ClaimDialog", "now — or when Amazon's request arrived"))
    d.action = lambda: claim_service.request_info(console.db, console.actor, claim_id, at=when.text() or None)
    return d


def link_notice_dialog(console: Console, parent: QWidget | None, notice_id: int) -> ClaimDialog:
    from warroom.services import notices as notice_service
    from warroom.services.inputs import record_id

    d = ClaimDialog(console, "", "", parent)
    d.setWindowTitle(QCoreApplication.translate("ClaimDialog", "Link notice {id}").format(id=notice_id))
    d.ok.setText(QCoreApplication.translate("ClaimDialog", "&Link"))
    claim = d.line(QCoreApplication.translate("ClaimDialog", "Claim number:"), "linkClaim",
                   QCoreApplication.translate("ClaimDialog", "the claim it concerns (or leave empty)"))
    ticket = d.line(QCoreApplication.translate("ClaimDialog", "Ticket number:"), "linkTicket",
                    QCoreApplication.translate("ClaimDialog", "the ticket it concerns (or leave empty)"))

    def link() -> Any:
        claim_id = record_id(claim.text().strip(), kind="claim", name="claim") if claim.text().strip() else None
        ticket_id = record_id(ticket.text().strip(), kind="ticket", name="ticket") if ticket.text().strip() else None
        return notice_service.link_notice(console.db, console.actor, notice_id, claim_id=claim_id, ticket_id=ticket_id)

    d.action = link
    return d
