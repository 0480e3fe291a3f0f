"""One ticket: the conversation (plain text only), attachments, the cached order (read-only),
private notes, tags with why each flag was set, deadlines, "no response needed".

The "Reply" tab holds the composer (ui/composer.py): approved templates, live preview and lint,
submitted for approval.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.services import deadlines as deadline_service
from warroom.services import queue as queue_service
from warroom.services import refunds as refund_service
from warroom.services import tickets as ticket_service

from ui import wording
from ui.claims_screen import TicketClaimsBox
from ui.composer import Composer
from ui.context import Console
from ui.queue_model import channel_name, status_name, time_left_text
from ui.refund_dialog import RefundDialog

PRIVATE_STYLE = "QGroupBox#notesBox { background: #fff8e1; border: 1px solid #f9a825; border-radius: 4px; " \
                "margin-top: 1.4em; } QGroupBox#notesBox::title { color: #8d6e00; subcontrol-origin: margin; " \
                "left: 8px; padding: 0 4px; font-weight: bold; }"


def _local(iso_text: str | None) -> str:
    return clock.local_text(clock.parse_iso(iso_text)) if iso_text else "—"


def _plain_label(text: str = "", name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)       # data from buyers and files is never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def conversation_text(ticket: dict[str, Any]) -> str:
    """The whole conversation as plain text, oldest first."""
    parts = []
    for m in ticket["messages"]:
        who = (QCoreApplication.translate("Conversation", "Buyer") if m["direction"] == "inbound"
               else QCoreApplication.translate("Conversation", "Sent reply"))
        sender = f"{m['from_name']} <{m['from']}>" if m.get("from_name") else m["from"]
        parts.append(f"━━ {who} · {sender} · {_local(m['at'])}")
        if m.get("subject"):
            parts.append(QCoreApplication.translate("Conversation", "Subject: {subject}").format(subject=m["subject"]))
        parts.append("")
        parts.append(m["body"].rstrip())
        if m["attachments"]:
            parts.append("")
            parts.append(QCoreApplication.translate("Conversation", "Attachments: ")
                         + ", ".join(a["filename"] for a in m["attachments"]))
        for p in m.get("problems") or []:
            parts.append(QCoreApplication.translate("Conversation", "(import problem: {problem})").format(problem=p))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "attachment"
    return base[:120]


class TicketView(QWidget):
    """Shows one ticket; signals the window when the ticket changed (to refresh the queue row)."""

    changed = Signal(int)
    error = Signal(object, str)
    shown = Signal(int)             # a ticket was (re)loaded into the view

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.ticket: dict[str, Any] | None = None
        self._dialog: QInputDialog | None = None
        can_work = console.can(Permission.WORK_TICKETS)

        self.title = _plain_label(name="ticketTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = _plain_label(name="ticketMeta")
        self.assign_button = QPushButton(self.tr("Assign to &me"), objectName="assignButton")
        self.assign_button.setToolTip(self.tr("Assign this ticket to yourself (Ctrl+M)"))
        self.no_response_button = QPushButton(self.tr("No response needed…"), objectName="noResponseButton")
        self.no_response_button.setToolTip(self.tr("Stop the 24-hour clock, with a reason (audited)"))
        for b in (self.assign_button, self.no_response_button):
            b.setEnabled(False)
            b.setVisible(can_work)
        self.assign_button.clicked.connect(self.assign_to_me)
        self.no_response_button.clicked.connect(self.ask_no_response)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        head.addLayout(titles, 1)
        head.addWidget(self.assign_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.no_response_button, 0, Qt.AlignmentFlag.AlignTop)

        # left: conversation + attachments | reply
        self.conversation = QPlainTextEdit(objectName="conversation")
        self.conversation.setReadOnly(True)
        self.conversation.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.attachments = QListWidget(objectName="attachments")
        self.attachments.setMaximumHeight(90)
        self.attachments.itemActivated.connect(self._open_attachment_item)
        conv_page = QWidget()
        conv_layout = QVBoxLayout(conv_page)
        conv_layout.setContentsMargins(4, 4, 4, 4)
        conv_layout.addWidget(self.conversation, 1)
        self.attachments_label = QLabel(self.tr("Attachments (double-click or Enter to open):"))
        conv_layout.addWidget(self.attachments_label)
        conv_layout.addWidget(self.attachments)
        self.reply_area = QWidget(objectName="replyArea")
        reply_layout = QVBoxLayout(self.reply_area)
        reply_layout.setContentsMargins(0, 0, 0, 0)
        self.composer = Composer(console)
        self.composer.error.connect(self.error)
        # the composer scrolls (a short window still reaches Submit, the lint result and the history)
        self.composer_scroll = QScrollArea(objectName="composerScroll")
        self.composer_scroll.setWidgetResizable(True)
        self.composer_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.composer_scroll.setWidget(self.composer)
        reply_layout.addWidget(self.composer_scroll)
        self.tabs = QTabWidget(objectName="ticketTabs")
        self.tabs.addTab(conv_page, self.tr("Conversation"))
        self.tabs.addTab(self.reply_area, self.tr("Reply"))

        # right: order, tags, deadlines, notes
        self.order_box = QGroupBox(self.tr("Cached order (read-only)"), objectName="orderBox")
        order_layout = QVBoxLayout(self.order_box)
        self.order_form = QFormLayout()
        self.order_fields: dict[str, QLabel] = {}
        for key, label in (("amazon_order_id", QT_TRANSLATE_NOOP("TicketView", "Order")),
                           ("status", QT_TRANSLATE_NOOP("TicketView", "Status")),
                           ("fulfillment_channel", QT_TRANSLATE_NOOP("TicketView", "Fulfillment")),
                           ("total", QT_TRANSLATE_NOOP("TicketView", "Total")),
                           ("purchase_date", QT_TRANSLATE_NOOP("TicketView", "Purchased")),
                           ("latest_ship_date", QT_TRANSLATE_NOOP("TicketView", "Ship by")),
                           ("buyer", QT_TRANSLATE_NOOP("TicketView", "Buyer"))):
            field = _plain_label(name=f"order_{key}")
            self.order_fields[key] = field
            self.order_form.addRow(self.tr("{label}:").format(label=self.tr(label)), field)
        order_layout.addLayout(self.order_form)
        self.items = QTableWidget(0, 4, objectName="orderItems")
        self.items.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Qty"), self.tr("Unit price"), self.tr("Line")])
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.setWordWrap(False)
        self.items.verticalHeader().setDefaultSectionSize(self.items.fontMetrics().height() + 6)
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            self.items.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        order_layout.addWidget(self.items, 1)

        self.tags_box = QGroupBox(self.tr("Tags and why they were set"), objectName="tagsBox")
        self.tags = QTreeWidget(objectName="tagsTree")
        self.tags.setHeaderLabels([self.tr("Tag"), self.tr("Why"), self.tr("By"), self.tr("When")])
        self.tags.setRootIsDecorated(False)
        self.tags.setWordWrap(True)
        self.tags.header().setStretchLastSection(False)
        self.tags.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            self.tags.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        QVBoxLayout(self.tags_box).addWidget(self.tags)

        self.deadlines_box = QGroupBox(self.tr("Deadlines"), objectName="deadlinesBox")
        self.deadlines = QTreeWidget(objectName="deadlinesTree")
        self.deadlines.setHeaderLabels([self.tr("Clock"), self.tr("Due"), self.tr("Left"), self.tr("Suspended at due")])
        self.deadlines.setRootIsDecorated(False)
        self.deadlines.header().setStretchLastSection(False)
        for col in range(4):
            self.deadlines.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        QVBoxLayout(self.deadlines_box).addWidget(self.deadlines)

        self.refunds_box = QGroupBox(self.tr("Manual refunds"), objectName="refundsBox")
        self.refunds = QTreeWidget(objectName="refundsTree")
        self.refunds.setHeaderLabels([self.tr("Paid"), self.tr("Amount"), self.tr("Method"), self.tr("Reference"),
                                       self.tr("By")])
        self.refunds.setRootIsDecorated(False)
        self.refunds.header().setStretchLastSection(False)
        for col in range(5):
            self.refunds.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.refund_summary = _plain_label(name="refundTotals")
        self.refund_button = QPushButton(self.tr("Log manual refund…"), objectName="logRefund")
        self.refund_button.setToolTip(self.tr("Record a refund paid by hand while Seller Central is locked (audited)"))
        self.refund_button.clicked.connect(self.ask_refund)
        self.refund_button.setEnabled(False)
        self.refund_button.setVisible(console.can(Permission.LOG_REFUND))
        self._refund_dialog: RefundDialog | None = None
        refunds_layout = QVBoxLayout(self.refunds_box)
        refunds_layout.addWidget(self.refunds, 1)
        refund_row = QHBoxLayout()
        refund_row.addWidget(self.refund_summary, 1)
        refund_row.addWidget(self.refund_button)
        refunds_layout.addLayout(refund_row)

        self.notes_box = QGroupBox(self.tr("Internal notes — PRIVATE, never sent to the buyer"), objectName="notesBox")
        self.notes_box.setStyleSheet(PRIVATE_STYLE)
        self.notes = QPlainTextEdit(objectName="notesList")
        self.notes.setReadOnly(True)
        self.note_input = QPlainTextEdit(objectName="noteInput")
        self.note_input.setPlaceholderText(self.tr("Write a private note (evidence for the appeal; Amazon never sees it)"))
        self.note_input.setMaximumHeight(70)
        self.add_note_button = QPushButton(self.tr("Add private note"), objectName="addNoteButton")
        self.add_note_button.clicked.connect(self.add_note)
        self.add_note_button.setEnabled(False)
        self.note_input.setVisible(can_work)
        self.add_note_button.setVisible(can_work)
        notes_layout = QVBoxLayout(self.notes_box)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addWidget(self.note_input)
        notes_layout.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignRight)

        self.claims_box = TicketClaimsBox(console)
        self.side = QSplitter(Qt.Orientation.Vertical, objectName="sideSplitter")
        for w in (self.order_box, self.tags_box, self.deadlines_box, self.claims_box, self.refunds_box, self.notes_box):
            self.side.addWidget(w)
        self.side.setSizes([270, 120, 90, 70, 110, 210])
        self.split = QSplitter(Qt.Orientation.Horizontal, objectName="ticketSplitter")
        self.split.addWidget(self.tabs)
        # the side panel scrolls: on a laptop screen the notes stay reachable below the order
        self.side_scroll = QScrollArea(objectName="sideScroll")
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setWidget(self.side)
        # never narrower than the panel's content (it scrolls up and down only)
        self.side_scroll.setMinimumWidth(self.side.minimumSizeHint().width()
                                         + self.side_scroll.verticalScrollBar().sizeHint().width() + 2)
        self.split.addWidget(self.side_scroll)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([700, 480])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(head)
        layout.addWidget(self.split, 1)
        self.show_empty()

    # ------------------------------------------------------------ loading

    def show_empty(self) -> None:
        self.ticket = None
        self.title.setText(self.tr("No ticket open"))
        self.meta.setText(self.tr("Pick a ticket in the queue and press Enter."))
        self.conversation.setPlainText("")
        self.attachments.clear()
        self.notes.setPlainText("")
        self.tags.clear()
        self.deadlines.clear()
        self.items.setRowCount(0)
        for f in self.order_fields.values():
            f.setText("")
        self.refunds.clear()
        self.refund_summary.setText("")
        self.claims_box.show_ticket(None)
        for b in (self.assign_button, self.no_response_button, self.add_note_button, self.refund_button):
            b.setEnabled(False)
        self.composer.set_ticket(None)

    def load(self, ticket_id: int) -> bool:
        try:
            ticket = ticket_service.get_ticket(self.console.db, ticket_id)
            deadlines = queue_service.ticket_deadlines(self.console.db, ticket_id)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Opening ticket {id}").format(id=ticket_id))
            return False
        self.show_ticket(ticket, deadlines)
        return True

    def reload(self) -> None:
        if self.ticket is not None:
            self.load(self.ticket["id"])

    def show_ticket(self, t: dict[str, Any], deadlines: list[dict[str, Any]]) -> None:
        self.ticket = t
        self.title.setText(f"#{t['id']}  {' '.join((t['subject'] or self.tr('(no subject)')).split())}")
        due = clock.parse_iso(t["due_at"]) if t["due_at"] else None
        left = time_left_text((due - clock.now()).total_seconds()) if due else self.tr("no running clock")
        self.meta.setText(
            self.tr("{channel} · {category} · priority {priority} (tier {tier}) · {status} · language {language} · "
                    "assignee {assignee} · 24-hour clock: {left}").format(
                channel=channel_name(t["channel"]), category=t["category"], priority=t["priority"], tier=t["tier"],
                status=status_name(t["status"]), language=t["language"] or "?", assignee=t["assignee"] or self.tr("nobody"),
                left=left))
        self.conversation.setPlainText(conversation_text(t))
        self.attachments.clear()
        for m in t["messages"]:
            for a in m["attachments"]:
                size = wording.count(a["size"], QT_TRANSLATE_NOOP("Wording", "1 byte"), QT_TRANSLATE_NOOP("Wording", "{n} bytes"))
                item = QListWidgetItem(self.tr("{name}  ({type}, {size})").format(
                    name=a["filename"], type=a["content_type"], size=size))
                item.setData(Qt.ItemDataRole.UserRole, a["id"])
                self.attachments.addItem(item)
        has_attachments = self.attachments.count() > 0
        self.attachments.setVisible(has_attachments)
        self.attachments_label.setVisible(has_attachments)
        self._show_order(t.get("order"), t)
        self.tags.clear()
        reasons = t.get("tag_reasons") or {}
        for tag in t["tags"]:
            r = reasons.get(tag) or {}
            why = wording.tag_reason(r.get("reason"))          # "suspension 2 declared" in plain words
            item = QTreeWidgetItem([tag, why, r.get("set_by") or "", _local(r.get("set_at"))])
            item.setToolTip(1, why if why == (r.get("reason") or "—") else f"{why} ({r.get('reason')})")
            if tag in t["flags"]:
                item.setForeground(0, Qt.GlobalColor.red)
            self.tags.addTopLevelItem(item)
        self.deadlines.clear()
        now = clock.now()
        for d in deadlines:
            due_at = clock.parse_iso(d["due_at"])
            item = QTreeWidgetItem([self._clock_name(d["kind"]), clock.local_text(due_at),
                                    self.tr("MISSED") if d["missed"] else time_left_text((due_at - now).total_seconds()),
                                    self.tr("yes") if d["suspended_at_due"] else self.tr("no")])
            if d["missed"] or (due_at - now).total_seconds() < 4 * 3600:
                item.setForeground(2, Qt.GlobalColor.red)
            self.deadlines.addTopLevelItem(item)
        if not deadlines:
            self.deadlines.addTopLevelItem(QTreeWidgetItem(["—", self.tr("no running clock"), "", ""]))
        self.notes.setPlainText("\n\n".join(f"{n['author']} · {_local(n['at'])}\n{n['text']}" for n in t["notes"])
                                or self.tr("(no notes yet)"))
        can_work = self.console.can(Permission.WORK_TICKETS)
        self.assign_button.setEnabled(can_work and t["assignee"] != self.console.actor.name)
        self.no_response_button.setEnabled(can_work and t["due_at"] is not None)
        self.add_note_button.setEnabled(can_work)
        self._show_refunds(t)
        self.claims_box.show_ticket(t)
        self.composer.set_ticket(t)
        self.shown.emit(t["id"])

    def _show_refunds(self, t: dict[str, Any]) -> None:
        self.refunds.clear()
        entries = t.get("refunds") or []
        for e in entries:
            sign = "−" if e["kind"] == "reversal" else ""
            item = QTreeWidgetItem([_local(e["refunded_at"]), f"{sign}{e['amount']} {e['currency']}",
                                    e["method"] + (self.tr(" (reverses #{id})").format(id=e["reverses_id"])
                                                   if e["reverses_id"] else ""),
                                    e["reference"] or "", e["logged_by"]])
            item.setToolTip(2, e["note"] or "")
            self.refunds.addTopLevelItem(item)
        total = refund_service.net_refunded(entries)
        currency = entries[0]["currency"] if entries else ""
        self.refund_summary.setText(self.tr("Refunded on this ticket: {total} {currency}").format(
            total=total, currency=currency) if entries else self.tr("No refund logged on this ticket."))
        self.refund_button.setEnabled(self.console.can(Permission.LOG_REFUND))    # closed tickets too: returns arrive late

    def ask_refund(self) -> RefundDialog | None:
        """Open the refund dialog (window-modal, never blocks); a logged refund reloads the ticket."""
        if self.ticket is None:
            return None
        try:
            dialog = RefundDialog(self.console, self.ticket, self)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Logging a refund"))
            return None
        dialog.accepted.connect(self.reload)
        self._refund_dialog = dialog
        dialog.open()
        return dialog

    def _clock_name(self, kind: str) -> str:
        """A deadline's kind (response, atoz, appeal) in the console's language."""
        names = {"response": self.tr("response"), "atoz": self.tr("atoz"), "appeal": self.tr("appeal"),
                 "claim": self.tr("claim")}
        return names.get(kind, kind)

    def _show_order(self, order: dict[str, Any] | None, t: dict[str, Any]) -> None:
        f = self.order_fields
        if order is None:
            for field in f.values():
                field.setText("")
            f["amazon_order_id"].setText(t.get("amazon_order_id") or self.tr("no order linked"))
            f["status"].setText(self.tr("not in the cache") if t.get("amazon_order_id") else "")
            self.items.setRowCount(0)
            return
        f["amazon_order_id"].setText(f"{order['amazon_order_id']} ({order.get('marketplace') or '?'})")
        f["status"].setText(order["status"])
        f["fulfillment_channel"].setText({"AFN": self.tr("AFN (Fulfilled by Amazon)"),
                                          "MFN": self.tr("MFN (seller-fulfilled)")}.get(order["fulfillment_channel"],
                                                                                order["fulfillment_channel"]))
        f["total"].setText(f"{order['total']} {order['currency']}" if order.get("total") else self.tr("unknown"))
        f["purchase_date"].setText(_local(order["purchase_date"]))
        f["latest_ship_date"].setText(_local(order.get("latest_ship_date")))
        f["buyer"].setText(order.get("buyer_name") or t.get("buyer_name") or "")
        self.items.setRowCount(len(order["items"]))
        for r, item in enumerate(order["items"]):
            cur = item.get("currency") or order.get("currency") or ""
            values = [item.get("title") or item.get("sku") or "", str(item["quantity"]),
                      f"{item['unit_price']} {cur}" if item.get("unit_price") else "—",
                      f"{item['line_price']} {cur}" if item.get("line_price") else "—"]
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                cell.setToolTip(v)
                self.items.setItem(r, c, cell)

    # ------------------------------------------------------------ actions

    def assign_to_me(self) -> None:
        if self.ticket is None:
            return
        try:       # only if it still has the assignee shown: another seat may have taken it meanwhile
            ticket_service.assign_ticket(self.console.db, self.console.actor, self.ticket["id"], self.console.actor.name,
                                         expected=self.ticket["assignee"])
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Assigning the ticket"))
            self.reload()
            self.changed.emit(self.ticket["id"])
            return
        self.reload()
        self.changed.emit(self.ticket["id"])

    def add_note(self) -> bool:
        if self.ticket is None:
            return False
        text = self.note_input.toPlainText()
        try:
            ticket_service.add_note(self.console.db, self.console.actor, self.ticket["id"], text)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Adding the note"))
            return False
        self.note_input.clear()
        self.reload()
        self.changed.emit(self.ticket["id"])
        return True

    def ask_no_response(self) -> QInputDialog | None:
        if self.ticket is None:
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("noResponseDialog")
        dialog.setWindowTitle(self.tr("No response needed"))
        dialog.setLabelText(self.tr("Why does ticket #{id} need no response? (required, audited)").format(
            id=self.ticket["id"]))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setMinimumWidth(420)
        dialog.textValueSelected.connect(self.mark_no_response)
        self._dialog = dialog
        dialog.open()
        return dialog

    def mark_no_response(self, reason: str) -> bool:
        if self.ticket is None:
            return False
        try:
            deadline_service.mark_no_response(self.console.db, self.console.actor, self.ticket["id"], reason)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Marking no response needed"))
            return False
        self.reload()
        self.changed.emit(self.ticket["id"])
        return True

    def _open_attachment_item(self, item: QListWidgetItem) -> None:
        self.open_attachment(int(item.data(Qt.ItemDataRole.UserRole)))

    def save_attachment(self, attachment_id: int) -> Path | None:
        try:
            a = queue_service.get_attachment(self.console.db, attachment_id)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(exc, self.tr("Opening the attachment"))
            return None
        folder = Path(tempfile.mkdtemp(prefix=f"warroom-att-{attachment_id}-"))
        path = folder / _safe_name(a["filename"])
        path.write_bytes(a["data"])
        return path

    def open_attachment(self, attachment_id: int) -> Path | None:
        path = self.save_attachment(attachment_id)
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    # ------------------------------------------------------------ settings

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("ticket/split", self.split.saveState())
        settings.setValue("ticket/side-v2", self.side.saveState())

    def restore_settings(self, settings: QSettings) -> None:
        for key, splitter in (("ticket/split", self.split), ("ticket/side-v2", self.side)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
