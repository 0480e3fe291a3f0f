"""The console in Simplified Chinese: the catalogue is complete and current, the shipped .qm is
what lrelease makes of it, no English is left on the screens a user walks through, Qt's own
buttons follow, and the language is chosen per user from the Language menu."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from tests.ui.i18n_walk import english_left, untranslated
from tools import translations
from ui import i18n

ZH = i18n.CHINESE
# the users of the `users` fixture: names are data, not interface
USER_NAMES = ("ada", "alice", "bob", "carol")


@pytest.fixture
def chinese(qapp):
    assert i18n.install(ZH, qapp)
    yield
    i18n.install(i18n.ENGLISH, qapp)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ------------------------------------------------------------ the catalogue


def test_the_catalogue_is_current_complete_and_its_placeholders_match(tmp_path):
    committed = translations.ts_file(ZH)
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    translations.update(ZH, fresh)                  # what lupdate makes of the code today
    before, after = translations.status(ZH, committed), translations.status(ZH, fresh)
    assert after.unfinished == (), f"strings in the code without a translation: {after.unfinished}"
    assert after.strings == before.strings, "the catalogue is not current: run tools/translations.py update"
    assert before.unfinished == () and before.suspicious == ()
    assert before.strings > 100


def test_the_shipped_qm_is_what_lrelease_makes_of_the_ts(tmp_path):
    built = translations.build(ZH, qm=tmp_path / "fresh.qm")
    assert built.read_bytes() == translations.qm_file(ZH).read_bytes(), "run tools/translations.py build"


def test_the_walk_sees_english_and_lets_names_and_data_through():
    assert english_left("Log in") == "Log in"
    assert english_left("登录") is None
    assert english_left("War Room — alice", data=("alice",)) is None


# ------------------------------------------------------------ Qt's own dialogs


def test_qt_own_buttons_are_in_chinese(qtbot, chinese):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert all(_has_cjk(t) for t in texts), texts
    message = QMessageBox(QMessageBox.Icon.Question, "标题", "正文",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert all(_has_cjk(b.text()) for b in message.buttons()), [b.text() for b in message.buttons()]


def test_english_stays_english(qtbot, qapp):
    i18n.install(i18n.ENGLISH, qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.buttons()[0].text().replace("&", "") == "Cancel"
    assert QCoreApplication.translate("LoginDialog", "Log in") == "Log in"


# ------------------------------------------------------------ screens


def test_the_login_dialog_in_chinese_has_no_english_left(qtbot, db, users, runner, chinese):
    from ui.context import database_label
    from ui.login import LoginDialog

    dialog = LoginDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.first_run
    assert untranslated(dialog, data=(*USER_NAMES, database_label(db))) == []
    assert "登录" in dialog.windowTitle()
    dialog.select_user("alice")
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.try_login()
    assert dialog.login_error.isVisible()
    text = dialog.login_error.text()
    assert text.startswith("登录被拒绝") and "wrong password" in text       # the core's detail second
    assert untranslated(dialog, data=(*USER_NAMES, database_label(db))) == []


def test_the_first_run_page_in_chinese_has_no_english_left(qtbot, db, runner, chinese):
    from ui.context import database_label
    from ui.login import LoginDialog

    dialog = LoginDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first_run
    qtbot.keyClicks(dialog.admin_name, "root")
    qtbot.keyClicks(dialog.admin_pw, "short")
    qtbot.keyClicks(dialog.admin_pw2, "short")
    assert not dialog.create_admin()
    assert dialog.first_error.text() == "密码至少需要 8 个字符。"
    assert untranslated(dialog, data=(database_label(db), "root")) == []


def test_known_errors_lead_with_the_console_phrasing_and_keep_the_core_detail(chinese):
    from warroom.errors import BadInput, BusinessRuleError, PermissionDenied

    from ui.errors import describe

    title, text = describe(BadInput("must be more than 0", field="amount"))
    assert title == "被拒绝"
    assert text.splitlines()[0] == "请修改金额：输入未被接受。"
    assert "must be more than 0" in text.splitlines()[1]
    assert describe(PermissionDenied("agents cannot approve"))[0] == "不允许"
    assert describe(BusinessRuleError("x"))[1].startswith("根据本账户的规则")


def test_the_refund_dialog_in_chinese_has_no_english_left(qtbot, db, users, tickets, console_for, chinese):
    from warroom.services.tickets import get_ticket

    from ui.refund_dialog import RefundDialog

    oid = tickets["_oids"][0]
    ticket = get_ticket(db, tickets[oid])
    dialog = RefundDialog(console_for(users["alice"]), ticket)
    qtbot.addWidget(dialog)
    dialog.show()
    assert untranslated(dialog, data=(oid,)) == []
    assert _has_cjk(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text())


# ------------------------------------------------------------ choosing the language


def test_the_language_is_remembered_per_user(qapp):
    i18n.remember_language("alice", ZH)
    i18n.remember_language("bob", i18n.ENGLISH)
    assert i18n.language_for("alice") == ZH
    assert i18n.language_for("bob") == i18n.ENGLISH
    assert i18n.saved_language(None) == i18n.ENGLISH          # the last one used on this machine
    assert i18n.saved_language("carol") is None


def test_the_language_menu_switches_without_restarting_and_remembers(qtbot, users, tickets, window_for, qapp):
    from ui import language_menu

    i18n.install(i18n.ENGLISH, qapp)
    window = window_for(users["alice"])
    menu = window.language_menu
    assert menu.title() == "&Language"
    assert [a.text() for a in menu.actions()] == ["English", "简体中文"]
    assert menu.menuAction() in window.menuBar().actions()[0].menu().actions()      # under File
    try:
        menu.findChild(type(menu.actions()[0]), "language_zh_CN").trigger()
        new = language_menu._windows[-1]
        qtbot.addWidget(new)
        assert new is not window and new.isVisible() and not window.isVisible()
        assert i18n.current_language() == ZH
        assert i18n.saved_language("alice") == ZH and i18n.language_for("bob") == ZH   # bob: the last used
        assert new.language_menu.title() == "语言(&L)"
        assert new.language_menu.actions()[1].isChecked()
        qtbot.waitUntil(lambda: new.queue.model.rowCount() == 5, timeout=5000)      # the queue reloaded
        back = language_menu.switch_language(new, i18n.ENGLISH)
        qtbot.addWidget(back)
        assert back.language_menu.title() == "&Language" and i18n.saved_language("alice") == i18n.ENGLISH
    finally:
        for w in language_menu._windows:
            w.console.runner.cancel_all()
            w.console.runner.wait(10_000)
        language_menu._windows.clear()
        i18n.install(i18n.ENGLISH, qapp)
