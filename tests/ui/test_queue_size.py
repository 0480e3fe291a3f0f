"""100,000 tickets: the queue model holds the pages fetched so far, never more."""

from __future__ import annotations

import time

import pytest

from PySide6.QtWidgets import QTableView

from tests.ui import bulk
from warroom.services import queue as queue_service
from ui.queue_model import QueueModel, QueueQuery

PAGE = 200


@pytest.mark.sqlite_only("fills the SQLite file through sqlite3 (tests/ui/bulk.py)")
def test_queue_model_never_materializes_more_than_a_page_at_a_time(db, db_path, qtbot):
    bulk.fill(db_path, 100_000, with_fts=False)
    assert queue_service.queue_count(db, include_closed=True) == 100_000
    calls = []

    def source(**kw):
        page = queue_service.queue_page(db, **kw)
        calls.append(len(page["rows"]))
        return page

    model = QueueModel(source, page_size=PAGE)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.setModel(model)
    started = time.perf_counter()
    model.reload()
    view.show()
    qtbot.wait(50)                       # let the view paint (and ask for more if it wanted)
    first_page = time.perf_counter() - started
    assert model.rowCount() == PAGE and len(model._rows) == PAGE and calls == [PAGE]
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE and calls == [PAGE, PAGE]
    view.scrollToBottom()                # the view fetches the next page itself, one page
    qtbot.waitUntil(lambda: model.rowCount() == 3 * PAGE, timeout=2000)
    assert len(calls) == 3 and max(calls) == PAGE
    ids = [model.ticket_id(r) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)
    model.set_query(QueueQuery(sort="subject", descending=True))     # a sort: back to one page
    assert model.rowCount() == PAGE
    assert first_page < 5                # generous: the benchmark measures it properly
