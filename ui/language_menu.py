"""The "&Language" submenu (English / 简体中文) of the main window's File menu.

Choosing a language remembers it for the logged-in user (``i18n.remember_language``), installs
its translators, and rebuilds the main window in it, so the change shows at once without
restarting: the new window takes the old one's place (geometry, the tab shown, the ticket open),
then the old one closes (saving its settings; its jobs are cancelled) and the new one loads the
queue.  Qt's own dialogs follow through the Qt catalogue ``i18n.install`` loads with ours.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from ui import i18n

#: the windows made by a language switch (Python must keep a reference to each)
_windows: list[QMainWindow] = []


def add_language_menu(window: Any) -> QMenu:
    """Put the Language submenu in ``window``'s File menu (before its first separator)."""
    menu = QMenu(QCoreApplication.translate("LanguageMenu", "&Language"), window)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code, name in i18n.LANGUAGES.items():
        action = QAction(name, menu)                # each language named in itself, never translated
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == i18n.current_language())
        action.setData(code)
        action.triggered.connect(lambda _checked=False, c=code: switch_language(window, c))
        group.addAction(action)
        menu.addAction(action)
    bar_menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    file_menu = bar_menus[0] if bar_menus else window.menuBar().addMenu(
        QCoreApplication.translate("LanguageMenu", "&File"))
    separators = [a for a in file_menu.actions() if a.isSeparator()]
    if separators:
        file_menu.insertMenu(separators[0], menu)
    else:
        file_menu.addMenu(menu)
    window.language_menu = menu
    return menu


def switch_language(window: Any, language: str) -> Any:
    """Remember ``language`` for the user, install it and rebuild ``window`` in it; returns the
    window now shown (``window`` itself when nothing changed or the catalogue cannot load)."""
    if language == i18n.current_language():
        return window
    previous = i18n.current_language()
    if not i18n.install(language):
        i18n.install(previous)
        from ui.errors import show_error
        from warroom.errors import WarroomError

        show_error(window, WarroomError(QCoreApplication.translate(
            "LanguageMenu", "The translations for {language} could not be loaded.").format(
                language=i18n.LANGUAGES.get(language, language))))
        return window
    i18n.remember_language(window.console.actor.name, language)
    return rebuild(window)


def rebuild(window: Any) -> Any:
    """A new main window in the installed language, in place of ``window``."""
    ticket = window.ticket_view.ticket
    tab = window.tabs.currentIndex()
    window.save_settings()
    new = type(window)(window.console)
    new.setGeometry(window.geometry())
    if window.isMaximized():
        new.showMaximized()
    elif window.isVisible():
        new.show()
    window.close()          # after the new one shows (the app does not quit); freed with its last reference
    if window in _windows:
        _windows.remove(window)
    _windows.append(new)
    new.load_queue()
    if ticket is not None:
        new.open_ticket(int(ticket["id"]))
    if 0 <= tab < new.tabs.count():
        new.tabs.setCurrentIndex(tab)
    new.start_verification()
    return new
