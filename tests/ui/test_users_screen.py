"""Admin › Users and roles, driven as the admin would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from warroom.domain.roles import Role
from warroom.services.audit_query import AuditFilter, iter_all
from warroom.services.users import authenticate, list_users


def _screen(qtbot, console_for, actor):
    from ui.users_screen import UsersScreen

    screen = UsersScreen(console_for(actor))
    qtbot.addWidget(screen)
    screen.show()
    return screen


def _row_texts(screen):
    t = screen.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_lists_users_with_role_enabled_and_created(qtbot, console_for, users):
    screen = _screen(qtbot, console_for, users["ada"])
    rows = _row_texts(screen)
    assert [r[0] for r in rows] == ["ada (you)", "alice", "bob", "carol"]
    assert rows[3][1] == "Compliance" and rows[1][2] == "yes" and rows[0][3]
    assert screen.count.text() == "4 users"


def test_add_a_user_through_the_dialog_passwords_never_echo(qtbot, console_for, users, db):
    screen = _screen(qtbot, console_for, users["ada"])
    dialog = screen.ask_add()
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.again.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.name, "dora")
    dialog.role.setCurrentIndex(dialog.role.findData("compliance"))
    qtbot.keyClicks(dialog.password, "pw-one-1")
    qtbot.keyClicks(dialog.again, "pw-two-2")
    assert dialog.submit() is False
    assert dialog.message.text() == "The two passwords differ." and dialog.isVisible()
    assert dialog.password.text() == ""                       # cleared, not kept around
    qtbot.keyClicks(dialog.password, "pw-one-1")
    qtbot.keyClicks(dialog.again, "pw-one-1")
    assert dialog.submit() is True
    assert "dora" in [u["name"] for u in list_users(db)]
    assert authenticate(db, "dora", "pw-one-1").role is Role.COMPLIANCE
    assert screen.selected().name == "dora"
    assert "dora" in screen.message.text()


def test_own_role_and_disable_are_not_offered_and_the_core_refusal_is_phrased(qtbot, console_for, users):
    screen = _screen(qtbot, console_for, users["ada"])
    screen.select("ada")
    assert not screen.role_button.isEnabled() and not screen.enable_button.isEnabled()
    refusal = screen.set_role("ada", Role.AGENT)             # what a stale screen could still send
    assert refusal == "You cannot change your own role: another admin has to do it."
    assert "--" not in refusal and screen.message.text() == refusal


def test_disable_and_enable_again(qtbot, console_for, users, db):
    screen = _screen(qtbot, console_for, users["ada"])
    screen.select("bob")
    assert screen.enable_button.text() == "&Disable"
    qtbot.mouseClick(screen.enable_button, Qt.MouseButton.LeftButton)
    assert next(u for u in list_users(db) if u["name"] == "bob")["disabled"] is True
    assert _row_texts(screen)[2][2] == "no — disabled"
    assert screen.selected().name == "bob" and screen.enable_button.text() == "&Enable"
    qtbot.mouseClick(screen.enable_button, Qt.MouseButton.LeftButton)
    assert next(u for u in list_users(db) if u["name"] == "bob")["disabled"] is False
    actions = [r.action for r in iter_all(db, users["ada"], AuditFilter(entities=(f"user:{users['bob'].id}",)))]
    assert actions[:2] == ["user.enable", "user.disable"]


def test_change_role_and_reset_password(qtbot, console_for, users, db):
    screen = _screen(qtbot, console_for, users["ada"])
    screen.select("alice")
    dialog = screen.ask_role()
    dialog.role.setCurrentIndex(dialog.role.findData("compliance"))
    assert dialog.submit() is True
    assert _row_texts(screen)[1][1] == "Compliance"
    again = screen.ask_role()
    assert again.submit() is False and again.message.text() == "The user has this role already."
    pw = screen.ask_password()
    qtbot.keyClicks(pw.password, "fresh-pw-9")
    qtbot.keyClicks(pw.again, "fresh-pw-9")
    assert pw.submit() is True
    assert authenticate(db, "alice", "fresh-pw-9").name == "alice"


def test_a_second_admin_cannot_leave_no_active_admin(qtbot, console_for, users, db):
    from warroom.domain.roles import Actor
    from warroom.services.users import add_user

    eve = add_user(db, users["ada"], "eve", Role.ADMIN, "pw-eve-1")
    screen = _screen(qtbot, console_for, Actor(eve["id"], "eve", Role.ADMIN))
    assert screen.set_enabled("ada", False) is None           # eve is still an admin
    screen.set_role("carol", Role.AGENT)
    assert screen.set_enabled("carol", False) is None
    assert screen.message.text() == "carol is disabled: they can no longer log in."


def test_a_non_admin_sees_a_phrased_refusal_not_a_traceback(qtbot, console_for, users):
    screen = _screen(qtbot, console_for, users["carol"])
    assert screen.table.rowCount() == 0
    assert screen.message.text() == "Not allowed: only an active admin manages users."


def test_admin_menu_opens_users_and_settings_only_for_admins(window_for, users):
    from ui.settings_dialog import SettingsDialog
    from ui.users_screen import UsersScreen

    w = window_for(users["ada"], load=False)
    users_action = w.findChild(type(w.verify_action), "usersAction")
    settings_action = w.findChild(type(w.verify_action), "settingsAction")
    assert users_action.isEnabled() and settings_action.isEnabled()
    users_action.trigger()
    assert w.findChild(UsersScreen, "usersScreen").isVisible()
    settings_action.trigger()
    assert w.findChild(SettingsDialog, "settingsDialog").isVisible()
    agent = window_for(users["alice"], load=False)
    assert not agent.findChild(type(w.verify_action), "usersAction").isEnabled()
    assert not agent.admin_menu.menuAction().isVisible()
