"""Admin › Settings: every setting the core knows (warroom.domain.settings), the mail server
among them, and a "Send a test mail" button that runs in a worker.

The mail password field never shows the stored password (it is empty, with a note saying where
the password is kept); typing in it replaces the password through the same service as
``warroom settings set smtp.password`` (the OS keyring, else the database with a warning).
Saving changes each edited setting through the core, one audited change each; a refusal names
the setting and leaves the dialog open with the field focused."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from warroom.errors import BadInput, Cancelled
from warroom.services import admin as admin_service
from warroom.services.admin import MailTestResult, SettingRow

from ui.context import Console
from ui.errors import describe
from ui.workers import Job

CONTEXT = "SettingsDialog"
ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
WARN_STYLE = "color: #8d6e00; font-weight: bold;"
OK_STYLE = "color: #1b5e20; font-weight: bold;"
PASSWORD_KEY = "smtp.password"
MAIL_KEYS = ("smtp.host", "smtp.port", "smtp.security", "smtp.username", PASSWORD_KEY, "smtp.from")
GENERAL_ORDER = ("seller.name", "response_window_hours", "atoz_window_hours", "appeal_info_window_hours",
                 "deadlines.counted_from", "audit.checkpoint_folder")


def setting_label(key: str) -> str:
    labels = {
        "smtp.host": QCoreApplication.translate("SettingsDialog", "Mail server (host):"), "smtp.port": QCoreApplication.translate("SettingsDialog", "Port:"), "smtp.security": QCoreApplication.translate("SettingsDialog", "Security:"),
        "smtp.username": QCoreApplication.translate("SettingsDialog", "User name:"), PASSWORD_KEY: QCoreApplication.translate("SettingsDialog", "Password:"), "smtp.from": QCoreApplication.translate("SettingsDialog", "From address:"),
        "seller.name": QCoreApplication.translate("SettingsDialog", "Store name:"),
        "response_window_hours": QCoreApplication.translate("SettingsDialog", "Hours to answer a buyer:"),
        "atoz_window_hours": QCoreApplication.translate("SettingsDialog", "Hours to answer an A-to-z request:"),
        "appeal_info_window_hours": QCoreApplication.translate("SettingsDialog", "Hours to answer during an appeal:"),
        "deadlines.counted_from": QCoreApplication.translate("SettingsDialog", "Count missed deadlines from:"),
        "audit.checkpoint_folder": QCoreApplication.translate("SettingsDialog", "Checkpoint copy folder:"),
        "import.max_body_bytes": QCoreApplication.translate("SettingsDialog", "Largest message body (bytes):"),
        "import.max_attachment_bytes": QCoreApplication.translate("SettingsDialog", "Largest attachment (bytes):"),
        "import.max_attachments": QCoreApplication.translate("SettingsDialog", "Most attachments per message:"),
    }
    if key in labels:
        return labels[key]
    if key.startswith("high_value_threshold."):
        return QCoreApplication.translate("SettingsDialog", "High value above ({currency}):").format(currency=key.rsplit(".", 1)[1])
    return key + ":"


def _group_of(key: str) -> str:
    if key in MAIL_KEYS:
        return "mail"
    if key.startswith("high_value_threshold."):
        return "thresholds"
    if key.startswith("import."):
        return "imports"
    return "general"


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


class SettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.rows: dict[str, SettingRow] = {}
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.test_job: Job | None = None
        self.last_test: MailTestResult | None = None

        self.groups = {
            "mail": QGroupBox(self.tr("Mail server (for sending replies by e-mail)")),
            "general": QGroupBox(self.tr("Store, deadlines and evidence")),
            "imports": QGroupBox(self.tr("Import limits")),
            "thresholds": QGroupBox(self.tr("High-value thresholds (disputed amount)")),
        }
        self.forms = {name: QFormLayout(box) for name, box in self.groups.items()}
        self.forget_password = QCheckBox(self.tr("Remove the stored password"), objectName="forgetPassword")
        self.password_note = QLabel(objectName="passwordNote")
        self.password_note.setWordWrap(True)
        self.test_to = QLineEdit(objectName="testMailTo")
        self.test_to.setPlaceholderText(self.tr("an address of yours, e.g. ops@yourshop.example"))
        self.test_button = QPushButton(self.tr("Send a &test mail"), objectName="testMailButton")
        self.test_button.setToolTip(self.tr("Saves your changes, then sends one short mail with these settings."))
        self.test_button.clicked.connect(self.send_test_mail)
        self.test_result = QLabel(objectName="testMailResult")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        self.message = QLabel(objectName="settingsMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self._build()

        inner = QWidget()
        inner_lay = QVBoxLayout(inner)
        for box in self.groups.values():
            inner_lay.addWidget(box)
        inner_lay.addStretch(1)
        scroll = QScrollArea(objectName="settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(self.tr("&Save"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("saveSettingsButton")
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(760, 640)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        try:
            rows = admin_service.settings(self.console.db, self.console.actor)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self._say(describe(exc)[1], ERROR_STYLE)
            rows = []
        self.rows = {r.key: r for r in rows}
        first = [k for k in (*MAIL_KEYS, *GENERAL_ORDER) if k in self.rows]
        order = first + [k for k in self.rows if k not in first]
        for key in order:
            row = self.rows[key]
            field = self._field(row)
            field.setToolTip(row.help)
            self.fields[key] = field
            self.forms[_group_of(key)].addRow(setting_label(key), field)
            if key == PASSWORD_KEY:
                self.forms["mail"].addRow("", self.forget_password)
                self.forms["mail"].addRow("", self.password_note)
        self._password_state(self.rows.get(PASSWORD_KEY))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        self.forms["mail"].addRow(self.tr("Test mail to:"), test_row)
        self.forms["mail"].addRow("", self.test_result)

    def _field(self, row: SettingRow) -> QLineEdit | QComboBox:
        name = "setting_" + row.key.replace(".", "_")
        if row.key == "smtp.security":
            combo = QComboBox(objectName=name)
            for value, text in (("starttls", self.tr("STARTTLS (port 587)")), ("ssl", self.tr("SSL/TLS (port 465)")),
                                ("none", self.tr("None (local test servers only)"))):
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(row.value)))
            return combo
        field = QLineEdit(objectName=name)
        if row.secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)   # never the stored value, never echoed
            field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        else:
            field.setText(_shown(row.value))
        return field

    def _password_state(self, row: SettingRow | None) -> None:
        field = self.fields.get(PASSWORD_KEY)
        if row is None or not isinstance(field, QLineEdit):
            return
        field.clear()
        self.forget_password.setChecked(False)
        self.forget_password.setVisible(row.stored_in is not None)
        if row.stored_in == "keyring":
            field.setPlaceholderText(self.tr("stored in the OS keyring — type to replace"))
            self.password_note.setText(self.tr("The password is kept in the OS keyring, not in the database."))
            self.password_note.setStyleSheet("color: #555;")
        elif row.stored_in == "database":
            field.setPlaceholderText(self.tr("stored — type to replace"))
            self.password_note.setText(self.tr("Warning: no OS keyring is available, so the password is stored "
                                               "in the database in clear. Anyone who can read the database file "
                                               "can read it."))
            self.password_note.setStyleSheet(WARN_STYLE)
        else:
            field.setPlaceholderText(self.tr("not set"))
            self.password_note.setText("")

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    # ------------------------------------------------------------ saving

    def value_of(self, key: str) -> str:
        field = self.fields[key]
        if isinstance(field, QComboBox):
            return str(field.currentData())
        return field.text()

    def pending(self) -> list[tuple[str, str]]:
        """(key, text) of every setting the dialog changed; the password only when typed."""
        out = []
        for key, row in self.rows.items():
            text = self.value_of(key)
            if row.secret:
                if text:
                    out.append((key, text))
                elif key == PASSWORD_KEY and self.forget_password.isChecked() and row.stored_in is not None:
                    out.append((key, ""))
            elif text != _shown(row.value):
                out.append((key, text))
        return out

    def save(self, *, quiet: bool = False) -> bool:
        """Save what was edited; ``quiet``: say nothing when nothing changed (before a test mail)."""
        changes = self.pending()
        done = 0
        warning: str | None = None
        for key, text in changes:
            try:
                result = admin_service.change_setting(self.console.db, self.console.actor, key, text)
            except Exception as exc:  # noqa: BLE001 - a refusal, phrased here
                self._refused(key, exc, done)
                return False
            done += 1
            if key == PASSWORD_KEY and result.warning:
                warning = result.warning
        self._reload()
        if not changes:
            if quiet:
                return True
            self._say(self.tr("Nothing to save: no setting was changed."), "color: #555;")
        elif warning:
            self._say(self.tr("Saved. The mail password is in the database in clear: no OS keyring is available."),
                      WARN_STYLE)
        else:
            self._say(self.tr("Saved 1 change.") if done == 1 else self.tr("Saved {n} changes.").format(n=done), OK_STYLE)
        if changes:
            self.saved.emit()
        return True

    def _refused(self, key: str, exc: BaseException, saved: int) -> None:
        label = setting_label(key).rstrip(":")
        why = exc.message.split(": ", 1)[-1] if isinstance(exc, BadInput) else describe(exc)[1]
        text = self.tr("Not saved — {setting}: {why}").format(setting=label, why=why)
        if saved:
            text += " " + (self.tr("(1 earlier change was saved.)") if saved == 1 else
                         self.tr("({n} earlier changes were saved.)").format(n=saved))
        self._say(text, ERROR_STYLE)
        field = self.fields.get(key)
        if field is not None:
            field.setFocus()

    def _reload(self) -> None:
        try:
            rows = admin_service.settings(self.console.db, self.console.actor)
        except Exception as exc:  # noqa: BLE001
            self._say(describe(exc)[1], ERROR_STYLE)
            return
        self.rows = {r.key: r for r in rows}
        self._password_state(self.rows.get(PASSWORD_KEY))

    # ------------------------------------------------------------ the test mail

    def send_test_mail(self) -> Job | None:
        if self.test_job is not None and not self.test_job.finished:
            return self.test_job
        if not self.save(quiet=True):
            return None
        to = self.test_to.text().strip()
        db, actor = self.console.db, self.console.actor
        job = Job(lambda _progress: admin_service.send_test_mail(db, actor, to), "test-mail")
        self.test_job = job
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Sending a test mail to {to}…").format(to=to))
        self.test_result.setStyleSheet("color: #555;")
        self.console.runner.start(job, self._test_done, self._test_failed)
        return job

    def _test_done(self, result: MailTestResult) -> None:
        self.test_button.setEnabled(True)
        self.last_test = result
        if result.ok:
            self.test_result.setText(self.tr("The mail server accepted the test mail to {to} ({server}). "
                                             "Check that it arrived.").format(to=result.to_addr, server=result.server))
            self.test_result.setStyleSheet(OK_STYLE)
        else:
            self.test_result.setText(self.tr("The test mail was not sent: {error}").format(error=result.error or ""))
            self.test_result.setStyleSheet(ERROR_STYLE)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.test_result.setText(self.tr("Cancelled."))
            self.test_result.setStyleSheet("color: #555;")
            return
        if isinstance(exc, BadInput) and exc.field == "to":
            text = self.tr("Type the address to send the test mail to.") if not self.test_to.text().strip() else \
                self.tr("This is not a valid e-mail address.")
            self.test_to.setFocus()
        elif "no mail server" in str(exc):
            text = self.tr("Fill in the mail server first.")
        elif "no sender address" in str(exc):
            text = self.tr("Fill in the From address first.")
        else:
            text = describe(exc)[1]
        self.test_result.setText(text)
        self.test_result.setStyleSheet(ERROR_STYLE)


def open_settings_dialog(parent: QWidget, console: Console) -> SettingsDialog:
    """Admin › Settings… (one window; raised when open already)."""
    existing = parent.findChild(SettingsDialog, "settingsDialog")
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    if existing is not None:
        existing.deleteLater()
    dialog = SettingsDialog(console, parent)
    dialog.show()
    return dialog
