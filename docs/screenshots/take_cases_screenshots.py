"""Take cases.png, case-open-over-limit.png and fbm.png from the real window on a fresh demo database.

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python docs/screenshots/take_cases_screenshots.py [zh_CN]

cases.png: the Support cases tab (the demo's today: 8 of 10 cases, 3 urgent).  The limit is then
set to 8 and the open-case dialog is asked for: case-open-over-limit.png shows the confirmation
it needs.  fbm.png: the FBM orders tab as the compliance user sees it, with the WISMO chart.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from warroom.services import demo, users  # noqa: E402
from warroom.services.settings import set_setting  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402


def settle(app: QApplication, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    language = sys.argv[1] if len(sys.argv) > 1 else None
    prefix = f"{language}-" if language else ""
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-cases-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    if language:
        from ui import i18n

        i18n.install(language, app)
    db = open_database(str(folder / "warroom.sqlite3"))
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
    window.tabs.setCurrentWidget(window.cases_tab)
    window.cases_tab.table.selectRow(1)
    settle(app)
    window.grab().save(str(OUT / f"{prefix}cases.png"))

    admin = users.authenticate(db, "admin", "demo")
    set_setting(db, admin, "cases.daily_limit", "8")
    window.cases_tab.refresh()
    dialog = window.cases_tab.ask_open()
    assert dialog is not None
    dialog.case_id.setText("13955200417")
    dialog.topic.setText("Inventory stranded after the deactivation")
    dialog.urgent.setChecked(True)
    dialog.move(window.x() + 60, window.y() + 120)
    dialog.accept()                     # at the limit: the confirmation opens
    settle(app)
    assert dialog.confirm is not None
    dialog.confirm.reason.setText("Account Health asked for it today")
    dialog.confirm.move(window.x() + 700, window.y() + 300)
    settle(app)
    shot = app.primaryScreen().grabWindow(0).copy(window.frameGeometry())     # the window with its dialogs
    shot.save(str(OUT / f"{prefix}case-open-over-limit.png"))
    dialog.confirm.reject()
    dialog.reject()
    set_setting(db, admin, "cases.daily_limit", "10")

    window.tabs.setCurrentWidget(window.fbm_tab)
    settle(app)
    window.fbm_tab.select_order(window.fbm_tab.view.orders[0].amazon_order_id)   # type: ignore[union-attr]
    settle(app)
    window.grab().save(str(OUT / f"{prefix}fbm.png"))
    runner.cancel_all()
    runner.wait()
    db.dispose()


if __name__ == "__main__":
    main()
