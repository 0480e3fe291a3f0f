"""Small charts drawn with QPainter: a bar chart whose bars can be clicked.

Why not Qt Charts or pyqtgraph: see docs/dashboard.md (Qt Charts is deprecated since Qt 6.10;
pyqtgraph is a dependency for two bar charts; QPainter takes the window's palette and font, so
it follows the theme and any language's labels, and stays small).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

RED = QColor("#c62828")


@dataclass(frozen=True)
class Bar:
    label: str          # shown under (vertical) or beside (horizontal) the bar, already translated
    value: int
    key: Any            # what a click reports
    tooltip: str = ""
    alert: bool = False  # drawn red (past due, over target)


class BarChart(QWidget):
    """Bars with their values; a click (or Enter on the focused bar) emits ``bar_clicked(key)``.
    Left/Right (Up/Down when horizontal) move the focus between bars."""

    bar_clicked = Signal(object)

    def __init__(self, title: str = "", horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.focused = -1
        self._rects: list[QRectF] = []
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(360, 220)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(200, 140)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.focused = min(self.focused, len(self.bars) - 1)
        self._rects = []
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.value}" for b in self.bars))
        self.update()

    # ------------------------------------------------------------ layout and painting

    def _layout(self) -> tuple[QRectF, list[QRectF]]:
        fm = QFontMetrics(self.font())
        top = fm.height() + 8 if self.title else 4
        area = QRectF(self.rect()).adjusted(6, top, -6, -6)
        peak = max((b.value for b in self.bars), default=0) or 1
        rects: list[QRectF] = []
        n = len(self.bars)
        if not n:
            return area, rects
        if self.horizontal:
            label_w = min(area.width() * 0.5, max(fm.horizontalAdvance(b.label) for b in self.bars) + 16)
            value_w = fm.horizontalAdvance(f"{peak:,}") + 8
            slot = area.height() / n
            span = max(1.0, area.width() - label_w - value_w)
            for i, b in enumerate(self.bars):
                h = min(slot * 0.7, fm.height() + 6)
                y = area.top() + i * slot + (slot - h) / 2
                rects.append(QRectF(area.left() + label_w, y, max(2.0, span * b.value / peak), h))
        else:
            label_h = fm.height() + 4
            value_h = fm.height() + 2
            slot = area.width() / n
            span = max(1.0, area.height() - label_h - value_h)
            for i, b in enumerate(self.bars):
                w = min(slot * 0.7, 48.0)
                h = max(2.0, span * b.value / peak)
                x = area.left() + i * slot + (slot - w) / 2
                rects.append(QRectF(x, area.bottom() - label_h - h, w, h))
        return area, rects

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text = pal.color(QPalette.ColorRole.WindowText)
        accent = pal.color(QPalette.ColorRole.Highlight)
        if self.title:
            bold = self.font()
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRectF(6, 2, self.width() - 12, fm.height() + 4),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.title)
            p.setFont(self.font())
        area, self._rects = self._layout()
        if not self.bars:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(area, int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
            return
        for i, (b, r) in enumerate(zip(self.bars, self._rects)):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(RED if b.alert else accent)
            p.drawRoundedRect(r, 2, 2)
            if i == self.focused and self.hasFocus():
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(text)
                p.drawRect(r.adjusted(-2, -2, 2, 2))
            p.setPen(text)
            value = f"{b.value:,}"
            if self.horizontal:
                p.drawText(QRectF(area.left(), r.top(), r.left() - area.left() - 6, r.height()),
                           int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                           fm.elidedText(b.label, Qt.TextElideMode.ElideRight, int(r.left() - area.left() - 8)))
                p.drawText(QPointF(r.right() + 4, r.center().y() + fm.ascent() / 2 - 1), value)
            else:
                slot = area.width() / len(self.bars)
                cell = QRectF(r.center().x() - slot / 2, area.bottom() - fm.height() - 2, slot, fm.height() + 2)
                p.drawText(cell, int(Qt.AlignmentFlag.AlignCenter),
                           fm.elidedText(b.label, Qt.TextElideMode.ElideRight, int(slot) - 2))
                p.drawText(QRectF(r.center().x() - slot / 2, r.top() - fm.height() - 2, slot, fm.height()),
                           int(Qt.AlignmentFlag.AlignCenter), value)

    # ------------------------------------------------------------ interaction

    def bar_at(self, pos: QPointF) -> int | None:
        if not self._rects:
            _area, self._rects = self._layout()
        for i, r in enumerate(self._rects):
            hit = r.adjusted(-4, -4, 4, 4)
            if self.horizontal:
                hit.setLeft(0)          # the label beside a bar counts as the bar
            else:
                hit.setTop(min(hit.top(), r.bottom() - 24))   # a short bar is still easy to hit
                hit.setBottom(self.height())
            if hit.contains(pos):
                return i
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        i = self.bar_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if i is not None else Qt.CursorShape.ArrowCursor)
        if i is not None:
            b = self.bars[i]
            QToolTip.showText(event.globalPosition().toPoint(), b.tooltip or f"{b.label}: {b.value:,}", self)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        i = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and i is not None:
            self.focused = i
            self.bar_clicked.emit(self.bars[i].key)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        back, forward = ((Qt.Key.Key_Up, Qt.Key.Key_Down) if self.horizontal else (Qt.Key.Key_Left, Qt.Key.Key_Right))
        key = event.key()
        if self.bars and key in (back, forward):
            self.focused = max(0, min(len(self.bars) - 1, self.focused + (1 if key == forward else -1)))
            self.update()
            return
        if self.bars and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.focused >= 0:
            self.bar_clicked.emit(self.bars[self.focused].key)
            return
        super().keyPressEvent(event)

    def click_bar(self, index: int) -> None:
        """As a click on bar ``index`` (tests, keyboard)."""
        self.focused = index
        self.bar_clicked.emit(self.bars[index].key)
