"""The console in Simplified Chinese at 1280x720, on a fresh demo database: the queue, a ticket
and the approval desk (zh_CN-queue.png, zh_CN-ticket.png, zh_CN-desk.png) and the login.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/screenshots/take_zh_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from warroom.services import demo, drafts, templates, tickets, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-zh-shots-"))
    from ui import i18n, settings

    settings.use_file(folder / "settings.ini")
    assert i18n.install(i18n.CHINESE, app)
    db = open_database(str(folder / "warroom.sqlite3"))
    from ui.context import Console
    from ui.login import LoginDialog
    from ui.main_window import MainWindow
    from ui.workers import JobRunner

    runner = JobRunner()
    demo.load_demo(db, None, with_users=True)
    login = LoginDialog(db, runner)
    login.demo_hint.show()
    login.select_user("compliance")
    login.password.setText("demo")
    login.show()
    settle(app)
    login.grab().save(str(OUT / "zh_CN-login.png"))
    login.close()

    agent = users.authenticate(db, "agent", "demo")
    compliance = users.authenticate(db, "compliance", "demo")
    if not templates.list_templates(db, status="approved"):
        templates.import_templates(db, compliance)
    candidates = [t for t in tickets.list_tickets(db) if "ESCALATED" not in t["tags"] and t["status"] != "closed"]
    usable = [t for t in candidates if templates.templates_for_ticket(db, t["id"])]
    for t in usable[:3]:
        key = templates.templates_for_ticket(db, t["id"])[0]["key"]
        drafts.create_draft(db, agent, t["id"], template=key)
    flagged = next(t for t in tickets.list_tickets(db) if t["flags"] and t["amazon_order_id"])
    tickets.add_note(db, agent, flagged["id"], "买家 10:05 来电；已告知退款正在手动处理。作为申诉证据。")

    window = MainWindow(Console(db=db, actor=compliance, runner=runner, demo=True))
    window.resize(1280, 720)
    window.show()
    window.load_queue()
    window.start_verification()
    runner.wait()
    settle(app)
    window.queue.select_row(2)
    settle(app)
    window.grab().save(str(OUT / "zh_CN-queue.png"))

    window.open_ticket(flagged["id"])
    settle(app)
    window.grab().save(str(OUT / "zh_CN-ticket.png"))

    window.tabs.setCurrentWidget(window.desk)
    window.desk.refresh()
    settle(app)
    window.grab().save(str(OUT / "zh_CN-desk.png"))
    window.close()
    runner.wait()
    db.dispose()
    print("saved", sorted(p.name for p in OUT.glob("zh_CN-*.png")))


if __name__ == "__main__":
    main()
