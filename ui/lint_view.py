"""The lint result as a person reads it: a green "no findings" line, or each finding with its
rule, line:column, the matched text and why it is refused.  Shared by the composer and the desk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

OK_STYLE = "color: #1b5e20; font-weight: bold;"
BAD_STYLE = "color: #b71c1c; font-weight: bold;"
IDLE_STYLE = "color: #616161;"


class LintView(QWidget):
    def __init__(self, parent: QWidget | None = None, name: str = "lint") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.findings: list[dict[str, Any]] | None = None
        self.summary = QLabel(objectName="lintSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = QTreeWidget(objectName="lintFindings")
        self.table.setHeaderLabels([self.tr("Rule"), self.tr("Line:col"), self.tr("Matched"), self.tr("Why")])
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        self.table.setUniformRowHeights(False)
        header = self.table.header()
        header.setStretchLastSection(False)
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.clear(self.tr("Lint: nothing to check yet"))

    def clear(self, text: str = "") -> None:
        self.findings = None
        self.summary.setText(text)
        self.summary.setStyleSheet(IDLE_STYLE)
        self.table.clear()
        self.table.hide()

    def set_findings(self, findings: list[dict[str, Any]], blocked_note: str = "") -> None:
        self.findings = list(findings)
        self.table.clear()
        if not findings:
            self.summary.setText(self.tr("✔ Lint: no findings"))
            self.summary.setStyleSheet(OK_STYLE)
            self.table.hide()
            return
        n = len(findings)
        head = self.tr("✖ Lint: 1 finding") if n == 1 else self.tr("✖ Lint: {n} findings").format(n=n)
        self.summary.setText(head + (f" — {blocked_note}" if blocked_note else ""))
        self.summary.setStyleSheet(BAD_STYLE)
        for f in findings:
            item = QTreeWidgetItem([str(f.get("rule", "")), f"{f.get('line', '?')}:{f.get('column', '?')}",
                                    str(f.get("matched", "")), str(f.get("explanation", ""))])
            item.setToolTip(3, str(f.get("explanation", "")))
            item.setForeground(0, Qt.GlobalColor.red)
            self.table.addTopLevelItem(item)
        self.table.show()
