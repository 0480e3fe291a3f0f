"""The escalation handoff in the console: the brief on an escalated ticket (edited, audited),
the authorization dialog (compliance/admin only; an agent never sees it), the reshipment
dialog (express refused without an authorization, in the dialog), the Escalations tab with the
post-mortem editor and the knowledge-base search."""

from __future__ import annotations

import pytest

from warroom.services import escalation, postmortems, refunds, remedies, status
from warroom.services.tickets import set_status


def _lawyer(tickets) -> int:
    return tickets[tickets["_oids"][2]]            # "My lawyer will take legal action": ESCALATED


def test_the_brief_shows_on_an_escalated_ticket_and_an_edit_is_audited(qtbot, window_for, users, tickets, db):
    w = window_for(users["alice"])
    tid = _lawyer(tickets)
    w.open_ticket(tid)
    buttons = w.escalations.ticket_buttons
    qtbot.waitUntil(lambda: buttons.brief.isVisibleTo(w), timeout=2_000)
    assert not buttons.authorize.isVisibleTo(w)            # agents cannot authorize
    assert buttons.reship.isVisibleTo(w)
    dialog = buttons.show_brief()
    assert dialog is not None and dialog.objectName() == "briefDialog"
    assert set(dialog.edits) == set(escalation.FIELDS)
    assert "24.99 USD" in dialog.edits["order"].toPlainText()
    assert "LEGAL" in dialog.edits["nature"].toPlainText()
    dialog.edits["emotional_state"].setPlainText("Angry, calmer after the call")
    assert dialog.changes() == {"emotional_state": "Angry, calmer after the call"}
    assert dialog.submit() and not dialog.isVisible()
    brief = escalation.get_brief(db, tid)
    assert brief.value("emotional_state") == "Angry, calmer after the call" and brief.updated_by == "alice"
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["action"] == "escalation.brief-edit"


def test_a_ticket_that_did_not_escalate_shows_no_brief_button(qtbot, window_for, users, tickets):
    w = window_for(users["alice"])
    w.open_ticket(tickets[tickets["_oids"][3]])             # a WISMO
    qtbot.waitUntil(lambda: w.ticket_view.ticket is not None, timeout=2_000)
    assert not w.escalations.ticket_buttons.brief.isVisibleTo(w)


def test_compliance_authorizes_and_the_refund_above_the_total_then_passes(qtbot, window_for, users, tickets, db):
    tid = _lawyer(tickets)
    refunds.log_refund(db, users["alice"], tid, amount="24.99", method="PayPal")
    w = window_for(users["carol"])
    w.open_ticket(tid)
    buttons = w.escalations.ticket_buttons
    qtbot.waitUntil(lambda: buttons.authorize.isVisibleTo(w), timeout=2_000)
    dialog = buttons.ask_authorization()
    assert dialog.objectName() == "authorizationDialog"
    dialog.limit.setText("20")                                # not above the order's total
    dialog.reason.setPlainText("table burnt")
    assert not dialog.submit() and dialog.error.isVisible() and "limit" in dialog.error.text()
    dialog.limit.setText("40.00")
    assert dialog.submit() and dialog.result_authorization is not None
    refund = w.ticket_view.ask_refund()
    assert f"Authorization #{dialog.result_authorization.id} in force" in refund.summary.text()
    assert "refunds up to 40.00 USD in all" in refund.summary.text()
    refund.reject()
    entry = refunds.log_refund(db, users["alice"], tid, amount="15", method="PayPal")
    assert entry["authorization_id"] == dialog.result_authorization.id


def test_the_reship_dialog_refuses_express_without_authorization(qtbot, window_for, users, tickets, db):
    tid = _lawyer(tickets)
    w = window_for(users["alice"])
    w.open_ticket(tid)
    buttons = w.escalations.ticket_buttons
    qtbot.waitUntil(lambda: buttons.reship.isVisibleTo(w), timeout=2_000)
    dialog = buttons.ask_reship()
    assert dialog.items.text() == "SKU-3:1"                   # the order's items, prefilled
    dialog.carrier.setText("UPS")
    dialog.reason.setPlainText("broken on arrival")
    dialog.express.setChecked(True)
    assert not dialog.submit() and "authorization" in dialog.error.text()
    dialog.express.setChecked(False)
    assert dialog.submit()
    assert [(r.carrier, r.logged_by) for r in remedies.reshipments(db, ticket_id=tid)] == [("UPS", "alice")]


def test_the_escalations_tab_lists_writes_a_post_mortem_and_searches_it(qtbot, window_for, users, tickets, db):
    tid = _lawyer(tickets)
    w = window_for(users["carol"])
    tab = w.escalations
    w.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.list.topLevelItemCount() == 1, timeout=2_000)
    assert tab.list.topLevelItem(0).text(0) == f"#{tid}" and tab.count.text() == "1 open escalation"
    assert not tab.pm_button.isEnabled()
    set_status(db, users["carol"], tid, "closed")
    tab.include_closed.setChecked(True)
    qtbot.waitUntil(lambda: tab.list.topLevelItemCount() == 1, timeout=2_000)
    tab.list.setCurrentItem(tab.list.topLevelItem(0))
    assert tab.pm_button.isEnabled() and tab.count.text() == "0 open escalations"
    dialog = tab.write_postmortem(tid)
    dialog.root_cause.setCurrentIndex(dialog.root_cause.findData("logistics"))
    dialog.done_text.setPlainText("Refunded; 包装破损 reported to the carrier")
    dialog.changes_text.setPlainText("Double boxing for glass items")
    assert dialog.submit()
    assert postmortems.get_postmortem(db, tid).root_cause == "logistics"
    qtbot.waitUntil(lambda: tab.results.topLevelItemCount() == 1, timeout=2_000)
    tab.search.setText("包装")
    assert tab.results.topLevelItemCount() == 1 and "Double boxing" in tab.detail.toPlainText()
    tab.search.setText("nothing like it")
    assert tab.results.topLevelItemCount() == 0 and tab.detail.toPlainText() == "No post-mortem matches."


@pytest.mark.sqlite_only("a drill copies the SQLite file (refused on a server: tests/core/test_escalation_cli.py)")
def test_a_console_on_a_drill_copy_says_so_and_the_real_one_does_not(qtbot, window_for, users, tickets, db, runner):
    from ui.context import Console
    from ui.main_window import MainWindow
    from warroom.services import drills
    from warroom.storage.engine import open_database

    real = window_for(users["carol"])
    assert getattr(real, "drill_banner", None) is None
    started = drills.start_drill(db, users["carol"])
    copy = open_database(started.copy)
    try:
        w = MainWindow(Console(db=copy, actor=users["carol"], runner=runner))
        qtbot.addWidget(w)
        w.show()
        assert w.drill_banner.isVisible() and "DRILL COPY" in w.drill_banner.text()
        assert f"#{started.ticket_id}" in w.drill_banner.text()
        w.close()
    finally:
        copy.dispose()


def test_the_escalation_notification_reads_well(qapp):
    from datetime import datetime, timezone

    from ui.notifications import describe
    from warroom.services.notifications import ESCALATION, Notification

    text = describe(Notification(ESCALATION, datetime(2026, 11, 20, tzinfo=timezone.utc), (7,), by="alice"))
    assert text == "Ticket #7 escalated (by alice): its brief waits for your decision"
