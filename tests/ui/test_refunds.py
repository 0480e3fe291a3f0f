"""Logging a manual refund from the ticket view: the order's total and what is already refunded
are shown, a double refund is refused in the dialog, a logged refund appears in the ticket."""

from __future__ import annotations

from warroom.services import refunds, status


def _open(qtbot, window_for, users, tickets, name="alice"):
    w = window_for(users[name])
    tid = tickets[tickets["_oids"][0]]
    w.open_ticket(tid)
    return w, tid


def test_an_agent_logs_a_refund_and_sees_it_on_the_ticket(qtbot, window_for, users, tickets, db):
    w, tid = _open(qtbot, window_for, users, tickets)
    view = w.ticket_view
    assert view.refund_button.isEnabled() and view.refund_summary.text() == "No refund logged on this ticket."
    dialog = view.ask_refund()
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "refundDialog"
    assert "totals 24.99 USD; refunded so far 0 USD; left 24.99 USD" in dialog.summary.text()
    assert dialog.currency.text() == "USD" and dialog.currency.isReadOnly()
    dialog.amount.setText("24.99")
    dialog.method.setCurrentText("PayPal")
    dialog.reference.setText("PP-77")
    dialog.note.setPlainText("authorised by carol")
    assert dialog.submit() is not None
    assert not dialog.isVisible()
    logged = refunds.list_refunds(db, ticket_id=tid)
    assert [(e["amount"], e["method"], e["reference"], e["logged_by"]) for e in logged] == \
        [("24.99", "PayPal", "PP-77", "alice")]
    qtbot.waitUntil(lambda: view.refunds.topLevelItemCount() == 1, timeout=2_000)
    row = view.refunds.topLevelItem(0)
    assert row.text(1) == "24.99 USD" and row.text(2) == "PayPal" and row.text(3) == "PP-77"
    assert view.refund_summary.text() == "Refunded on this ticket: 24.99 USD"
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["action"] == "refund.log"


def test_a_second_refund_of_a_paid_order_is_refused_in_the_dialog(qtbot, window_for, users, tickets, db):
    tid = tickets[tickets["_oids"][0]]
    refunds.log_refund(db, users["bob"], tid, amount="20", method="bank transfer")
    w, _ = _open(qtbot, window_for, users, tickets)
    dialog = w.ticket_view.ask_refund()
    assert "refunded so far 20 USD; left 4.99 USD" in dialog.summary.text()
    assert dialog.amount.placeholderText() == "at most 4.99"
    dialog.amount.setText("24.99")
    dialog.method.setCurrentText("PayPal")
    assert dialog.submit() is None
    assert dialog.isVisible() and dialog.error.isVisible() and "double refund" in dialog.error.text()
    dialog.amount.setText("4.99")
    dialog.when.setText("not a time")
    assert dialog.submit() is None and "refunded_at" in dialog.error.text()
    dialog.when.setText("")
    assert dialog.submit() is not None
    assert [e["amount"] for e in refunds.list_refunds(db, ticket_id=tid)] == ["20", "4.99"]
