"""Ticket actions: one right-click menu for the queue (one or many rows) and the open ticket.

Set the status or close, tag and untag with a reason, change the category with a reason,
assign (to me, to a user, nobody); for an agent on an ESCALATED ticket, "Request a senior
reply" (compliance sees the SENIOR-REQUESTED tag in the queue).  On several queue rows the
status, tag and assign actions are one service call each (one audit entry listing the tickets).
Also here: "Go to ticket number" (Ctrl+G).

Every action calls a service in ``warroom.services``; a dialog that needs a reason stays open
with the refusal phrased for the console (never a command-line hint)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QBoxLayout, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel,
    QLayout, QMenu, QMessageBox, QPlainTextEdit, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from warroom.domain import tickets as T
from warroom.domain.roles import Permission
from warroom.errors import BadInput, WarroomError
from warroom.services import ticket_actions as action_service
from warroom.services import tickets as ticket_service
from warroom.services import triage as triage_service

from ui.context import Console
from ui.errors import describe

ESCALATED = action_service.ESCALATED
SENIOR_REQUESTED = action_service.SENIOR_REQUESTED


class ReasonDialog(QDialog):
    """A small form: an optional choice (a tag, a category) and a reason.  ``submit`` runs the
    action with (choice, reason); a refusal is shown here and the dialog stays open."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, submit: Callable[[str, str], None], *,
                 reason_required: bool = True, choices: list[str] | None = None, choice_label: str = "",
                 editable: bool = False, current: str | None = None, name: str = "reasonDialog") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.submit_action = submit
        self.reason_required = reason_required
        self.prompt = QLabel(prompt, objectName="reasonPrompt")
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.choice: QComboBox | None = None
        form = QFormLayout()
        if choices is not None:
            self.choice = QComboBox(objectName="reasonChoice")
            self.choice.setEditable(editable)
            self.choice.addItems(choices)
            if current is not None and self.choice.findText(current) >= 0:
                self.choice.setCurrentText(current)
            elif editable:
                self.choice.setCurrentIndex(-1)
                self.choice.setEditText("")
            form.addRow(choice_label, self.choice)
        self.reason = QPlainTextEdit(objectName="reasonText")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.reason.setPlaceholderText(self.tr("Why (kept in the audit log)") if reason_required
                                       else self.tr("Optional: what the senior should know"))
        form.addRow(self.tr("Reason:") if reason_required else self.tr("Note:"), self.reason)
        self.error = QLabel(objectName="reasonError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("reasonOk")
        self.buttons.accepted.connect(self.try_submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def phrase(self, exc: BaseException) -> str:
        """The refusal in the console's words (a missing reason names the box, not an option)."""
        if isinstance(exc, BadInput) and exc.field == "reason":
            return self.tr("Give a reason: it is kept in the audit log.")
        if isinstance(exc, BadInput) and exc.field in ("tags", "tag"):
            return self.tr("Choose or type a tag: 1 to 32 letters, digits, - or _.")
        return describe(exc)[1]

    def try_submit(self) -> bool:
        choice = self.choice.currentText().strip() if self.choice is not None else ""
        reason = self.reason.toPlainText().strip()
        if self.choice is not None and not choice:
            self.show_problem(self.tr("Choose a value first."))
            return False
        if self.reason_required and not reason:
            self.show_problem(self.tr("Give a reason: it is kept in the audit log."))
            self.reason.setFocus()
            return False
        try:
            self.submit_action(choice, reason)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.show_problem(self.phrase(exc))
            return False
        self.accept()
        return True


class TicketActions(QObject):
    """Builds the menus and runs the actions; ``changed`` lists the tickets to refresh."""

    changed = Signal(list)
    open_requested = Signal(int)
    message = Signal(str)
    error = Signal(object, str)

    def __init__(self, console: Console, parent: QWidget) -> None:
        super().__init__(parent)
        self.console = console
        self.window = parent
        self.dialog: QDialog | None = None          # the dialog open now (tests drive it)
        self.last_menu: QMenu | None = None
        # set by install(): the ticket view's buttons and how to bring them up to date
        self.actions_button: QToolButton | None = None
        self.senior_button: QPushButton | None = None
        self.update_view: Callable[[], None] = lambda: None

    def count_text(self, n: int) -> str:
        """"1 ticket", "3 tickets"."""
        return self.tr("1 ticket") if n == 1 else self.tr("{n} tickets").format(n=n)

    # ------------------------------------------------------------ the menu

    def build_menu(self, tickets: list[dict[str, Any]], parent: QWidget | None = None, *,
                   offer_open: bool = True) -> QMenu:
        """The menu for these tickets (rows as the queue or the ticket view hold them);
        ``offer_open``: begin with "Open ticket #N" (not in the ticket view, which shows it)."""
        menu = QMenu(parent or self.window)
        menu.setObjectName("ticketActionsMenu")
        self.last_menu = menu
        ids = [int(t["id"]) for t in tickets]
        can_work = self.console.can(Permission.WORK_TICKETS)
        many = len(ids) > 1
        if not ids:
            return menu
        head: QAction | None = None
        if many:
            head = menu.addAction(self.tr("{what} selected").format(what=self.count_text(len(ids))))
            head.setEnabled(False)
            menu.addSeparator()
        elif offer_open:
            head = menu.addAction(self.tr("Open ticket #{id}").format(id=ids[0]))
            head.setObjectName("openTicketAction")
            head.triggered.connect(lambda: self.open_requested.emit(ids[0]))
            menu.addSeparator()

        status_menu = menu.addMenu(self.tr("&Set status"))
        status_menu.setObjectName("statusMenu")
        group = QActionGroup(status_menu)
        names = {"open": self.tr("Open"), "waiting": self.tr("Waiting"), "answered": self.tr("Answered"),
                 "closed": self.tr("Closed")}
        current = {t.get("status") for t in tickets}
        for status in T.STATUSES:
            a = status_menu.addAction(names.get(status, status))
            a.setObjectName(f"status_{status}")
            a.setCheckable(True)
            a.setChecked(current == {status})
            group.addAction(a)
            a.triggered.connect(lambda _c=False, s=status: self.set_status(ids, s))
        close = menu.addAction(self.tr("&Close {what}").format(what=self.count_text(len(ids))) if many
                               else self.tr("&Close ticket"))
        close.setObjectName("closeTicketAction")
        close.setEnabled(current != {"closed"})
        close.triggered.connect(lambda: self.set_status(ids, "closed"))
        menu.addSeparator()

        tag = menu.addAction(self.tr("&Tag…"))
        tag.setObjectName("tagAction")
        tag.triggered.connect(lambda: self.ask_tag(ids))
        if not many:
            present = list(tickets[0].get("tags") or [])
            untag = menu.addMenu(self.tr("&Remove tag"))
            untag.setObjectName("untagMenu")
            untag.setEnabled(bool(present))
            for name in present:
                a = untag.addAction(name)
                a.setObjectName(f"untag_{name}")
                a.triggered.connect(lambda _c=False, n=name: self.ask_untag(ids[0], n))
            cat = menu.addAction(self.tr("Change cate&gory…"))
            cat.setObjectName("categoryAction")
            cat.triggered.connect(lambda: self.ask_category(ids[0], tickets[0].get("category")))
        menu.addSeparator()

        me = self.console.actor.name
        mine = menu.addAction(self.tr("Assign to &me"))
        mine.setObjectName("assignMeAction")
        mine.setEnabled({t.get("assignee") for t in tickets} != {me})
        shown = tickets[0].get("assignee") if not many else ticket_service.ANYONE
        mine.triggered.connect(lambda: self.assign(ids, me, expected=shown))   # taken meanwhile: refused
        assign_menu = menu.addMenu(self.tr("&Assign to"))
        assign_menu.setObjectName("assignMenu")
        try:
            people = action_service.assignable_users(self.console.db)
        except Exception as exc:  # noqa: BLE001
            people = []
            self.error.emit(exc, self.tr("Reading the users"))
        for name in people:
            a = assign_menu.addAction(name)
            a.setObjectName(f"assignTo_{name}")
            a.triggered.connect(lambda _c=False, n=name: self.assign(ids, n))
        assign_menu.addSeparator()
        nobody = assign_menu.addAction(self.tr("Nobody (unassign)"))
        nobody.setObjectName("unassignAction")
        nobody.triggered.connect(lambda: self.assign(ids, None))

        if not many and self.needs_senior_request(tickets[0]):
            menu.addSeparator()
            requested = SENIOR_REQUESTED in (tickets[0].get("tags") or [])
            senior = menu.addAction(self.tr("Senior reply requested") if requested
                                    else self.tr("Re&quest a senior reply…"))
            senior.setObjectName("seniorRequestAction")
            senior.setEnabled(not requested)
            senior.triggered.connect(lambda: self.ask_senior(ids[0]))
        for a in menu.actions():
            if a is not head and not a.isSeparator():
                a.setEnabled(a.isEnabled() and can_work)
        return menu

    def needs_senior_request(self, ticket: dict[str, Any]) -> bool:
        """An ESCALATED ticket, seen by someone who may not write the senior reply."""
        return ESCALATED in (ticket.get("tags") or []) and not self.console.can(Permission.SENIOR_REPLY)

    # ------------------------------------------------------------ running the actions

    def _run(self, what: str, call: Callable[[], Any], ids: list[int], done: str) -> bool:
        try:
            call()
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, what)
            return False
        self.changed.emit(ids)
        self.message.emit(done)
        return True

    def set_status(self, ids: list[int], status: str) -> bool:
        db, actor = self.console.db, self.console.actor
        if len(ids) == 1:
            call: Callable[[], Any] = lambda: ticket_service.set_status(db, actor, ids[0], status)
        else:
            call = lambda: action_service.bulk_set_status(db, actor, ids, status)
        done = (self.tr("{what} closed") if status == "closed" else self.tr("{what} set to {status}")).format(
            what=self.count_text(len(ids)), status=status)
        return self._run(self.tr("Changing the status"), call, ids, done)

    def assign(self, ids: list[int], user: str | None, expected: Any = ticket_service.ANYONE) -> bool:
        """``expected``: the assignee the user saw on the one ticket ("Assign to me")."""
        db, actor = self.console.db, self.console.actor
        if len(ids) == 1:
            call: Callable[[], Any] = lambda: ticket_service.assign_ticket(db, actor, ids[0], user, expected=expected)
        else:
            call = lambda: action_service.bulk_assign(db, actor, ids, user)
        done = (self.tr("{what} assigned to {user}").format(what=self.count_text(len(ids)), user=user) if user
                else self.tr("{what} unassigned").format(what=self.count_text(len(ids))))
        return self._run(self.tr("Assigning"), call, ids, done)

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _tag_choices(self) -> list[str]:
        from warroom.services import queue as queue_service

        try:
            used = queue_service.queue_tags(self.console.db)
        except WarroomError:
            used = []
        return sorted(set(used) | set(T.FLAGS) | {"URGENT", ESCALATED, "REVIEW"})

    def ask_tag(self, ids: list[int]) -> QDialog:
        db, actor = self.console.db, self.console.actor

        def submit(tag: str, reason: str) -> None:
            if len(ids) == 1:
                ticket_service.tag_ticket(db, actor, ids[0], [tag], reason)
            else:
                action_service.bulk_tag(db, actor, ids, [tag], reason)
            self.changed.emit(ids)
            self.message.emit(self.tr("{what} tagged {tag}").format(what=self.count_text(len(ids)),
                                                                    tag=T.normalize_tag(tag)))

        prompt = (self.tr("Add a tag to ticket #{id}.").format(id=ids[0]) if len(ids) == 1 else
                  self.tr("Add a tag to {what}; tickets that have it already stay as they are.").format(
                      what=self.count_text(len(ids))))
        return self._open(ReasonDialog(self.window, self.tr("Tag tickets"), prompt, submit,
                                       choices=self._tag_choices(), choice_label=self.tr("Tag:"), editable=True,
                                       name="tagDialog"))

    def ask_untag(self, ticket_id: int, tag: str) -> QDialog:
        db, actor = self.console.db, self.console.actor

        def submit(_choice: str, reason: str) -> None:
            ticket_service.untag_ticket(db, actor, ticket_id, [tag], reason)
            self.changed.emit([ticket_id])
            self.message.emit(self.tr("Tag {tag} removed from ticket #{id}").format(tag=tag, id=ticket_id))

        prompt = self.tr("Remove the tag {tag} from ticket #{id}?").format(tag=tag, id=ticket_id)
        return self._open(ReasonDialog(self.window, self.tr("Remove a tag"), prompt, submit, name="untagDialog"))

    def ask_category(self, ticket_id: int, current: str | None) -> QDialog:
        db, actor = self.console.db, self.console.actor

        def submit(category: str, reason: str) -> None:
            triage_service.override_category(db, actor, ticket_id, category, reason)
            self.changed.emit([ticket_id])
            self.message.emit(self.tr("Ticket #{id} is now {category}").format(id=ticket_id, category=category))

        prompt = self.tr("Change the category of ticket #{id} (now {current}). Triage keeps a category set "
                         "by hand.").format(id=ticket_id, current=current or "—")
        return self._open(ReasonDialog(self.window, self.tr("Change the category"), prompt, submit,
                                       choices=list(T.CATEGORIES), choice_label=self.tr("Category:"),
                                       current=current, name="categoryDialog"))

    def ask_senior(self, ticket_id: int) -> QDialog:
        db, actor = self.console.db, self.console.actor

        def submit(_choice: str, note: str) -> None:
            action_service.request_senior_reply(db, actor, ticket_id, note or None)
            self.changed.emit([ticket_id])
            self.message.emit(self.tr("Senior reply requested for ticket #{id}: compliance sees it in the "
                                      "queue").format(id=ticket_id))

        prompt = self.tr("Ticket #{id} is ESCALATED: only a senior reply may answer it. Ask compliance or an "
                         "admin to write it; the ticket is tagged SENIOR-REQUESTED.").format(id=ticket_id)
        return self._open(ReasonDialog(self.window, self.tr("Request a senior reply"), prompt, submit,
                                       reason_required=False, name="seniorRequestDialog"))

    # ------------------------------------------------------------ go to ticket number

    def ask_jump(self) -> QInputDialog:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("jumpDialog")
        dialog.setWindowTitle(self.tr("Go to ticket"))
        dialog.setLabelText(self.tr("Ticket number:"))
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, 2_000_000_000)
        dialog.setIntValue(1)
        dialog.intValueSelected.connect(self.jump_to)
        self._open(dialog)
        line = dialog.findChild(QWidget, "qt_spinbox_lineedit")
        if line is not None and hasattr(line, "selectAll"):
            line.selectAll()
        return dialog

    def jump_to(self, ticket_id: int) -> bool:
        try:
            found = action_service.ticket_exists(self.console.db, int(ticket_id))
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Finding the ticket"))
            return False
        if not found:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Go to ticket"),
                              self.tr("There is no ticket #{id}.").format(id=ticket_id),
                              QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("jumpNotFound")
            self.dialog = box
            box.open()
            return False
        self.open_requested.emit(int(ticket_id))
        return True


