"""A walk through the main screens in Simplified Chinese: no English left (names, IDs, codes and
the buyers' own text aside)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.i18n_walk import untranslated, visible_texts
from ui import i18n


@pytest.fixture
def chinese(qapp):
    assert i18n.install(i18n.CHINESE, qapp)
    yield
    i18n.install(i18n.ENGLISH, qapp)


@pytest.fixture
def desk_data(db, users, tickets):
    """Templates, a free-text draft of alice's waiting for approval, and one approved (in the outbox)."""
    from warroom.services import drafts, templates

    templates.import_templates(db, users["carol"])
    oids = tickets["_oids"]
    waiting = drafts.create_draft(db, users["alice"], tickets[oids[0]], text="Thank you for your patience.")
    approved = drafts.create_draft(db, users["alice"], tickets[oids[3]], text="Your parcel is on its way.")
    drafts.approve_draft(db, users["carol"], approved["id"], "secret-pw")
    return {"waiting": waiting, "approved": approved}


def _data(db, tickets) -> tuple[str, ...]:
    """What is data, not interface: the users, the database, the buyers' subjects and names, the
    tickets' tags and categories (codes), the cached orders' Amazon values (marketplace, order
    status, currency) and the templates (written in the buyer's language)."""
    from warroom.services.tickets import get_ticket, list_tickets

    from ui.context import database_label

    values: list[str] = ["ada", "alice", "bob", "carol", database_label(db)]
    for t in list_tickets(db):
        full = get_ticket(db, t["id"])
        values += [full.get("subject") or "", full.get("buyer_name") or "", *full["tags"], full["category"]]
        for m in full["messages"]:
            values += [m.get("subject") or "", m.get("from_name") or "", m["from"] or ""]
        order = full.get("order") or {}
        values += [order.get("marketplace") or "", order.get("status") or "", order.get("currency") or ""]
    return tuple(v for v in values if v)


def _template_items(window) -> tuple[str, ...]:
    """The composer's template choices: each names a template (data in the buyer's language)."""
    box = window.ticket_view.composer.template_box
    return tuple(box.itemText(i) for i in range(box.count()) if box.itemData(i) is not None)


def _open_ticket(qtbot, window, ticket_id):
    window.open_ticket(ticket_id)
    qtbot.waitUntil(lambda: window.ticket_view.ticket is not None, timeout=5000)


def test_the_queue_in_chinese_has_no_english_left(qtbot, db, users, tickets, window_for, chinese):
    w = window_for(users["alice"])
    qtbot.waitUntil(lambda: w.queue.model.rowCount() == 5, timeout=5000)
    assert untranslated(w.queue, _data(db, tickets)) == []
    texts = dict(visible_texts(w.queue))
    assert texts["QLabel queueCount"] == "5 个工单"
    assert w.queue.model.headerData(0, Qt.Orientation.Horizontal) == "优先级"
    # the filters show translated names and still filter by the values
    w.queue.status_box.setCurrentIndex(w.queue.status_box.findData("open"))
    assert w.queue.status_box.currentText() == "待处理" and w.queue.current_query().status == "open"


def test_the_ticket_view_and_composer_in_chinese_have_no_english_left(qtbot, db, users, tickets, desk_data,
                                                                       window_for, chinese):
    w = window_for(users["alice"])
    _open_ticket(qtbot, w, tickets[tickets["_oids"][0]])
    data = _data(db, tickets)
    assert untranslated(w.ticket_view, data) == []
    assert w.tabs.tabText(1).startswith("工单 #")
    w.ticket_view.tabs.setCurrentIndex(1)                           # the Reply tab: the composer
    assert untranslated(w.ticket_view, data + _template_items(w)) == []


def test_the_approval_desk_in_chinese_has_no_english_left(qtbot, db, users, tickets, desk_data, window_for,
                                                            chinese):
    w = window_for(users["carol"])
    assert w.desk is not None
    w.tabs.setCurrentWidget(w.desk)
    w.desk.refresh()
    assert w.desk.current is not None and w.desk.current["id"] == desk_data["waiting"]["id"]
    assert untranslated(w.desk, _data(db, tickets)) == []
    assert w.desk.count_label.text() == "1 份草稿待审批（最早的在前）"


def test_the_outbox_in_chinese_has_no_english_left(qtbot, db, users, tickets, desk_data, window_for, chinese):
    w = window_for(users["alice"])
    w.tabs.setCurrentWidget(w.outbox)
    w.outbox.refresh()
    assert w.outbox.current() is not None
    assert untranslated(w.outbox, _data(db, tickets)) == []
    assert w.outbox.table.item(0, 1).text() == "已批准"


def test_the_main_window_menus_tabs_and_status_bar_in_chinese(qtbot, db, users, tickets, window_for, chinese):
    w = window_for(users["ada"])
    assert untranslated(w, _data(db, tickets)) == []
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[:2] == ["文件(&F)", "工单(&T)"] and "管理(&N)" in titles and "查看(&V)" in titles
    assert "管理员" in w.windowTitle()                           # the role, translated
