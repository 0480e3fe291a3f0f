"""The Escalations tab (open escalations with their briefs, the post-mortem knowledge base) and
the escalation buttons on the ticket view (brief, authorization, reshipment, post-mortem).

The main window's hook is :func:`add_escalation_tab`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.services import escalation as escalation_service
from warroom.services import postmortems as postmortem_service

from ui.context import Console
from ui.queue_model import status_name
from ui.escalation_dialogs import AuthorizationDialog, BriefDialog, PostMortemDialog, ReshipDialog

ESCALATED = "ESCALATED"


def cause_names() -> dict[str, str]:
    return {"product-defect": QCoreApplication.translate("EscalationsWidget", "Product defect"),
            "logistics": QCoreApplication.translate("EscalationsWidget", "Logistics"),
            "listing-description": QCoreApplication.translate("EscalationsWidget", "Listing description"),
            "earlier-service-handling": QCoreApplication.translate("EscalationsWidget", "Earlier service handling"),
            "other": QCoreApplication.translate("EscalationsWidget", "Other")}


class EscalationsWidget(QWidget):
    open_ticket = Signal(int)
    error = Signal(object)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationsWidget")
        self.console = console
        self.dialog: QDialog | None = None

        self.include_closed = QCheckBox(self.tr("Include closed (post-mortems)"), objectName="escalationsClosed")
        self.include_closed.toggled.connect(lambda _on: self.refresh())
        self.list = QTreeWidget(objectName="escalationsList")
        self.list.setHeaderLabels([self.tr("Ticket"), self.tr("Status"), self.tr("Escalated"), self.tr("Due"),
                                   self.tr("Brief"), self.tr("Post-mortem"), self.tr("Why"), self.tr("Subject")])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        for col in range(7):
            self.list.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemDoubleClicked.connect(lambda item, _c: self.show_brief(int(item.data(0, Qt.ItemDataRole.UserRole))))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton(self.tr("Op&en ticket"), objectName="escalationOpen")
        self.open_button.clicked.connect(lambda: self._with_current(self.open_ticket.emit))
        self.brief_button = QPushButton(self.tr("B&rief…"), objectName="escalationBrief")
        self.brief_button.clicked.connect(lambda: self._with_current(self.show_brief))
        self.pm_button = QPushButton(self.tr("Post-morte&m…"), objectName="escalationPostMortem")
        self.pm_button.clicked.connect(lambda: self._with_current(self.write_postmortem))
        self.count = QLabel(objectName="escalationsCount")
        top = QGroupBox(self.tr("Escalations"), objectName="escalationsBox")
        top_layout = QVBoxLayout(top)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.include_closed)
        row.addWidget(self.open_button)
        row.addWidget(self.brief_button)
        row.addWidget(self.pm_button)
        top_layout.addLayout(row)
        top_layout.addWidget(self.list, 1)

        self.search = QLineEdit(objectName="kbSearch")
        self.search.setPlaceholderText(self.tr("Search the post-mortems (any language)…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.search_kb())
        self.cause = QComboBox(objectName="kbCause")
        self.cause.addItem(self.tr("Any root cause"), None)
        for key, name in cause_names().items():
            self.cause.addItem(name, key)
        self.cause.currentIndexChanged.connect(lambda _i: self.search_kb())
        self.results = QTreeWidget(objectName="kbResults")
        self.results.setHeaderLabels([self.tr("Ticket"), self.tr("Root cause"), self.tr("Saved"), self.tr("Subject")])
        self.results.setRootIsDecorated(False)
        for col in range(3):
            self.results.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.results.currentItemChanged.connect(lambda *_: self._show_result())
        self.detail = QPlainTextEdit(objectName="kbDetail")
        self.detail.setReadOnly(True)
        bottom = QGroupBox(self.tr("Knowledge base (post-mortems)"), objectName="kbBox")
        bottom_layout = QVBoxLayout(bottom)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.cause)
        bottom_layout.addLayout(search_row)
        kb_split = QSplitter(Qt.Orientation.Horizontal)
        kb_split.addWidget(self.results)
        kb_split.addWidget(self.detail)
        kb_split.setSizes([500, 500])
        bottom_layout.addWidget(kb_split, 1)
        self._found: dict[int, postmortem_service.PostMortemRecord] = {}

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([320, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._update_buttons()

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        try:
            rows = escalation_service.open_escalations(self.console.db, include_closed=self.include_closed.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown by the window
            self.error.emit(exc)
            return
        self.list.clear()
        yes, no = self.tr("written"), self.tr("prefilled")
        for r in rows:
            item = QTreeWidgetItem([f"#{r.ticket_id}", status_name(r.status), clock.local_text(r.escalated_at),
                                    clock.local_text(r.due_at) if r.due_at else "—", yes if r.brief_edited else no,
                                    f"#{r.postmortem_id}" if r.postmortem_id else "—", r.reason or "", r.subject])
            item.setData(0, Qt.ItemDataRole.UserRole, r.ticket_id)
            item.setData(1, Qt.ItemDataRole.UserRole, r.status)
            self.list.addTopLevelItem(item)
        open_count = sum(1 for r in rows if r.status != "closed")
        self.count.setText(self.tr("1 open escalation") if open_count == 1
                           else self.tr("{n} open escalations").format(n=open_count))
        self._update_buttons()
        self.search_kb()

    def search_kb(self) -> None:
        try:
            found = postmortem_service.search_knowledge(self.console.db, self.search.text(),
                                                        root_cause=self.cause.currentData())
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc)
            return
        names = cause_names()
        self.results.clear()
        self._found = {pm.id: pm for pm in found}
        for pm in found:
            item = QTreeWidgetItem([f"#{pm.ticket_id}", names.get(pm.root_cause, pm.root_cause),
                                    clock.local_text(pm.updated_at), pm.subject])
            item.setData(0, Qt.ItemDataRole.UserRole, pm.id)
            self.results.addTopLevelItem(item)
        if found:
            self.results.setCurrentItem(self.results.topLevelItem(0))
        else:
            self.detail.setPlainText(self.tr("No post-mortem matches.") if self.search.text().strip()
                                     else self.tr("No post-mortem yet: they are written once an escalation is "
                                                  "closed."))

    def _show_result(self) -> None:
        item = self.results.currentItem()
        pm = self._found.get(int(item.data(0, Qt.ItemDataRole.UserRole))) if item is not None else None
        if pm is None:
            return
        self.detail.setPlainText(self.tr(
            "Ticket #{ticket}: {subject}\nRoot cause: {cause}\n\nWhat was done:\n{done}\n\nWhat changes:\n{changes}"
            "\n\nRule changes: {rules}\n\nWritten by {by} at {at}").format(
            ticket=pm.ticket_id, subject=pm.subject, cause=cause_names().get(pm.root_cause, pm.root_cause),
            done=pm.what_done, changes=pm.what_changes, rules=", ".join(pm.rule_links) or self.tr("none"),
            by=pm.written_by, at=clock.local_text(pm.written_at)))

    # ------------------------------------------------------------ actions

    def _current(self) -> tuple[int, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return int(item.data(0, Qt.ItemDataRole.UserRole)), str(item.data(1, Qt.ItemDataRole.UserRole))

    def _with_current(self, call: Any) -> None:
        current = self._current()
        if current is not None:
            call(current[0])

    def _update_buttons(self) -> None:
        current = self._current()
        for b in (self.open_button, self.brief_button):
            b.setEnabled(current is not None)
        self.pm_button.setEnabled(current is not None and current[1] == "closed"
                                  and self.console.can(Permission.WORK_TICKETS))

    def show_brief(self, ticket_id: int) -> QDialog | None:
        try:
            dialog = BriefDialog(self.console, ticket_id, self)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc)
            return None
        dialog.saved.connect(lambda _t: self.refresh())
        return self._open(dialog)

    def write_postmortem(self, ticket_id: int) -> QDialog | None:
        try:
            dialog = PostMortemDialog(self.console, ticket_id, self)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc)
            return None
        dialog.saved.connect(lambda _t: self.refresh())
        return self._open(dialog)

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog


class TicketEscalationButtons(QWidget):
    """On the ticket view: the brief (escalated tickets), Authorize… (compliance, admin),
    Reship… (who may log refunds), Post-mortem… (a closed escalation)."""

    changed = Signal(int)
    error = Signal(object)

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketEscalationButtons")
        self.console = console
        self.ticket: dict[str, Any] | None = None
        self.dialog: QDialog | None = None
        self.brief = QPushButton(self.tr("Escalation brief…"), objectName="ticketBriefButton")
        self.brief.setStyleSheet("font-weight: bold; color: #b71c1c;")
        self.brief.setToolTip(self.tr("The six facts the decision maker needs: order, buyer, issue, what was done, "
                                      "the buyer's state, the deadline"))
        self.authorize = QPushButton(self.tr("Authorize…"), objectName="ticketAuthorizeButton")
        self.authorize.setToolTip(self.tr("Allow an out-of-policy remedy on this order (compliance, admin)"))
        self.reship = QPushButton(self.tr("Reship…"), objectName="ticketReshipButton")
        self.reship.setToolTip(self.tr("Log a replacement sent by hand"))
        self.postmortem = QPushButton(self.tr("Post-mortem…"), objectName="ticketPostMortemButton")
        self.brief.clicked.connect(self.show_brief)
        self.authorize.clicked.connect(self.ask_authorization)
        self.reship.clicked.connect(self.ask_reship)
        self.postmortem.clicked.connect(self.ask_postmortem)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for b in (self.brief, self.authorize, self.reship, self.postmortem):
            layout.addWidget(b)
        self.set_ticket(None)

    def set_ticket(self, ticket: dict[str, Any] | None) -> None:
        self.ticket = ticket
        escalated = ticket is not None and ESCALATED in (ticket.get("tags") or [])
        self.brief.setVisible(escalated)
        self.authorize.setVisible(ticket is not None and self.console.can(Permission.AUTHORIZE_REMEDY))
        self.reship.setVisible(ticket is not None and self.console.can(Permission.LOG_REFUND))
        self.postmortem.setVisible(escalated and ticket is not None and ticket.get("status") == "closed"
                                   and self.console.can(Permission.WORK_TICKETS))

    def _id(self) -> int | None:
        return int(self.ticket["id"]) if self.ticket is not None else None

    def _open(self, make: Any) -> QDialog | None:
        if self.ticket is None:
            return None
        try:
            dialog: QDialog = make()
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc)
            return None
        dialog.saved.connect(self.changed.emit)  # type: ignore[attr-defined]
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_brief(self) -> QDialog | None:
        return self._open(lambda: BriefDialog(self.console, int(self.ticket["id"]), self))  # type: ignore[index]

    def ask_authorization(self) -> QDialog | None:
        return self._open(lambda: AuthorizationDialog(self.console, self.ticket, self))  # type: ignore[arg-type]

    def ask_reship(self) -> QDialog | None:
        return self._open(lambda: ReshipDialog(self.console, self.ticket, self))  # type: ignore[arg-type]

    def ask_postmortem(self) -> QDialog | None:
        return self._open(lambda: PostMortemDialog(self.console, int(self.ticket["id"]), self))  # type: ignore[index]


def add_escalation_tab(window: Any) -> EscalationsWidget:
    """The main window's hook: the Escalations tab and the ticket view's escalation buttons."""
    widget = EscalationsWidget(window.console)
    window.tabs.addTab(widget, QCoreApplication.translate("EscalationsWidget", "Escalations"))
    widget.open_ticket.connect(window.open_ticket)
    widget.error.connect(window.show_error)
    window.tabs.currentChanged.connect(lambda _i: widget.refresh() if window.tabs.currentWidget() is widget else None)

    add_drill_banner(window)
    view = window.ticket_view
    buttons = TicketEscalationButtons(window.console, view)
    from ui.ticket_actions import _layout_holding

    head = _layout_holding(view.layout(), view.assign_button)
    if head is not None:
        head.addWidget(buttons, 0, Qt.AlignmentFlag.AlignTop)
    view.shown.connect(lambda _tid: buttons.set_ticket(view.ticket))
    buttons.changed.connect(lambda tid: window._ticket_changed(tid, reload_view=True))
    buttons.error.connect(window.show_error)
    widget.ticket_buttons = buttons  # type: ignore[attr-defined]
    return widget


DRILL_STYLE = "background: #4a148c; color: white; font-weight: bold; padding: 4px 8px;"


def add_drill_banner(window: Any) -> QLabel | None:
    """On a drill copy (warroom drill start): a banner that says so, above the tabs."""
    from warroom.services import drills

    try:
        drill = drills.marker(window.console.db)
    except Exception:  # noqa: BLE001 - a database without the table: no drill
        return None
    if drill is None:
        return None
    banner = QLabel(QCoreApplication.translate(
        "EscalationsWidget", "DRILL COPY — started by {who} at {when}: a simulated escalation (ticket #{ticket}) runs "
        "here. Nothing done here reaches the real database or an appeal export.").format(
        who=drill.started_by, when=clock.local_text(drill.started_at), ticket=drill.ticket_id),
        objectName="drillBanner")
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.setWordWrap(True)
    banner.setStyleSheet(DRILL_STYLE)
    layout = window.centralWidget().layout()
    layout.insertWidget(0, banner)
    window.drill_banner = banner
    return banner
