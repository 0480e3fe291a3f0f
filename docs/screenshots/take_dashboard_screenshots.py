"""Take dashboard.png and notifications.png from the real window on a fresh demo database.

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python docs/screenshots/take_dashboard_screenshots.py

The window is asked for 1280x720; it grows to the main window's minimum height (the ticket tab
sets it).  notifications.png: a second console on the same file (the agent) submits a draft;
one poll later the compliance user's window shows it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from warroom.services import demo, drafts, tickets, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402

NEUTRAL = ("Hello, we have received your message about your order. Our team is checking it and will reply "
           "here as soon as possible.")


def settle(app: QApplication, until=lambda: True, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if until():
            break
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-dashboard-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    path = folder / "warroom.sqlite3"
    db = open_database(str(path))
    demo.load_demo(db, None, with_users=True)
    from ui.context import Console
    from ui.main_window import MainWindow
    from ui.workers import JobRunner

    runner = JobRunner()
    compliance = users.authenticate(db, "compliance", "demo")
    window = MainWindow(Console(db=db, actor=compliance, runner=runner, demo=True))
    window.resize(1280, 720)
    window.show()
    window.load_queue()
    window.tabs.setCurrentWidget(window.dashboard)
    settle(app, lambda: window.dashboard.result is not None)
    window.grab().save(str(OUT / "dashboard.png"))

    other = open_database(str(path))                 # the agent's console: its own connection
    agent = users.authenticate(other, "agent", "demo")
    ticket = next(t for t in tickets.list_tickets(other)
                  if t["category"] in ("REFUND", "WISMO") and t["status"] != "closed" and "ESCALATED" not in t["tags"])
    drafts.create_draft(other, agent, ticket["id"], text=NEUTRAL)
    window.tabs.setCurrentWidget(window.queue)
    window.notifications.center.poll()
    settle(app, window.notifications.banner.isVisible)
    window.grab().save(str(OUT / "notifications.png"))
    runner.cancel_all()
    runner.wait()
    other.dispose()
    db.dispose()


if __name__ == "__main__":
    main()
