"""What a user sees in a window, as text: every label, button, menu, action, tab, group title,
header, placeholder, tooltip and window title, to check that none is left in English when the
console runs in Chinese.

A text counts as translated when it holds a CJK character, or when it has no English word left
once the names that stay as they are (War Room, Amazon, SMTP, A-to-z, the categories' codes...)
and data (order numbers, e-mail addresses, file names, times) are taken out.  Data shown in item
views (the queue's rows, the desk's drafts) is the buyers' and the seller's, not interface: only
the views' headers are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QLineEdit, QMainWindow, QMenu,
    QPlainTextEdit, QTabWidget, QTextEdit, QWidget,
)

# names and codes a Chinese seller team reads as they are (brands, protocols, Amazon's own terms,
# the categories' and tags' codes, units)
KEEP = (
    "War Room", "Amazon", "Seller Central", "SMTP", "TLS", "STARTTLS", "SSL", "IMAP", "A-to-z", "A-TO-Z",
    "ASIN", "SKU", "FBA", "FBM", "WISMO", "SQLite", "PostgreSQL", "PDF", "CSV", "JSON", "HTML", "UTC", "ID", "URL",
    "SHA-256", "Ed25519", "OK", "Ctrl", "Alt", "Shift", "Enter", "Esc", "Del", "Tab", "PgUp", "PgDown", "English",
    "REFUND", "RETURN", "DAMAGED", "ESCALATED", "OTHER", "SHIPPING", "CANCEL", "CANCELLATION", "FEEDBACK",
    "LEGAL", "SAFETY", "PRETEXT", "PLACEHOLDER", "LENGTH", "ACCOUNT-RELATED", "MIME", "QR",
)

_DATA = [
    re.compile(r"\b\d{3}-\d{7}-\d{7}\b"),                     # an Amazon order id
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),                # an e-mail address
    re.compile(r"\b[\w-]+\.(sqlite3|sqlite|db|zip|csv|txt|eml|mbox|json|pdf|html|md|ini|log)\b", re.I),
    re.compile(r"\b[0-9a-f]{8,}\b"),                          # hashes, ids
    re.compile(r"\bsqlite:///\S*|postgresql\S*"),
    re.compile(r"(/[\w.-]+)+/?"),                             # paths
]
_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def english_left(text: str, data: tuple[str, ...] = ()) -> str | None:
    """The English left in ``text`` (None: nothing, it is translated or has no words)."""
    if not text or _CJK.search(text):
        return None
    rest = text.replace("&&", "&")
    for value in sorted(data, key=len, reverse=True):
        if value:
            rest = rest.replace(value, " ")
    for pattern in _DATA:
        rest = pattern.sub(" ", rest)
    for name in sorted(KEEP, key=len, reverse=True):
        rest = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", rest)
    rest = rest.replace("&", "")
    words = _WORD.findall(rest)
    return " ".join(words) if words else None


def _strip_mnemonic(text: str) -> str:
    return re.sub(r"&(?!&)", "", text)


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} (menu title)", _strip_mnemonic(menu.title())
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), f"{where} > {action.text()}")
        else:
            yield f"{where} > action", _strip_mnemonic(action.text())
            if action.toolTip() and action.toolTip() != _strip_mnemonic(action.text()):
                yield f"{where} > {action.text()} (tooltip)", action.toolTip()


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for each piece of interface text in ``root`` and its visible children."""
    if root.windowTitle():
        yield f"{type(root).__name__} (window title)", root.windowTitle()
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            if action.menu() is not None and action.isVisible():
                yield from _menu_texts(action.menu(), type(root).__name__)
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root:
            continue
        name = f"{type(w).__name__} {w.objectName() or ''}".strip()
        if w.toolTip():
            yield f"{name} (tooltip)", w.toolTip()
        if isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.RichText:
            yield name, _strip_mnemonic(w.text())
        elif isinstance(w, QLabel):
            yield name, re.sub(r"<[^>]+>", " ", w.text())
        elif isinstance(w, QAbstractButton):
            yield name, _strip_mnemonic(w.text())
        elif isinstance(w, QGroupBox):
            yield name, _strip_mnemonic(w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                if w.isTabVisible(i):
                    yield f"{name} tab {i}", _strip_mnemonic(w.tabText(i))
        elif isinstance(w, (QLineEdit,)):
            yield f"{name} (placeholder)", w.placeholderText()
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            yield f"{name} (placeholder)", w.placeholderText()
        elif isinstance(w, QComboBox) and not w.isEditable():
            for i in range(w.count()):
                yield f"{name} item {i}", w.itemText(i)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            if isinstance(model, QAbstractListModel):                 # one column, no header to read
                continue
            for section in range(model.columnCount()):
                header = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(header, str):
                    yield f"{name} column {section}", header


def untranslated(root: QWidget, data: tuple[str, ...] = ()) -> list[str]:
    """Each visible text of ``root`` with English left in it, as ``where: text``."""
    found = []
    for where, text in visible_texts(root):
        left = english_left(text, data)
        if left:
            found.append(f"{where}: {text!r} (English: {left})")
    return found
