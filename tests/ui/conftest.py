"""GUI tests: offscreen Qt, settings in a temporary file, a database with users and tickets."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"    # before Qt is imported anywhere

import pytest  # noqa: E402

from tests.core import factories  # noqa: E402


@pytest.fixture(autouse=True)
def _gui_settings(tmp_path):
    from ui import settings

    settings.use_file(tmp_path / "gui-settings.ini")
    yield
    settings.use_file(None)


@pytest.fixture
def runner(qapp):
    from ui.workers import JobRunner

    r = JobRunner()
    yield r
    r.cancel_all()
    r.wait(10_000)


@pytest.fixture
def tickets(db, users):
    """Five tickets: an English refund with an HTML-looking body and an attachment, a Japanese
    return, a lawyer threat (flagged), a WISMO, a German message."""
    from warroom.records import AttachmentRecord

    orders = [factories.order(n) for n in range(1, 6)]
    oids = [o.amazon_order_id for o in orders]
    msgs = [
        factories.message(1, order_id=oids[0], body="I want a refund. <b>bold</b> <script>alert(1)</script> "
                                                  "<a href='http://x'>link</a>"),
        factories.message(2, order_id=oids[1], body="商品を返品したいです。よろしくお願いします。"),
        factories.message(3, order_id=oids[2], body="My lawyer will take legal action if I am not refunded."),
        factories.message(4, order_id=oids[3]),
        factories.message(5, order_id=oids[4], body="Ich möchte den Artikel zurückgeben, bitte."),
    ]
    msgs[0] = msgs[0]._replace(attachments=(AttachmentRecord("photo.txt", "text/plain", b"damaged box"),))
    factories.load(db, orders, msgs)
    from warroom.services.tickets import list_tickets

    return {t["amazon_order_id"]: t["id"] for t in list_tickets(db)} | {"_oids": oids}


@pytest.fixture
def console_for(db, runner):
    from ui.context import Console

    def make(actor, demo=False):
        return Console(db=db, actor=actor, runner=runner, demo=demo)

    return make


@pytest.fixture
def window_for(qtbot, console_for):
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    made = []

    def make(actor, page_size=None, load=True):
        w = MainWindow(console_for(actor), page_size=page_size)
        qtbot.addWidget(w)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)   # shortcuts need it
        if load:
            w.load_queue()
        made.append(w)
        return w

    yield make
    for w in made:
        w.console.runner.cancel_all()
        w.console.runner.wait(10_000)
