"""A side-by-side diff of two template texts: the current version on the left, the new one on
the right, lines aligned (a gap where one side has no line), removed lines red, added lines
green, changed lines amber; both panes scroll together."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

COLORS = {"delete": "#ffcdd2", "insert": "#c8e6c9", "replace": "#ffe0b2"}
CHANGED_PART = "#ffb74d"        # the part of a changed line that differs
GAP_COLOR = "#eeeeee"


@dataclass(frozen=True)
class DiffRow:
    """One aligned row: the old line (None: a gap), the new line, and how they differ
    (``equal``, ``delete``, ``insert``, ``replace``)."""

    old: str | None
    new: str | None
    tag: str


def diff_rows(old: str, new: str) -> list[DiffRow]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [DiffRow(a[i], b[j], "equal") for i, j in zip(range(i1, i2), range(j1, j2))]
        elif tag == "delete":
            rows += [DiffRow(a[i], None, "delete") for i in range(i1, i2)]
        elif tag == "insert":
            rows += [DiffRow(None, b[j], "insert") for j in range(j1, j2)]
        else:
            n = max(i2 - i1, j2 - j1)
            for k in range(n):
                left = a[i1 + k] if i1 + k < i2 else None
                right = b[j1 + k] if j1 + k < j2 else None
                rows.append(DiffRow(left, right, "replace" if left is not None and right is not None
                                    else "delete" if right is None else "insert"))
    return rows


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """Where two versions of a line differ: (start, end in old, end in new), the common
    beginning and end left out."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def diff_counts(rows: list[DiffRow]) -> tuple[int, int, int]:
    """(lines added, removed, changed)."""
    added = sum(r.tag == "insert" for r in rows)
    removed = sum(r.tag == "delete" for r in rows)
    changed = sum(r.tag == "replace" for r in rows)
    return added, removed, changed


class DiffView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateDiff")
        self.rows: list[DiffRow] = []
        self._shown_change: dict[str, bool] = {}
        self.old_title = QLabel(objectName="diffOldTitle")
        self.new_title = QLabel(objectName="diffNewTitle")
        self.summary = QLabel(objectName="diffSummary")
        self.old_pane = self._pane("diffOld")
        self.new_pane = self._pane("diffNew")
        self.old_pane.verticalScrollBar().valueChanged.connect(self.new_pane.verticalScrollBar().setValue)
        self.new_pane.verticalScrollBar().valueChanged.connect(self.old_pane.verticalScrollBar().setValue)
        self.old_pane.horizontalScrollBar().valueChanged.connect(self.new_pane.horizontalScrollBar().setValue)
        self.new_pane.horizontalScrollBar().valueChanged.connect(self.old_pane.horizontalScrollBar().setValue)
        left = QVBoxLayout()
        left.addWidget(self.old_title)
        left.addWidget(self.old_pane, 1)
        right = QVBoxLayout()
        right.addWidget(self.new_title)
        right.addWidget(self.new_pane, 1)
        panes = QHBoxLayout()
        panes.addLayout(left, 1)
        panes.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(panes, 1)

    def _pane(self, name: str) -> QPlainTextEdit:
        pane = QPlainTextEdit(objectName=name)
        pane.setReadOnly(True)
        pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        pane.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        pane.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        return pane

    def set_titles(self, old: str, new: str) -> None:
        self.old_title.setText(old)
        self.new_title.setText(new)

    def set_texts(self, old: str, new: str) -> None:
        self.rows = diff_rows(old, new)
        added, removed, changed = diff_counts(self.rows)
        if not (added or removed or changed):
            self.summary.setText(self.tr("No change from the current version"))
        else:
            parts = [self.tr("1 line added") if added == 1 else self.tr("{n} lines added").format(n=added),
                     self.tr("1 line removed") if removed == 1 else self.tr("{n} lines removed").format(n=removed),
                     self.tr("1 line changed") if changed == 1 else self.tr("{n} lines changed").format(n=changed)]
            self.summary.setText(" · ".join(parts))
        first_change = next((i for i, r in enumerate(self.rows) if r.tag != "equal"), None)
        self._fill(self.old_pane, [r.old for r in self.rows], "delete", first_change)
        self._fill(self.new_pane, [r.new for r in self.rows], "insert", first_change)
        if first_change is not None and self.rows[first_change].tag == "replace":
            row = self.rows[first_change]       # show where the first changed line differs
            start, _e1, _e2 = changed_span(row.old or "", row.new or "")
            metrics = self.new_pane.fontMetrics()
            x = metrics.horizontalAdvance((row.new or "")[:start]) - self.new_pane.viewport().width() // 3
            self.new_pane.horizontalScrollBar().setValue(max(0, x))
        elif first_change is not None:
            self.new_pane.horizontalScrollBar().setValue(0)

    def _fill(self, pane: QPlainTextEdit, lines: list[str | None], one_sided: str, first_change: int | None) -> None:
        """Fill a pane and colour its rows; keep where it was scrolled, or (the first time a
        change appears) scroll to the first change."""
        bar = pane.verticalScrollBar().value()
        jump = first_change is not None and not self._shown_change.get(pane.objectName(), False)
        self._shown_change[pane.objectName()] = first_change is not None
        pane.setPlainText("\n".join(line if line is not None else "" for line in lines))
        selections: list[QTextEdit.ExtraSelection] = []
        block = pane.document().firstBlock()
        for row, line in zip(self.rows, lines):
            if line is None:
                color = GAP_COLOR
            else:
                color = COLORS[row.tag] if row.tag in ("replace", one_sided) else ""
            if color:
                sel = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(color))
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
                sel.format = fmt                    # type: ignore[misc]
                cursor = QTextCursor(block)
                sel.cursor = cursor                 # type: ignore[misc]
                selections.append(sel)
            if row.tag == "replace" and line is not None:
                start, end_old, end_new = changed_span(row.old or "", row.new or "")
                end = end_old if one_sided == "delete" else end_new
                if end > start:
                    part = QTextEdit.ExtraSelection()
                    pfmt = QTextCharFormat()
                    pfmt.setBackground(QColor(CHANGED_PART))
                    part.format = pfmt              # type: ignore[misc]
                    cursor = QTextCursor(block)
                    cursor.setPosition(block.position() + start)
                    cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                    part.cursor = cursor            # type: ignore[misc]
                    selections.append(part)
            block = block.next()
        pane.setExtraSelections(selections)
        if jump and first_change is not None:
            pane.verticalScrollBar().setValue(max(0, first_change - 2))   # a plain text edit scrolls by lines
        else:
            pane.verticalScrollBar().setValue(bar)
