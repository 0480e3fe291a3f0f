"""The queue model: lazy keyset pages from the service, sorting and filtering in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from warroom.services import queue as queue_service
from ui.queue_model import COL_DUE, COL_FLAGS, QueueModel, QueueQuery, time_left_text


def _model(db, page_size=2):
    return QueueModel(lambda **kw: queue_service.queue_page(db, **kw), page_size=page_size)


def test_model_passes_the_model_tester(qtmodeltester, db, tickets):
    model = _model(db)
    model.reload()
    assert model.rowCount() == 2 and model.canFetchMore()
    qtmodeltester.check(model)
    model.sort(6, Qt.SortOrder.DescendingOrder)       # subject, in the database
    qtmodeltester.check(model)
    model.update_query(search="返品")
    qtmodeltester.check(model)


def test_pages_follow_the_service_order_without_gaps_or_duplicates(db, tickets):
    from warroom.services.tickets import list_tickets

    model = _model(db)
    model.reload()
    while model.canFetchMore():
        model.fetchMore()
    assert [model.ticket_id(r) for r in range(model.rowCount())] == [t["id"] for t in list_tickets(db)]
    assert model.pages_fetched == 3


@pytest.mark.parametrize("sort", queue_service.SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_pages_through_every_ticket(db, tickets, sort, descending):
    seen, after = [], None
    while True:
        page = queue_service.queue_page(db, sort=sort, descending=descending, after=after, limit=2,
                                        include_closed=True)
        seen += [r["id"] for r in page["rows"]]
        after = page["next"]
        if after is None:
            break
    assert sorted(seen) == sorted(set(seen)) and len(seen) == queue_service.queue_count(db, include_closed=True)


def test_filters_and_search_happen_in_the_database(db, tickets):
    model = _model(db, page_size=50)
    model.set_query(QueueQuery(tag="LEGAL"))
    assert model.rowCount() == 1 and "LEGAL" in model.data(model.index(0, COL_FLAGS))
    model.set_query(QueueQuery(search="返品"))       # CJK two-character word
    assert model.rowCount() == 1
    assert model.row_dict(0)["amazon_order_id"] == tickets["_oids"][1]
    model.set_query(QueueQuery(search="zurückgeben"))
    assert model.rowCount() == 1
    model.set_query(QueueQuery(channel="email"))
    assert model.rowCount() == 0
    assert queue_service.queue_count(db, search="返品") == 1


def test_service_errors_are_signalled_not_raised(db, tickets, qtbot):
    model = _model(db)
    with qtbot.waitSignal(model.failed) as blocker:
        model.set_query(QueueQuery(status="nonsense"))
    assert "unknown status" in str(blocker.args[0])
    assert model.rowCount() == 0 and not model.canFetchMore()


def test_time_left_is_red_under_four_hours_and_counts_past_due(db, tickets):
    from datetime import timedelta

    from warroom import clock

    model = _model(db, page_size=10)
    model.reload()
    due = clock.parse_iso(model.row_dict(0)["due_at"])
    model._now = lambda: due - timedelta(hours=3)
    assert model.data(model.index(0, COL_DUE), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert model.data(model.index(0, COL_DUE)) == "3h 00m"
    model._now = lambda: due + timedelta(hours=3, minutes=10)
    assert model.data(model.index(0, COL_DUE)) == "-3h 10m"
    model._now = lambda: due - timedelta(hours=5)
    assert model.data(model.index(0, COL_DUE), Qt.ItemDataRole.ForegroundRole) is None
    assert time_left_text(None) == "—"
