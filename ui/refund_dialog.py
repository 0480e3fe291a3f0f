"""Log a refund paid by hand on the open ticket (``warroom.services.refunds``).

Shows what the order totals and what is already refunded, so a second agent sees a refund
that a colleague already paid.  A refusal (a double refund, a wrong currency, a bad amount)
is shown in the dialog, which stays open to be corrected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from warroom.services import refunds as refund_service

from ui.context import Console
from ui.errors import describe


class RefundDialog(QDialog):
    def __init__(self, console: Console, ticket: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(self.tr("Log a manual refund — ticket #{id}").format(id=ticket["id"]))
        self.console = console
        self.ticket = ticket
        self.result_entry: dict[str, Any] | None = None
        state = refund_service.refund_status(console.db, ticket["id"])
        self.state = state

        self.summary = QLabel(objectName="refundSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setText(self._summary_text(state) + self._authorization_text(ticket["id"]))
        self.amount = QLineEdit(objectName="refundAmount")
        self.amount.setPlaceholderText(self.tr("e.g. 24.99"))
        if state["left"] not in (None, "0", "0.00"):
            self.amount.setPlaceholderText(self.tr("at most {left}").format(left=state["left"]))
        self.currency = QLineEdit(state["currency"] or "", objectName="refundCurrency")
        self.currency.setMaxLength(3)
        self.currency.setReadOnly(bool(state["currency"] and state["order_total"]))   # the order's, fixed
        self.method = QComboBox(objectName="refundMethod")
        self.method.setEditable(True)
        self.method.addItems(list(refund_service.SUGGESTED_METHODS))
        self.method.setCurrentIndex(-1)
        self.method.lineEdit().setPlaceholderText(self.tr("how it was paid back"))
        self.reference = QLineEdit(objectName="refundReference")
        self.reference.setPlaceholderText(self.tr("the payment's own id (transaction, transfer reference)"))
        self.when = QLineEdit(objectName="refundWhen")
        self.when.setPlaceholderText(self.tr("now — or when it was paid, like 2026-11-23T10:00:00Z"))
        self.note = QPlainTextEdit(objectName="refundNote")
        self.note.setPlaceholderText(self.tr("optional: who authorised it, what the buyer was told"))
        self.note.setMaximumHeight(70)
        self.error = QLabel(objectName="refundError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Amount:"), self.amount)
        form.addRow(self.tr("Currency:"), self.currency)
        form.addRow(self.tr("Method:"), self.method)
        form.addRow(self.tr("Reference:"), self.reference)
        form.addRow(self.tr("Paid at:"), self.when)
        form.addRow(self.tr("Note:"), self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.log_button = self.buttons.addButton(self.tr("&Log refund"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setObjectName("logRefundButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _summary_text(self, state: dict[str, Any]) -> str:
        cur = state["currency"] or ""
        order = state["amazon_order_id"] or self.tr("no cached order")
        if state["order_total"] is None:
            return self.tr("Order {order}: no cached total, so nothing caps the amount. Refunded so far: "
                           "{refunded} {currency}.").format(order=order, refunded=state["refunded"], currency=cur)
        return self.tr("Order {order} totals {total} {currency}; refunded so far {refunded} {currency}; "
                       "left {left} {currency}.").format(order=order, total=state["order_total"], currency=cur,
                                                         refunded=state["refunded"], left=state["left"])

    def _authorization_text(self, ticket_id: int) -> str:
        """The order's out-of-policy authorizations in force (a refund above the total needs one)."""
        from warroom import clock
        from warroom.services import remedies

        now = clock.now()
        lines = [self.tr("\nAuthorization #{id} in force until {until}: refunds up to {limit} {currency} in all.").format(
            id=a.id, until=clock.local_text(a.expires_at), limit=a.limit, currency=a.currency or "")
            for a in remedies.authorizations(self.console.db, ticket_id=ticket_id)
            if a.kind == "compensation" and a.valid_at(now)]
        return "".join(lines)

    def submit(self) -> dict[str, Any] | None:
        try:
            entry = refund_service.log_refund(
                self.console.db, self.console.actor, self.ticket["id"], amount=self.amount.text(),
                method=self.method.currentText(), currency=self.currency.text() or None,
                reference=self.reference.text() or None, refunded_at=self.when.text() or None,
                note=self.note.toPlainText() or None)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.error.setText(describe(exc)[1])
            self.error.show()
            return None
        self.result_entry = entry
        self.accept()
        return entry
