"""Issue 14's blocking defects, driven through the window: it fits 1280x720 (Submit, the lint
result and the notes reachable); one click, one draft (and the composer and the queue show the
draft waiting); the desk's shortcuts work window-wide and no two Alt+ mnemonics clash; filters
and window state per War Room user; "Send by hand" with a confirmation and a Sent list; the text
glitches (plurals, categories by name, a held reason once with a local time, no CLI hints)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QInputDialog, QLabel, QMessageBox, QScrollArea, QWidget,
)

from tests.ui.test_gate_flow import _compose_refund, gate  # noqa: F401  (fixture)
from warroom.errors import BadInput
from warroom.services import drafts
from warroom.services import queue as queue_service


def _error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
            and w.objectName() == "errorBox"]


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    p = widget.parentWidget()
    while p is not None:
        if isinstance(p, QScrollArea):
            return p
        p = p.parentWidget()
    return None


def _assert_reachable(qapp, window: QWidget, widget: QWidget) -> None:
    """Visible inside the window, after at most scrolling the panel that holds it."""
    area = _scroll_area_of(widget)
    for _ in range(3):                  # layouts settle over a few event-loop rounds
        qapp.processEvents()
    if area is not None:               # scroll so the whole widget shows (as a user would)
        pos = widget.mapTo(area.widget(), QPoint(0, 0))
        half_w, half_h = widget.width() // 2, widget.height() // 2
        area.ensureVisible(pos.x() + half_w, pos.y() + half_h, half_w + 1, half_h + 1)
        qapp.processEvents()
    assert widget.isVisible(), widget.objectName()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    assert window.rect().contains(rect), (widget.objectName(), rect, window.rect())
    if area is not None:
        viewport = area.viewport()
        inner = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        assert viewport.rect().contains(inner), (widget.objectName(), inner, viewport.rect())


# ---------------------------------------------------------------- 1280x720

@pytest.mark.parametrize("size", ["1280x720", "minimum"])
def test_the_window_fits_a_laptop_screen_and_submit_lint_and_notes_are_reachable(qtbot, qapp, window_for, users,
                                                                                  gate, size):
    w = window_for(users["alice"])
    hint = w.minimumSizeHint()
    assert hint.width() <= 1000 and hint.height() <= 600, hint
    c = _compose_refund(qtbot, w, gate["refund"])
    if size == "minimum":
        w.resize(hint)
    else:
        w.resize(1280, 720)
    qapp.processEvents()
    assert w.height() <= (720 if size != "minimum" else 600) and w.width() <= (1280 if size != "minimum" else 1000)
    assert c.template_submit.isEnabled()
    _assert_reachable(qapp, w, c.template_submit)
    _assert_reachable(qapp, w, c.template_lint.summary)
    for widget in (w.ticket_view.note_input, w.ticket_view.add_note_button):
        _assert_reachable(qapp, w, widget)


def test_a_suspension_banner_does_not_make_the_window_taller_than_a_laptop(qtbot, window_for, users, db, tickets):
    from warroom.services import suspension

    suspension.declare(db, users["ada"], "Related accounts (Amazon's notice of 2 December)")
    w = window_for(users["alice"])
    assert w.banner.isVisible()
    assert w.minimumSizeHint().height() <= 600


# ---------------------------------------------------------------- one click, one draft

def test_a_double_click_on_submit_makes_one_draft_and_the_composer_shows_it_waiting(qtbot, window_for, users, gate,
                                                                                    db):
    w = window_for(users["alice"])
    c = _compose_refund(qtbot, w, gate["refund"])
    qtbot.mouseClick(c.template_submit, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(c.template_submit, Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(c.template_submit, Qt.MouseButton.LeftButton)
    made = drafts.list_drafts(db, ticket_id=gate["refund"])
    assert len(made) == 1 and made[0]["status"] == "submitted"
    assert _error_boxes() == []
    # the editor gives way to the waiting draft: number, status, text
    assert c.waiting_box.isVisible() and not c.modes.isVisible()
    assert f"#{made[0]['id']}" in c.waiting_label.text() and "approval" in c.waiting_label.text()
    assert c.waiting_body.toPlainText() == made[0]["body"]
    # reopening the ticket shows the same
    w.open_ticket(gate["legal"])
    w.open_ticket(gate["refund"])
    assert c.waiting_box.isVisible() and not c.modes.isVisible()
    # the queue marks it
    from ui.queue_model import COL_REPLY

    row = w.queue.model.row_of(gate["refund"])
    assert row is not None
    assert w.queue.model.index(row, COL_REPLY).data() == "waiting"
    assert w.queue.model.headerData(COL_REPLY, Qt.Orientation.Horizontal) == "Reply"
    other = w.queue.model.row_of(gate["legal"])
    assert other is not None and w.queue.model.index(other, COL_REPLY).data() == ""


def test_submit_is_disabled_while_the_draft_is_being_saved(qtbot, window_for, users, gate, monkeypatch):
    w = window_for(users["alice"])
    c = _compose_refund(qtbot, w, gate["refund"])
    seen = []
    real = drafts.create_draft

    def slow(*args, **kwargs):
        seen.append(c.template_submit.isEnabled())
        c.submit_template()                       # a second click arriving while the first is saved
        return real(*args, **kwargs)

    monkeypatch.setattr("warroom.services.drafts.create_draft", slow)
    c.submit_template()
    assert seen == [False]                        # disabled, and the re-entrant click did nothing


# ---------------------------------------------------------------- shortcuts and mnemonics

def _mnemonics(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        m = re.search(r"&([^&\s])", t.replace("&&", ""))
        if m:
            out.append(m.group(1).lower())
    return out


def _window_mnemonics(w) -> list[str]:
    """Alt+ letters live now: the menu bar's visible menus, the main tabs, and the visible
    buttons and buddy labels of the current page."""
    texts = [a.text() for a in w.menuBar().actions() if a.isVisible()]
    texts += [w.tabs.tabText(i) for i in range(w.tabs.count())]
    page = w.tabs.currentWidget()
    texts += [b.text() for b in page.findChildren(QAbstractButton) if b.isVisible()]
    texts += [lbl.text() for lbl in page.findChildren(QLabel) if lbl.isVisible() and lbl.buddy() is not None]
    return _mnemonics(texts)


@pytest.mark.parametrize("who", ["alice", "carol", "ada"])
def test_no_two_alt_mnemonics_clash_on_any_tab(qtbot, window_for, users, gate, who):
    w = window_for(users[who])
    w.open_ticket(gate["refund"])
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        letters = _window_mnemonics(w)
        assert len(letters) == len(set(letters)), (w.tabs.tabText(i), sorted(letters))
        if w.tabs.currentWidget() is w.desk:
            assert "a" not in letters and "r" not in letters       # the desk's Alt+A and Alt+R
    menus = [a.text() for a in w.menuBar().actions()]
    assert not any("&A" in t for t in menus)                         # Alt+A is the desk's, always


def test_alt_a_and_alt_r_work_on_the_desk_without_clicking_into_the_list(qtbot, window_for, users, gate, db):
    made = drafts.create_draft(db, users["alice"], gate["refund"], template="refund-ack")
    w = window_for(users["carol"])
    assert w.desk is not None and not w.admin_menu.menuAction().isVisible()
    w.tabs.setCurrentWidget(w.desk)
    w.tabs.tabBar().setFocus()                           # as after a click on the tab
    assert w.desk.current is not None and w.desk.current["id"] == made["id"]
    qtbot.keyClick(w.tabs.tabBar(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    dialog = w.desk._dialog
    assert isinstance(dialog, QInputDialog) and dialog.isVisible() and dialog.objectName() == "approvePasswordDialog"
    dialog.reject()
    w.tabs.tabBar().setFocus()
    qtbot.keyClick(w.tabs.tabBar(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert w.desk._dialog is not dialog and w.desk._dialog.objectName() == "rejectDialog"
    assert w.desk._dialog.isVisible()
    w.desk._dialog.reject()
    # on another tab the desk's keys do nothing
    w.tabs.setCurrentWidget(w.queue)
    before = w.desk._dialog
    qtbot.keyClick(w.queue.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert w.desk._dialog is before


# ---------------------------------------------------------------- per War Room user

def test_filters_and_window_state_are_per_war_room_user(qtbot, window_for, users, tickets):
    agent = window_for(users["alice"])
    agent.queue.search.setText("refund")
    agent.queue.status_box.setCurrentText("open")
    agent.resize(1100, 650)
    agent.close()
    compliance = window_for(users["carol"])
    assert compliance.queue.search.text() == ""
    assert compliance.queue.status_box.currentText() == "(not closed)"
    compliance.close()
    again = window_for(users["alice"])
    assert again.queue.search.text() == "refund" and again.queue.status_box.currentText() == "open"
    from ui.settings import open_settings

    assert open_settings("alice").value("queue/search") == "refund"
    assert open_settings("carol").value("queue/search") in ("", None)


# ---------------------------------------------------------------- send by hand, sent list

def test_send_by_hand_copies_each_part_and_records_only_when_confirmed(qtbot, qapp, window_for, users, gate, db):
    d = drafts.create_draft(db, users["alice"], gate["refund"], template="refund-ack")
    drafts.approve_draft(db, users["carol"], d["id"], "secret-pw")
    w = window_for(users["alice"])
    w.tabs.setCurrentWidget(w.outbox)
    assert w.tabs.tabText(w.tabs.indexOf(w.outbox)) == "Out&box (1)"
    ob = w.outbox
    assert ob.sent_table.rowCount() == 0 and ob.lists.tabText(1) == "Sent"
    qtbot.mouseClick(ob.copy_button, Qt.MouseButton.LeftButton)
    hand = ob.hand_dialog
    assert hand is not None and hand.isVisible()
    assert hand.to.text() == d["to"] if d.get("to") else hand.to.text() == (ob.rows[0].get("to") or "")
    assert hand.subject.text() == d["subject"] and hand.body.toPlainText() == d["body"]
    clipboard = QApplication.clipboard()
    qtbot.mouseClick(hand.copy_subject, Qt.MouseButton.LeftButton)
    assert clipboard.text() == d["subject"]
    qtbot.mouseClick(hand.copy_body, Qt.MouseButton.LeftButton)
    assert clipboard.text() == d["body"]
    if hand.copy_to.isEnabled():
        qtbot.mouseClick(hand.copy_to, Qt.MouseButton.LeftButton)
        assert clipboard.text() == hand.to.text()
    qtbot.mouseClick(hand.copy_all, Qt.MouseButton.LeftButton)
    assert d["subject"] in clipboard.text() and d["body"] in clipboard.text()
    # not confirmed: nothing recorded
    assert not hand.record_button.isEnabled()
    assert hand.record() is None
    assert drafts.get_draft(db, d["id"])["status"] == "approved"
    hand.confirm.setChecked(True)
    assert hand.record_button.isEnabled()
    qtbot.mouseClick(hand.record_button, Qt.MouseButton.LeftButton)
    assert drafts.get_draft(db, d["id"])["status"] == "dispatched"
    assert not hand.isVisible() and _error_boxes() == []
    assert w.tabs.tabText(w.tabs.indexOf(w.outbox)) == "Out&box"         # the count follows
    assert ob.sent_table.rowCount() == 1 and ob.sent_table.item(0, 0).text() == str(d["id"])
    assert ob.lists.tabText(1) == "Sent (1)" and ob.sent_label.text() == "1 reply sent"
    ob.lists.setCurrentIndex(1)                       # the Sent list: no send buttons under it
    assert ob.sent_table.isVisible() and not ob.copy_button.isVisible()
    ob.lists.setCurrentIndex(0)
    assert ob.copy_button.isVisible()


def test_cancelling_send_by_hand_records_nothing(qtbot, window_for, users, gate, db):
    d = drafts.create_draft(db, users["alice"], gate["refund"], template="refund-ack")
    drafts.approve_draft(db, users["carol"], d["id"], "secret-pw")
    w = window_for(users["alice"])
    w.tabs.setCurrentWidget(w.outbox)
    hand = w.outbox.send_by_hand()
    assert hand is not None
    hand.confirm.setChecked(True)
    hand.reject()
    assert drafts.get_draft(db, d["id"])["status"] == "approved" and len(w.outbox.rows) == 1


# ---------------------------------------------------------------- text glitches

def test_wording_plurals_categories_held_reasons_and_tag_reasons(qapp):
    from warroom import clock
    from ui import wording

    assert wording.tickets(1) == "1 ticket" and wording.tickets(2) == "2 tickets"
    assert wording.tickets(1234) == "1,234 tickets" and wording.drafts(1) == "1 draft"
    assert wording.category("A-TO-Z") == "A-to-z claim"
    reason = ("held: a suspension is declared (since 2026-12-01T09:30:00Z); free-text replies wait until the "
              "suspension is lifted")
    held = wording.held_reason(reason)
    assert held.lower().count("held") == 1 and "2026-12-01T09:30:00Z" not in held
    assert clock.local_text(clock.parse_iso("2026-12-01T09:30:00Z")) in held
    assert held.endswith("Free-text replies wait until the suspension is lifted")
    assert wording.tag_reason("suspension 2 declared") == "Set when the account suspension was declared"
    assert "suspension 3" not in wording.tag_reason("arrived during suspension 3")
    assert wording.tag_reason("buyer threatened a claim") == "buyer threatened a claim"


def test_a_missing_reason_is_phrased_for_the_console_without_command_line_hints(qapp):
    from ui.errors import describe

    title, text = describe(BadInput("a reason is required", field="reason"))
    assert title == "Refused" and "Fill in the reason." in text
    assert "--" not in text and "field 'reason'" not in text


def test_no_response_without_a_reason_shows_no_cli_hint(qtbot, window_for, users, tickets):
    w = window_for(users["alice"])
    w.open_ticket(next(v for k, v in tickets.items() if k != "_oids"))
    assert w.ticket_view.mark_no_response("  ") is False
    boxes = _error_boxes()
    assert boxes and "Fill in the reason." in boxes[-1].text() and "--reason" not in boxes[-1].text()
    for b in boxes:
        b.close()


def test_the_tag_filter_is_wide_enough_for_its_longest_tag_and_one_ticket_is_singular(qtbot, qapp, window_for,
                                                                                      users, tickets):
    w = window_for(users["alice"])
    box = w.queue.tag_box
    assert box.findText("ESCALATED") >= 0
    box.setCurrentText("ESCALATED")
    qapp.processEvents()
    needed = box.fontMetrics().horizontalAdvance("ESCALATED")
    assert box.width() > needed + 20, (box.width(), needed)
    flagged = queue_service.queue_page(w.console.db, tag="ESCALATED")["rows"]
    assert len(flagged) == 1
    assert w.queue.count_label.text() == "1 ticket"


def test_the_tag_reason_of_a_suspension_is_said_in_words(qtbot, window_for, users, db, tickets):
    from warroom.services import suspension

    suspension.declare(db, users["ada"], "Related accounts")
    w = window_for(users["alice"])
    w.open_ticket(next(v for k, v in tickets.items() if k != "_oids"))
    tree = w.ticket_view.tags
    whys = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    assert whys["SUSPENDED"] == "Set when the account suspension was declared"

