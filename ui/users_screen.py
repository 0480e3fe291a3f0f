"""Admin › Users and roles: list the users, add one, disable or enable, change a role, reset a
password.  Every rule is the core's (warroom.services.users through warroom.services.admin):
nobody changes their own role, the last active admin stays, admins never approve.  A refusal is
shown in the screen in its own words (:func:`phrase_refusal`), never as a command-line hint.
Passwords are typed twice and never echoed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMenu, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission, Role
from warroom.errors import AuthenticationError, BadInput, BusinessRuleError, NotFound, PermissionDenied
from warroom.services import admin as admin_service
from warroom.services.admin import UserRow

from ui.context import Console
from ui.errors import describe

CONTEXT = "UsersScreen"
ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
OK_STYLE = "color: #1b5e20;"
COL_NAME, COL_ROLE, COL_ENABLED, COL_CREATED = range(4)


def role_name(role: Role) -> str:
    return {Role.AGENT: QCoreApplication.translate("UsersScreen", "Agent"), Role.COMPLIANCE: QCoreApplication.translate("UsersScreen", "Compliance"), Role.ADMIN: QCoreApplication.translate("UsersScreen", "Admin")}[role]


def phrase_refusal(exc: BaseException) -> str:
    """The screen's own words for what the core refused (its messages are written for the
    command line); anything unknown keeps the core's message."""
    text = str(exc)
    if isinstance(exc, BadInput) and exc.field == "password":
        return QCoreApplication.translate("UsersScreen", "The two passwords differ.") if "differ" in text else QCoreApplication.translate("UsersScreen", "Type a password.")
    if isinstance(exc, BusinessRuleError):
        if "own role" in text:
            return QCoreApplication.translate("UsersScreen", "You cannot change your own role: another admin has to do it.")
        if "no active admin" in text:
            return QCoreApplication.translate("UsersScreen", "Refused: there would be no active admin left.")
        if "already exists" in text:
            return QCoreApplication.translate("UsersScreen", "A user with this name exists already.")
        if "already has the role" in text:
            return QCoreApplication.translate("UsersScreen", "The user has this role already.")
        if "already disabled" in text:
            return QCoreApplication.translate("UsersScreen", "The user is disabled already.")
        if "not disabled" in text:
            return QCoreApplication.translate("UsersScreen", "The user is enabled already.")
    if isinstance(exc, BadInput) and "user name" in text:
        if "reserved" in text:
            return QCoreApplication.translate("UsersScreen", "This name is reserved: choose another.")
        return QCoreApplication.translate("UsersScreen", "A user name has 1 to 64 letters, digits or . _ - @ (no spaces).")
    if isinstance(exc, (AuthenticationError, PermissionDenied)):
        return QCoreApplication.translate("UsersScreen", "Not allowed: only an active admin manages users.")
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("UsersScreen", "This user no longer exists.")
    return describe(exc)[1]


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return field


