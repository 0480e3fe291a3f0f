"""Admin › Settings, driven as the admin would: the mail server with a password that never
echoes, a refusal naming the setting, and "Send a test mail" in a worker against a real SMTP
server on loopback (aiosmtpd)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.core.test_mail import LOOPBACK, Collector, smtp_server  # noqa: F401 - the fixture
from warroom.services import settings as settings_service
from warroom.services.audit_query import AuditFilter, iter_all
from warroom.storage.uow import UnitOfWork

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
SECRET = "Sm7p-pass-xyz"


def _dialog(qtbot, console_for, actor):
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(console_for(actor))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot, dialog, key, text):
    field = dialog.fields[key]
    field.clear()
    qtbot.keyClicks(field, text)


def test_every_known_setting_has_a_field_and_the_password_never_shows(qtbot, console_for, users, db):
    from warroom.domain.settings import all_keys

    settings_service.set_setting(db, users["ada"], "smtp.password", SECRET)
    dialog = _dialog(qtbot, console_for, users["ada"])
    assert set(all_keys()) <= set(dialog.fields)
    pw = dialog.fields["smtp.password"]
    assert pw.echoMode() == QLineEdit.EchoMode.Password and pw.text() == ""
    assert all(SECRET not in getattr(f, "text", lambda: "")() for f in dialog.fields.values())
    assert "in clear" in dialog.password_note.text()       # no keyring here: the warning shows
    assert dialog.fields["smtp.port"].text() == "587"
    assert dialog.fields["smtp.port"].toolTip() == "mail server port"


def test_save_changes_only_what_was_edited_through_the_core(qtbot, console_for, users, db):
    dialog = _dialog(qtbot, console_for, users["ada"])
    _type(qtbot, dialog, "smtp.host", "mail.shop.example")
    _type(qtbot, dialog, "smtp.password", SECRET)
    dialog.fields["smtp.security"].setCurrentIndex(dialog.fields["smtp.security"].findData("ssl"))
    assert sorted(k for k, _ in dialog.pending()) == ["smtp.host", "smtp.password", "smtp.security"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    got = {r["key"]: r for r in settings_service.get_settings(db)}
    assert got["smtp.host"]["value"] == "mail.shop.example" and got["smtp.security"]["value"] == "ssl"
    assert got["smtp.password"]["stored_in"] == "database"
    assert dialog.fields["smtp.password"].text() == ""       # typed, saved, gone from the field
    assert "no OS keyring" in dialog.message.text()
    entries = list(iter_all(db, users["ada"], AuditFilter(action="settings.set")))
    assert len(entries) == 3 and all(SECRET not in e.document_text() for e in entries)
    assert dialog.pending() == []


def test_a_refused_value_names_the_setting_without_cli_hints(qtbot, console_for, users, db):
    dialog = _dialog(qtbot, console_for, users["ada"])
    _type(qtbot, dialog, "smtp.port", "seventy")
    assert dialog.save() is False
    text = dialog.message.text()
    assert text.startswith("Not saved — Port:") and "whole number" in text and "--" not in text
    assert settings_service.get_settings(db, "smtp.port")[0]["value"] == 587


def test_send_a_test_mail_runs_in_a_worker_and_reaches_the_server(qtbot, console_for, users, db, smtp_server):  # noqa: F811
    server = smtp_server()
    dialog = _dialog(qtbot, console_for, users["ada"])
    _type(qtbot, dialog, "smtp.host", LOOPBACK)
    _type(qtbot, dialog, "smtp.port", str(server.port))
    dialog.fields["smtp.security"].setCurrentIndex(dialog.fields["smtp.security"].findData("none"))
    _type(qtbot, dialog, "smtp.from", "service@shop.example.com")
    qtbot.keyClicks(dialog.test_to, "ops@shop.example.com")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert not dialog.test_button.isEnabled()                # running, not blocking the window
    qtbot.waitUntil(lambda: dialog.last_test is not None, timeout=15_000)
    assert dialog.last_test.ok and dialog.test_button.isEnabled()
    assert "accepted the test mail" in dialog.test_result.text()
    (envelope,) = server.handler.envelopes
    assert envelope.rcpt_tos == ["ops@shop.example.com"]


def test_a_refused_test_mail_says_why(qtbot, console_for, users, db, smtp_server):  # noqa: F811
    server = smtp_server(handler=Collector(rcpt_reply="550 5.1.1 mailbox unavailable"))
    for key, value in (("smtp.host", LOOPBACK), ("smtp.port", str(server.port)), ("smtp.security", "none"),
                       ("smtp.from", "service@shop.example.com")):
        settings_service.set_setting(db, users["ada"], key, value)
    dialog = _dialog(qtbot, console_for, users["ada"])
    qtbot.keyClicks(dialog.test_to, "ops@shop.example.com")
    dialog.send_test_mail()
    qtbot.waitUntil(lambda: dialog.last_test is not None, timeout=15_000)
    assert not dialog.last_test.ok
    assert dialog.test_result.text().startswith("The test mail was not sent:") and "550" in dialog.test_result.text()


def test_a_test_mail_without_a_server_or_address_is_phrased_for_the_window(qtbot, console_for, users, db):
    dialog = _dialog(qtbot, console_for, users["ada"])
    job = dialog.send_test_mail()
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert dialog.test_result.text() == "Type the address to send the test mail to."
    qtbot.keyClicks(dialog.test_to, "ops@shop.example.com")
    job = dialog.send_test_mail()
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert dialog.test_result.text() == "Fill in the mail server first."


def test_fits_a_laptop_screen(qtbot, console_for, users):
    dialog = _dialog(qtbot, console_for, users["ada"])
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1000 and hint.height() <= 600       # the settings scroll inside
    assert dialog.width() <= 1280 and dialog.height() <= 720


def test_the_stored_password_can_be_removed(qtbot, console_for, users, db):
    settings_service.set_setting(db, users["ada"], "smtp.password", SECRET)
    dialog = _dialog(qtbot, console_for, users["ada"])
    assert dialog.forget_password.isVisible() and dialog.pending() == []
    dialog.forget_password.setChecked(True)
    assert dialog.pending() == [("smtp.password", "")]
    assert dialog.save() is True
    with UnitOfWork(db, write=False) as uow:
        assert settings_service.secret_value(uow.session, "smtp.password") == ""
    assert not dialog.forget_password.isVisible() and dialog.password_note.text() == ""
