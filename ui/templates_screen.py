"""The Templates screen (compliance): every template version by key, language and version with
its status; the selected version's text and lint; import a file, edit as a new version (with a
diff and a live preview, ui/template_editor.py), approve a draft version, retire a version
(after a confirmation).  Admins see it read-only; every change goes through the audited
services in warroom/services/template_library.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.services import template_library as lib
from warroom.templates import TemplateFileError

from ui.context import Console
from ui.errors import show_error
from ui.lint_view import LintView
from ui.template_editor import TemplateEditor, finding_dicts

STATUS_COLORS = {"approved": "#1b5e20", "draft": "#8d6e00", "retired": "#757575"}


def _local(iso_text: str | None) -> str:
    return clock.local_text(clock.parse_iso(iso_text)) if iso_text else "—"


class TemplatesScreen(QWidget):
    changed = Signal()

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templatesScreen")
        self.console = console
        self.can_manage = console.can(Permission.MANAGE_TEMPLATES)
        self.versions: list[lib.TemplateVersion] = []
        self.editor: TemplateEditor | None = None
        self.confirm: QMessageBox | None = None
        self.last_box: QMessageBox | None = None

        self.filter = QLineEdit(objectName="templateFilter")
        self.filter.setPlaceholderText(self.tr("Filter by key, title or category"))
        self.filter.setClearButtonEnabled(True)
        self.status_filter = QComboBox(objectName="templateStatusFilter")
        for label, value in ((self.tr("All statuses"), ""), (self.tr("Approved"), "approved"),
                             (self.tr("Draft"), "draft"), (self.tr("Retired"), "retired")):
            self.status_filter.addItem(label, value)
        self.language_filter = QComboBox(objectName="templateLanguageFilter")
        self.language_filter.addItem(self.tr("All languages"), "")
        self.import_button = QPushButton(self.tr("&Import file…"), objectName="importTemplates")
        self.edit_button = QPushButton(self.tr("&Edit as new version…"), objectName="editTemplate")
        self.approve_button = QPushButton(self.tr("Appr&ove version"), objectName="approveTemplate")
        self.retire_button = QPushButton(self.tr("&Retire version…"), objectName="retireTemplate")
        self.import_button.clicked.connect(self.choose_import)
        self.edit_button.clicked.connect(self.edit_selected)
        self.approve_button.clicked.connect(self.approve_selected)
        self.retire_button.clicked.connect(self.ask_retire)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 2)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.language_filter)
        bar.addStretch(1)
        for b in (self.import_button, self.edit_button, self.approve_button, self.retire_button):
            bar.addWidget(b)
        self.read_only_note = QLabel(self.tr("Read only: only a compliance user changes templates."),
                                     objectName="templatesReadOnly")
        self.read_only_note.setVisible(not self.can_manage)

        self.list = QTreeWidget(objectName="templateList")
        self.list.setHeaderLabels([self.tr("Key"), self.tr("Language"), self.tr("Version"), self.tr("Status"),
                                   self.tr("Category"), self.tr("Title")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.count = QLabel(objectName="templateCount")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.count)

        self.details = QLabel(objectName="templateDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.body = QPlainTextEdit(objectName="templateBody")
        self.body.setReadOnly(True)
        self.lint = LintView(name="templateBodyLint")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.details)
        rl.addWidget(self.body, 1)
        rl.addWidget(self.lint)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 640])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.read_only_note)
        layout.addWidget(split, 1)
        self.filter.textChanged.connect(lambda _t: self._fill())
        self.status_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.language_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.refresh()

    # ------------------------------------------------------------ reading

    def refresh(self, select: tuple[str, str, int] | None = None) -> None:
        keep = select or (self._key(self.selected()) if self.selected() else None)
        try:
            self.versions = lib.list_versions(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self._error(exc, self.tr("Reading the templates"))
            return
        languages = sorted({v.language for v in self.versions})
        chosen = self.language_filter.currentData()
        self.language_filter.blockSignals(True)
        while self.language_filter.count() > 1:
            self.language_filter.removeItem(1)
        for lang in languages:
            self.language_filter.addItem(lang, lang)
        self.language_filter.setCurrentIndex(max(0, self.language_filter.findData(chosen)))
        self.language_filter.blockSignals(False)
        self._fill(keep)

    @staticmethod
    def _key(v: lib.TemplateVersion) -> tuple[str, str, int]:
        return (v.key, v.language, v.version)

    def visible_versions(self) -> list[lib.TemplateVersion]:
        text = self.filter.text().strip().casefold()
        status = self.status_filter.currentData()
        language = self.language_filter.currentData()
        return [v for v in self.versions
                if (not status or v.status == status) and (not language or v.language == language)
                and (not text or text in v.key.casefold() or text in v.title.casefold()
                     or text in v.category.casefold())]

    def _fill(self, keep: tuple[str, str, int] | None = None) -> None:
        keep = keep or (self._key(self.selected()) if self.selected() else None)
        shown = self.visible_versions()
        self.list.blockSignals(True)
        self.list.clear()
        chosen: QTreeWidgetItem | None = None
        for v in shown:
            item = QTreeWidgetItem([v.key, v.language, str(v.version), self._status_text(v.status), v.category,
                                    v.title])
            item.setData(0, Qt.ItemDataRole.UserRole, self._key(v))
            item.setForeground(3, Qt.GlobalColor.darkGreen if v.status == "approved" else
                               Qt.GlobalColor.darkYellow if v.status == "draft" else Qt.GlobalColor.gray)
            self.list.addTopLevelItem(item)
            if keep == self._key(v):
                chosen = item
        self.list.blockSignals(False)
        n = len(shown)
        self.count.setText(self.tr("1 version shown") if n == 1 else self.tr("{n} versions shown").format(n=n))
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        elif shown:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self._selection_changed()

    def _status_text(self, status: str) -> str:
        return {"approved": self.tr("approved"), "draft": self.tr("draft"), "retired": self.tr("retired")}.get(
            status, status)

    def selected(self) -> lib.TemplateVersion | None:
        item = self.list.currentItem()
        if item is None:
            return None
        key = item.data(0, Qt.ItemDataRole.UserRole)
        return next((v for v in self.versions if self._key(v) == tuple(key)), None)

    def select(self, key: str, language: str, version: int) -> bool:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if tuple(item.data(0, Qt.ItemDataRole.UserRole)) == (key, language, version):
                self.list.setCurrentItem(item)
                return True
        return False

    def _selection_changed(self) -> None:
        v = self.selected()
        self.edit_button.setEnabled(self.can_manage and v is not None)
        self.approve_button.setEnabled(self.can_manage and v is not None and v.status == "draft")
        self.retire_button.setEnabled(self.can_manage and v is not None and v.status != "retired")
        self.import_button.setEnabled(self.can_manage)
        if v is None:
            self.details.setText(self.tr("No template selected."))
            self.body.setPlainText("")
            self.lint.clear()
            return
        lines = [self.tr("{key} version {version} ({language}) · {status} · category {category}").format(
            key=v.key, version=v.version, language=v.language, status=self._status_text(v.status),
            category=v.category),
            self.tr("Created by {who} at {when}").format(who=v.created_by, when=_local(v.created_at))]
        if v.approved_by:
            lines.append(self.tr("Approved by {who} at {when}").format(who=v.approved_by, when=_local(v.approved_at)))
        if v.retired_by:
            lines.append(self.tr("Retired by {who} at {when}").format(who=v.retired_by, when=_local(v.retired_at)))
        if v.variables:
            lines.append(self.tr("Variables a draft supplies: {names}").format(names=", ".join(v.variables)))
        self.details.setText("\n".join(lines))
        self.body.setPlainText(v.body)
        try:
            check = lib.check_text(self.console.db, v.body)
        except Exception as exc:  # noqa: BLE001
            self._error(exc, self.tr("Checking the template"))
            return
        self.lint.set_findings(finding_dicts(check.findings), self.tr("it cannot be approved") if check.findings
                               and v.status == "draft" else "")
        if check.findings and v.status == "draft":
            self.approve_button.setEnabled(False)
            self.approve_button.setToolTip(self.tr("Fix the lint findings in a new version first"))
        else:
            self.approve_button.setToolTip("")

    # ------------------------------------------------------------ changing

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import templates"), "",
                                                    self.tr("Template files (*.json);;All files (*)"))
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> lib.TemplateImport | None:
        try:
            out = lib.import_file(self.console.db, self.console.actor, path)
        except TemplateFileError as exc:
            self._refused(self.tr("Import refused"), self._file_error_text(exc))
            return None
        except Exception as exc:  # noqa: BLE001
            self._error(exc, self.tr("Importing {file}").format(file=path))
            return None
        n = len(out.added)
        if n:
            text = (self.tr("1 template version imported and approved") if n == 1 else
                    self.tr("{n} template versions imported and approved").format(n=n))
        else:
            text = self.tr("Nothing new: every version in the file is already stored")
        if out.retired:
            text += "\n" + self.tr("Retired: {refs}").format(refs=", ".join(out.retired))
        self._inform(self.tr("Import done"), text)
        first = out.added[0] if out.added else None
        self.refresh(self._parse_ref(first) if first else None)
        self.changed.emit()
        return out

    def _file_error_text(self, exc: TemplateFileError) -> str:
        lines = [self.tr("File: {file}").format(file=exc.file)]
        if exc.record is not None:
            lines.append(self.tr("Entry: {n}").format(n=exc.record))
        if exc.field is not None:
            lines.append(self.tr("Field: {field}").format(field=exc.field))
        lines.append(self.tr("Problem: {reason}").format(reason=exc.reason))
        return "\n".join(lines)

    @staticmethod
    def _parse_ref(ref: str) -> tuple[str, str, int]:
        key, _, rest = ref.partition("@")
        version, _, language = rest.partition("/")
        return (key, language, int(version))

    def edit_selected(self) -> TemplateEditor | None:
        v = self.selected()
        if v is None or not self.can_manage:
            return None
        current = lib.current_version(self.versions, v.key, v.language)
        newest = max(x.version for x in self.versions if x.key == v.key and x.language == v.language)
        self.editor = TemplateEditor(self.console, v, current, newest + 1, self)
        self.editor.saved.connect(self._saved)
        self.editor.open()
        return self.editor

    def _saved(self, edit: lib.TemplateEdit) -> None:
        v = edit.version
        self.refresh((v.key, v.language, v.version))
        self.changed.emit()

    def approve_selected(self) -> None:
        v = self.selected()
        if v is None or v.status != "draft":
            return
        try:
            decision = lib.approve_version(self.console.db, self.console.actor, v)
        except Exception as exc:  # noqa: BLE001
            self._error(exc, self.tr("Approving {ref}").format(ref=v.ref))
            return
        self.refresh(self._key(v))
        self.changed.emit()
        text = self.tr("Approved: {refs}").format(refs=", ".join(decision.approved))
        if decision.retired:
            text += "\n" + self.tr("Retired: {refs}").format(refs=", ".join(decision.retired))
        self._status(text)

    def ask_retire(self) -> QMessageBox | None:
        v = self.selected()
        if v is None or v.status == "retired":
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Retire template version"),
                          self.tr("Retire {key} version {version} ({language})? No new draft can use it; drafts "
                                  "already written keep it.").format(key=v.key, version=v.version,
                                                                     language=v.language),
                          QMessageBox.StandardButton.Cancel, self)
        retire = box.addButton(self.tr("&Retire"), QMessageBox.ButtonRole.DestructiveRole)
        retire.setObjectName("confirmRetire")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("retireConfirm")
        box.buttonClicked.connect(lambda b: self.retire(v) if b is retire else None)
        self.confirm = box
        box.open()
        return box

    def retire(self, v: lib.TemplateVersion) -> None:
        try:
            decision = lib.retire_version(self.console.db, self.console.actor, v)
        except Exception as exc:  # noqa: BLE001
            self._error(exc, self.tr("Retiring {ref}").format(ref=v.ref))
            return
        self.refresh(self._key(v))
        self.changed.emit()
        self._status(self.tr("Retired: {refs}").format(refs=", ".join(decision.retired)))

    # ------------------------------------------------------------ messages

    def _status(self, text: str) -> None:
        window: Any = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)
        self.count.setToolTip(text)

    def _inform(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("templatesInfo")
        self.last_box = box
        box.open()

    def _refused(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("errorBox")
        self.last_box = box
        box.open()

    def _error(self, exc: BaseException, action: str) -> None:
        self.last_box = show_error(self, exc, action)
