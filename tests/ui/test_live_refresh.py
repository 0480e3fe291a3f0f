"""Live refresh (ui/live_refresh.py): a change written by another seat (its own database
connection) reaches the open console's queue within seconds, on both backends, by patching
that ticket's row only (no reload of the queue); the open ticket follows; "Assign to me" on a
ticket someone else took meanwhile says who has it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from warroom.services import drafts as drafts_service
from warroom.services import tickets as ticket_service
from warroom.storage.engine import open_database
from ui.queue_model import COL_ASSIGNEE

WAIT_MS = 8_000          # SQLite polls every 2 s; PostgreSQL is notified at once


def _error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
            and w.objectName() == "errorBox"]


class _Spy:
    """What the queue model announced: resets and the rows of every dataChanged."""

    def __init__(self, model) -> None:
        self.resets = 0
        self.rows: set[int] = set()
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(self._changed)

    def _reset(self) -> None:
        self.resets += 1

    def _changed(self, top, bottom, _roles=()) -> None:
        if bottom.column() > 1:                           # the clock column's repaint is not a refresh
            self.rows.update(range(top.row(), bottom.row() + 1))


def test_another_seats_assignment_appears_in_that_row_only(qtbot, window_for, users, tickets, db_url):
    w = window_for(users["alice"])
    model = w.queue.model
    assert model.rowCount() == 5 and w.live.thread is not None
    target = model.ticket_id(3)
    pages = model.pages_fetched
    spy = _Spy(model)
    arrived: list = []
    w.live.arrived.connect(arrived.append)
    seat = open_database(db_url)                     # bob, at another desk
    try:
        ticket_service.assign_ticket(seat, users["bob"], target, "bob")
    finally:
        seat.dispose()
    qtbot.waitUntil(lambda: model.row_dict(model.row_of(target))["assignee"] == "bob", timeout=WAIT_MS)
    assert model.index(model.row_of(target), COL_ASSIGNEE).data() == "bob"
    assert spy.resets == 0 and model.pages_fetched == pages          # no reload of the queue
    assert spy.rows == {model.row_of(target)}                        # that row, and only it
    assert arrived and arrived[-1].ticket_ids == {target}


def test_the_open_ticket_shows_another_seats_note(qtbot, window_for, users, tickets, db_url):
    w = window_for(users["alice"])
    tid = w.queue.model.ticket_id(0)
    w.open_ticket(tid)
    seat = open_database(db_url)
    try:
        ticket_service.add_note(seat, users["bob"], tid, "Called the carrier: parcel found")
    finally:
        seat.dispose()
    qtbot.waitUntil(lambda: "Called the carrier: parcel found" in w.ticket_view.notes.toPlainText(),
                    timeout=WAIT_MS)


def test_a_new_draft_elsewhere_reaches_the_approval_desk(qtbot, window_for, users, tickets, db_url):
    w = window_for(users["carol"])
    assert w.desk is not None and len(w.desk.drafts) == 0
    seat = open_database(db_url)
    try:
        d = drafts_service.create_draft(seat, users["alice"], w.queue.model.ticket_id(1),
                                        text="Thank you for writing, we are checking your order today.")
    finally:
        seat.dispose()
    qtbot.waitUntil(lambda: [x["id"] for x in w.desk.drafts] == [d["id"]], timeout=WAIT_MS)
    row = w.queue.model.row_of(d["ticket_id"])
    assert w.queue.model.row_dict(row)["reply"] == "submitted"


def test_assign_to_me_on_a_ticket_taken_meanwhile_names_who_has_it(qtbot, window_for, users, tickets, db_url, db):
    w = window_for(users["alice"])
    w.live.stop()                                    # the screen is stale: bob's click has not arrived
    tid = w.queue.model.ticket_id(2)
    w.queue.select_row(2)
    ticket_service.assign_ticket(db, users["bob"], tid, "bob")
    w.assign_to_me()
    boxes = _error_boxes()
    assert len(boxes) == 1 and f"ticket {tid} is already assigned to bob" in boxes[0].text()
    boxes[0].close()
    assert ticket_service.get_ticket(db, tid)["assignee"] == "bob"
    assert w.queue.model.row_dict(w.queue.model.row_of(tid))["assignee"] == "bob"   # the row shows him now


def test_the_menus_assign_to_me_refuses_a_ticket_taken_meanwhile(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    w.live.stop()
    tid = w.queue.model.ticket_id(0)
    ticket_service.assign_ticket(db, users["bob"], tid, "bob")
    assert w.ticket_actions.assign([tid], "alice", expected=None) is False     # the row showed nobody
    boxes = _error_boxes()
    assert len(boxes) == 1 and f"ticket {tid} is already assigned to bob" in boxes[0].text()
    boxes[0].close()
    assert w.ticket_actions.assign([tid], "alice", expected="bob") is True     # a deliberate take-over
    assert ticket_service.get_ticket(db, tid)["assignee"] == "alice"
