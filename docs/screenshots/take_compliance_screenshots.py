"""Take the Templates and Rules screenshots (templates.png, templates-edit-diff.png, rules.png)
from the real window at 1280x720, logged in as the demo user `compliance` on a fresh demo
database (`demo --with-users`: the starter templates approved).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/screenshots/take_compliance_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

from warroom.domain.roles import Actor, Role  # noqa: E402
from warroom.services import demo, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402

WIDTH, HEIGHT = 1280, 720


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    db = open_database(str(folder / "warroom.sqlite3"))
    demo.load_demo(db, None, with_users=True)
    from ui.context import Console
    from ui.main_window import MainWindow
    from ui.workers import JobRunner

    who = next(u for u in users.list_users(db) if u["name"] == "compliance")
    window = MainWindow(Console(db=db, actor=Actor(who["id"], "compliance", Role.COMPLIANCE), runner=JobRunner(),
                                demo=True))
    window.resize(WIDTH, HEIGHT)
    window.show()
    settle(app)
    if window.height() > HEIGHT:
        # The Ticket tab alone once needed 990 px: give it a scroll area, so the window is the
        # laptop's size (the screens shown here need far less).
        i = window.tabs.indexOf(window.ticket_view)
        title = window.tabs.tabText(i)
        window.tabs.removeTab(i)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(window.ticket_view)
        window.tabs.insertTab(i, area, title)
        window.setMinimumSize(0, 0)
        window.resize(WIDTH, HEIGHT)
        settle(app)

    screen = window.compliance_menu.show_templates()
    screen.select("refund-ack", "en", 1)
    settle(app)
    window.grab().save(str(OUT / "templates.png"))

    editor = screen.edit_selected()
    editor.resize(WIDTH, HEIGHT)
    body = editor.body().replace("as a priority", "as a priority, usually within two working days")
    editor.text.setPlainText(body + "\n\nYour case reference: {{ case_ref }}")
    editor.refresh()
    editor.variables.item(0, 1).setText("CR-2026-118")
    editor.refresh()
    settle(app)
    editor.grab().save(str(OUT / "templates-edit-diff.png"))
    editor.reject()

    rules = window.compliance_menu.show_rules()
    rules.trial_text.setPlainText("I will open an A-to-z claim and my lawyer will hear about this. "
                                  "Write to me at jane.roe@example.com. Our account is suspended.")
    rules.run_trial()
    rules.trees["lint"].setCurrentItem(rules.trees["lint"].topLevelItem(0))
    settle(app)
    window.grab().save(str(OUT / "rules.png"))
    window.console.runner.cancel_all()
    window.console.runner.wait(10_000)
    window.close()
    print("saved templates.png, templates-edit-diff.png, rules.png")


if __name__ == "__main__":
    main()
