"""Logging in, and the first run on an empty database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from warroom.domain.roles import Role
from warroom.services.users import list_users
from ui.login import LoginDialog


def _dialog(qtbot, db, runner):
    dialog = LoginDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_agent_logs_in_by_picking_a_name_and_typing_the_password(qtbot, db, users, runner):
    dialog = _dialog(qtbot, db, runner)
    assert not dialog.first_run
    names = [dialog.user_box.itemData(i) for i in range(dialog.user_box.count())]
    assert names == ["ada", "alice", "bob", "carol"]
    dialog.select_user("alice")
    qtbot.keyClicks(dialog.password, "secret-pw")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.name == "alice" and dialog.actor.role is Role.AGENT


def test_a_wrong_password_is_refused_with_a_message(qtbot, db, users, runner):
    dialog = _dialog(qtbot, db, runner)
    dialog.select_user("alice")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.login_error.isVisible()
    assert "wrong password" in dialog.login_error.text()
    assert "Traceback" not in dialog.login_error.text()
    assert dialog.password.text() == ""


def test_disabled_users_are_not_offered(qtbot, db, users, runner):
    from warroom.services.users import disable_user

    disable_user(db, users["ada"], "bob")
    dialog = _dialog(qtbot, db, runner)
    assert dialog.user_box.findData("bob") < 0


def test_first_run_creates_the_first_admin(qtbot, db, runner):
    dialog = _dialog(qtbot, db, runner)
    assert dialog.first_run
    qtbot.keyClicks(dialog.admin_name, "ada")
    qtbot.keyClicks(dialog.admin_pw, "long-enough")
    qtbot.keyClicks(dialog.admin_pw2, "different!!")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.first_error.isVisible() and "differ" in dialog.first_error.text()
    assert list_users(db) == []
    dialog.admin_pw2.setText("long-enough")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.name == "ada" and dialog.actor.role is Role.ADMIN
    assert [u["role"] for u in list_users(db)] == ["admin"]


def test_first_run_opens_demo_data_in_a_worker(qtbot, db, runner):
    dialog = _dialog(qtbot, db, runner)
    dialog.open_demo()
    assert not dialog.demo_button.isEnabled()          # running in the background
    qtbot.waitUntil(lambda: dialog.demo, timeout=30_000)
    assert not dialog.first_run and dialog.demo_hint.isVisible()
    assert dialog.user_box.currentData() == "agent"
    qtbot.keyClicks(dialog.password, "demo")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.role is Role.AGENT
