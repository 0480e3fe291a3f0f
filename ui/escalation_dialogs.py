"""Dialogs of the escalation handoff: the brief, an out-of-policy authorization, a reshipment
and a post-mortem (services: warroom.services.escalation, remedies, postmortems).

Each dialog calls one service function on its button; a refusal is shown in the dialog, which
stays open to be corrected (the console's own phrasing, ui/errors.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox,
    QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.services import escalation as escalation_service
from warroom.services import postmortems as postmortem_service
from warroom.services import remedies as remedy_service

from ui.context import Console
from ui.errors import describe

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
#: the brief's fields' heights in lines (at least)
MIN_LINES = {"order": 2, "buyer": 1, "nature": 3, "done": 3, "emotional_state": 2, "deadline": 2}


def _error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _show_refusal(error: QLabel, exc: Exception) -> bool:
    """A refusal in the dialog's own error line (the dialog stays open); False for ``submit``."""
    error.setText(describe(exc)[1])
    error.show()
    return False


class _FormDialog(QDialog):
    """A form, its error line and Cancel + one action button that calls :meth:`submit`."""

    def _finish(self, form: QFormLayout, error: QLabel, action: str, action_name: str, width: int,
                submit: Callable[[], bool], intro: QWidget | None = None) -> None:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName(action_name)
        self.buttons.accepted.connect(submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro is not None:
            layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(width)


class BriefDialog(QDialog):
    """The six fields of an escalated ticket's brief; prefilled ones are marked, and clearing a
    field's text gives it its prefill back."""

    saved = Signal(int)

    def __init__(self, console: Console, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefDialog")
        self.console = console
        self.ticket_id = ticket_id
        self.brief = escalation_service.get_brief(console.db, ticket_id)
        self.setWindowTitle(self.tr("Escalation brief — ticket #{id}").format(id=ticket_id))
        head = QLabel(objectName="briefHead")
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        b = self.brief
        head.setText(self.tr("{subject}\nEscalated {when} by {by}: {why}").format(
            subject=b.subject, when=_time(b.escalated_at), by=b.escalated_by or "-", why=b.escalation_reason or "-"))
        head.setStyleSheet("font-weight: bold;")
        labels = {"order": self.tr("Order"), "buyer": self.tr("Buyer"), "nature": self.tr("Nature of the issue"),
                  "done": self.tr("What has been done"), "emotional_state": self.tr("Buyer's emotional state"),
                  "deadline": self.tr("Deadline")}
        form = QFormLayout()
        self.edits: dict[str, QPlainTextEdit] = {}
        self.original: dict[str, str] = {}
        can_edit = console.can(Permission.WORK_TICKETS)
        for f in b.fields:
            edit = QPlainTextEdit(f.value, objectName=f"brief_{f.name}")
            edit.setReadOnly(not can_edit)
            wrapped = sum(1 + len(line) // 80 for line in f.value.splitlines()) or 1
            lines = max(MIN_LINES.get(f.name, 2), min(6, wrapped))
            edit.setFixedHeight(12 + edit.fontMetrics().lineSpacing() * lines)
            edit.setToolTip(self.tr("Prefilled from what War Room knows; write over it to replace it, clear it to "
                                    "get the prefill back") if f.prefilled else self.tr("Written by a person"))
            label = labels[f.name] + (self.tr(" (prefilled)") if f.prefilled else "")
            form.addRow(label + ":", edit)
            self.edits[f.name] = edit
            self.original[f.name] = f.value
        self.footer = QLabel(objectName="briefFooter")
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        if b.updated_by:
            self.footer.setText(self.tr("Last edited by {who} at {when}").format(who=b.updated_by,
                                                                                   when=_time(b.updated_at)))
        self.error = _error_label("briefError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(self.tr("&Save brief"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveBriefButton")
        self.save_button.setVisible(can_edit)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.footer)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)

    def changes(self) -> dict[str, str | None]:
        return {name: edit.toPlainText() for name, edit in self.edits.items()
                if edit.toPlainText() != self.original[name]}

    def submit(self) -> bool:
        changes = self.changes()
        if not changes:
            self.accept()
            return True
        try:
            escalation_service.edit_brief(self.console.db, self.console.actor, self.ticket_id, changes)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            return _show_refusal(self.error, exc)
        self.saved.emit(self.ticket_id)
        self.accept()
        return True


def _time(value: datetime | None) -> str:
    return clock.local_text(value) if value is not None else "—"


class AuthorizationDialog(_FormDialog):
    """Compliance or admin: allow an out-of-policy remedy on the ticket's order."""

    saved = Signal(int)

    def __init__(self, console: Console, ticket: dict[str, object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorizationDialog")
        self.console = console
        self.ticket_id = int(ticket["id"])  # type: ignore[call-overload]
        self.result_authorization: remedy_service.Authorization | None = None
        self.setWindowTitle(self.tr("Authorize an out-of-policy remedy — ticket #{id}").format(id=self.ticket_id))
        intro = QLabel(self.tr("Order {order}. A refund above the order's total, an express reshipment or a future "
                               "discount is allowed only under an authorization in force. For compensation the "
                               "limit is the most the order's refunds may add up to in all.").format(
            order=ticket.get("amazon_order_id") or self.tr("(none)")), objectName="authorizationIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.kind = QComboBox(objectName="authorizationKind")
        for kind, label in (("compensation", self.tr("Compensation above the order total")),
                            ("express-reship", self.tr("Express reshipment")),
                            ("future-discount", self.tr("Future discount"))):
            self.kind.addItem(label, kind)
        self.limit = QLineEdit(objectName="authorizationLimit")
        self.limit.setPlaceholderText(self.tr("e.g. 150.00 (not needed for an express reshipment)"))
        self.hours = QSpinBox(objectName="authorizationHours")
        self.hours.setRange(1, 90 * 24)
        self.hours.setValue(7 * 24)
        self.hours.setSuffix(self.tr(" h"))
        self.reason = QPlainTextEdit(objectName="authorizationReason")
        self.reason.setPlaceholderText(self.tr("why this remedy is allowed (kept in the audit log)"))
        self.reason.setFixedHeight(80)
        self.error = _error_label("authorizationError")
        form = QFormLayout()
        form.addRow(self.tr("Kind:"), self.kind)
        form.addRow(self.tr("Limit:"), self.limit)
        form.addRow(self.tr("Valid for:"), self.hours)
        form.addRow(self.tr("Reason:"), self.reason)
        self._finish(form, self.error, self.tr("&Authorize"), "authorizeButton", 480, self.submit, intro)

    def submit(self) -> bool:
        try:
            self.result_authorization = remedy_service.authorize(
                self.console.db, self.console.actor, self.ticket_id, kind=str(self.kind.currentData()),
                reason=self.reason.toPlainText(), limit=self.limit.text() or None, valid_hours=self.hours.value())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            return _show_refusal(self.error, exc)
        self.saved.emit(self.ticket_id)
        self.accept()
        return True


class ReshipDialog(_FormDialog):
    """Log a replacement sent by hand (express: under an authorization)."""

    saved = Signal(int)

    def __init__(self, console: Console, ticket: dict[str, object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reshipDialog")
        self.console = console
        self.ticket_id = int(ticket["id"])  # type: ignore[call-overload]
        self.result_reship: remedy_service.Reship | None = None
        self.setWindowTitle(self.tr("Log a reshipment — ticket #{id}").format(id=self.ticket_id))
        order = ticket.get("order") if isinstance(ticket.get("order"), dict) else None
        skus = [f"{i.get('sku')}:{i.get('quantity')}" for i in (order or {}).get("items", []) if i.get("sku")]
        self.items = QLineEdit(",".join(skus), objectName="reshipItems")
        self.items.setPlaceholderText(self.tr("SKU:QUANTITY, SKU:QUANTITY"))
        self.carrier = QLineEdit(objectName="reshipCarrier")
        self.carrier.setPlaceholderText(self.tr("e.g. DHL, UPS"))
        self.tracking = QLineEdit(objectName="reshipTracking")
        self.express = QCheckBox(self.tr("Express shipping (needs an authorization)"), objectName="reshipExpress")
        self.reason = QPlainTextEdit(objectName="reshipReason")
        self.reason.setPlaceholderText(self.tr("why it is sent again"))
        self.reason.setFixedHeight(70)
        self.error = _error_label("reshipError")
        form = QFormLayout()
        form.addRow(self.tr("Items:"), self.items)
        form.addRow(self.tr("Carrier:"), self.carrier)
        form.addRow(self.tr("Tracking:"), self.tracking)
        form.addRow("", self.express)
        form.addRow(self.tr("Reason:"), self.reason)
        self._finish(form, self.error, self.tr("&Log reshipment"), "logReshipButton", 460, self.submit)

    def submit(self) -> bool:
        try:
            self.result_reship = remedy_service.log_reshipment(
                self.console.db, self.console.actor, self.ticket_id, items=self.items.text(),
                carrier=self.carrier.text(), tracking=self.tracking.text() or None, reason=self.reason.toPlainText(),
                express=self.express.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            return _show_refusal(self.error, exc)
        self.saved.emit(self.ticket_id)
        self.accept()
        return True


class PostMortemDialog(_FormDialog):
    """Write (or rewrite) the post-mortem of a closed escalation."""

    saved = Signal(int)

    def __init__(self, console: Console, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postMortemDialog")
        self.console = console
        self.ticket_id = ticket_id
        self.result_postmortem: postmortem_service.PostMortemRecord | None = None
        self.setWindowTitle(self.tr("Post-mortem — ticket #{id}").format(id=ticket_id))
        current = postmortem_service.get_postmortem(console.db, ticket_id)
        self.root_cause = QComboBox(objectName="postMortemCause")
        for cause, label in (("product-defect", self.tr("Product defect")), ("logistics", self.tr("Logistics")),
                             ("listing-description", self.tr("Listing description")),
                             ("earlier-service-handling", self.tr("Earlier service handling")),
                             ("other", self.tr("Other"))):
            self.root_cause.addItem(label, cause)
        self.done_text = QPlainTextEdit(objectName="postMortemDone")
        self.done_text.setPlaceholderText(self.tr("what was done for the buyer"))
        self.changes_text = QPlainTextEdit(objectName="postMortemChanges")
        self.changes_text.setPlaceholderText(self.tr("what changes so that it does not happen again"))
        self.rules = QLineEdit(objectName="postMortemRules")
        self.rules.setPlaceholderText(self.tr("rule ids it led to, separated by commas (optional)"))
        if current is not None:
            self.root_cause.setCurrentIndex(max(0, self.root_cause.findData(current.root_cause)))
            self.done_text.setPlainText(current.what_done)
            self.changes_text.setPlainText(current.what_changes)
            self.rules.setText(", ".join(current.rule_links))
        self.error = _error_label("postMortemError")
        form = QFormLayout()
        form.addRow(self.tr("Root cause:"), self.root_cause)
        form.addRow(self.tr("What was done:"), self.done_text)
        form.addRow(self.tr("What changes:"), self.changes_text)
        form.addRow(self.tr("Rule changes:"), self.rules)
        self._finish(form, self.error, self.tr("&Save post-mortem"), "savePostMortemButton", 560, self.submit)

    def submit(self) -> bool:
        try:
            self.result_postmortem = postmortem_service.write_postmortem(
                self.console.db, self.console.actor, self.ticket_id, root_cause=str(self.root_cause.currentData()),
                what_done=self.done_text.toPlainText(), what_changes=self.changes_text.toPlainText(),
                rule_links=[r for r in self.rules.text().split(",") if r.strip()])
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            return _show_refusal(self.error, exc)
        self.saved.emit(self.ticket_id)
        self.accept()
        return True
