"""The queue as a lazy table model: one keyset page at a time from ``warroom.services.queue``.

Never a QStandardItemModel, never a QSortFilterProxyModel: sorting and filtering happen in the
database (a header click or a filter change resets the model to the first page), and
``canFetchMore``/``fetchMore`` pull the next page when the view scrolls to the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal,
)
from PySide6.QtGui import QBrush, QColor

from warroom import clock

Index = QModelIndex | QPersistentModelIndex

# (header, sort key in the service or None when the column cannot be sorted)
COLUMNS: list[tuple[str, str | None]] = [
    (QT_TRANSLATE_NOOP("QueueModel", "Priority"), "priority"),
    (QT_TRANSLATE_NOOP("QueueModel", "Time left"), "due"),
    (QT_TRANSLATE_NOOP("QueueModel", "Channel"), "channel"),
    (QT_TRANSLATE_NOOP("QueueModel", "Order ID"), "order"),
    (QT_TRANSLATE_NOOP("QueueModel", "Category"), "category"),
    (QT_TRANSLATE_NOOP("QueueModel", "Flags"), None),
    (QT_TRANSLATE_NOOP("QueueModel", "Subject"), "subject"),
    (QT_TRANSLATE_NOOP("QueueModel", "Status"), "status"),
    (QT_TRANSLATE_NOOP("QueueModel", "Assignee"), "assignee"),
    (QT_TRANSLATE_NOOP("QueueModel", "Reply"), None),
]
(COL_PRIORITY, COL_DUE, COL_CHANNEL, COL_ORDER, COL_CATEGORY, COL_FLAGS, COL_SUBJECT, COL_STATUS, COL_ASSIGNEE,
 COL_REPLY) = range(10)


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueModel", text)


def reply_text(status: str | None) -> str:
    """The "Reply" column: the draft waiting on the ticket, in a word."""
    if not status:
        return ""
    return {"submitted": QCoreApplication.translate("QueueModel", "waiting"), "approved": QCoreApplication.translate("QueueModel", "approved"), "held": QCoreApplication.translate("QueueModel", "held"),
            "sending": QCoreApplication.translate("QueueModel", "sending")}.get(status, status)
RED_UNDER_SECONDS = 4 * 3600
TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# ticket statuses and channels as the console shows them (translated; filters and sorting keep the
# values themselves)
STATUS_NAMES = frozenset((QT_TRANSLATE_NOOP("Queue", "open"), QT_TRANSLATE_NOOP("Queue", "waiting"),
                          QT_TRANSLATE_NOOP("Queue", "answered"), QT_TRANSLATE_NOOP("Queue", "closed")))
CHANNEL_NAMES = frozenset((QT_TRANSLATE_NOOP("Queue", "amazon"), QT_TRANSLATE_NOOP("Queue", "email"),
                           QT_TRANSLATE_NOOP("Queue", "web"), QT_TRANSLATE_NOOP("Queue", "social")))


def status_name(status: str) -> str:
    return QCoreApplication.translate("Queue", status) if status in STATUS_NAMES else status


def channel_name(channel: str) -> str:
    return QCoreApplication.translate("Queue", channel) if channel in CHANNEL_NAMES else channel


RED = QColor("#c62828")
GREY = QColor("#757575")
BLUE = QColor("#0d47a1")
AMBER = QColor("#8d6e00")


def time_left_text(seconds: float | None) -> str:
    """``5h 02m``, ``-3h 10m`` past due, ``—`` without a running clock."""
    if seconds is None:
        return "—"
    sign = "-" if seconds < 0 else ""
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        days, hours = divmod(hours, 24)
        return f"{sign}{days}d {hours}h"
    return f"{sign}{hours}h {minutes:02d}m"


@dataclass(frozen=True)
class QueueQuery:
    """What the model asks the service for (everything but the cursor)."""

    sort: str = "priority"
    descending: bool = False
    tag: str | None = None
    status: str | None = None
    channel: str | None = None
    search: str | None = None
    focus: Any = None          # a warroom.services.queue.QueueFocus (a dashboard number's tickets)
    assignee: str | None = None     # "my tickets": the user's name

    def as_kwargs(self) -> dict[str, Any]:
        return {"sort": self.sort, "descending": self.descending, "tag": self.tag, "status": self.status,
                "channel": self.channel, "search": self.search, "focus": self.focus, "assignee": self.assignee}


PageSource = Callable[..., dict[str, Any]]   # (**QueueQuery.as_kwargs(), after=..., limit=...) -> page


SHOWN_TAGS = ("URGENT", "ESCALATED", "SENIOR-REQUESTED")   # SUSPENDED: the banner says it; the tooltip lists every tag
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ID = int(TICKET_ID_ROLE)
_HANDLED = frozenset((_DISPLAY, _FOREGROUND, _TOOLTIP, _ALIGN, _ID))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


@dataclass
class _Row:
    data: dict[str, Any]
    due: datetime | None = field(default=None)
    texts: list[str] = field(default_factory=list)     # display text per column (the clock: computed)

    def __post_init__(self) -> None:
        d = self.data
        self.texts = [str(d["priority"]), "", channel_name(d["channel"]), d["amazon_order_id"] or "",
                      d["category"],
                      " ".join([*d["flags"], *(t for t in SHOWN_TAGS if t in d["tags"] and t not in d["flags"])]),
                      " ".join((d["subject"] or "").split()), status_name(d["status"]), d["assignee"] or "",
                      reply_text(d.get("reply"))]


class QueueModel(QAbstractTableModel):
    """Rows are plain dicts from the service; at most the pages fetched so far are held."""

    failed = Signal(object)          # an exception from the service (shown by the window)
    reset_done = Signal()

    def __init__(self, source: PageSource, page_size: int = 200, parent: Any = None,
                 now: Callable[[], datetime] = clock.now) -> None:
        super().__init__(parent)
        self._source = source
        self.page_size = page_size
        self._now = now
        self.query = QueueQuery()
        self._rows: list[_Row] = []
        self._next: Any = None
        self._exhausted = True
        self.pages_fetched = 0
        self._changing = False

    # ------------------------------------------------------------ loading

    def _fetch(self, after: Any) -> list[_Row] | None:
        try:
            page = self._source(**self.query.as_kwargs(), after=after, limit=self.page_size)
        except Exception as exc:  # noqa: BLE001 - shown as a dialog by the window
            self._next, self._exhausted = None, True
            self.failed.emit(exc)
            return None
        self._next = page["next"]
        self._exhausted = page["next"] is None
        self.pages_fetched += 1
        return [_Row(r, clock.parse_iso(r["due_at"]) if r.get("due_at") else None) for r in page["rows"]]

    def reload(self) -> None:
        """Back to the first page of the current query (sort or filter changed, data changed)."""
        # Listeners of the model's signals may call fetchMore from inside them (Qt's model tester
        # does): no page is fetched while a change is being made or announced.
        self._changing = True
        try:
            self.beginResetModel()
            self._rows, self._next, self._exhausted, self.pages_fetched = [], None, True, 0
            rows = self._fetch(None)
            if rows is not None:
                self._rows = rows
            self.endResetModel()
        finally:
            self._changing = False
        self.reset_done.emit()

    def set_query(self, query: QueueQuery) -> None:
        if query != self.query:
            self.query = query
        self.reload()

    def update_query(self, **changes: Any) -> None:
        self.set_query(replace(self.query, **changes))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._changing:
            return
        self._changing = True
        try:
            rows = self._fetch(self._next)
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)   # last is inclusive
                self._rows.extend(rows)
                self.endInsertRows()
        finally:
            self._changing = False

    # ------------------------------------------------------------ the model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole:
                if section == COL_REPLY:
                    return QCoreApplication.translate("QueueModel", "A draft waiting on the ticket: for approval, approved, held or being sent")
                return QCoreApplication.translate("QueueModel", "Click to sort (in the database)") if COLUMNS[section][1] else QCoreApplication.translate("QueueModel", "Not sortable")
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(self._rows[section].data["id"])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def seconds_left(self, row: int) -> float | None:
        due = self._rows[row].due
        return None if due is None else (due - self._now()).total_seconds()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called thousands of times a paint: precomputed texts, unknown roles answered first.
        role = int(role)
        if role not in _HANDLED or not index.isValid():
            return None
        r, col = index.row(), index.column()
        if r >= len(self._rows) or col >= len(COLUMNS):
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            return time_left_text(self.seconds_left(r)) if col == COL_DUE else row.texts[col]
        if role == _FOREGROUND:
            if col == COL_DUE:
                left = self.seconds_left(r)
                if left is None:
                    return QBrush(GREY)
                if left < RED_UNDER_SECONDS:
                    return QBrush(RED)
            elif col == COL_FLAGS and row.data["flags"]:
                return QBrush(RED)
            elif col == COL_REPLY and row.data.get("reply"):
                return QBrush(BLUE if row.data["reply"] != "held" else AMBER)
            return None
        if role == _TOOLTIP:
            if col == COL_DUE:
                return (QCoreApplication.translate("QueueModel", "24-hour clock due {when}").format(when=clock.local_text(row.due)) if row.due
                        else QCoreApplication.translate("QueueModel", "No running clock"))
            if col == COL_SUBJECT:
                return row.data["subject"]
            if col == COL_FLAGS:
                return ", ".join(row.data["tags"]) or None
            if col == COL_REPLY and row.data.get("reply"):
                return QCoreApplication.translate("QueueModel", "A draft is waiting on this ticket ({status}): it takes no other until that one is "
                           "sent or rejected").format(status=row.texts[COL_REPLY])
            return None
        if role == _ALIGN:
            return _RIGHT if col in (COL_PRIORITY, COL_DUE) else None
        return row.data["id"]   # TICKET_ID_ROLE

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: ORDER BY in the database, back to the first page."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        self.update_query(sort=COLUMNS[column][1], descending=order == Qt.SortOrder.DescendingOrder)

    # ------------------------------------------------------------ helpers for the views

    def ticket_id(self, row: int) -> int | None:
        return self._rows[row].data["id"] if 0 <= row < len(self._rows) else None

    def row_of(self, ticket_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.data["id"] == ticket_id:
                return i
        return None

    def row_dict(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row].data)

    def refresh_clocks(self) -> None:
        """The clock column moves with time: repaint it (no query)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_DUE), self.index(len(self._rows) - 1, COL_DUE),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    def patch_row(self, row: int, **changes: Any) -> None:
        """One ticket changed (assigned): update it in place, keep its position until the next reload."""
        if not 0 <= row < len(self._rows):
            return
        data = {**self._rows[row].data, **changes}
        self._rows[row] = _Row(data, clock.parse_iso(data["due_at"]) if data.get("due_at") else None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
