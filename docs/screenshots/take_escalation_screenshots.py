"""Screenshots of the escalation handoff at 1280x720 on fresh demo data:
escalation-brief.png (the brief over its ticket), escalation-kb.png (the Escalations tab with the
knowledge base searched), and the same two in Chinese (-zh_CN).

    cd <checkout> && python docs/screenshots/take_escalation_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent


def shoot(app: QApplication, db_path: str, language: str | None) -> None:
    from warroom.services import escalation
    from warroom.services.users import authenticate
    from warroom.storage.engine import open_database
    from ui import i18n
    from ui.context import Console
    from ui.main_window import MainWindow
    from ui.workers import JobRunner

    i18n.install(language or i18n.ENGLISH, app)
    db = open_database(db_path)
    w = MainWindow(Console(db=db, actor=authenticate(db, "compliance", "demo"), runner=JobRunner(), demo=True))
    w.resize(1280, 720)
    w.show()
    app.processEvents()
    rows = escalation.open_escalations(db)
    ticket = next((r.ticket_id for r in rows if r.brief_edited), rows[0].ticket_id)
    w.open_ticket(ticket)
    w.tabs.setCurrentWidget(w.ticket_view)
    app.processEvents()
    dialog = w.escalations.ticket_buttons.show_brief()
    dialog.adjustSize()
    app.processEvents()
    suffix = f"-{language}" if language else ""
    shot = w.grab()
    inner = dialog.grab()
    painter = QPainter(shot)
    painter.drawPixmap((shot.width() - inner.width()) // 2, max(0, (shot.height() - inner.height()) // 2), inner)
    painter.end()
    shot.save(str(OUT / f"escalation-brief{suffix}.png"))
    dialog.close()
    tab = w.escalations
    w.tabs.setCurrentWidget(tab)
    tab.include_closed.setChecked(True)
    tab.search.setText("工厂" if language else "batch")
    app.processEvents()
    w.grab().save(str(OUT / f"escalation-kb{suffix}.png"))
    w.close()
    db.dispose()


def main() -> None:
    from warroom.services.demo import load_demo
    from warroom.storage.engine import open_database

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "demo.sqlite3")
        db = open_database(path)
        load_demo(db, None, with_users=True)
        db.dispose()
        shoot(app, path, None)
        shoot(app, path, "zh_CN")


if __name__ == "__main__":
    main()
