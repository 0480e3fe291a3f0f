"""Compliance › Escalation drill…: start a drill, follow its timings, end it
(warroom.services.drills; the same as `warroom drill start|report|end`).

A drill runs in a copy of the database next to it (``<name>.drill.sqlite3``) with one simulated
escalation; the team opens a console on the copy and works it.  This dialog, in the real
console, shows how long the first action, the brief, the drafted and the sent reply took, and
ends the drill (the real log gets one ``drill.ended`` entry).  Refusals are shown in the
dialog, in the console's words (ui/errors.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.errors import NotFound
from warroom.services import drills
from warroom.services.drills import DrillReport

from ui.context import Console
from ui.errors import describe

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("DrillDialog", "not yet")
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return QCoreApplication.translate("DrillDialog", "{h} h {m:02d} min").format(h=hours, m=minutes)
    return QCoreApplication.translate("DrillDialog", "{m} min {s:02d} s").format(m=minutes, s=secs)


class DrillDialog(QDialog):
    """The drill of this database: none running (Start), or its report (Refresh, End)."""

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.report: DrillReport | None = None
        self.setObjectName("drillDialog")
        self.setWindowTitle(self.tr("Escalation drill"))
        self.status = QLabel(objectName="drillStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.steps = QTreeWidget(objectName="drillSteps")
        self.steps.setHeaderLabels([self.tr("Step"), self.tr("After the escalation"), self.tr("By")])
        self.steps.setRootIsDecorated(False)
        self.steps.setMinimumHeight(130)
        self.keep = QCheckBox(self.tr("&Keep the drill copy after ending"), objectName="drillKeepCopy")
        self.error = QLabel(objectName="drillError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.start_button = QPushButton(self.tr("&Start drill"), objectName="drillStart")
        self.copy_button = QPushButton(self.tr("&Copy the command for the team"), objectName="drillCopyCommand")
        self.refresh_button = QPushButton(self.tr("&Refresh"), objectName="drillRefresh")
        self.end_button = QPushButton(self.tr("&End drill"), objectName="drillEnd")
        self.start_button.clicked.connect(self.start)
        self.copy_button.clicked.connect(self.copy_command)
        self.refresh_button.clicked.connect(self.refresh)
        self.end_button.clicked.connect(self.end)
        row = QHBoxLayout()
        for b in (self.start_button, self.copy_button, self.refresh_button, self.end_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.steps)
        layout.addWidget(self.keep)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.setMinimumWidth(620)
        self.refresh()

    # ------------------------------------------------------------------ state

    def command(self) -> str:
        """What a team member runs to work the drill: a console on the copy."""
        if self.report is None:
            return ""
        return f'warroom-gui --db "{drills.copy_path(self.console.db)}"'

    def _refused(self, exc: Exception) -> bool:
        self.error.setText(describe(exc)[1])
        self.error.show()
        return False

    def refresh(self) -> bool:
        self.error.hide()
        try:
            self.report = drills.drill_report(self.console.db)
        except NotFound:
            self.report = None
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.report = None
            self._show()
            return self._refused(exc)
        self._show()
        return True

    def _show(self) -> None:
        r = self.report
        running = r is not None
        may = self.console.can(Permission.RUN_DRILL)
        self.start_button.setEnabled(may and not running)
        for w in (self.copy_button, self.refresh_button):
            w.setEnabled(running)
        self.end_button.setEnabled(may and running)
        self.keep.setEnabled(may and running)
        self.steps.clear()
        if r is None:
            self.status.setText(self.tr(
                "No drill is running. Starting one copies this database next to it and adds one simulated "
                "escalation there; the team works it in a console opened on the copy, and nothing done "
                "there reaches this database or an appeal export."))
            return
        self.status.setText(self.tr(
            "Drill started by {who} at {when}: simulated ticket #{ticket}. The team works it in a console "
            "on the copy:\n{command}\n{entries} audit entries in the copy so far.").format(
            who=r.started_by, when=clock.local_text(r.started_at), ticket=r.ticket_id, command=self.command(),
            entries=r.entries))
        names = {"first_action": self.tr("First action"), "brief": self.tr("Brief written"),
                 "reply_drafted": self.tr("Reply drafted"), "reply_sent": self.tr("Reply sent")}
        for s in r.steps:
            self.steps.addTopLevelItem(QTreeWidgetItem([names.get(s.name, s.name), _duration(s.seconds),
                                                        s.actor or ""]))
        for col in range(3):
            self.steps.resizeColumnToContents(col)

    # ------------------------------------------------------------------ actions

    def start(self) -> bool:
        self.error.hide()
        try:
            drills.start_drill(self.console.db, self.console.actor)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            return self._refused(exc)
        return self.refresh()

    def copy_command(self) -> None:
        QGuiApplication.clipboard().setText(self.command())

    def confirm_end(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("End the drill"),
            self.tr("End the drill now? Its timings are recorded in the real audit log; the copy is "
                    "deleted unless you keep it."))
        return answer == QMessageBox.StandardButton.Yes

    def end(self) -> bool:
        self.error.hide()
        if not self.confirm_end():
            return False
        try:
            ended = drills.end_drill(self.console.db, self.console.actor, keep_copy=self.keep.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            return self._refused(exc)
        self.refresh()
        self.status.setText(self.tr("Drill ended: recorded as audit entry {seq}.").format(seq=ended.entry)
                            + "\n" + self.status.text())
        return True


def add_drill_action(menu: Any, window: Any, console: Console) -> QAction | None:
    """Compliance › Escalation drill… for those who may run drills (not on a drill copy itself)."""
    if not console.can(Permission.RUN_DRILL):
        return None
    try:
        if drills.is_drill_copy(console.db):
            return None
    except Exception:  # noqa: BLE001 - a database without the marker table: no drill copy
        pass
    action = QAction(QCoreApplication.translate("DrillDialog", "Escalation &drill…"), window)
    action.setObjectName("drillAction")

    def open_dialog() -> DrillDialog:
        dialog = DrillDialog(console, window)
        dialog.open()
        return dialog

    action.triggered.connect(lambda _checked=False: open_dialog())
    menu.addSeparator()
    menu.addAction(action)
    window.addAction(action)
    window.drill_action = action
    window.open_drill_dialog = open_dialog
    return action
