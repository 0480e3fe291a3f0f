"""The "Compliance" menu of the main window: Templates… and Rules…, each opening its screen as a
tab (once; chosen again, the tab is brought forward).  Compliance users change templates and
rules there; admins may look (read-only); agents do not see the menu.

The main window calls :func:`install` once, after building its own menus (Alt+P: File,
Ticket, View and Admin use F, T, V and A)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QWidget

from warroom.domain.roles import Permission

from ui.context import Console

CONTEXT = "ComplianceMenu"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def may_view(console: Console) -> bool:
    """Compliance changes templates and rules; an admin may look at them."""
    return console.can(Permission.MANAGE_TEMPLATES) or console.can(Permission.MANAGE_USERS)


class ComplianceMenu:
    """The menu and the two screens it opens in ``tabs``."""

    def __init__(self, window: QMainWindow, console: Console, tabs: QTabWidget) -> None:
        self.window = window
        self.console = console
        self.tabs = tabs
        self.templates: QWidget | None = None
        self.rules: QWidget | None = None
        self.menu: QMenu = window.menuBar().addMenu(QCoreApplication.translate("ComplianceMenu", "Com&pliance"))
        self.menu.setObjectName("complianceMenu")
        self.templates_action = self._action(QCoreApplication.translate("ComplianceMenu", "&Templates…"), self.show_templates, "templatesAction")
        self.rules_action = self._action(QCoreApplication.translate("ComplianceMenu", "&Rules…"), self.show_rules, "rulesAction")
        visible = may_view(console)
        self.menu.menuAction().setVisible(visible)
        for a in (self.templates_action, self.rules_action):
            a.setEnabled(visible)
        from ui.drill_dialog import add_drill_action

        self.drill_action = add_drill_action(self.menu, window, console)    # Escalation drill… (compliance)

    def _action(self, text: str, slot: Any, name: str) -> QAction:
        action = QAction(text, self.window)        # no shortcut of its own: Alt+P, then T or R
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        self.window.addAction(action)
        return action

    def _show(self, widget: QWidget, title: str) -> QWidget:
        if self.tabs.indexOf(widget) < 0:
            self.tabs.addTab(widget, title)
        self.tabs.setCurrentWidget(widget)
        return widget

    def show_templates(self) -> QWidget | None:
        if not may_view(self.console):
            return None
        from ui.templates_screen import TemplatesScreen

        if self.templates is None:
            self.templates = TemplatesScreen(self.console)
        else:
            self.templates.refresh()        # type: ignore[attr-defined]
        return self._show(self.templates, QCoreApplication.translate("ComplianceMenu", "Templates"))

    def show_rules(self) -> QWidget | None:
        if not may_view(self.console):
            return None
        from ui.rules_screen import RulesScreen

        if self.rules is None:
            self.rules = RulesScreen(self.console)
        else:
            self.rules.refresh()            # type: ignore[attr-defined]
        return self._show(self.rules, QCoreApplication.translate("ComplianceMenu", "Rules"))


def install(window: QMainWindow, console: Console, tabs: QTabWidget) -> ComplianceMenu:
    return ComplianceMenu(window, console, tabs)
