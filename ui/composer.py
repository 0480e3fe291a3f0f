"""The reply composer (the ticket view's "Reply" tab).

Only approved templates that fit the ticket's category and language are offered; the rendered
preview and the lint result refresh as the variables change (debounced).  During a suspension
there is no free-text box; on an ESCALATED ticket there are no templates, only the senior reply,
and only for compliance and admin users.  Everything goes through ``warroom.services``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTabWidget,
    QVBoxLayout, QWidget,
)

from warroom.domain.drafts import NoReply, ReplyOptions
from warroom.errors import BusinessRuleError
from warroom.services import drafts as draft_service
from warroom.services.drafts import WaitingDraft
from warroom.services import templates as template_service

from ui.context import Console
from ui.errors import describe
from ui import wording
from ui.i18n import draft_status_name
from ui.lint_view import LintView

DEBOUNCE_MS = 250
ESCALATED = "ESCALATED"
NOTE_STYLE = "QLabel#composerNote { background: #fff3e0; border: 1px solid #ef6c00; border-radius: 4px; " \
             "padding: 6px; color: #4e2600; }"


WAITING_STYLE = "QFrame#waitingBox { background: #e3f2fd; border: 1px solid #1565c0; border-radius: 4px; }"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Composer", text)


def _result_text(draft: dict[str, Any]) -> tuple[str, str]:
    if draft["status"] == "blocked":
        rules = ", ".join(sorted({f["rule"] for f in draft["lint"]}))
        return (QCoreApplication.translate("Composer", "Draft #{id} is BLOCKED by lint findings ({rules}): it cannot be approved. "
                    "Change it and save it again, or write a new one.").format(id=draft["id"], rules=rules),
                "color: #b71c1c; font-weight: bold;")
    if draft["status"] == "held":
        return (QCoreApplication.translate("Composer", "Draft #{id} saved; it is held by the suspension.").format(id=draft["id"]),
                "color: #8d6e00; font-weight: bold;")
    return (QCoreApplication.translate("Composer", "Draft #{id} submitted for approval. A compliance user decides on the approval desk.")
            .format(id=draft["id"]), "color: #1b5e20; font-weight: bold;")


def waiting_text(w: WaitingDraft) -> str:
    """What the composer says about the draft waiting on the ticket."""
    status = {
        "submitted": QCoreApplication.translate("Composer", "waiting for approval on the approval desk"),
        "approved": QCoreApplication.translate("Composer", "approved, waiting in the outbox to be sent"),
        "held": QCoreApplication.translate("Composer", "held by the suspension"),
        "sending": QCoreApplication.translate("Composer", "being sent"),
    }.get(w.status, w.status)
    text = QCoreApplication.translate("Composer", "Draft #{id} by {author} is {status}.").format(id=w.id, author=w.author, status=status)
    if w.status == "held":
        text += " " + wording.held_reason(w.reason)
    return text + " " + QCoreApplication.translate("Composer", "One draft at a time: this ticket takes a new reply when it is sent or rejected.")


class _TextPage(QWidget):
    """Free text (outside a suspension) or the senior reply: an editor, live lint, submit."""

    def __init__(self, name: str, hint: str, button: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.editor = QPlainTextEdit(objectName=f"{name}Edit")
        self.editor.setPlaceholderText(self.tr("Write the reply here (plain text). It is linted as you type."))
        self.editor.setMinimumHeight(80)
        self.lint = LintView(name=f"{name}Lint")
        self.submit = QPushButton(self.tr("&Submit for approval"), objectName=f"{name}Submit")
        self.submit.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.lint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.submit)
        layout.addLayout(row)


class Composer(QWidget):
    submitted = Signal(object)          # the draft dict
    error = Signal(object, str)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.console = console
        self.ticket: dict[str, Any] | None = None
        self.templates: list[dict[str, Any]] = []
        self.preview: dict[str, Any] | None = None
        self.var_edits: dict[str, QLineEdit] = {}
        self.last_draft: dict[str, Any] | None = None
        self.suspended = False
        self.options = ReplyOptions(False, False, False)
        self._drafts: dict[int, dict[str, Any]] = {}

        self.note = QLabel(objectName="composerNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.hide()

        # template page
        self.template_page = QWidget(objectName="templatePage")
        self.template_box = QComboBox(objectName="templateBox")
        self.template_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
        self.template_box.currentIndexChanged.connect(self._template_changed)
        self.vars_box = QGroupBox(self.tr("Values this template needs"), objectName="varsBox")
        self.vars_form = QFormLayout(self.vars_box)
        self.vars_box.hide()
        self.subject = QLabel(objectName="previewSubject")
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        self.subject.setWordWrap(True)
        self.preview_text = QPlainTextEdit(objectName="previewText")
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText(self.tr("The rendered reply appears here."))
        self.preview_text.setMinimumHeight(80)
        self.template_lint = LintView(name="templateLint")
        self.template_submit = QPushButton(self.tr("&Submit for approval"), objectName="templateSubmit")
        self.template_submit.setEnabled(False)
        self.template_submit.clicked.connect(self.submit_template)
        tl = QVBoxLayout(self.template_page)
        pick = QFormLayout()
        pick.addRow(self.tr("Template:"), self.template_box)
        tl.addLayout(pick)
        tl.addWidget(self.vars_box)
        tl.addWidget(self.subject)
        tl.addWidget(self.preview_text, 1)
        tl.addWidget(self.template_lint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.template_submit)
        tl.addLayout(row)

        self.text_page = _TextPage("freeText", self.tr("Free text (no suspension is declared). It is linted live "
                                                       "and, like every reply, approved by a second person before "
                                                       "it leaves."), "")
        self.senior_page = _TextPage("seniorReply", self.tr("Senior reply: this ticket is ESCALATED, so no template "
                                                            "answers it. Write the reply yourself; another compliance "
                                                            "user approves it."), "")
        for page in (self.text_page, self.senior_page):
            page.editor.textChanged.connect(self._schedule)
            page.submit.clicked.connect(lambda _c=False, p=page: self.submit_text(p))

        self.modes = QTabWidget(objectName="composerModes")
        self.modes.currentChanged.connect(lambda _i: self.refresh())
        self.result = QLabel(objectName="submitResult")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.hide()
        self.history = QLabel(objectName="ticketDrafts")
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setWordWrap(True)
        self.history.setStyleSheet("color: #424242;")
        # editing one of your own drafts (blocked, rejected, ...): it keeps its number
        self.editing: dict[str, Any] | None = None
        self.edit_box = QComboBox(objectName="editDraftBox")
        self.edit_button = QPushButton(self.tr("&Edit draft"), objectName="editDraft")
        self.edit_button.setToolTip(self.tr("Load one of your drafts on this ticket to change it. Saving re-lints it "
                                            "and sends it back for approval; any approval it had is void."))
        self.edit_button.clicked.connect(self._edit_chosen)
        self.cancel_edit_button = QPushButton(self.tr("Stop editing"), objectName="cancelEdit")
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.cancel_edit_button.hide()
        self.edit_row = QWidget(objectName="editRow")
        er = QHBoxLayout(self.edit_row)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(QLabel(self.tr("Your drafts here:")))
        er.addWidget(self.edit_box, 1)
        er.addWidget(self.edit_button)
        er.addWidget(self.cancel_edit_button)
        self.edit_row.hide()

        # the draft waiting on the ticket: shown instead of an empty editor (one draft at a time)
        self.waiting: WaitingDraft | None = None
        self.waiting_box = QFrame(objectName="waitingBox")
        self.waiting_box.setStyleSheet(WAITING_STYLE)
        self.waiting_label = QLabel(objectName="waitingLabel")
        self.waiting_label.setTextFormat(Qt.TextFormat.PlainText)
        self.waiting_label.setWordWrap(True)
        self.waiting_body = QPlainTextEdit(objectName="waitingBody")
        self.waiting_body.setReadOnly(True)
        self.waiting_body.setMinimumHeight(80)
        wl = QVBoxLayout(self.waiting_box)
        wl.addWidget(self.waiting_label)
        wl.addWidget(self.waiting_body, 1)
        self.waiting_box.hide()
        self._submitting = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.waiting_box, 1)
        layout.addWidget(self.modes, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.history)
        layout.addWidget(self.edit_row)

        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.set_ticket(None)

    # ------------------------------------------------------------ which modes

    def _pages(self) -> list[QWidget]:
        return [self.modes.widget(i) for i in range(self.modes.count())]

    @property
    def has_free_text(self) -> bool:
        """Whether any free-text editor is offered for this ticket."""
        return self.text_page in self._pages() or self.senior_page in self._pages()

    def _signature(self, ticket: dict[str, Any]) -> tuple[Any, ...]:
        return (ticket["id"], ESCALATED in (ticket.get("tags") or []), ticket.get("status") == "closed",
                ticket.get("category"), ticket.get("language"), self.options)

    def set_ticket(self, ticket: dict[str, Any] | None) -> None:
        """Show the composer for ``ticket``.  Reloading the same ticket in the same state keeps
        what the user typed."""
        if ticket is not None:
            try:
                self.options = draft_service.reply_options_for(self.console.db, self.console.actor, ticket["id"])
            except Exception as exc:  # noqa: BLE001
                self.error.emit(exc, self.tr("Reading what replies this ticket takes"))
                self.options = ReplyOptions(False, False, False)
            self.suspended = NoReply.SUSPENDED in self.options.why_not
            if self.ticket is not None and self._signature(ticket) == self._signature(self.ticket):
                self.ticket = ticket
                if self.template_page in self._pages():
                    self._load_templates(only_if_changed=True)     # a template import or retirement
                self._show_history()
                return
        self.timer.stop()
        self._leave_edit()
        self.ticket = ticket
        self.templates = []
        self.preview = None
        self.last_draft = None
        self.result.hide()
        self.modes.clear()
        self.note.hide()
        self.history.setText("")
        self.waiting = None
        self.waiting_box.hide()
        if ticket is None:
            self.modes.hide()
            return
        options = self.options
        notes: list[str] = []
        if options.senior:
            self.modes.addTab(self.senior_page, self.tr("Senior reply"))
            self.senior_page.editor.clear()
            self.senior_page.lint.clear(self.tr("Lint: nothing to check yet"))
        if options.template:
            self.modes.addTab(self.template_page, self.tr("From a template"))
            self._load_templates()
        if options.free_text:
            self.modes.addTab(self.text_page, self.tr("Free text"))
            self.text_page.editor.clear()
            self.text_page.lint.clear(self.tr("Lint: nothing to check yet"))
        for why in options.why_not:
            if why is NoReply.ROLE:
                notes.append(self.tr("Your role does not write replies."))
            elif why is NoReply.CLOSED:
                notes.append(self.tr("This ticket is closed: no reply can be drafted."))
            elif why is NoReply.ESCALATED and not options.senior:
                notes.append(self.tr("This ticket is ESCALATED: the escalation process stops templated replies. "
                                     "Only a senior reply, written by a compliance or admin user, answers it. "
                                     "Leave a private note for them if you know something they should."))
            elif why is NoReply.SUSPENDED:
                notes.append(self.tr("A suspension is declared: replies come only from approved templates "
                                     "(no free text)."))
        if notes:
            self.note.setText(" ".join(notes))
            self.note.show()
        self.modes.setVisible(self.modes.count() > 0)
        self._show_history()

    def _load_templates(self, only_if_changed: bool = False) -> None:
        assert self.ticket is not None
        try:
            found = template_service.templates_for_ticket(self.console.db, self.ticket["id"])
        except Exception as exc:  # noqa: BLE001
            found = []
            self.error.emit(exc, self.tr("Listing the templates"))
        ref = lambda rows: [(t["key"], t["version"], t["language"]) for t in rows]  # noqa: E731
        if only_if_changed and ref(found) == ref(self.templates):
            return
        keep = self.template_box.currentData() if only_if_changed else None
        self.templates = found
        self.template_box.blockSignals(True)
        self.template_box.clear()
        if not self.templates:
            self.template_box.addItem(self.tr("No approved template fits this ticket (category: {category}, "
                                              "language: {language})").format(
                category=wording.category(self.ticket.get("category")), language=self.ticket.get("language") or "en"),
                None)
        else:
            self.template_box.addItem(self.tr("— pick a template —"), None)
            for t in self.templates:
                self.template_box.addItem(f"{t['title']}  ·  {t['key']}@{t['version']}  ·  {t['language']}", t["key"])
        index = self.template_box.findData(keep) if keep else -1
        self.template_box.setCurrentIndex(max(index, 0))
        self.template_box.blockSignals(False)
        self._template_changed()

    def _show_history(self) -> None:
        if self.ticket is None:
            return
        try:
            rows = draft_service.list_drafts(self.console.db, ticket_id=self.ticket["id"])
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Listing the ticket's drafts"))
            return
        if rows:
            self.history.setText(self.tr("Drafts on this ticket: {list}").format(list="; ".join(
                f"#{d['id']} {draft_status_name(d['status'])} ({d['author']})" for d in rows)))
        else:
            self.history.setText(self.tr("No drafts on this ticket yet."))
        mine = [d for d in rows if self._editable(d)]
        keep = self.edit_box.currentData()
        self.edit_box.clear()
        for d in reversed(mine):                       # newest first
            why = f": {d['reason']}" if d.get("reason") else ""
            self.edit_box.addItem(f"#{d['id']} {draft_status_name(d['status'])}{why}", d["id"])
        self._show_waiting()
        index = self.edit_box.findData(keep) if keep is not None else -1
        self.edit_box.setCurrentIndex(max(index, 0))
        self._drafts = {d["id"]: d for d in mine}
        self.edit_row.setVisible(bool(mine) or self.editing is not None)

    def _show_waiting(self) -> None:
        """The draft waiting on the ticket (status, number, text) replaces the editor, unless you
        are editing it: one draft at a time."""
        self.waiting = None
        if self.ticket is not None:
            try:
                self.waiting = draft_service.waiting_draft(self.console.db, self.ticket["id"])
            except Exception as exc:  # noqa: BLE001
                self.error.emit(exc, self.tr("Reading the draft waiting on the ticket"))
        w = self.waiting
        show = w is not None and self.editing is None
        if w is not None:
            self.waiting_label.setText(waiting_text(w))
            self.waiting_body.setPlainText(w.body)
        self.waiting_box.setVisible(show)
        self.modes.setVisible(not show and self.modes.count() > 0)

    def _editable(self, d: dict[str, Any]) -> bool:
        """One of your own drafts that can still change, in a mode this ticket offers now (a
        templated draft only when it has values to change)."""
        if d["author"] != self.console.actor.name or d["status"] not in draft_service.EDITABLE:
            return False
        if d["kind"] == "template":
            return bool(d["variables"]) and self.template_page in self._pages()
        return self._text_page_for(d["kind"]) is not None

    def _text_page_for(self, kind: str) -> _TextPage | None:
        page = self.senior_page if kind == "senior" else self.text_page
        return page if page in self._pages() else None

    # ------------------------------------------------------------ editing a draft

    def _edit_chosen(self) -> None:
        draft_id = self.edit_box.currentData()
        if draft_id is not None:
            self.start_edit(self._drafts[draft_id])

    def start_edit(self, draft: dict[str, Any], announce: bool = True) -> None:
        """Load ``draft`` (yours) into the matching page: its values or its text.  Submitting
        then saves the change to that draft instead of writing a new one."""
        if draft["kind"] == "template":
            self.modes.setCurrentWidget(self.template_page)
            try:
                self.select_template(draft["template_key"])
            except KeyError:
                self.error.emit(BusinessRuleError(self.tr("template {key} is no longer offered for this ticket: "
                                                          "write a new draft").format(key=draft["template_key"])),
                                self.tr("Editing the draft"))
                return
            for name, value in draft["variables"].items():
                if name in self.var_edits:
                    self.var_edits[name].setText(value)
        else:
            page = self._text_page_for(draft["kind"])
            if page is None:
                return
            self.modes.setCurrentWidget(page)
            page.editor.setPlainText(draft["body"])
        self.editing = draft
        self._show_waiting()
        label = self.tr("Save changes to draft #{id}").format(id=draft["id"])
        for button in (self.template_submit, self.text_page.submit, self.senior_page.submit):
            button.setText(label)
        if announce:
            why = ""
            if draft.get("reason"):
                why = " " + self.tr("Reason given: {reason}").format(reason=draft["reason"])
            self.result.setText(self.tr("Editing your draft #{id} ({status}).").format(id=draft["id"],
                                                                                       status=draft_status_name(draft["status"])) + why)
            self.result.setStyleSheet("color: #0d47a1; font-weight: bold;")
            self.result.show()
        self.edit_button.hide()
        self.edit_box.setEnabled(False)
        self.cancel_edit_button.show()
        self.edit_row.show()
        self.refresh()

    def cancel_edit(self) -> None:
        page = self.modes.currentWidget()
        was = self.editing
        self._leave_edit()
        if was is not None and isinstance(page, _TextPage):
            page.editor.clear()
        self.result.hide()
        self._show_history()

    def _leave_edit(self) -> None:
        self.editing = None
        for button in (self.template_submit, self.text_page.submit, self.senior_page.submit):
            button.setText(self.tr("&Submit for approval"))
        self.edit_button.show()
        self.edit_box.setEnabled(True)
        self.cancel_edit_button.hide()

    # ------------------------------------------------------------ template mode

    def current_template(self) -> dict[str, Any] | None:
        key = self.template_box.currentData()
        return next((t for t in self.templates if t["key"] == key), None)

    def select_template(self, key: str) -> None:
        index = self.template_box.findData(key)
        if index < 0:
            raise KeyError(key)
        self.template_box.setCurrentIndex(index)

    def _template_changed(self, _index: int = 0) -> None:
        while self.vars_form.rowCount():
            self.vars_form.removeRow(0)
        self.var_edits = {}
        t = self.current_template()
        for name in (t["variables"] if t else []):
            edit = QLineEdit(objectName=f"var_{name}")
            edit.textChanged.connect(self._schedule)
            self.var_edits[name] = edit
            self.vars_form.addRow(name.replace("_", " ") + ":", edit)
        self.vars_box.setVisible(bool(self.var_edits))
        self.preview = None
        if t is None:
            self.preview_text.setPlainText("")
            self.subject.setText("")
            self.template_lint.clear(self.tr("Lint: pick a template"))
            self.template_submit.setEnabled(False)
            return
        self.refresh()          # a pick refreshes at once; typing is debounced

    def variables(self) -> dict[str, str]:
        return {name: e.text() for name, e in self.var_edits.items() if e.text().strip()}

    def _schedule(self) -> None:
        self.timer.start()

    def refresh(self) -> None:
        """Re-render the preview (template mode) or re-lint the text (text modes)."""
        self.timer.stop()
        page = self.modes.currentWidget()
        if self.ticket is None or page is None:
            return
        if page is self.template_page:
            self._refresh_preview()
        elif isinstance(page, _TextPage):
            self._refresh_text_lint(page)

    def _refresh_preview(self) -> None:
        t = self.current_template()
        if t is None or self.ticket is None:
            return
        try:
            p = draft_service.preview_draft(self.console.db, self.ticket["id"], template=t["key"],
                                            language=t["language"], variables=self.variables())
        except Exception as exc:  # noqa: BLE001 - shown in place, not as a dialog while typing
            self.preview = None
            self.preview_text.setPlainText(describe(exc)[1])
            self.template_lint.clear(self.tr("Lint: no preview"))
            self.template_submit.setEnabled(False)
            return
        self.preview = p
        if p["missing"]:
            self.subject.setText("")
            self.preview_text.setPlainText(self.tr("Fill in “{name}” to see the reply.").format(name=p["missing"]))
            self.template_lint.clear(self.tr("Lint: waiting for the missing value"))
            self.template_submit.setEnabled(False)
            return
        self.subject.setText(self.tr("Subject: {subject}").format(subject=p["subject"])
                             + f"   ·   {p['template_key']}@{p['template_version']} ({p['language']})")
        self.preview_text.setPlainText(p["body"])
        self.template_lint.set_findings(p["lint"], self.tr("submitting saves it as blocked"))
        self.template_submit.setEnabled(not self._submitting)

    def _refresh_text_lint(self, page: _TextPage) -> None:
        text = page.editor.toPlainText()
        if not text.strip():
            page.lint.clear(self.tr("Lint: nothing to check yet"))
            page.submit.setEnabled(False)
            return
        try:
            findings = draft_service.lint_reply(self.console.db, text)
        except Exception as exc:  # noqa: BLE001
            page.lint.clear(self.tr("Lint failed: {why}").format(why=describe(exc)[1]))
            page.submit.setEnabled(False)
            return
        page.lint.set_findings(findings, self.tr("submitting saves it as blocked"))
        page.submit.setEnabled(not self._submitting)

    # ------------------------------------------------------------ submitting

    def submit_template(self) -> dict[str, Any] | None:
        t = self.current_template()
        if t is None or self.ticket is None:
            return None
        return self._submit(dict(template=f"{t['key']}@{t['version']}", language=t["language"],
                                 variables=self.variables()))

    def submit_text(self, page: _TextPage) -> dict[str, Any] | None:
        if self.ticket is None:
            return None
        draft = self._submit(dict(text=page.editor.toPlainText()))
        if draft is not None and draft["status"] != "blocked":
            page.editor.blockSignals(True)
            page.editor.clear()
            page.editor.blockSignals(False)
            page.lint.clear(self.tr("Lint: nothing to check yet"))
            page.submit.setEnabled(False)
        return draft

    def _submit_buttons(self) -> tuple[QPushButton, ...]:
        return (self.template_submit, self.text_page.submit, self.senior_page.submit)

    def _submit(self, kwargs: dict[str, Any]) -> dict[str, Any] | None:
        """One click, one draft: the buttons are disabled while it is saved (and the core refuses a
        second draft while one waits on the ticket)."""
        assert self.ticket is not None
        if self._submitting:
            return None
        editing = self.editing
        self._submitting = True
        enabled = [b.isEnabled() for b in self._submit_buttons()]
        for b in self._submit_buttons():
            b.setEnabled(False)
        try:
            if editing is not None:
                changes = {k: v for k, v in kwargs.items() if k in ("text", "variables")}
                draft = draft_service.edit_draft(self.console.db, self.console.actor, editing["id"], **changes)
            else:
                draft = draft_service.create_draft(self.console.db, self.console.actor, self.ticket["id"], **kwargs)
        except Exception as exc:  # noqa: BLE001
            self._submitting = False
            for b, was in zip(self._submit_buttons(), enabled):
                b.setEnabled(was)
            action = self.tr("Saving the draft") if editing is not None else self.tr("Submitting the draft")
            self.error.emit(exc, action)
            self._show_history()              # e.g. a draft another user submitted meanwhile
            return None
        self._submitting = False
        if editing is not None:
            self._leave_edit()
        self.last_draft = draft
        text, style = _result_text(draft)
        self.result.setText(text)
        self.result.setStyleSheet(style)
        self.result.show()
        page = self.modes.currentWidget()
        self._show_history()
        if draft["status"] == "blocked":
            if self._editable(draft):
                # a blocked draft is fixed in place: the next submit saves the change to it
                self.start_edit(draft, announce=False)
            lint = page.lint if isinstance(page, _TextPage) else self.template_lint
            lint.set_findings(draft["lint"], self.tr("the draft was saved as blocked"))
        self.submitted.emit(draft)
        return draft
