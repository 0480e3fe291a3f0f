"""Ticket actions in the console: the right-click menu, bulk actions on a multi-row selection,
the senior-reply request, Ctrl+G and "My tickets", driven as the users would."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from warroom.services import status
from warroom.services.tickets import get_ticket, list_tickets
from ui.queue_model import COL_ASSIGNEE, COL_FLAGS, COL_STATUS
from ui.ticket_actions import queue_menu


def _action(menu, name):
    for a in menu.findChildren(type(menu.menuAction())):
        if a.objectName() == name:
            return a
    raise AssertionError(f"no action {name} in {[a.objectName() for a in menu.findChildren(type(menu.menuAction()))]}")


def _names(menu):
    return {a.objectName() for a in menu.findChildren(type(menu.menuAction())) if a.objectName()}


def _select_rows(w, rows):
    model, sel = w.queue.model, QItemSelection()
    for r in rows:
        sel.select(model.index(r, 0), model.index(r, model.columnCount() - 1))
    w.queue.table.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _entries(db, action):
    return [e for e in status.audit_entries(db, limit=50, newest_first=True) if e["action"] == action]


def _text(w, row, col):
    return w.queue.model.index(row, col).data()


def test_the_queue_menu_sets_the_status_of_the_row(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    w.queue.select_row(1)
    tid = w.queue.current_ticket_id()
    menu = queue_menu(w.ticket_actions, w.queue)
    assert {"status_waiting", "closeTicketAction", "tagAction", "categoryAction", "assignMeAction",
            "assignTo_bob", "unassignAction"} <= _names(menu)
    _action(menu, "status_waiting").trigger()
    assert get_ticket(db, tid)["status"] == "waiting"
    assert _text(w, 1, COL_STATUS) == "waiting"             # the row is patched in place
    assert _entries(db, "ticket.set-status")[0]["entity"] == f"ticket:{tid}"


def test_bulk_assign_and_close_on_three_rows_are_one_entry_each(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    _select_rows(w, [0, 1, 2])
    ids = sorted(w.queue.model.ticket_id(r) for r in (0, 1, 2))
    menu = queue_menu(w.ticket_actions, w.queue)
    assert menu.actions()[0].text() == "3 tickets selected"
    assert "categoryAction" not in _names(menu)             # one ticket at a time
    _action(menu, "assignTo_bob").trigger()
    assert [_text(w, r, COL_ASSIGNEE) for r in (0, 1, 2)] == ["bob"] * 3
    assert _text(w, 3, COL_ASSIGNEE) in ("", None, "—")
    entries = _entries(db, "ticket.bulk-assign")
    assert len(entries) == 1 and entries[0]["payload"]["count"] == 3
    assert "3 tickets assigned to bob" in w.statusBar().currentMessage()
    _select_rows(w, [0, 1, 2])
    _action(queue_menu(w.ticket_actions, w.queue), "closeTicketAction").trigger()
    assert {get_ticket(db, i)["status"] for i in ids} == {"closed"}
    assert len(_entries(db, "ticket.bulk-status")) == 1
    assert len(list_tickets(db)) == 2


def test_bulk_tag_needs_a_reason_in_the_dialog(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    _select_rows(w, [0, 1])
    ids = [w.queue.model.ticket_id(r) for r in (0, 1)]
    _action(queue_menu(w.ticket_actions, w.queue), "tagAction").trigger()
    dialog = w.ticket_actions.dialog
    assert dialog.objectName() == "tagDialog" and dialog.isVisible()
    dialog.choice.setEditText("check-monday")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "Give a reason" in dialog.error.text() and "--reason" not in dialog.error.text()
    assert not _entries(db, "ticket.bulk-tag")
    dialog.reason.setPlainText("waiting for the carrier")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    for tid in ids:
        assert get_ticket(db, tid)["tag_reasons"]["CHECK-MONDAY"]["reason"] == "waiting for the carrier"
    assert len(_entries(db, "ticket.bulk-tag")) == 1
    assert "CHECK-MONDAY" in [w.queue.tag_box.itemText(i) for i in range(w.queue.tag_box.count())]


def test_untag_and_change_category_from_the_ticket_view(qtbot, window_for, users, tickets, db):
    tid = tickets[tickets["_oids"][2]]                       # the lawyer: LEGAL, URGENT, ESCALATED
    w = window_for(users["carol"])
    w.open_ticket(tid)
    button = w.ticket_actions.actions_button
    assert button.isEnabled() and button.isVisible()
    menu = button.menu()
    assert "untag_LEGAL" in _names(menu)
    assert "seniorRequestAction" not in _names(menu)         # compliance writes the senior reply itself
    _action(menu, "untag_LEGAL").trigger()
    dialog = w.ticket_actions.dialog
    dialog.reason.setPlainText("the buyer withdrew the threat")
    assert dialog.try_submit()
    assert "LEGAL" not in get_ticket(db, tid)["tags"]
    assert "LEGAL" not in [w.ticket_view.tags.topLevelItem(i).text(0) for i in range(w.ticket_view.tags.topLevelItemCount())]
    _action(w.ticket_actions.actions_button.menu(), "categoryAction").trigger()
    dialog = w.ticket_actions.dialog
    assert dialog.choice.currentText() == get_ticket(db, tid)["category"]
    dialog.choice.setCurrentText("COMPLAINT")
    dialog.reason.setPlainText("a complaint, not a refund")
    assert dialog.try_submit()
    assert get_ticket(db, tid)["category"] == "COMPLAINT"
    assert _entries(db, "triage.override")[0]["payload"]["reason"] == "a complaint, not a refund"


def test_an_agent_on_an_escalated_ticket_requests_a_senior_reply(qtbot, window_for, users, tickets, db):
    tid = tickets[tickets["_oids"][2]]
    assert "ESCALATED" in get_ticket(db, tid)["tags"]
    w = window_for(users["alice"])
    w.open_ticket(tid)
    senior = w.ticket_actions.senior_button
    assert senior.isVisible() and senior.isEnabled()
    assert "seniorRequestAction" in _names(w.ticket_actions.actions_button.menu())
    qtbot.mouseClick(senior, Qt.MouseButton.LeftButton)
    dialog = w.ticket_actions.dialog
    assert dialog.objectName() == "seniorRequestDialog"
    dialog.reason.setPlainText("legal wording needed")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "SENIOR-REQUESTED" in get_ticket(db, tid)["tags"]
    assert not senior.isEnabled() and senior.text() == "Senior reply requested"
    assert len(_entries(db, "ticket.senior-requested")) == 1
    # compliance sees it in the queue, beside the flags
    c = window_for(users["carol"])
    row = c.queue.model.row_of(tid)
    assert "SENIOR-REQUESTED" in _text(c, row, COL_FLAGS)
    c.queue.tag_box.setCurrentText("SENIOR-REQUESTED")
    assert c.queue.model.rowCount() == 1 and c.queue.model.ticket_id(0) == tid
    c.open_ticket(tid)
    assert not c.ticket_actions.senior_button.isVisible()


def test_a_plain_ticket_offers_no_senior_request(qtbot, window_for, users, tickets, db):
    tid = tickets[tickets["_oids"][3]]
    w = window_for(users["alice"])
    w.open_ticket(tid)
    assert not w.ticket_actions.senior_button.isVisible()
    assert "seniorRequestAction" not in _names(w.ticket_actions.actions_button.menu())


def test_ctrl_g_jumps_to_a_ticket_number(qtbot, window_for, users, tickets, db):
    tid = tickets[tickets["_oids"][4]]
    w = window_for(users["alice"])
    qtbot.keyClick(w, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = w.ticket_actions.dialog
    assert dialog is not None and dialog.objectName() == "jumpDialog" and dialog.isVisible()
    dialog.setIntValue(tid)
    dialog.accept()
    assert w.tabs.currentWidget() is w.ticket_view and w.ticket_view.ticket["id"] == tid
    assert not w.ticket_actions.jump_to(987654)
    box = w.ticket_actions.dialog
    assert isinstance(box, QMessageBox) and "no ticket #987654" in box.text()
    assert w.ticket_view.ticket["id"] == tid


def test_my_tickets_shows_only_mine(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    _select_rows(w, [1, 3])
    mine = sorted(w.queue.model.ticket_id(r) for r in (1, 3))
    _action(queue_menu(w.ticket_actions, w.queue), "assignMeAction").trigger()
    w.queue.mine_box.setChecked(True)
    assert sorted(w.queue.model.ticket_id(r) for r in range(w.queue.model.rowCount())) == mine
    assert w.queue.count_label.text().startswith("2 ")
    w.queue.mine_box.setChecked(False)
    assert w.queue.model.rowCount() == 5


def test_an_error_in_an_action_is_shown_not_raised(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    assert not w.ticket_actions.set_status([999_999], "closed")
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()
             and b.objectName() == "errorBox"]
    assert boxes and "999999" in boxes[0].text()


def test_right_click_and_the_menu_key_on_the_queue(qtbot, window_for, users, tickets, db):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    w = window_for(users["alice"])
    table = w.queue.table
    _select_rows(w, [0, 1])
    # the keyboard's menu key: the selection stays, the menu is for both rows
    QApplication.sendEvent(table, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5),
                                                    table.mapToGlobal(QPoint(5, 5))))
    menu = w.ticket_actions.last_menu
    assert menu.actions()[0].text() == "2 tickets selected"
    menu.hide()
    # a right-click on a row outside the selection selects that row
    pos = table.visualRect(w.queue.model.index(3, 2)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, table.viewport().mapToGlobal(pos))
    QApplication.sendEvent(table.viewport(), event)
    menu = w.ticket_actions.last_menu
    assert menu.actions()[0].text() == f"Open ticket #{w.queue.model.ticket_id(3)}"
    assert w.queue.table.currentIndex().row() == 3
    assert [i.row() for i in table.selectionModel().selectedRows()] == [3]
    menu.hide()
