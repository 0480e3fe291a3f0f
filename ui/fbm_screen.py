"""The FBM orders tab: unshipped merchant-fulfilled orders by ship-by date, grouped past due /
due today / later, each with its current decision (ship, cancel and refund, hold), who took it
and when; beside them a bar chart of WISMO ("where is my order") tickets per day for the last 14
days.  Compliance users decide (:class:`DecideDialog`); everyone sees the decisions and their
history.  Errors show through :mod:`ui.errors`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QPlainTextEdit, QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.cases import FbmDecision, ShipGroup
from warroom.domain.roles import Permission
from warroom.errors import WarroomError
from warroom.services import fbm as fbm_service
from warroom.services.fbm import FbmOrder, FbmView

from ui.charts import Bar, BarChart
from ui.context import Console
from ui.errors import show_error

PAST_DUE_COLOR = QColor("#c62828")


def decision_name(decision: FbmDecision | None) -> str:
    if decision is None:
        return QCoreApplication.translate("FbmScreen", "not decided")
    names = {FbmDecision.SHIP: QCoreApplication.translate("FbmScreen", "ship"),
             FbmDecision.CANCEL_AND_REFUND: QCoreApplication.translate("FbmScreen", "cancel and refund"),
             FbmDecision.HOLD: QCoreApplication.translate("FbmScreen", "hold")}
    return names[decision]


def group_title(group: ShipGroup, n: int) -> str:
    titles = {ShipGroup.PAST_DUE: QCoreApplication.translate("FbmScreen", "Past due ({n})"),
              ShipGroup.DUE_TODAY: QCoreApplication.translate("FbmScreen", "Due today ({n})"),
              ShipGroup.LATER: QCoreApplication.translate("FbmScreen", "Later ({n})"),
              ShipGroup.NO_DATE: QCoreApplication.translate("FbmScreen", "No ship-by date ({n})")}
    return titles[group].format(n=n)


def orders_text(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate("FbmScreen", "1 unshipped FBM order")
    return QCoreApplication.translate("FbmScreen", "{n} unshipped FBM orders").format(n=n)


class DecideDialog(QDialog):
    """Record a decision on one order (compliance): the decision and a note."""

    decided = Signal(object)            # DecisionView

    def __init__(self, console: Console, order: FbmOrder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.order = order
        self.setObjectName("fbmDecideDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Decide on order {id}").format(id=order.amazon_order_id))
        info = QLabel(self.tr("Ship by {when}; {items}").format(
            when=clock.local_text(order.latest_ship_date), items=order.items))
        info.setWordWrap(True)
        info.setTextFormat(Qt.TextFormat.PlainText)
        self.decision = QComboBox(objectName="fbmDecision")
        for d in FbmDecision:
            self.decision.addItem(decision_name(d), d)
        if order.decision is not None:
            self.decision.setCurrentIndex(list(FbmDecision).index(order.decision.decision))
        self.note = QPlainTextEdit(objectName="fbmNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Why: stock, carrier, the buyer's wish, the suspension's terms…"))
        form = QFormLayout()
        form.addRow(self.tr("&Decision:"), self.decision)
        form.addRow(self.tr("&Note:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(460, 260)

    def accept(self) -> None:
        try:
            result = fbm_service.decide(self.console.db, self.console.actor, self.order.amazon_order_id,
                                        self.decision.currentData(), self.note.toPlainText())
        except WarroomError as exc:
            show_error(self, exc, self.tr("Recording the decision"))
            return
        self.decided.emit(result)
        super().accept()


class FbmScreen(QWidget):
    """The tab: the orders tree on the left, the WISMO chart on the right."""

    changed = Signal()

    def __init__(self, console: Console, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("fbmScreen")
        self.console = console
        self.view: FbmView | None = None
        self.dialog: QDialog | None = None
        self.summary = QLabel(objectName="fbmSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.summary.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.3)
        self.summary.setFont(bold)
        self.decide_button = QPushButton(self.tr("&Record a decision…"), objectName="fbmDecideButton")
        self.decide_button.setToolTip(self.tr("Compliance users decide what happens to each order"))
        self.history_button = QPushButton(self.tr("History"), objectName="fbmHistoryButton")
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="fbmRefreshButton")
        self.decide_button.clicked.connect(self.ask_decide)
        self.history_button.clicked.connect(self.show_history)
        self.refresh_button.clicked.connect(self.refresh)
        self.tree = QTreeWidget(objectName="fbmTree")
        self.tree.setHeaderLabels([self.tr("Order"), self.tr("Ship by"), self.tr("Status"), self.tr("Market"),
                                   self.tr("Items"), self.tr("Decision"), self.tr("By"), self.tr("When")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_a: self.ask_decide())
        self.history = QLabel(objectName="fbmHistory")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.chart = BarChart(self.tr("WISMO tickets per day (last 14 days)"))
        self.chart.setObjectName("wismoChart")
        self.chart.empty_text = self.tr("No WISMO tickets")
        self.wismo_total = QLabel(objectName="wismoTotal")
        self.wismo_total.setTextFormat(Qt.TextFormat.PlainText)
        self.wismo_total.setWordWrap(True)

        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.decide_button)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.refresh_button)
        llay.addLayout(buttons)
        llay.addWidget(self.tree, 1)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.chart, 2)
        rlay.addWidget(self.wismo_total)
        rlay.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([930, 330])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.refresh()

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        try:
            view = fbm_service.fbm_view(self.console.db)
        except WarroomError as exc:
            show_error(self, exc, self.tr("Loading the FBM orders"))
            return
        chosen = self.selected()
        self.view = view
        past = len(view.group(ShipGroup.PAST_DUE))
        text = orders_text(len(view.orders))
        if past:
            text = self.tr("{orders}, {n} past due").format(orders=text, n=past)
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {PAST_DUE_COLOR.name()};" if past else "")
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in ShipGroup:
            rows = view.group(group)
            if not rows and group is ShipGroup.NO_DATE:
                continue
            top = QTreeWidgetItem([group_title(group, len(rows))])
            top.setFirstColumnSpanned(False)
            top.setFont(0, bold)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if group is ShipGroup.PAST_DUE and rows:
                top.setForeground(0, QBrush(PAST_DUE_COLOR))
            self.tree.addTopLevelItem(top)
            for o in rows:
                d = o.decision
                item = QTreeWidgetItem([
                    o.amazon_order_id, clock.local_text(o.latest_ship_date), o.status, o.marketplace or "", o.items,
                    decision_name(d.decision if d else None), d.decided_by if d else "",
                    clock.local_text(d.decided_at) if d else ""])
                item.setData(0, Qt.ItemDataRole.UserRole, o.amazon_order_id)
                if d is None:
                    item.setForeground(5, QBrush(QColor("#8a5a00")))
                if group is ShipGroup.PAST_DUE:
                    item.setForeground(1, QBrush(PAST_DUE_COLOR))
                if d is not None and o.decisions > 1:
                    item.setToolTip(5, self.tr("{n} decisions recorded; the newest counts").format(n=o.decisions))
                top.addChild(item)
            top.setExpanded(True)
        for col in (0, 1, 2, 3, 5, 6, 7):
            self.tree.resizeColumnToContents(col)
        # the items column takes what the others leave (no sideways scrolling at 1280 px)
        others = sum(self.tree.columnWidth(c) for c in (0, 1, 2, 3, 5, 6, 7))
        spare = self.tree.viewport().width() - others - 4
        self.tree.setColumnWidth(4, max(90, min(240, spare)))
        if chosen is not None:
            self.select_order(chosen.amazon_order_id)
        bars = [Bar(d.day.strftime("%d"), d.count, d.day.isoformat(),
                    tooltip=self.tr("{day}: {n} WISMO tickets").format(day=d.day.isoformat(), n=d.count))
                for d in view.wismo_per_day]
        self.chart.set_bars(bars if any(b.value for b in bars) else [])
        total = sum(d.count for d in view.wismo_per_day)
        today = view.wismo_per_day[-1].count if view.wismo_per_day else 0
        self.wismo_total.setText(self.tr("{total} WISMO tickets in 14 days, {today} today (days in {zone})").format(
            total=total, today=today, zone=view.timezone))
        self._selection_changed()

    def selected(self) -> FbmOrder | None:
        items = self.tree.selectedItems()
        if not items or self.view is None:
            return None
        oid = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((o for o in self.view.orders if o.amazon_order_id == oid), None)

    def select_order(self, amazon_order_id: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, Qt.ItemDataRole.UserRole) == amazon_order_id:
                    self.tree.setCurrentItem(child)
                    child.setSelected(True)
                    return True
        return False

    def _selection_changed(self) -> None:
        order = self.selected()
        self.decide_button.setEnabled(order is not None and self.console.can(Permission.DECIDE_FBM))
        self.history_button.setEnabled(order is not None and order.decisions > 0)
        self.history.setText("" if order is None else self._history_text(order))

    def _history_text(self, order: FbmOrder) -> str:
        if order.decision is None:
            return self.tr("Order {id}: no decision yet.").format(id=order.amazon_order_id)
        d = order.decision
        return self.tr("Order {id}: {decision} — {by}, {when}\n{note}").format(
            id=order.amazon_order_id, decision=decision_name(d.decision), by=d.decided_by,
            when=clock.local_text(d.decided_at), note=d.note)

    # ------------------------------------------------------------ actions

    def ask_decide(self) -> DecideDialog | None:
        order = self.selected()
        if order is None or not self.console.can(Permission.DECIDE_FBM):
            return None
        dialog = DecideDialog(self.console, order, self)
        dialog.decided.connect(self._after)
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_history(self) -> None:
        order = self.selected()
        if order is None:
            return
        try:
            rows = fbm_service.decision_history(self.console.db, order.amazon_order_id)
        except WarroomError as exc:
            show_error(self, exc, self.tr("Loading the decisions"))
            return
        lines = [self.tr("{when}: {decision} by {by} — {note}").format(
            when=clock.local_text(d.decided_at), decision=decision_name(d.decision), by=d.decided_by, note=d.note)
            for d in rows]
        self.history.setText(self.tr("Decisions on {id}, oldest first:").format(id=order.amazon_order_id)
                             + "\n" + "\n".join(lines))

    def _after(self, _result: Any) -> None:
        self.refresh()
        self.changed.emit()


def add_fbm_tab(window: Any) -> FbmScreen:
    """The main window's hook: the FBM orders tab, refreshed when shown."""
    widget = FbmScreen(window.console, load=False)       # read when first shown
    window.tabs.addTab(widget, QCoreApplication.translate("FbmScreen", "FBM orders"))
    window.tabs.currentChanged.connect(lambda _i: widget.refresh() if window.tabs.currentWidget() is widget else None)
    return widget
