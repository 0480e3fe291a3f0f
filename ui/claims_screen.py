"""Claims and Amazon's notices in the console.

* :class:`ClaimsScreen`: a tab with two lists, the claims (A-to-z, chargebacks) with the time
  left on each window, and the notices register (Amazon's own mail) with what each needs and
  by when; the selected record's details below; "Answer notice…" records an answer.
* :class:`TicketClaimsBox`: the claims of the open ticket, on the ticket view.
* :func:`install`: the "C&laims" menu of the main window (one call from the window).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMainWindow, QMenu,
    QPlainTextEdit, QPushButton, QSplitter, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain import claims as C
from warroom.domain.roles import Permission
from warroom.services import claims as claim_service
from warroom.services import notices as notice_service
from warroom.services.claims import ClaimView
from warroom.services.notices import NoticeView

from ui.context import Console
from ui.errors import show_error
from ui.queue_model import time_left_text

CONTEXT = "Claims"
URGENT_S = 24 * 3600


def type_name(kind: str) -> str:
    return {"A_TO_Z": QCoreApplication.translate("Claims", "A-to-z"), "CHARGEBACK": QCoreApplication.translate("Claims", "Chargeback")}.get(kind, kind)


def status_name(status: str) -> str:
    return {"OPEN": QCoreApplication.translate("Claims", "open"), "SUBMITTED": QCoreApplication.translate("Claims", "submitted"), "GRANTED": QCoreApplication.translate("Claims", "granted to the buyer"),
            "DENIED": QCoreApplication.translate("Claims", "denied (seller's favour)"), "WITHDRAWN": QCoreApplication.translate("Claims", "withdrawn"),
            "APPEALED": QCoreApplication.translate("Claims", "appealed"), "open": QCoreApplication.translate("Claims", "open"), "answered": QCoreApplication.translate("Claims", "answered")}.get(status, status)


def window_name(window: str | None) -> str:
    return {"atoz-info": QCoreApplication.translate("Claims", "answer Amazon's request"), "appeal-filing": QCoreApplication.translate("Claims", "file an appeal"),
            "appeal-info": QCoreApplication.translate("Claims", "answer during the appeal"), "chargeback": QCoreApplication.translate("Claims", "answer the chargeback"),
            None: "—"}.get(window, window or "—")


def notice_kind_name(kind: str) -> str:
    return {"A_TO_Z": QCoreApplication.translate("Claims", "A-to-z claim"), "CHARGEBACK": QCoreApplication.translate("Claims", "Chargeback"), "POLICY_WARNING": QCoreApplication.translate("Claims", "Policy warning"),
            "PERFORMANCE": QCoreApplication.translate("Claims", "Performance"), "CUSTOMER_SERVICE": QCoreApplication.translate("Claims", "Amazon customer service"),
            "OTHER": QCoreApplication.translate("Claims", "Other")}.get(kind, kind)


def _left(due: Any) -> tuple[str, bool]:
    if due is None:
        return "—", False
    seconds = (due - clock.now()).total_seconds()
    return time_left_text(seconds), seconds < URGENT_S


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget(objectName=name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setStretchLastSection(True)
    return tree


def claim_details(c: ClaimView) -> str:
    lines = [QCoreApplication.translate("Claims", "Claim {id}: {type} on order {order}, {status}").format(
        id=c.id, type=type_name(c.type), order=c.amazon_order_id, status=status_name(c.status)),
        QCoreApplication.translate("Claims", "Opened {at} by {who}; ticket {ticket}").format(at=clock.local_text(c.opened_at), who=c.opened_by,
                                                           ticket=c.ticket_id or "—")]
    if c.due_at is not None:
        lines.append(QCoreApplication.translate("Claims", "Window: {window}, due {due} ({left})").format(
            window=window_name(c.window), due=clock.local_text(c.due_at), left=_left(c.due_at)[0]))
    if c.reason:
        lines.append(QCoreApplication.translate("Claims", "Reason: {reason}").format(reason=c.reason))
    if c.submitted_at is not None:
        lines.append(QCoreApplication.translate("Claims", "Submitted {at} by {who}: {text}").format(at=clock.local_text(c.submitted_at),
                                                                   who=c.submitted_by, text=c.submission))
    if c.amount:
        lines.append(QCoreApplication.translate("Claims", "Amount: {amount} {currency}").format(amount=c.amount, currency=c.currency or ""))
    for e in c.evidence:
        lines.append(QCoreApplication.translate("Claims", "Evidence: {kind} {reference} {note}").format(kind=e.kind, reference=e.reference,
                                                                       note=e.note or ""))
    return "\n".join(lines)


def notice_details(n: NoticeView) -> str:
    head = [QCoreApplication.translate("Claims", "{kind} from {sender}, received {at}").format(kind=notice_kind_name(n.kind), sender=n.from_addr,
                                                              at=clock.local_text(n.received_at)),
            QCoreApplication.translate("Claims", "Needs: {what}").format(what=n.response_needed)]
    if n.due_at is not None:
        head.append(QCoreApplication.translate("Claims", "By: {due}").format(due=clock.local_text(n.due_at)))
    if n.answer:
        head.append(QCoreApplication.translate("Claims", "Answered {at} by {who}: {text}").format(at=clock.local_text(n.answered_at),
                                                                 who=n.answered_by, text=n.answer))
    return "\n".join(head) + "\n\n" + n.subject + "\n\n" + n.body


class ClaimsScreen(QWidget):
    """Claims with time left, and the notices register."""

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsScreen")
        self.console = console
        self.claims: list[ClaimView] = []
        self.notices: list[NoticeView] = []
        self.tabs = QTabWidget(objectName="claimsTabs")
        self.claims_tree = _tree([self.tr("Claim"), self.tr("Type"), self.tr("Order"), self.tr("Ticket"),
                                  self.tr("Status"), self.tr("Window"), self.tr("Due"), self.tr("Left"),
                                  self.tr("Amount")], "claimsTree")
        self.notices_tree = _tree([self.tr("Notice"), self.tr("Kind"), self.tr("Order"), self.tr("Received"),
                                   self.tr("Status"), self.tr("Due"), self.tr("Left"), self.tr("Claim"),
                                   self.tr("Subject")], "noticesTree")
        self.tabs.addTab(self.claims_tree, self.tr("Claims"))
        self.tabs.addTab(self.notices_tree, self.tr("Amazon's notices"))
        self.details = QPlainTextEdit(objectName="claimDetails", readOnly=True)
        self.open_only = QPushButton(self.tr("Open only"), objectName="openOnly", checkable=True)
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.refresh_button = QPushButton(self.tr("&Refresh"), objectName="claimsRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.answer_button = QPushButton(self.tr("&Answer notice…"), objectName="answerNotice")
        self.answer_button.clicked.connect(self.ask_answer)
        self.answer_button.setEnabled(False)
        self.link_button = QPushButton(self.tr("&Link…"), objectName="linkNotice")
        self.link_button.setToolTip(self.tr("Link the notice to the claim or ticket it concerns"))
        self.link_button.clicked.connect(lambda _checked=False: self.ask("link"))
        self.link_button.setEnabled(False)
        self.summary = QLabel(objectName="claimsSummary")
        can_work = console.can(Permission.WORK_TICKETS)
        self.claim_buttons: dict[str, QPushButton] = {}
        for key, text in (("open", self.tr("&Open claim…")), ("evidence", self.tr("&Evidence…")),
                          ("request", self.tr("Amazon as&ked…")), ("submit", self.tr("&Submitted…")),
                          ("outcome", self.tr("O&utcome…"))):
            button = QPushButton(text, objectName=f"claim_{key}")
            button.clicked.connect(lambda _checked=False, k=key: self.ask(k))
            button.setVisible(can_work)
            self.claim_buttons[key] = button
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for b in (*self.claim_buttons.values(), self.answer_button, self.link_button, self.open_only,
                  self.refresh_button):
            bar.addWidget(b)
        self.answer_button.setVisible(can_work)
        self.link_button.setVisible(can_work)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.details)
        split.setSizes([420, 180])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.claims_tree.currentItemChanged.connect(lambda *_: self._selected())
        self.notices_tree.currentItemChanged.connect(lambda *_: self._selected())
        self.tabs.currentChanged.connect(lambda _i: self._selected())
        self.refresh()

    def refresh(self) -> None:
        """Reload both lists; the selected claim and notice stay selected while listed."""
        kept_claim = self.current_claim()
        kept_notice = self.notices[self.notices_tree.indexOfTopLevelItem(self.notices_tree.currentItem())] \
            if self.notices_tree.currentItem() is not None and self.notices else None
        only = self.open_only.isChecked()
        try:
            self.claims = claim_service.list_claims(self.console.db, open_only=only)
            self.notices = notice_service.list_notices(self.console.db, open_only=only)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            show_error(self, exc, self.tr("Loading claims and notices"))
            return
        self.claims_tree.clear()
        for c in self.claims:
            left, urgent = _left(c.due_at)
            item = QTreeWidgetItem([str(c.id), type_name(c.type), c.amazon_order_id, str(c.ticket_id or "—"),
                                    status_name(c.status), window_name(c.window),
                                    clock.local_text(c.due_at) if c.due_at else "—", left,
                                    f"{c.amount} {c.currency}" if c.amount else "—"])
            if urgent:
                item.setForeground(7, Qt.GlobalColor.red)
            self.claims_tree.addTopLevelItem(item)
        self.notices_tree.clear()
        for n in self.notices:
            left, urgent = _left(n.due_at) if n.status == "open" else ("—", False)
            item = QTreeWidgetItem([str(n.id), notice_kind_name(n.kind), n.amazon_order_id or "—",
                                    clock.local_text(n.received_at), status_name(n.status),
                                    clock.local_text(n.due_at) if n.due_at else "—", left,
                                    str(n.claim_id or "—"), n.subject])
            if urgent:
                item.setForeground(6, Qt.GlobalColor.red)
            self.notices_tree.addTopLevelItem(item)
        for tree, rows, kept in ((self.claims_tree, self.claims, kept_claim), (self.notices_tree, self.notices, kept_notice)):
            ids = [r.id for r in rows]
            if kept is not None and kept.id in ids:
                tree.setCurrentItem(tree.topLevelItem(ids.index(kept.id)))
        waiting = sum(1 for n in self.notices if n.status == "open")
        self.summary.setText(self.tr("{claims} · {notices}").format(
            claims=self.tr("%n claim(s)", "", len(self.claims)),
            notices=self.tr("%n notice(s) waiting for an answer", "", waiting)))
        self._selected()

    def ask(self, key: str) -> QDialog | None:
        """Open the dialog of a claim action (window-modal, never blocks); done, the lists reload."""
        from ui import claim_dialogs as D

        claim = self.current_claim()
        notice = self.current_notice()
        if key == "open" and notice is not None:        # from Amazon's notice: its order, linked to it
            dialog = D.open_claim_dialog(self.console, self, notice_id=notice.id, amazon_order_id=notice.amazon_order_id,
                                         claim_type=notice.kind if notice.kind in C.TYPES else None)
        elif key == "open":
            dialog = D.open_claim_dialog(self.console, self)
        elif key == "link":
            if notice is None:
                return None
            dialog = D.link_notice_dialog(self.console, self, notice.id)
        elif claim is None or self.tabs.currentWidget() is not self.claims_tree:
            return None
        else:
            make = {"evidence": D.evidence_dialog, "request": D.request_dialog, "submit": D.submission_dialog,
                    "outcome": D.outcome_dialog}[key]
            dialog = make(self.console, self, claim.id)
        dialog.accepted.connect(self.refresh)
        self._dialog = dialog
        dialog.open()
        return dialog

    def _selected(self) -> None:
        notice = self.current_notice()
        on_claims = self.tabs.currentWidget() is self.claims_tree
        for key, button in self.claim_buttons.items():
            if key == "open":                           # on the notices: from the notice, if it has no claim
                button.setEnabled(on_claims or (notice is not None and notice.claim_id is None))
            else:
                button.setEnabled(on_claims and self.current_claim() is not None)
        self.answer_button.setEnabled(notice is not None and notice.status == "open")
        self.link_button.setEnabled(notice is not None)
        if self.tabs.currentWidget() is self.notices_tree:
            self.details.setPlainText(notice_details(notice) if notice else "")
        else:
            claim = self.current_claim()
            self.details.setPlainText(claim_details(claim_service.get_claim(self.console.db, claim.id))
                                      if claim else "")

    def current_claim(self) -> ClaimView | None:
        row = self.claims_tree.indexOfTopLevelItem(self.claims_tree.currentItem()) \
            if self.claims_tree.currentItem() else -1
        return self.claims[row] if 0 <= row < len(self.claims) else None

    def current_notice(self) -> NoticeView | None:
        if self.tabs.currentWidget() is not self.notices_tree or self.notices_tree.currentItem() is None:
            return None
        row = self.notices_tree.indexOfTopLevelItem(self.notices_tree.currentItem())
        return self.notices[row] if 0 <= row < len(self.notices) else None

    def ask_answer(self) -> None:
        notice = self.current_notice()
        if notice is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Answer notice {id}").format(id=notice.id),
                                                 self.tr("What was answered to Amazon, or done:"))
        if ok and text.strip():
            self.answer(notice.id, text)

    def answer(self, notice_id: int, text: str) -> bool:
        try:
            notice_service.answer_notice(self.console.db, self.console.actor, notice_id, text=text)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Answering notice {id}").format(id=notice_id))
            return False
        self.refresh()
        return True


class TicketClaimsBox(QGroupBox):
    """The claims of the ticket on view (type, status, window, time left)."""

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("Claims", "Claims on this order"), parent)
        self.setObjectName("ticketClaimsBox")
        self.console = console
        self.tree = _tree([QCoreApplication.translate("Claims", "Claim"), QCoreApplication.translate("Claims", "Type"),
                           QCoreApplication.translate("Claims", "Status"), QCoreApplication.translate("Claims", "Window"),
                           QCoreApplication.translate("Claims", "Left")], "ticketClaimsTree")
        self.ticket: dict[str, Any] | None = None
        self.open_button = QPushButton(QCoreApplication.translate("Claims", "Open claim…"), objectName="ticketOpenClaim")
        self.open_button.setToolTip(QCoreApplication.translate(
            "Claims", "Record an A-to-z claim or a chargeback on this ticket's order (audited)"))
        self.open_button.clicked.connect(lambda _checked=False: self.ask_open())
        self.open_button.setVisible(console.can(Permission.WORK_TICKETS))
        self.open_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)

    def ask_open(self) -> QDialog | None:
        from ui.claim_dialogs import open_claim_dialog

        if self.ticket is None:
            return None
        dialog = open_claim_dialog(self.console, self, ticket_id=self.ticket["id"],
                                   amazon_order_id=self.ticket.get("amazon_order_id"))
        dialog.accepted.connect(lambda: self.show_ticket(self.ticket))
        self._dialog = dialog
        dialog.open()
        return dialog

    def show_ticket(self, ticket: dict[str, Any] | None) -> list[ClaimView]:
        """The claims of ``ticket`` (a ticket as services.tickets gives it), or none."""
        self.ticket = ticket
        ticket_id = ticket["id"] if ticket is not None else None
        self.open_button.setEnabled(ticket is not None)
        self.tree.clear()
        shown: list[ClaimView] = []
        if ticket_id is not None:
            try:
                shown = claim_service.claims_of_ticket(self.console.db, ticket_id)
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc, QCoreApplication.translate("Claims", "Loading the ticket's claims"))
        for c in shown:
            left, urgent = _left(c.due_at)
            item = QTreeWidgetItem([str(c.id), type_name(c.type), status_name(c.status), window_name(c.window), left])
            if urgent:
                item.setForeground(4, Qt.GlobalColor.red)
            self.tree.addTopLevelItem(item)
        if not shown:
            self.tree.addTopLevelItem(QTreeWidgetItem(["—", QCoreApplication.translate("Claims", "no claim"), "", "", ""]))
        return shown


class ClaimsMenu:
    """The "Claims" menu: opens the claims and notices screen as a tab (once)."""

    def __init__(self, window: QMainWindow, console: Console, tabs: QTabWidget) -> None:
        self.window, self.console, self.tabs = window, console, tabs
        self.screen: ClaimsScreen | None = None
        self.menu: QMenu = window.menuBar().addMenu(QCoreApplication.translate("Claims", "Claims"))
        self.menu.setObjectName("claimsMenu")
        self.action = QAction(QCoreApplication.translate("Claims", "&Claims and Amazon's notices…"), window)
        self.action.setObjectName("claimsAction")
        self.action.setShortcut("Ctrl+Shift+C")
        self.action.triggered.connect(lambda _checked=False: self.show())
        self.menu.addAction(self.action)
        window.addAction(self.action)

    def show(self) -> ClaimsScreen:
        if self.screen is None:
            self.screen = ClaimsScreen(self.console)
        else:
            self.screen.refresh()
        if self.tabs.indexOf(self.screen) < 0:
            self.tabs.addTab(self.screen, QCoreApplication.translate("Claims", "Claims"))
        self.tabs.setCurrentWidget(self.screen)
        return self.screen


def install(window: QMainWindow, console: Console, tabs: QTabWidget) -> ClaimsMenu:
    return ClaimsMenu(window, console, tabs)
