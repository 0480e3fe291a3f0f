"""Log in (pick a name, type the password), or on an empty database: create the first admin or
open demo data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QStackedWidget,
    QVBoxLayout, QWidget,
)

from warroom.domain.roles import Actor, Role
from warroom.errors import Cancelled
from warroom.services import users as user_service
from warroom.storage.engine import Database

from ui.context import database_label
from ui.errors import describe
from ui.i18n import role_name
from ui.workers import Job, JobRunner, run_with_dialog

MIN_PASSWORD = 8


def _error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828; font-weight: bold;")
    label.hide()
    return label


class LoginDialog(QDialog):
    """``exec()`` returns Accepted with :attr:`actor` set (and :attr:`demo` when demo data was opened)."""

    def __init__(self, db: Database, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.actor: Actor | None = None
        self.demo = False
        self.setWindowTitle(self.tr("War Room — log in — {database}").format(database=database_label(db)))
        self.setObjectName("loginDialog")
        self.setMinimumWidth(440)

        # page 1: log in
        self.user_box = QComboBox(objectName="userBox")
        self.password = QLineEdit(objectName="passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_error = _error_label("loginError")
        self.login_button = QPushButton(self.tr("Log in"), objectName="loginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.try_login)
        self.password.returnPressed.connect(self.try_login)
        self.demo_hint = QLabel(self.tr("DEMO DATA — users agent, compliance and admin, password “demo”."),
                                objectName="demoHint")
        self.demo_hint.setStyleSheet("color: #8d6e00; font-weight: bold;")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.hide()
        login_page = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("&User:"), self.user_box)
        form.addRow(self.tr("&Password:"), self.password)
        lay = QVBoxLayout(login_page)
        lay.addWidget(QLabel(self.tr("Database: {database}").format(database=database_label(db))))
        lay.addLayout(form)
        lay.addWidget(self.demo_hint)
        lay.addWidget(self.login_error)
        lay.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.login_button)
        lay.addLayout(row)

        # page 2: first run
        self.admin_name = QLineEdit(objectName="adminName")
        self.admin_pw = QLineEdit(objectName="adminPassword")
        self.admin_pw2 = QLineEdit(objectName="adminPassword2")
        for w in (self.admin_pw, self.admin_pw2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.create_button = QPushButton(self.tr("Create the first admin"), objectName="createAdminButton")
        self.create_button.clicked.connect(self.create_admin)
        self.first_error = _error_label("firstRunError")
        admin_group = QGroupBox(self.tr("Create the first admin"))
        admin_form = QFormLayout(admin_group)
        admin_form.addRow(self.tr("Name:"), self.admin_name)
        admin_form.addRow(self.tr("Password:"), self.admin_pw)
        admin_form.addRow(self.tr("Repeat password:"), self.admin_pw2)
        admin_form.addRow("", self.create_button)
        demo_group = QGroupBox(self.tr("Or try it"))
        demo_lay = QVBoxLayout(demo_group)
        demo_text = QLabel(self.tr("Fill this empty database with realistic synthetic orders and buyer messages, and "
                                   "the users agent, compliance and admin (password “demo”). For trying the "
                                   "console only: the window is marked DEMO DATA."))
        demo_text.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Open demo data"), objectName="demoButton")
        self.demo_button.clicked.connect(self.open_demo)
        demo_lay.addWidget(demo_text)
        demo_lay.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignRight)
        first_page = QWidget()
        flay = QVBoxLayout(first_page)
        intro = QLabel(self.tr("The database {database} has no users yet.").format(database=database_label(db)))
        intro.setWordWrap(True)
        flay.addWidget(intro)
        flay.addWidget(admin_group)
        flay.addWidget(demo_group)
        flay.addWidget(self.first_error)

        self.pages = QStackedWidget()
        self.pages.addWidget(login_page)
        self.pages.addWidget(first_page)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        self.refresh()

    @property
    def first_run(self) -> bool:
        return self.pages.currentIndex() == 1

    def refresh(self) -> None:
        """Pick the page: the login form, or the first-run choices on a database without users."""
        try:
            users = [u for u in user_service.list_users(self.db) if not u["disabled"]]
        except Exception as exc:  # noqa: BLE001
            self._show(self.login_error, exc)
            users = []
        if not users and user_service.user_count(self.db) == 0:
            self.pages.setCurrentIndex(1)
            self._fit()
            self.admin_name.setFocus()
            return
        self.pages.setCurrentIndex(0)
        self.user_box.clear()
        for u in users:
            self.user_box.addItem(f"{u['name']}  ({role_name(u['role'])})", u["name"])
        self._fit()
        self.password.setFocus()

    def _fit(self) -> None:
        """Size the dialog to the page shown (a stacked widget otherwise takes the largest page)."""
        from PySide6.QtWidgets import QSizePolicy

        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == self.pages.currentIndex() else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        self.adjustSize()

    def _show(self, label: QLabel, exc_or_text: BaseException | str) -> None:
        label.setText(exc_or_text if isinstance(exc_or_text, str) else describe(exc_or_text)[1])
        label.show()

    def select_user(self, name: str) -> None:
        i = self.user_box.findData(name)
        if i >= 0:
            self.user_box.setCurrentIndex(i)

    def try_login(self) -> bool:
        name = self.user_box.currentData()
        if not name:
            self._show(self.login_error, self.tr("Pick a user."))
            return False
        try:
            self.actor = user_service.authenticate(self.db, name, self.password.text())
        except Exception as exc:  # noqa: BLE001
            self.password.clear()
            self.password.setFocus()
            self._show(self.login_error, exc)
            return False
        self.login_error.hide()
        self.accept()
        return True

    def create_admin(self) -> bool:
        name, pw = self.admin_name.text().strip(), self.admin_pw.text()
        try:
            if pw != self.admin_pw2.text():
                self._show(self.first_error, self.tr("The two passwords differ."))
                return False
            if len(pw) < MIN_PASSWORD:
                self._show(self.first_error, self.tr("The password needs at least {n} characters.").format(
                    n=MIN_PASSWORD))
                return False
            user_service.add_user(self.db, None, name, Role.ADMIN, pw)
            self.actor = user_service.authenticate(self.db, name, pw)
        except Exception as exc:  # noqa: BLE001
            self._show(self.first_error, exc)
            return False
        self.accept()
        return True

    def open_demo(self) -> Job:
        """Fill the database in a worker; then log in as one of the demo users."""
        from warroom.services.demo import load_demo

        def work(progress: Any) -> Any:
            return load_demo(self.db, None, with_users=True, progress=progress)

        def done(_summary: Any) -> None:
            self.demo = True
            self.demo_button.setEnabled(True)
            self.refresh()
            self.demo_hint.show()
            self._fit()
            self.select_user("agent")

        def failed(exc: BaseException) -> None:
            self.demo_button.setEnabled(True)
            if not isinstance(exc, Cancelled):        # cancelled: nothing was written, nothing to say
                self._show(self.first_error, exc)

        self.demo_button.setEnabled(False)
        self.first_error.hide()
        job = Job(work, "demo")
        run_with_dialog(self.runner, self, self.tr("Creating demo data"), job, done, failed, cancellable=True)
        return job
