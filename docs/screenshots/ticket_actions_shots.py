"""Screenshots of the ticket actions and the suspension dialog at 1280x720, from the real window
on a fresh demo database (popups included: the whole screen is grabbed).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/screenshots/ticket_actions_shots.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from warroom import clock  # noqa: E402
from warroom.services import demo, tickets, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402

NOTICE = """Hello,

We have removed your selling privileges and placed a temporary hold on funds in your account.

Why did this happen?
Your account is related to another account that may not be used to sell on Amazon.

How do I reactivate my account?
Send us a plan of action ...
"""


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def shot(app: QApplication, name: str) -> None:
    settle(app)
    app.primaryScreen().grabWindow(0).save(str(OUT / name))


def window_for(db, runner, name: str):  # type: ignore[no-untyped-def]
    from ui.context import Console
    from ui.main_window import MainWindow

    actor = users.authenticate(db, name, "demo")
    w = MainWindow(Console(db=db, actor=actor, runner=runner, demo=True))
    w.move(0, 0)
    w.resize(1280, 720)
    w.show()
    w.load_queue()
    return w


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-act-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    db = open_database(str(folder / "warroom.sqlite3"))
    from ui.ticket_actions import queue_menu
    from ui.workers import JobRunner

    runner = JobRunner()
    demo.load_demo(db, None, with_users=True)

    # the agent: the ticket actions on an ESCALATED ticket
    w = window_for(db, runner, "agent")
    escalated = next(t for t in tickets.list_tickets(db) if "ESCALATED" in t["tags"])
    w.open_ticket(escalated["id"])
    settle(app)
    button = w.ticket_actions.actions_button
    menu = button.menu()
    menu.popup(button.mapToGlobal(QPoint(0, button.height())))
    shot(app, "ticket-actions-menu.png")
    menu.hide()

    # bulk: four queue rows selected, right-click
    w.tabs.setCurrentWidget(w.queue)
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model, sel = w.queue.model, QItemSelection()
    for r in (1, 2, 3, 5):
        sel.select(model.index(r, 0), model.index(r, model.columnCount() - 1))
    w.queue.table.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    settle(app)
    table = w.queue.table
    pos = table.visualRect(model.index(3, 6)).center()
    bulk = queue_menu(w.ticket_actions, w.queue, pos)
    assert bulk is not None
    settle(app)
    assign = next(a for a in bulk.actions() if a.menu() is not None and a.menu().objectName() == "assignMenu")
    bulk.setActiveAction(assign)
    assign.menu().popup(bulk.mapToGlobal(bulk.actionGeometry(assign).topRight()))
    shot(app, "bulk-actions.png")
    assign.menu().hide()
    bulk.hide()
    w.close()

    # the admin: declaring the suspension
    a = window_for(db, runner, "admin")
    dialog = a.ask_declare()
    dialog.reason.setText("Related accounts")
    dialog.notice.setPlainText(NOTICE)
    dialog.notice_file.setText("")
    dialog.set_notice_time(clock.now() - timedelta(hours=30))
    dialog.refresh_preview()
    dialog.hide()
    dialog.adjustSize()
    dialog.move((1280 - dialog.width()) // 2, max(0, (720 - dialog.height()) // 2))
    dialog.show()
    a.repaint()
    shot(app, "suspension-declare.png")
    box = dialog.ask_confirm()
    assert box is not None
    box.adjustSize()
    box.move((1280 - box.width()) // 2, (720 - box.height()) // 2)
    a.repaint()
    dialog.repaint()
    shot(app, "suspension-declare-confirm.png")
    runner.cancel_all()
    runner.wait()


if __name__ == "__main__":
    main()
