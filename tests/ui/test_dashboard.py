"""The dashboard tab: figures from the service, each number and bar opening its tickets in the queue."""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, Qt

from warroom.services import dashboard as dashboard_service
from warroom.services.queue import queue_count


def _loaded(qtbot, w):
    w.tabs.setCurrentWidget(w.dashboard)
    qtbot.waitUntil(lambda: w.dashboard.result is not None, timeout=10_000)
    return w.dashboard.result


def test_the_tab_shows_the_services_figures(qtbot, window_for, users, tickets, db):
    w = window_for(users["carol"])
    d = _loaded(qtbot, w)
    expected = dashboard_service.dashboard(db)
    assert d.backlog == expected.backlog == 5
    dash = w.dashboard
    assert dash.past_due_tile.value.text() == f"{expected.past_due.count:,}"
    assert dash.due_soon_tile.value.text() == f"{expected.due_soon.count:,}"
    # the tickets' messages are from 2026-11-20, never answered: all late over 30 days, none in 7
    assert dash.rate_tiles[30].value.text() == "100.0 %" and dash.rate_tiles[30].property("alert") is True
    assert dash.rate_tiles[7].value.text() == "—"
    assert [b.label for b in dash.category_chart.bars] == [b.key for b in expected.backlog_by_category]
    assert sum(b.value for b in dash.day_chart.bars) == 5


def test_a_category_bar_opens_the_queue_narrowed_and_the_queue_comes_back_whole(qtbot, window_for, users,
                                                                                tickets, db):
    w = window_for(users["carol"])
    _loaded(qtbot, w)
    chart = w.dashboard.category_chart
    bucket = chart.bars[0].key
    _area, rects = chart._layout()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rects[0].center().toPoint())
    assert w.tabs.currentWidget() is w.queue
    assert w.queue.focus == bucket.focus and w.queue.focus_label.isVisible()
    assert bucket.key in w.queue.focus_label.text()
    rows = [w.queue.model.ticket_id(r) for r in range(w.queue.model.rowCount())]
    assert len(rows) == bucket.count and w.queue.count_label.text().startswith(f"{bucket.count:,} ticket")
    categories = {w.queue.model._rows[r].data["category"] for r in range(len(rows))}
    assert categories == {bucket.key}
    qtbot.mouseClick(w.queue.focus_clear, Qt.MouseButton.LeftButton)
    assert w.queue.focus is None and not w.queue.focus_label.isVisible()
    assert w.queue.model.rowCount() == 5


def test_a_rate_tile_opens_the_tickets_answered_late_and_a_day_bar_its_due_day(qtbot, window_for, users,
                                                                              tickets, db):
    w = window_for(users["alice"])
    _loaded(qtbot, w)
    qtbot.mouseClick(w.dashboard.rate_tiles[30], Qt.MouseButton.LeftButton)
    assert w.tabs.currentWidget() is w.queue
    assert w.queue.model.rowCount() == len(dashboard_service.late_ticket_ids(db, 30)) == 5
    w.tabs.setCurrentWidget(w.dashboard)
    day = w.dashboard.day_chart
    day.click_bar(0)
    bucket = day.bars[0].key
    assert w.queue.model.rowCount() == bucket.count == queue_count(db, focus=bucket.focus)
    assert day.bar_at(QPointF(-50, -50)) is None


def test_the_tab_has_its_own_mnemonic(qtbot, window_for, users):
    w = window_for(users["carol"])
    texts = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    texts += [a.text() for a in w.menuBar().actions() if a.isVisible()]
    keys = [m.group(1).lower() for t in texts for m in [re.search(r"&(\w)", t)] if m]
    assert "Dashb&oard" in texts and keys.count("o") == 1
