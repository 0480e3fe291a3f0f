"""File > Import in the console: a worker with progress and Cancel, the outcome per file, a
refused file named with its line and field, and a retry that skips the bad records."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.generators import write_messages_csv
from warroom.services import orders as order_service
from warroom.services import status
from warroom.services.tickets import list_tickets

DATA = Path(__file__).resolve().parents[1] / "data"


def _wait(qtbot, flow):
    qtbot.waitUntil(lambda: flow.job is not None and flow.job.finished and flow.box is not None, timeout=60_000)
    return flow.box


def test_the_file_menu_imports_the_chosen_files_and_remembers_the_folder(qtbot, window_for, users, db, monkeypatch):
    from ui import importing
    from ui.settings import open_settings

    w = window_for(users["alice"])
    assert w.import_orders_action.shortcut().toString() == "Ctrl+I"
    assert w.import_messages_action.shortcut().toString() == "Ctrl+Shift+I"
    asked = []

    def fake_dialog(parent, title, start, filters):
        asked.append((title, filters))
        return [str(DATA / "messages" / "messages.csv")], filters

    monkeypatch.setattr(importing.QFileDialog, "getOpenFileNames", staticmethod(fake_dialog))
    w.import_messages_action.trigger()
    box = _wait(qtbot, w.importer)
    assert asked and asked[0][0] == "Import buyer messages" and "*.mbox" in asked[0][1]
    assert "messages.csv: read 4, imported 4" in box.text()
    assert open_settings().value("import/dir") == str(DATA / "messages")
    monkeypatch.setattr(importing.QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([], "")))
    assert w.importer.choose("orders") is None                     # the user closed the dialog


def test_orders_then_messages_are_imported_in_a_worker_and_the_queue_refreshes(qtbot, window_for, users, db):
    w = window_for(users["alice"])
    assert w.queue.model.rowCount() == 0
    flow = w.importer
    job = flow.start("orders", [str(DATA / "orders" / "all_orders_by_order_date.tsv"),
                                str(DATA / "orders" / "actionable_orders.tsv")])
    assert job is not None
    box = _wait(qtbot, flow)
    assert box.objectName() == "importResult" and box.windowTitle() == "Import finished"
    text = box.text()
    assert "2 files imported." in text and "all_orders_by_order_date.tsv: read" in text
    assert "actionable_orders.tsv: read" in text
    assert order_service.list_orders(db)
    box.close()

    flow.box = None
    flow.start("messages", [str(DATA / "messages" / "messages.csv")])
    box = _wait(qtbot, flow)
    assert "messages.csv: read 4, imported 4 (4 new messages" in box.text()
    qtbot.waitUntil(lambda: w.queue.model.rowCount() == len(list_tickets(db)) > 0, timeout=5_000)
    assert [e["action"] for e in status.audit_entries(db, limit=1, newest_first=True)] == ["import.messages"]


def test_a_refused_file_is_named_and_can_be_imported_again_skipping_bad_records(qtbot, window_for, users, db,
                                                                                 tmp_path):
    good = tmp_path / "good.csv"
    shutil.copy(DATA / "messages" / "messages.csv", good)
    w = window_for(users["alice"])
    flow = w.importer
    flow.start("messages", [str(good), str(DATA / "messages" / "bad_rows.csv")])
    box = _wait(qtbot, flow)
    text = box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    assert "bad_rows.csv" in text and "line 3" in text and "received_at" in text
    assert "Nothing of bad_rows.csv was written; the file before it is imported." in text
    assert "good.csv: read 4, imported 4" in text
    before = len(list_tickets(db))
    assert flow.retry_button is not None
    flow.box = None
    flow.retry_button.click()                       # the rest again, skipping the bad records
    box = _wait(qtbot, flow)
    text = box.text()
    assert box.windowTitle() == "Import finished"
    assert "bad_rows.csv: read 8, imported 2 (2 new messages" in text and "skipped 6" in text
    assert "skipped line 3 field received_at" in text
    assert len(list_tickets(db)) >= before and status.audit_entries(db, limit=1, newest_first=True)[0][
        "action"] == "import.messages"
    assert flow.retry_button is None                # nothing refused this time


def test_cancel_writes_nothing_of_the_file_in_progress(qtbot, window_for, users, db, tmp_path):
    big = tmp_path / "big.csv"
    write_messages_csv(big, 20_000)
    w = window_for(users["alice"])
    flow = w.importer
    job = flow.start("messages", [str(big)])
    qtbot.waitUntil(lambda: "big.csv" in (w.findChild(object, "jobProgress").labelText()
                                           if w.findChild(object, "jobProgress") else ""), timeout=20_000)
    job.cancel()
    box = _wait(qtbot, flow)
    assert box.windowTitle() == "Import cancelled"
    assert "Cancelled during big.csv: nothing of that file was written." in box.text()
    assert list_tickets(db) == []
