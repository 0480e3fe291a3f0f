"""View › Audit log and Ticket › Audit entries for this ticket, driven as compliance would."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from warroom.storage.uow import UnitOfWork


def _many(db, n):
    with UnitOfWork(db) as uow:
        uow.audit_many([("alice" if i % 2 else "bob", "note.add", f"ticket:{1000 + i % 3}", {"i": i})
                        for i in range(n)])
        uow.commit()


def _view(window_for, actor):
    from ui.audit_view import AuditView

    w = window_for(actor, load=False)
    action = w.findChild(QAction, "auditLogAction")
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+L"
    action.trigger()
    view = w.findChild(AuditView, "auditView")
    assert w.tabs.currentWidget() is view
    return w, view


def _wait_idle(qtbot, view):
    qtbot.waitUntil(lambda: not view.model.loading, timeout=15_000)


def test_pages_load_lazily_newest_first(qtbot, window_for, users, db):
    _many(db, 500)
    w, view = _view(window_for, users["carol"])
    _wait_idle(qtbot, view)
    rows = list(view.model.rows)
    assert len(rows) == 200 and rows[0].seq > rows[-1].seq
    assert [r.seq for r in rows] == list(range(rows[0].seq, rows[0].seq - 200, -1))
    assert view.model.canFetchMore()
    view.table.scrollToBottom()                          # the view asks for the next page itself
    qtbot.waitUntil(lambda: len(view.model.rows) >= 400 and not view.model.loading, timeout=15_000)
    assert view.model.rows[200].seq == rows[-1].seq - 1
    assert "entries shown" in view.count_label.text()


def test_filter_by_actor_and_action_and_read_the_payload(qtbot, window_for, users, db):
    _many(db, 50)
    w, view = _view(window_for, users["carol"])
    _wait_idle(qtbot, view)
    qtbot.keyClicks(view.actor, "alice")
    qtbot.keyClicks(view.action, "note.*")
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, view)
    assert len(view.model.rows) == 25 and {r.actor for r in view.model.rows} == {"alice"}
    assert view.model.exhausted and "all matching entries" in view.count_label.text()
    view.table.selectRow(3)
    doc = json.loads(view.detail.toPlainText())
    assert doc["seq"] == view.model.rows[3].seq and doc["payload"] == view.model.rows[3].payload
    assert "\n  " in view.detail.toPlainText()           # indented: readable


def test_a_bad_time_is_said_beside_the_fields(qtbot, window_for, users):
    w, view = _view(window_for, users["carol"])
    view.period.setCurrentIndex(view.period.count() - 1)   # Between…
    assert view.since.isVisible()
    qtbot.keyClicks(view.since, "last tuesday")
    assert view.apply_filters() is False
    assert view.count_label.text().startswith("Not a time")


def test_rows_show_whether_the_chain_was_verified_up_to_them(qtbot, window_for, users, db):
    w, view = _view(window_for, users["ada"])
    _wait_idle(qtbot, view)
    assert "not verified" in view.state_label.text()
    assert view.model.index(0, 5).data() == "not verified yet"
    job = w.start_verification()
    qtbot.waitUntil(lambda: job.finished and w.chain is not None, timeout=20_000)
    # the open view follows the window's result by itself
    qtbot.waitUntil(lambda: view.state_label.text().startswith("Audit chain verified"), timeout=5_000)
    _many(db, 3)                                          # three entries newer than the check
    view.apply_filters()
    _wait_idle(qtbot, view)
    assert view.state_label.text().startswith("Audit chain verified")
    assert [view.model.index(r, 5).data() for r in range(4)] == ["newer than the last check"] * 3 + ["verified"]


def test_ticket_menu_opens_the_tickets_entries(qtbot, window_for, users, db, tickets):
    from warroom.services import drafts

    tid = tickets[tickets["_oids"][3]]
    d = drafts.create_draft(db, users["alice"], tid, text="Thank you, your parcel is on its way.")
    _many(db, 20)
    w = window_for(users["carol"])
    w.open_ticket(tid)
    w.findChild(QAction, "ticketAuditAction").trigger()
    from ui.audit_view import AuditView

    view = w.findChild(AuditView, "auditView")
    _wait_idle(qtbot, view)
    assert w.tabs.currentWidget() is view
    assert view.entity.text() == f"ticket:{tid}, draft:{d['id']}"
    entities = {r.entity for r in view.model.rows}
    assert f"draft:{d['id']}" in entities and entities <= {f"ticket:{tid}", f"draft:{d['id']}"}


def test_agents_have_no_audit_log(window_for, users):
    w = window_for(users["alice"], load=False)
    assert not w.findChild(QAction, "auditLogAction").isEnabled()
    assert not w.findChild(QAction, "ticketAuditAction").isEnabled()
    from ui.audit_view import open_audit_log

    assert open_audit_log(w) is None


def test_fits_a_laptop_screen(qtbot, console_for, users):
    from ui.audit_view import AuditView
    from ui.users_screen import UsersScreen

    for widget in (AuditView(console_for(users["carol"])), UsersScreen(console_for(users["ada"]))):
        qtbot.addWidget(widget)
        hint = widget.minimumSizeHint()
        assert hint.width() <= 1000 and hint.height() <= 600, (type(widget).__name__, hint)
