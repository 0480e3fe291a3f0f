"""Editing a template as a NEW version (compliance): the text on the left with its lint shown
live, a live preview rendered on a chosen ticket on the right (the core's sandboxed render,
with the same variables a draft gets; the extra variables filled in a small table), and
below a side-by-side diff against the current version.  Saving makes a draft version that
needs approval; the approved version stays in use until then."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from warroom.services import template_library as lib

from ui.context import Console
from ui.errors import show_error
from ui.lint_view import LintView
from ui.template_diff import DiffView

DEBOUNCE_MS = 250
ERROR_STYLE = "color: #b71c1c;"


def finding_dicts(findings: Any) -> list[dict[str, Any]]:
    """Lint findings as the shared lint view shows them."""
    return [f.to_dict() for f in findings]


class TemplateEditor(QDialog):
    saved = Signal(object)               # lib.TemplateEdit

    def __init__(self, console: Console, base: lib.TemplateVersion, current: lib.TemplateVersion | None,
                 next_version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self.console = console
        self.base = base
        self.current = current
        self.next_version = next_version
        self.check: lib.TemplateCheck | None = None
        self.last_preview: lib.TemplatePreview | None = None
        self.result_edit: lib.TemplateEdit | None = None
        self.setWindowTitle(self.tr("New version of {key} ({language})").format(key=base.key, language=base.language))

        self.heading = QLabel(self.tr("Saved as version {n}, a draft: the approved version stays in use until "
                                      "this one is approved.").format(n=next_version), objectName="editorHeading")
        self.heading.setWordWrap(True)
        self.title_edit = QLineEdit(base.title, objectName="templateTitle")
        self.text = QPlainTextEdit(objectName="templateText")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(base.body)
        self.source_error = QLabel(objectName="templateSourceError")
        self.source_error.setStyleSheet(ERROR_STYLE)
        self.source_error.setWordWrap(True)
        self.source_error.setTextFormat(Qt.TextFormat.PlainText)
        self.source_error.hide()
        self.lint = LintView(name="templateLint")

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title_edit)
        editor = QWidget()
        el = QVBoxLayout(editor)
        el.setContentsMargins(0, 0, 0, 0)
        el.addLayout(form)
        from warroom.templates import STANDARD_VARIABLES

        text_label = QLabel(self.tr("Te&xt ({{ variable }}, {% if %}…{% endif %}); hover for the variables:"))
        text_label.setBuddy(self.text)
        text_label.setToolTip(self.tr("Variables every draft gets: {names}. Any other name is a variable the "
                                      "agent fills in.").format(names=", ".join(sorted(STANDARD_VARIABLES))))
        el.addWidget(text_label)
        el.addWidget(self.text, 1)
        el.addWidget(self.source_error)
        el.addWidget(self.lint)

        self.ticket = QComboBox(objectName="previewTicket")
        self.ticket.setMinimumContentsLength(30)
        self.ticket.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.variables = QTableWidget(0, 2, objectName="previewVariables")
        self.variables.setHorizontalHeaderLabels([self.tr("Variable"), self.tr("Value for the preview")])
        self.variables.verticalHeader().hide()
        self.variables.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.variables.setMaximumHeight(90)
        self.preview_status = QLabel(objectName="previewStatus")
        self.preview_status.setWordWrap(True)
        self.preview_status.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QPlainTextEdit(objectName="previewText")
        self.preview.setReadOnly(True)
        self.preview_lint = LintView(name="previewLint")
        pv = QWidget()
        pl = QVBoxLayout(pv)
        pl.setContentsMargins(0, 0, 0, 0)
        pf = QFormLayout()
        pf.addRow(self.tr("Preview on tic&ket:"), self.ticket)
        pl.addLayout(pf)
        pl.addWidget(self.variables)
        pl.addWidget(self.preview_status)
        pl.addWidget(self.preview, 1)
        pl.addWidget(self.preview_lint)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(editor)
        top.addWidget(pv)
        top.setSizes([600, 500])
        self.diff = DiffView()
        old_title = (self.tr("Current: version {v} ({status})").format(v=current.version, status=current.status)
                     if current is not None else self.tr("Current: none"))
        self.diff.set_titles(old_title, self.tr("New: version {v}").format(v=next_version))
        split = QSplitter(Qt.Orientation.Vertical, objectName="editorSplit")
        split.addWidget(top)
        split.addWidget(self.diff)
        split.setSizes([380, 220])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save as version {n}").format(n=next_version))
        self.save_button.setObjectName("saveVersion")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.text.textChanged.connect(self.timer.start)
        self.title_edit.textChanged.connect(self._update_save)
        self.ticket.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.variables.itemChanged.connect(lambda _item: self.timer.start())
        self._load_tickets()
        self.resize(1180, 660)
        self.refresh()

    # ------------------------------------------------------------ live checks

    def _load_tickets(self) -> None:
        try:
            tickets = lib.preview_tickets(self.console.db, self.base.language, self.base.category)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Reading the tickets to preview on"))
            return
        self.ticket.blockSignals(True)
        for t in tickets:
            self.ticket.addItem(self.tr("#{id} · {language} · {category} · {subject}").format(
                id=t.id, language=t.language or "?", category=t.category, subject=t.subject[:60]), t.id)
        self.ticket.blockSignals(False)

    def body(self) -> str:
        return self.text.toPlainText()

    def refresh(self) -> None:
        """Lint the text, show the diff, re-render the preview (no write)."""
        body = self.body()
        try:
            self.check = lib.check_text(self.console.db, body)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Checking the text"))
            return
        if self.check.source_error:
            self.source_error.setText(self.tr("The text does not compile: {why}").format(why=self.check.source_error))
            self.source_error.show()
        else:
            self.source_error.hide()
        self.lint.set_findings(finding_dicts(self.check.findings),
                               self.tr("it can be saved but not approved") if self.check.findings else "")
        self._sync_variables(self.check.variables)
        self.diff.set_texts(self.current.body if self.current is not None else "", body)
        self.refresh_preview()
        self._update_save()

    def _sync_variables(self, names: tuple[str, ...]) -> None:
        values = self.variable_values()
        if tuple(self.variables.item(r, 0).text() for r in range(self.variables.rowCount())) == names:
            return
        self.variables.blockSignals(True)
        self.variables.setRowCount(len(names))
        for row, name in enumerate(names):
            key = QTableWidgetItem(name)
            key.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.variables.setItem(row, 0, key)
            self.variables.setItem(row, 1, QTableWidgetItem(values.get(name, "")))
        self.variables.blockSignals(False)
        self.variables.setVisible(bool(names))

    def variable_values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(self.variables.rowCount()):
            key, value = self.variables.item(row, 0), self.variables.item(row, 1)
            if key is not None and value is not None and value.text():
                out[key.text()] = value.text()
        return out

    def refresh_preview(self) -> None:
        ticket_id = self.ticket.currentData()
        if ticket_id is None:
            self.preview_status.setText(self.tr("No ticket to preview on."))
            return
        if self.check is not None and self.check.source_error:
            self.preview.setPlainText("")
            self.preview_status.setText(self.tr("No preview: the text does not compile."))
            self.preview_lint.clear()
            return
        try:
            p = lib.preview(self.console.db, self.body(), int(ticket_id), self.variable_values())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Rendering the preview"))
            return
        self.last_preview = p
        self.preview.setPlainText(p.text)
        if p.missing:
            self.preview_status.setText(self.tr("The preview needs a value for “{name}” (fill it in above).")
                                        .format(name=p.missing))
            self.preview_lint.clear()
        elif p.error:
            self.preview_status.setText(self.tr("No preview: {why}").format(why=p.error))
            self.preview_lint.clear()
        else:
            self.preview_status.setText(self.tr("Rendered as a draft on this ticket would be:"))
            self.preview_lint.set_findings(finding_dicts(p.findings))

    def _update_save(self) -> None:
        changed = self.body().strip() != self.base.body.strip() or self.title_edit.text().strip() != self.base.title
        compiles = self.check is not None and self.check.source_error is None
        self.save_button.setEnabled(changed and compiles and bool(self.body().strip()))
        self.save_button.setToolTip("" if changed else self.tr("Change the text or the title first"))

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        try:
            edit = lib.save_new_version(self.console.db, self.console.actor, self.base.key, self.base.language,
                                        self.body(), title=self.title_edit.text().strip() or None)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Saving the new version"))
            return
        self.result_edit = edit
        self.saved.emit(edit)
        self.accept()