# ---------------------------------------------------------------- wiring into the window

def _layout_holding(layout: QLayout | None, widget: QWidget) -> QBoxLayout | None:
    if layout is None:
        return None
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget and isinstance(layout, QBoxLayout):
            return layout
        found = _layout_holding(item.layout(), widget)
        if found is not None:
            return found
    return None


def selected_ticket_ids(queue: Any) -> list[int]:
    """The queue rows selected (sorted ids), else the current row."""
    model = queue.model
    rows = sorted({i.row() for i in queue.table.selectionModel().selectedRows()})
    ids = [tid for tid in (model.ticket_id(r) for r in rows) if tid is not None]
    if not ids:
        current = queue.current_ticket_id()
        ids = [current] if current is not None else []
    return ids


def queue_menu(actions: TicketActions, queue: Any, pos: QPoint | None = None) -> QMenu | None:
    """The menu for the queue's selection; a right-click (``pos`` in the viewport) outside the
    selection selects that row first.  Without ``pos`` (the keyboard's menu key, Shift+F10) the
    selection stays and the menu opens under the current row."""
    table = queue.table
    if pos is not None:
        index = table.indexAt(pos)
        if index.isValid() and not table.selectionModel().isRowSelected(index.row(), index.parent()):
            queue.select_row(index.row())
    rows = sorted({i.row() for i in table.selectionModel().selectedRows()}) or (
        [table.currentIndex().row()] if table.currentIndex().isValid() else [])
    tickets = [queue.model.row_dict(r) for r in rows]
    if not tickets:
        return None
    menu = actions.build_menu(tickets, table)
    if pos is None and table.isVisible():
        rect = table.visualRect(table.currentIndex())
        pos = rect.bottomLeft() if rect.isValid() else QPoint(0, 0)
    if pos is not None and table.isVisible():
        menu.popup(table.viewport().mapToGlobal(pos))
    return menu


