"""Screenshots of the admin screens and the audit log at 1280x720 on a fresh demo database:
users.png, settings.png (after a test mail to a local SMTP server on loopback), audit-log.png.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/screenshots/take_admin_screenshots.py
"""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from warroom.domain.roles import Role  # noqa: E402
from warroom.services import demo, settings as settings_service, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def shot(app: QApplication, name: str) -> None:
    settle(app)
    app.primaryScreen().grabWindow(0).save(str(OUT / name))


def main() -> None:
    import aiosmtpd.controller  # a test dependency: the local server the test mail goes to

    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-admin-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    db = open_database(str(folder / "warroom.sqlite3"))
    from ui.audit_view import open_audit_log, open_ticket_entries
    from ui.context import Console
    from ui.main_window import MainWindow
    from ui.settings_dialog import open_settings_dialog
    from ui.users_screen import open_users_screen
    from ui.workers import JobRunner

    demo.load_demo(db, None, with_users=True)
    admin = users.authenticate(db, "admin", "demo")
    users.add_user(db, admin, "li.wei", Role.AGENT, "demo-pass")
    users.disable_user(db, admin, "li.wei")
    runner = JobRunner()
    window = MainWindow(Console(db=db, actor=admin, runner=runner, demo=True))
    window.setGeometry(0, 0, 1280, 720)
    window.show()
    window.load_queue()
    window.start_verification()
    runner.wait()
    settle(app)

    screen = open_users_screen(window, window.console)
    screen.move(280, 120)
    screen.select("compliance")
    screen.set_role("admin", Role.AGENT)          # refused: nobody changes their own role
    shot(app, "users.png")
    screen.close()

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from aiosmtpd.smtp import AuthResult

    server = aiosmtpd.controller.Controller(Sink(), hostname="127.0.0.1", port=port, auth_require_tls=False,
                                            authenticator=lambda *_a: AuthResult(success=True))
    server.start()
    try:
        for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "none"),
                           ("smtp.username", "service@shop.example.com"), ("smtp.from", "Shop <service@shop.example.com>"),
                           ("seller.name", "Lumen Home Goods"), ("smtp.password", "an-example-password")):
            settings_service.set_setting(db, admin, key, value)
        dialog = open_settings_dialog(window, window.console)
        dialog.setGeometry(160, 20, 960, 680)
        dialog.test_to.setText("ops@shop.example.com")
        dialog.send_test_mail()
        runner.wait()
        shot(app, "settings.png")
        dialog.close()
    finally:
        server.stop()

    compliance = users.authenticate(db, "compliance", "demo")
    agent = users.authenticate(db, "agent", "demo")
    from warroom.services import drafts, tickets

    open_ids = [t["id"] for t in tickets.list_tickets(db) if t["status"] != "closed" and "ESCALATED" not in t["tags"]]
    followed = open_ids[0]
    tickets.add_note(db, agent, followed, "Buyer phoned at 10:05: parcel not arrived; told them we are checking.")
    tickets.assign_ticket(db, agent, followed, "agent")
    draft = drafts.create_draft(db, agent, followed, text="Thank you for your patience. We have checked your "
                                                          "order with the carrier and will update you today.")
    if draft["status"] == "submitted":
        drafts.approve_draft(db, compliance, draft["id"], "demo")
    window.close()
    window = MainWindow(Console(db=db, actor=compliance, runner=runner, demo=True))
    window.setGeometry(0, 0, 1280, 720)
    window.show()
    window.load_queue()
    window.start_verification()
    runner.wait()
    settle(app)
    view = open_audit_log(window)
    runner.wait()
    settle(app)
    assert view is not None
    for row, entry in enumerate(view.model.rows):
        if entry.action in ("draft.approve", "draft.create"):
            view.table.selectRow(row)
            break
    shot(app, "audit-log.png")
    window.open_ticket(followed)
    open_ticket_entries(window)
    runner.wait()
    settle(app)
    if view.model.rows:
        view.table.selectRow(0)
    shot(app, "audit-ticket.png")
    window.close()
    runner.wait()


if __name__ == "__main__":
    main()
