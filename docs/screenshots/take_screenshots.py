"""Take the README's screenshots from the real window on a fresh demo database.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/screenshots/take_screenshots.py

Every window is taken at 1280x720 (a laptop screen: issue 14).
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1280, 720
sys.path.insert(0, str(OUT.parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from warroom.services import demo, drafts, suspension, templates, tickets, users  # noqa: E402
from warroom.storage.engine import open_database  # noqa: E402


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="warroom-shots-"))
    from ui import settings

    settings.use_file(folder / "settings.ini")
    db = open_database(str(folder / "warroom.sqlite3"))
    from ui.context import Console
    from ui.login import LoginDialog
    from ui.main_window import MainWindow
    from ui.workers import JobRunner

    runner = JobRunner()
    first = LoginDialog(db, runner)
    first.show()
    settle(app)
    first.grab().save(str(OUT / "first-run.png"))
    first.close()

    demo.load_demo(db, None, with_users=True)
    login = LoginDialog(db, runner)
    login.demo_hint.show()
    login.select_user("agent")
    login.password.setText("demo")
    login.show()
    settle(app)
    login.grab().save(str(OUT / "login.png"))
    login.close()

    agent = users.authenticate(db, "agent", "demo")
    window = MainWindow(Console(db=db, actor=agent, runner=runner, demo=True))
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.load_queue()
    window.start_verification()
    runner.wait()
    settle(app)
    window.queue.select_row(2)
    settle(app)
    window.grab().save(str(OUT / "queue.png"))

    flagged = next(t for t in tickets.list_tickets(db) if t["flags"] and t["amazon_order_id"])
    tickets.add_note(db, agent, flagged["id"], "Buyer phoned at 10:05; told them the refund is being processed "
                                               "manually. Evidence for the appeal.")
    window.open_ticket(flagged["id"])
    settle(app)
    window.grab().save(str(OUT / "ticket.png"))

    # the gate: a composer with a preview, the approval desk, the outbox
    compliance = users.authenticate(db, "compliance", "demo")
    if not templates.list_templates(db, status="approved"):
        templates.import_templates(db, compliance)
    candidates = [t for t in tickets.list_tickets(db) if "ESCALATED" not in t["tags"] and t["status"] != "closed"]
    usable = next(t for t in candidates if templates.templates_for_ticket(db, t["id"]))
    window.open_ticket(usable["id"])
    window.show_composer()
    composer = window.ticket_view.composer
    composer.select_template(composer.templates[0]["key"])
    settle(app)
    window.grab().save(str(OUT / "composer.png"))
    composer.submit_template()
    settle(app)
    window.grab().save(str(OUT / "composer-waiting.png"))       # one draft at a time: it shows waiting
    others = [t for t in candidates if t["id"] != usable["id"] and templates.templates_for_ticket(db, t["id"])]
    from warroom.errors import BusinessRuleError

    made = 0
    for t in list(others):
        if made == 2:
            break
        key = templates.templates_for_ticket(db, t["id"])[0]["key"]
        try:
            drafts.create_draft(db, agent, t["id"], template=key)
        except BusinessRuleError:          # escalated by the deadline sweep meanwhile, or a draft waits
            others.remove(t)
            continue
        made += 1
    others = [t for t in others if t["id"] not in {d["ticket_id"] for d in drafts.list_drafts(db)}] + others[:2]
    window.close()
    runner.wait()

    desk_window = MainWindow(Console(db=db, actor=compliance, runner=runner, demo=True))
    desk_window.resize(WIDTH, HEIGHT)
    desk_window.show()
    desk_window.load_queue()
    desk_window.tabs.setCurrentWidget(desk_window.desk)
    settle(app)
    desk_window.grab().save(str(OUT / "approval-desk.png"))
    first = desk_window.desk.drafts[0]["id"]
    desk_window.desk.approve(first, "demo")
    desk_window.desk.approve(desk_window.desk.drafts[0]["id"], "demo")
    desk_window.tabs.setCurrentWidget(desk_window.outbox)
    desk_window.outbox.select_row(0)
    settle(app)
    desk_window.grab().save(str(OUT / "outbox.png"))
    hand = desk_window.outbox.send_by_hand()
    assert hand is not None
    hand.confirm.setChecked(True)
    settle(app)
    hand.grab().save(str(OUT / "send-by-hand.png"))
    hand.record()
    settle(app)

    # a send whose process died after handing the mail over: "may have been sent", Record outcome…
    from datetime import timedelta

    from warroom import clock
    from warroom.services import dispatch
    from warroom.services import settings as settings_service

    admin = users.authenticate(db, "admin", "demo")
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", "2525"), ("smtp.security", "none"),
                       ("smtp.from", "Shop <shop@example.com>")):
        settings_service.set_setting(db, admin, key, value)

    class Died(BaseException):
        pass

    def die(*_args: object, **_kwargs: object) -> None:
        raise Died

    stuck = desk_window.outbox.rows[0]["id"]
    try:
        dispatch.dispatch_smtp(db, agent, stuck, send=die)
    except Died:
        pass
    real_now = clock.now
    clock.now = lambda: real_now() + timedelta(minutes=6)        # type: ignore[assignment]
    desk_window.outbox.refresh()
    desk_window.outbox.select_row(desk_window.outbox.row_of(stuck) or 0)
    settle(app)
    desk_window.grab().save(str(OUT / "outbox-unknown-outcome.png"))
    desk_window.outbox.lists.setCurrentIndex(1)
    settle(app)
    desk_window.grab().save(str(OUT / "outbox-sent.png"))
    clock.now = real_now                                          # type: ignore[assignment]
    desk_window.close()
    runner.wait()

    # an agent fixes a draft compliance rejected: it keeps its number and goes back to the desk
    fix = others[2] if len(others) > 2 else usable
    rejected = drafts.create_draft(db, agent, fix["id"], text="Hello, we will refund you once the item is back "
                                                            "with us.\n\nKind regards")
    drafts.reject_draft(db, compliance, rejected["id"], "Say when the refund is issued, and greet the buyer by name")
    window = MainWindow(Console(db=db, actor=agent, runner=runner, demo=True))
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.load_queue()
    window.open_ticket(fix["id"])
    window.show_composer()
    composer = window.ticket_view.composer
    composer.start_edit(next(d for d in drafts.list_drafts(db, ticket_id=fix["id"]) if d["id"] == rejected["id"]))
    settle(app)
    window.grab().save(str(OUT / "edit-draft.png"))

    # a manual refund: the dialog shows the order's total and what a colleague already refunded
    from warroom.services import refunds

    paid = next(t for t in tickets.list_tickets(db) if t["amazon_order_id"] and t["category"] == "REFUND")
    state = refunds.refund_status(db, paid["id"])
    if state["order_total"]:
        total = Decimal(state["order_total"])
        half = (total / 2).quantize(total)          # the order's own decimals (none for yen)
        refunds.log_refund(db, compliance, paid["id"], amount=str(half), method="bank transfer",
                           reference="TRF-20261203-118", note="Authorised by finance (high value)")
    window.open_ticket(paid["id"])
    dialog = window.ticket_view.ask_refund()
    dialog.amount.setText(str(Decimal(state["order_total"] or "10")))
    dialog.method.setCurrentText("PayPal")
    dialog.submit()                      # refused: more than what is left
    settle(app)
    window.grab().save(str(OUT / "refund.png"))
    dialog.grab().save(str(OUT / "refund-dialog.png"))
    dialog.reject()

    # File > Import: a refused file is named with its line and field, with a retry that skips it
    data = OUT.parents[1] / "tests" / "data" / "messages"
    window.importer.start("messages", [str(data / "messages.csv"), str(data / "bad_rows.csv")])
    runner.wait()
    settle(app)
    window.importer.box.grab().save(str(OUT / "import-refused.png"))
    window.importer.box.close()

    admin = users.authenticate(db, "admin", "demo")
    suspension.declare(db, admin, "Related accounts (Seller Performance notice of 2 Dec)")
    window.refresh_all()
    window.tabs.setCurrentWidget(window.queue)
    settle(app)
    window.grab().save(str(OUT / "suspended.png"))
    window.close()
    runner.wait()
    db.dispose()
    print("saved", sorted(p.name for p in OUT.glob("*.png")))


if __name__ == "__main__":
    main()
