"""Screenshots of team mode's live refresh (issue 16): another seat's assignment appearing in the
agent's queue (that row only), and "Assign to me" on a ticket someone took meanwhile.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/screenshots/take_live_refresh_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1280, 720
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from warroom.services import demo, tickets, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    path = str(folder / "warroom.sqlite3")
    db = open_database(path)
    demo.load_demo(db, None, with_users=True)
    from ui.context import Console
    from ui.main_window import MainWindow
    from ui.workers import JobRunner

    agent = users.authenticate(db, "agent", "demo")
    admin = users.authenticate(db, "admin", "demo")
    window = MainWindow(Console(db=db, actor=agent, runner=JobRunner(), demo=True))
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.load_queue()
    settle(app, 1.0)
    model = window.queue.model
    seat = open_database(path)                       # the admin's desktop
    first = model.ticket_id(1)
    tickets.assign_ticket(seat, admin, first, "compliance")
    start = time.monotonic()
    while model.row_dict(1)["assignee"] != "compliance" and time.monotonic() - start < 10:
        settle(app, 0.1)
    window.queue.select_row(1)
    settle(app)
    print(f"ticket #{first}: the other desk's assignment showed after {time.monotonic() - start:.1f} s")
    window.grab().save(str(OUT / "live-refresh.png"))

    window.live.stop()                               # a stale screen: the other click has not arrived
    second = model.ticket_id(3)
    window.queue.select_row(3)
    tickets.assign_ticket(seat, admin, second, "admin")
    window.assign_to_me()
    settle(app)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    shot = window.grab()
    if boxes:
        box = boxes[0].grab()
        painter = QPainter(shot)
        painter.drawPixmap(QPoint((shot.width() - box.width()) // 2, (shot.height() - box.height()) // 2), box)
        painter.end()
    shot.save(str(OUT / "assign-taken.png"))
    seat.dispose()
    window.close()


if __name__ == "__main__":
    main()