class UserDialog(QDialog):
    """Add a user (name, role, password twice) or reset a password (password twice)."""

    def __init__(self, screen: "UsersScreen", name: str | None = None) -> None:
        super().__init__(screen)
        self.screen = screen
        self.reset_for = name
        self.setObjectName("resetPasswordDialog" if name else "addUserDialog")
        self.setWindowTitle(self.tr("Reset the password of {name}").format(name=name) if name
                            else self.tr("Add a user"))
        self.name = QLineEdit(objectName="userName")
        self.name.setMaxLength(64)
        self.role = QComboBox(objectName="userRole")
        for role in Role:
            self.role.addItem(role_name(role), role.value)
        self.password = _password_field("userPassword")
        self.again = _password_field("userPasswordAgain")
        self.message = QLabel(objectName="userDialogMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        form = QFormLayout()
        if name is None:
            form.addRow(self.tr("&Name:"), self.name)
            form.addRow(self.tr("&Role:"), self.role)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("Password &again:"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(self.tr("&Reset password") if name else self.tr("&Add user"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("userDialogOk")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> bool:
        if self.reset_for is not None:
            error = self.screen.reset_password(self.reset_for, self.password.text(), self.again.text())
        else:
            error = self.screen.add_user(self.name.text(), Role(self.role.currentData()), self.password.text(),
                                         self.again.text())
        self.password.clear()
        self.again.clear()
        if error is not None:
            self.message.setText(error)
            self.message.show()
            return False
        self.accept()
        return True


class RoleDialog(QDialog):
    def __init__(self, screen: "UsersScreen", user: UserRow) -> None:
        super().__init__(screen)
        self.screen = screen
        self.user = user
        self.setObjectName("roleDialog")
        self.setWindowTitle(self.tr("Change the role of {name}").format(name=user.name))
        self.role = QComboBox(objectName="newRole")
        for role in Role:
            self.role.addItem(role_name(role), role.value)
        self.role.setCurrentIndex(list(Role).index(user.role))
        note = QLabel(self.tr("Admins manage users and settings but never approve replies. A user made "
                              "compliance by you cannot approve your drafts the same day."))
        note.setWordWrap(True)
        self.message = QLabel(objectName="roleDialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton(self.tr("&Change role"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("roleDialogOk")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("New &role:"), self.role)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> bool:
        error = self.screen.set_role(self.user.name, Role(self.role.currentData()))
        if error is not None:
            self.message.setText(error)
            self.message.show()
            return False
        self.accept()
        return True


class UsersScreen(QDialog):
    """The admin's users window (non-modal)."""

    changed = Signal()

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.users: list[UserRow] = []
        self.setObjectName("usersScreen")
        self.setWindowTitle(self.tr("Users and roles"))
        self.table = QTableWidget(0, 4, objectName="usersTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Enabled"),
                                              self.tr("Created")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CREATED, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.ask_role())

        self.add_button = QPushButton(self.tr("&Add user…"), objectName="addUserButton")
        self.role_button = QPushButton(self.tr("Change &role…"), objectName="changeRoleButton")
        self.enable_button = QPushButton(self.tr("&Disable"), objectName="enableButton")
        self.password_button = QPushButton(self.tr("Reset &password…"), objectName="resetPasswordButton")
        self.add_button.clicked.connect(self.ask_add)
        self.role_button.clicked.connect(self.ask_role)
        self.enable_button.clicked.connect(self.toggle_enabled)
        self.password_button.clicked.connect(self.ask_password)
        self.count = QLabel(objectName="usersCount")
        self.message = QLabel(objectName="usersMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        rules = QLabel(self.tr("Nobody changes their own role. Admins never approve replies. The last active "
                               "admin cannot be disabled or demoted. Every change is an audit entry."))
        rules.setWordWrap(True)
        rules.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        for b in (self.add_button, self.role_button, self.enable_button, self.password_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(rules)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addWidget(close)
        self.resize(720, 460)
        self.refresh()

    # ------------------------------------------------------------ reading

    def refresh(self, select: str | None = None) -> None:
        current = select or self.selected_name()
        try:
            self.users = admin_service.list_users(self.console.db, self.console.actor)
        except Exception as exc:  # noqa: BLE001 - shown in the screen
            self.show_message(phrase_refusal(exc), error=True)
            self.users = []
        self.table.setRowCount(len(self.users))
        grey = QBrush(QColor("#888888"))
        for r, u in enumerate(self.users):
            me = u.id == self.console.actor.id
            cells = [u.name + (self.tr(" (you)") if me else ""), role_name(u.role),
                     self.tr("no — disabled") if u.disabled else self.tr("yes"),
                     clock.local_text(u.created_at) if u.created_at else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == COL_NAME:
                    item.setData(Qt.ItemDataRole.UserRole, u.name)
                if u.disabled:
                    item.setForeground(grey)
                self.table.setItem(r, c, item)
            if u.name == current:
                self.table.selectRow(r)
        n = len(self.users)
        self.count.setText(self.tr("1 user") if n == 1 else self.tr("{n} users").format(n=n))
        self._update_buttons()

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        name = self.table.item(rows[0].row(), COL_NAME).data(Qt.ItemDataRole.UserRole)
        return next((u for u in self.users if u.name == name), None)

    def selected_name(self) -> str | None:
        u = self.selected() if self.table.rowCount() else None
        return u.name if u else None

    def select(self, name: str) -> None:
        for r, u in enumerate(self.users):
            if u.name == name:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        u = self.selected()
        me = u is not None and u.id == self.console.actor.id
        self.role_button.setEnabled(u is not None and not me)
        self.role_button.setToolTip(self.tr("Another admin changes your role.") if me else "")
        self.enable_button.setEnabled(u is not None and not me)
        self.enable_button.setText(self.tr("&Enable") if u is not None and u.disabled else self.tr("&Disable"))
        self.password_button.setEnabled(u is not None)

    def show_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    # ------------------------------------------------------------ actions: None on success, else the refusal

    def _run(self, fn: object, done: str, select: str) -> str | None:
        try:
            fn()  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - a refusal, phrased for this screen
            text = phrase_refusal(exc)
            self.show_message(text, error=True)
            return text
        self.refresh(select)
        self.show_message(done, error=False)
        self.changed.emit()
        return None

    def add_user(self, name: str, role: Role, password: str, again: str) -> str | None:
        name = name.strip()
        return self._run(lambda: admin_service.add_user(self.console.db, self.console.actor, name, role, password,
                                                        again),
                         self.tr("User {name} added as {role}.").format(name=name, role=role_name(role)), name)

    def set_role(self, name: str, role: Role) -> str | None:
        return self._run(lambda: admin_service.set_role(self.console.db, self.console.actor, name, role),
                         self.tr("{name} is now {role}.").format(name=name, role=role_name(role)), name)

    def set_enabled(self, name: str, enabled: bool) -> str | None:
        done = (self.tr("{name} is enabled again.") if enabled else
                self.tr("{name} is disabled: they can no longer log in.")).format(name=name)
        return self._run(lambda: admin_service.set_enabled(self.console.db, self.console.actor, name, enabled),
                         done, name)

    def reset_password(self, name: str, password: str, again: str) -> str | None:
        return self._run(lambda: admin_service.reset_password(self.console.db, self.console.actor, name, password,
                                                              again),
                         self.tr("The password of {name} was reset.").format(name=name), name)

    def toggle_enabled(self) -> str | None:
        u = self.selected()
        if u is None:
            return None
        return self.set_enabled(u.name, u.disabled)

    # ------------------------------------------------------------ dialogs

    def ask_add(self) -> UserDialog:
        dialog = UserDialog(self)
        dialog.open()
        return dialog

    def ask_password(self) -> UserDialog | None:
        u = self.selected()
        if u is None:
            return None
        dialog = UserDialog(self, u.name)
        dialog.open()
        return dialog

    def ask_role(self) -> RoleDialog | None:
        u = self.selected()
        if u is None:
            return None
        dialog = RoleDialog(self, u)
        dialog.open()
        return dialog


def open_users_screen(parent: QWidget, console: Console) -> UsersScreen:
    """Admin › Users and roles… (one window; raised when open already)."""
    existing = parent.findChild(UsersScreen, "usersScreen")
    if existing is not None:
        existing.refresh()
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    screen = UsersScreen(console, parent)
    screen.show()
    return screen


def add_admin_actions(window: QWidget, admin_menu: QMenu, console: Console) -> None:
    """Admin › Users and roles… and Admin › Settings… (enabled for admins only)."""
    from ui.settings_dialog import open_settings_dialog

    admin_menu.addSeparator()
    for text, slot, name, permission in (
            (QCoreApplication.translate("UsersScreen", "&Users and roles…"),
             lambda: open_users_screen(window, console), "usersAction", Permission.MANAGE_USERS),
            (QCoreApplication.translate("UsersScreen", "&Settings…"),
             lambda: open_settings_dialog(window, console), "settingsAction", Permission.MANAGE_SETTINGS)):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, s=slot: s())
        action.setEnabled(console.can(permission))
        admin_menu.addAction(action)
        window.addAction(action)
