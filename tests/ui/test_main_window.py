"""The main window driven as an agent (and an admin) would."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from warroom.services import status, suspension
from warroom.services.tickets import get_ticket
from ui.queue_model import COL_ASSIGNEE
from tests import rawdb


def _error_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
            and w.objectName() == "errorBox"]


def test_agent_opens_a_ticket_with_enter_and_adds_a_private_note(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    assert w.queue.model.rowCount() == 5
    assert "alice (agent)" in w.windowTitle() and "not suspended" in w.badge.text()
    assert not w.admin_menu.menuAction().isVisible()            # agents do not see admin actions
    w.queue.table.setFocus()
    qtbot.keyClick(w.queue.table, Qt.Key.Key_J)                  # next ticket
    row = w.queue.table.currentIndex().row()
    tid = w.queue.model.ticket_id(row)
    qtbot.keyClick(w.queue.table, Qt.Key.Key_Return)             # open
    assert w.tabs.currentWidget() is w.ticket_view
    assert w.ticket_view.ticket["id"] == tid
    qtbot.keyClicks(w.ticket_view.note_input, "Buyer phoned; refund logged by hand")
    qtbot.mouseClick(w.ticket_view.add_note_button, Qt.MouseButton.LeftButton)
    assert "Buyer phoned; refund logged by hand" in w.ticket_view.notes.toPlainText()
    assert w.ticket_view.note_input.toPlainText() == ""
    assert "PRIVATE" in w.ticket_view.notes_box.title()
    notes = get_ticket(db, tid)["notes"]
    assert [(n["author"], n["text"]) for n in notes] == [("alice", "Buyer phoned; refund logged by hand")]
    entries = status.audit_entries(db, limit=5, newest_first=True)
    assert entries[0]["action"] == "ticket.note" and entries[0]["actor"] == "alice"


def test_buyer_text_is_plain_text_and_attachments_open(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    w.open_ticket(tickets[tickets["_oids"][0]])
    text = w.ticket_view.conversation.toPlainText()
    assert "<b>bold</b> <script>alert(1)</script>" in text         # shown, not interpreted
    assert w.ticket_view.attachments.count() == 1
    attachment_id = w.ticket_view.attachments.item(0).data(Qt.ItemDataRole.UserRole)
    path = w.ticket_view.save_attachment(attachment_id)
    assert path.read_bytes() == b"damaged box" and path.name == "photo.txt"
    assert w.ticket_view.order_fields["status"].text() == "Shipped"
    assert "AFN" in w.ticket_view.order_fields["fulfillment_channel"].text()
    assert w.ticket_view.items.rowCount() == 1
    assert w.ticket_view.tabs.tabText(1) == "Reply"


def test_flags_show_why_they_were_set_and_the_deadline(qtbot, window_for, users, tickets):
    w = window_for(users["alice"])
    w.open_ticket(tickets[tickets["_oids"][2]])                   # the lawyer
    tags = {w.ticket_view.tags.topLevelItem(i).text(0): w.ticket_view.tags.topLevelItem(i).text(1)
            for i in range(w.ticket_view.tags.topLevelItemCount())}
    assert "LEGAL" in tags and tags["LEGAL"] not in ("", "—")
    kinds = [w.ticket_view.deadlines.topLevelItem(i).text(0) for i in range(w.ticket_view.deadlines.topLevelItemCount())]
    assert "response" in kinds


def test_assign_to_me_with_ctrl_m_and_no_response_with_a_reason(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    w.queue.select_row(0)
    tid = w.queue.current_ticket_id()
    w.queue.table.setFocus()
    qtbot.keyClick(w.queue.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert get_ticket(db, tid)["assignee"] == "alice"
    assert w.queue.model.data(w.queue.model.index(0, COL_ASSIGNEE)) == "alice"
    w.open_ticket(tid)
    assert not w.ticket_view.assign_button.isEnabled()           # already mine
    dialog = w.ticket_view.ask_no_response()
    dialog.setTextValue("Buyer only said thanks")
    dialog.accept()
    assert get_ticket(db, tid)["due_at"] is None
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["action"] == "ticket.no-response"
    assert not w.ticket_view.no_response_button.isEnabled()
    # A refusal from the core becomes a readable dialog, not a traceback.
    assert not w.ticket_view.mark_no_response("again")
    boxes = _error_boxes()
    assert boxes and "no running clock" in boxes[-1].text() and "Traceback" not in boxes[-1].text()
    for b in boxes:
        b.close()


def test_the_banner_appears_after_a_suspension_is_declared(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    assert w.banner.isHidden()
    suspension.declare(db, users["ada"], "Related accounts")
    qtbot.keyClick(w.queue.table, Qt.Key.Key_F5)                             # or the 30-second refresh
    assert w.banner.isVisible()
    assert w.banner.text().startswith("SUSPENDED since ") and "Related accounts" in w.banner.text()
    assert "SUSPENDED" in w.windowTitle() and "SUSPENDED" in w.badge.text()
    w.queue.tag_box.setCurrentText("SUSPENDED")                  # the new tag is offered as a filter
    assert w.queue.model.rowCount() == 5


def test_admin_declares_and_lifts_from_the_menu(qtbot, window_for, users, tickets, db):
    w = window_for(users["ada"])
    assert w.admin_menu.menuAction().isVisible() and w.declare_action.isEnabled()
    dialog = w.ask_declare()
    dialog.reason.setText("Policy review")
    dialog.ask_confirm().accept()
    assert w.banner.isVisible() and suspension.get_suspension(db)["reason"] == "Policy review"
    assert not w.declare_action.isEnabled() and w.lift_action.isEnabled()
    w.ask_lift().lift_button.click()
    assert w.banner.isHidden() and suspension.get_suspension(db) is None


def test_chain_status_is_verified_in_the_background(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    w.start_verification()
    qtbot.waitUntil(lambda: w.verify_job.finished, timeout=10_000)
    count = status.status(db)["audit"]["count"]
    assert w.chain_label.text() == f"Audit chain verified: {count:,} entries"


def test_a_broken_chain_is_shown(qtbot, window_for, users, tickets, db, db_url):
    conn = rawdb.connect(db_url)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("UPDATE audit_entry SET canonical = ? WHERE seq = 2", (b"\x00",))   # edited behind the app's back
    conn.commit()
    conn.close()
    w = window_for(users["alice"])
    w.start_verification()
    qtbot.waitUntil(lambda: w.verify_job.finished, timeout=10_000)
    assert w.chain_label.text().startswith("Audit chain BROKEN at entry 2:")


def test_filters_and_window_state_are_remembered(qtbot, window_for, users, tickets):
    w = window_for(users["alice"])
    w.queue.status_box.setCurrentText("open")
    w.queue.channel_box.setCurrentText("amazon")
    w.queue.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)   # subject
    assert w.queue.model.query.sort == "subject" and w.queue.model.query.descending
    w.ticket_view.split.setSizes([300, 700])
    sizes = w.ticket_view.split.sizes()
    w.close()
    again = window_for(users["alice"])
    assert again.queue.status_box.currentText() == "open"
    assert again.queue.channel_box.currentText() == "amazon"
    assert again.queue.model.query.status == "open" and again.queue.model.query.channel == "amazon"
    assert again.queue.model.query.sort == "subject" and again.queue.model.query.descending
    assert again.ticket_view.split.sizes() == sizes


def test_search_box_searches_messages_newest_first(qtbot, window_for, users, tickets):
    w = window_for(users["alice"])
    w.queue.search.setText("返品")          # typed (QTest cannot type non-ASCII keys)
    qtbot.waitUntil(lambda: w.queue.model.query.search == "返品", timeout=2000)
    assert w.queue.model.rowCount() == 1 and w.queue.model.query.sort == "newest"
    w.queue.search.clear()
    qtbot.waitUntil(lambda: w.queue.model.query.search is None, timeout=2000)
    assert w.queue.model.rowCount() == 5 and w.queue.model.query.sort == "priority"


def test_the_console_runs_the_deadline_sweep_in_a_worker(qtbot, window_for, users, tickets, db, set_now):
    from datetime import timedelta

    from tests.core import factories
    from warroom import clock

    # the test tickets are older than the database (history); this one's clock runs out after
    factories.load(db, [], [factories.message(99, at=clock.now())])
    set_now(clock.iso(clock.now() + timedelta(days=2)))
    w = window_for(users["alice"])
    job = w.sweep_deadlines()   # (also started by itself a few seconds after the window opens)
    assert job is not None
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    missed = [e for e in status.audit_entries(db, limit=200) if e["action"] == "deadline.missed"]
    assert missed and all(e["actor"] == "system" for e in missed)
    # a second sweep finds nothing new: each miss is recorded once
    job = w.sweep_deadlines()
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    again = [e for e in status.audit_entries(db, limit=200) if e["action"] == "deadline.missed"]
    assert len(again) == len(missed)


def test_a_closed_window_starts_no_sweep_and_ignores_late_results(qtbot, window_for, users, tickets, db):
    """A sweep or verification that ends after the window closed must not touch its widgets
    (before, a late sweep result raised 'Internal C++ object already deleted')."""
    w = window_for(users["alice"])
    w.close()
    assert not w._first_sweep.isActive() and not w._sweep_timer.isActive()
    assert w.sweep_deadlines() is None
    touched = []
    w.queue.apply_filters = lambda *a: touched.append("queue")      # (deleted soon after, in the app)
    w.show_error = lambda *a: touched.append("dialog")
    w._sweep_done({"missed_recorded": 3, "escalated": 1})
    w._verify_failed(RuntimeError("late"))
    w._verify_done(None)
    assert touched == []


def test_no_two_actions_share_a_keyboard_shortcut(qtbot, window_for, users, tickets):
    """A shortcut two actions share is ambiguous in Qt and fires neither (the claims menu once
    took the audit log's Ctrl+Shift+L)."""
    from PySide6.QtGui import QAction

    for who in ("alice", "carol", "ada"):
        w = window_for(users[who])
        seen: dict[str, str] = {}
        for action in w.findChildren(QAction):
            for key in action.shortcuts():
                text = key.toString()
                if not text:
                    continue
                assert text not in seen, (who, text, seen[text], action.objectName() or action.text())
                seen[text] = action.objectName() or action.text()
        assert "Ctrl+Shift+L" in seen and "Ctrl+Shift+C" in seen