class _QueueMenuEvents(QObject):
    """Right-click on the queue's rows (mouse: the row under the pointer; keyboard: the selection)."""

    def __init__(self, actions: TicketActions, queue: Any) -> None:
        super().__init__(queue)
        self.actions, self.queue = actions, queue

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() != QEvent.Type.ContextMenu or not isinstance(event, QContextMenuEvent):
            return False
        by_mouse = event.reason() == QContextMenuEvent.Reason.Mouse
        viewport = self.queue.table.viewport()
        pos = viewport.mapFromGlobal(event.globalPos()) if by_mouse else None
        queue_menu(self.actions, self.queue, pos)
        return True


def ticket_menu(actions: TicketActions, view: Any, at: QWidget | None = None, pos: QPoint | None = None) -> QMenu | None:
    if view.ticket is None:
        return None
    menu = actions.build_menu([view.ticket], view, offer_open=False)
    if at is not None and pos is not None:
        menu.popup(at.mapToGlobal(pos))
    return menu


def install(window: Any) -> TicketActions:
    """Hook the actions into the main window: the queue's right-click menu and multi-row
    selection, the ticket view's "Actions" button, right-click and senior-request button."""
    actions = TicketActions(window.console, window)
    queue, view = window.queue, window.ticket_view
    queue.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    events = _QueueMenuEvents(actions, queue)
    queue.table.installEventFilter(events)
    queue.table.viewport().installEventFilter(events)

    button = QToolButton(view, objectName="ticketActionsButton")
    button.setText(QCoreApplication.translate("TicketActions", "Actions"))
    button.setToolTip(QCoreApplication.translate("TicketActions", "Status, tags, category, assignment (also on right-click)"))
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setEnabled(False)
    senior = QPushButton(QCoreApplication.translate("TicketActions", "Request a senior reply…"), view, objectName="seniorRequestButton")
    senior.setToolTip(QCoreApplication.translate("TicketActions", "This ticket is ESCALATED: ask compliance for the senior reply"))
    senior.hide()
    head = _layout_holding(view.layout(), view.assign_button)
    if head is not None:
        head.addWidget(senior, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

    def update_view() -> None:
        t = view.ticket
        button.setEnabled(t is not None)
        old = button.menu()
        if t is not None:
            button.setMenu(actions.build_menu([t], button, offer_open=False))
        if old is not None and old is not button.menu():
            old.deleteLater()
        show = t is not None and actions.needs_senior_request(t) and actions.console.can(Permission.WORK_TICKETS)
        senior.setVisible(show)
        if show and t is not None:
            requested = SENIOR_REQUESTED in (t.get("tags") or [])
            senior.setEnabled(not requested)
            senior.setText(QCoreApplication.translate("TicketActions", "Senior reply requested") if requested
                           else QCoreApplication.translate("TicketActions", "Request a senior reply…"))

    senior.clicked.connect(lambda: actions.ask_senior(int(view.ticket["id"])) if view.ticket else None)
    for w in (view.title, view.meta, view.tags):
        w.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        w.customContextMenuRequested.connect(lambda pos, w=w: ticket_menu(actions, view, w, pos))

    def refresh(ids: list[int]) -> None:
        for tid in ids:
            window._ticket_changed(tid, reload_view=True)
        queue.load_tags()
        update_view()

    actions.changed.connect(refresh)
    actions.open_requested.connect(window.open_ticket)
    actions.message.connect(lambda text: window.statusBar().showMessage(text, 6000))
    actions.error.connect(window.show_error)
    view.shown.connect(lambda _tid: update_view())
    actions.update_view = update_view
    actions.senior_button = senior
    actions.actions_button = button
    return actions
