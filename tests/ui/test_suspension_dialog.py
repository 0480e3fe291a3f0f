"""The admin's suspension dialogs: the notice, its arrival time, the preview and the confirmation."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from warroom import clock
from warroom.services import status, suspension
from warroom.services.drafts import create_draft, list_drafts


def test_admin_declares_with_the_notice_file_and_an_earlier_arrival_time(qtbot, window_for, users, tickets, db,
                                                                         tmp_path):
    w = window_for(users["ada"])
    dialog = w.ask_declare()
    assert dialog.objectName() == "declareDialog" and dialog.isVisible()
    preview = suspension.preview_declare(db)
    assert preview.tickets_to_tag == 5
    assert dialog.preview_label.text().startswith("5 Amazon tickets will be tagged SUSPENDED; 0 drafts will be held")

    qtbot.mouseClick(dialog.declare_button, Qt.MouseButton.LeftButton)      # no reason yet
    assert dialog.confirm_box is None and dialog.error.isVisible() and "reason" in dialog.error.text()
    assert suspension.get_suspension(db) is None

    notice = tmp_path / "notice.txt"
    notice.write_text("Hello from Amazon Services,\nyour selling privileges have been removed.\n", encoding="utf-8")
    assert dialog.load_notice(notice)
    assert "selling privileges" in dialog.notice.toPlainText() and "notice.txt" in dialog.notice_file.text()
    arrived = (clock.now() - timedelta(hours=5)).replace(second=0, microsecond=0)
    dialog.set_notice_time(arrived)
    dialog.reason.setText("Related accounts")
    qtbot.mouseClick(dialog.declare_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "5 Amazon tickets will be tagged SUSPENDED" in box.text() and "Related accounts" in box.text()
    qtbot.mouseClick(dialog.confirm_yes, Qt.MouseButton.LeftButton)

    s = suspension.get_suspension(db)
    assert s is not None and s["reason"] == "Related accounts"
    assert "selling privileges" in s["notice_text"]
    assert clock.parse_iso(s["notice_received_at"]) == arrived
    assert dialog.result_record["tagged"] == preview.tickets_to_tag
    assert not dialog.isVisible() and w.banner.isVisible()
    assert "5 tickets tagged SUSPENDED" in w.statusBar().currentMessage()
    entry = [e for e in status.audit_entries(db, limit=10, newest_first=True) if e["action"] == "suspension.declare"]
    assert entry and entry[0]["payload"]["notice_received_at"] == clock.iso(arrived)


def test_a_cancelled_confirmation_declares_nothing(qtbot, window_for, users, tickets, db):
    w = window_for(users["ada"])
    dialog = w.ask_declare()
    dialog.reason.setText("Policy review")
    box = dialog.ask_confirm()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert suspension.get_suspension(db) is None and dialog.isVisible()


def test_the_preview_counts_drafts_to_hold_and_the_lift_shows_them_released(qtbot, window_for, users, tickets, db):
    tid = tickets[tickets["_oids"][3]]
    create_draft(db, users["alice"], tid, text="Hello, your parcel left our warehouse today.")
    w = window_for(users["ada"])
    dialog = w.ask_declare()
    assert dialog.preview.drafts_to_hold == suspension.preview_declare(db).drafts_to_hold == 1
    assert "1 draft will be held" in dialog.preview_label.text()
    dialog.reason.setText("Related accounts")
    dialog.ask_confirm().accept()
    assert [d["status"] for d in list_drafts(db)] == ["held"]
    assert not w.declare_action.isEnabled() and w.lift_action.isEnabled()

    lift = w.ask_lift()
    assert lift.objectName() == "liftDialog"
    assert "5 tickets will lose the SUSPENDED tag; 1 held draft will be released" in lift.preview_label.text()
    qtbot.mouseClick(lift.lift_button, Qt.MouseButton.LeftButton)
    assert suspension.get_suspension(db) is None and w.banner.isHidden()
    assert [d["status"] for d in list_drafts(db)] == ["submitted"]


def test_a_refusal_stays_in_the_dialog(qtbot, window_for, users, tickets, db):
    w = window_for(users["ada"])
    first = w.ask_declare()
    suspension.declare(db, users["ada"], "Declared elsewhere meanwhile")      # another console was faster
    first.reason.setText("Related accounts")
    assert first.declare() is None
    assert first.isVisible() and first.error.isVisible()
    assert "already declared" in first.error.text() and "--" not in first.error.text()
    assert not first.declare_button.isEnabled()
