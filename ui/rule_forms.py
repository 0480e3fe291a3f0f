"""The small forms of the Rules screen: a new lint or triage rule, a new allowlist entry.

A refusal from the core that names a field (``BadInput.field``) is shown inside the form next
to that field, in the form's own words; the form stays open to correct it."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from warroom.errors import BadInput, WarroomError
from warroom.services import rule_trial

from ui.context import Console
from ui.errors import show_error

ERROR_STYLE = "color: #b71c1c;"
LANGUAGES = ("", "en", "de", "fr", "it", "es", "ja")


class _Form(QDialog):
    done = Signal(object)

    def __init__(self, console: Console, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.console = console
        self.result_value: Any = None
        self.form = QFormLayout()
        self.problem = QLabel(objectName="formProblem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}

    def _field_name(self, field: str) -> str:
        return field

    def _run(self, call: Callable[[], Any], action: str) -> Any:
        for w in self.fields.values():
            w.setStyleSheet("")
        try:
            value = call()
        except BadInput as exc:
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setStyleSheet("border: 1px solid #b71c1c;")
                widget.setFocus()
                # the base class's own context: self.tr would look it up under the subclass's name
                self.problem.setText(QCoreApplication.translate("RuleFormBase", "{field}: {why}").format(field=self._field_name(exc.field or ""),
                                                                      why=str(exc)))
            else:
                self.problem.setText(str(exc))
            self.problem.show()
            return None
        except WarroomError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return None
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, action)
            return None
        self.result_value = value
        self.done.emit(value)
        self.accept()
        return value

    def submit(self) -> Any:
        raise NotImplementedError


class RuleForm(_Form):
    """A compliance user's rule: a lint rule is one phrase with its explanation; a triage rule
    also names the category or flag it sets."""

    def __init__(self, console: Console, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(console, parent)
        from warroom import triage

        self.kind = kind
        self.setObjectName("ruleForm")
        self.setWindowTitle(self.tr("New lint rule") if kind == "lint" else self.tr("New triage rule"))
        self.rule_id = QLineEdit(objectName="ruleId")
        self.rule_id.setPlaceholderText(self.tr("e.g. WAREHOUSE-NAMES"))
        self.pattern = QLineEdit(objectName="rulePattern")
        self.pattern.setPlaceholderText(self.tr("the phrase; (a|b) for alternatives"))
        self.explanation = QLineEdit(objectName="ruleExplanation")
        self.language = QComboBox(objectName="ruleLanguage")
        for lang in LANGUAGES:
            self.language.addItem(lang or self.tr("every language"), lang)
        self.target = QComboBox(objectName="ruleTarget")
        for t in (*triage.CATEGORIES, *triage.FLAGS):
            self.target.addItem(t, t)
        self.form.addRow(self.tr("&Id:"), self.rule_id)
        self.form.addRow(self.tr("&Pattern:"), self.pattern)
        self.form.addRow(self.tr("&Why it matters:"), self.explanation)
        self.form.addRow(self.tr("&Language:"), self.language)
        if kind == "triage":
            self.form.addRow(self.tr("&Sets:"), self.target)
        else:
            self.target.hide()
        self.fields = {"id": self.rule_id, "pattern": self.pattern, "explanation": self.explanation,
                       "target": self.target, "language": self.language}
        self.resize(520, 200)

    def _field_name(self, field: str) -> str:
        return {"id": self.tr("Id"), "pattern": self.tr("Pattern"), "explanation": self.tr("Why it matters"),
                "target": self.tr("Sets"), "language": self.tr("Language")}.get(field, field)

    def submit(self) -> rule_trial.RuleView | None:
        return self._run(lambda: rule_trial.add_rule(
            self.console.db, self.console.actor, self.kind, self.rule_id.text(), self.pattern.text(),
            self.explanation.text(), target=str(self.target.currentData() or ""),
            language=str(self.language.currentData() or "") or None), self.tr("Adding the rule"))


class AllowlistForm(_Form):
    """A contact compliance allows in replies: an e-mail address (or @domain), a phone number,
    or a link domain."""

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(console, parent)
        self.setObjectName("allowlistForm")
        self.setWindowTitle(self.tr("Allow a contact in replies"))
        self.kind = QComboBox(objectName="allowKind")
        for label, value in ((self.tr("E-mail address or @domain"), "email"), (self.tr("Phone number"), "phone"),
                             (self.tr("Link domain"), "domain")):
            self.kind.addItem(label, value)
        self.value = QLineEdit(objectName="allowValue")
        self.value.setPlaceholderText(self.tr("e.g. service@dhl.de, +49 228 4333112, dhl.de"))
        self.note = QLineEdit(objectName="allowNote")
        self.note.setPlaceholderText(self.tr("who it is, why it is allowed"))
        self.form.addRow(self.tr("&Kind:"), self.kind)
        self.form.addRow(self.tr("&Value:"), self.value)
        self.form.addRow(self.tr("&Note:"), self.note)
        self.fields = {"kind": self.kind, "value": self.value, "note": self.note}
        self.resize(480, 160)

    def _field_name(self, field: str) -> str:
        return {"kind": self.tr("Kind"), "value": self.tr("Value"), "note": self.tr("Note")}.get(field, field)

    def submit(self) -> rule_trial.AllowlistItem | None:
        return self._run(lambda: rule_trial.add_allowlist_entry(
            self.console.db, self.console.actor, str(self.kind.currentData()), self.value.text(), self.note.text()),
            self.tr("Adding the allowlist entry"))
