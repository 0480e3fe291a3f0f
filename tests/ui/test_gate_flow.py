"""The compliance gate driven through the window: compose from a template, approve on the desk
with a password, dispatch from the outbox; what agents and suspensions take away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.core import factories as F
from warroom.domain.roles import Actor, Role
from warroom.services import dispatch, drafts, status, suspension, templates
from warroom.services.users import add_user
from tests import rawdb

REFUND_TEXT = "Hello, the blender arrived broken. I would like a refund for my order please."
LEGAL_TEXT = "This is unacceptable. If I do not get my money back I will hand this to my lawyer."


@pytest.fixture
def gate(db, users):
    """Starter pack imported by compliance; a REFUND ticket and an ESCALATED (LEGAL) one;
    a second compliance user 'dave'."""
    dave = add_user(db, users["ada"], "dave", Role.COMPLIANCE, "secret-pw")
    users["dave"] = Actor(dave["id"], "dave", Role.COMPLIANCE)
    assert templates.import_templates(db, users["carol"])["imported"] == 30
    orders = [F.order(1), F.order(2)]
    ids = [o.amazon_order_id for o in orders]
    F.load(db, orders, [
        F.message(1, order_id=ids[0], body=REFUND_TEXT, subject=f"Refund request (Order: {ids[0]})"),
        F.message(2, order_id=ids[1], body=LEGAL_TEXT, subject=f"Complaint (Order: {ids[1]})"),
    ])
    from warroom.services.tickets import list_tickets

    by_order = {t["amazon_order_id"]: t for t in list_tickets(db)}
    refund, legal = by_order[ids[0]], by_order[ids[1]]
    assert refund["category"] == "REFUND" and "ESCALATED" in legal["tags"]
    return {"refund": refund["id"], "legal": legal["id"]}


def _error_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
            and w.objectName() == "errorBox"]


def _compose_refund(qtbot, w, ticket_id):
    w.open_ticket(ticket_id)
    w.show_composer()
    c = w.ticket_view.composer
    assert c.isVisible() and c.modes.currentWidget() is c.template_page
    keys = [c.template_box.itemData(i) for i in range(c.template_box.count())]
    assert keys[0] is None and "refund-ack" in keys
    assert all(t["language"] == "en" for t in c.templates)
    c.select_template("refund-ack")
    return c


def test_agent_composes_compliance_approves_and_the_outbox_dispatches(qtbot, window_for, users, gate, db):
    # the agent: open the ticket, pick a template, see the preview and "no findings", submit
    w = window_for(users["alice"])
    assert w.desk is None                                         # agents never see the approval desk
    assert [w.tabs.tabText(i).replace("&", "").split(" (")[0] for i in range(w.tabs.count())] == \
        ["Queue", "Ticket", "Outbox", "Dashboard", "Support cases", "FBM orders", "Escalations"]
    assert not any("Approval" in w.tabs.tabText(i) for i in range(w.tabs.count()))
    c = _compose_refund(qtbot, w, gate["refund"])
    preview = c.preview_text.toPlainText()
    assert preview.startswith("Hello") and "Thank you for your message" in preview
    assert c.preview_text.isReadOnly()
    assert c.template_lint.summary.text() == "✔ Lint: no findings"
    assert "refund-ack@1" in c.subject.text()
    assert c.has_free_text                                        # no suspension: free text is offered too
    qtbot.mouseClick(c.template_submit, Qt.MouseButton.LeftButton)
    assert c.last_draft is not None and c.last_draft["status"] == "submitted"
    assert "submitted for approval" in c.result.text() and c.result.isVisible()
    draft_id = c.last_draft["id"]
    assert f"#{draft_id} submitted (alice)" in c.history.text()

    # compliance: the desk lists it with its text, template and lint; approve with the password
    w2 = window_for(users["carol"])
    desk = w2.desk
    assert desk is not None
    w2.tabs.setCurrentWidget(desk)
    assert [d["id"] for d in desk.drafts] == [draft_id]
    assert desk.current["id"] == draft_id
    assert desk.body.toPlainText() == c.last_draft["body"]
    assert "refund-ack@1" in desk.template_label.text()
    assert desk.lint.summary.text() == "✔ Lint: no findings"
    assert REFUND_TEXT in desk.conversation.toPlainText()
    assert "Widget 1" in desk.order.toPlainText()
    assert desk.approve_button.isEnabled() and desk.reject_button.isEnabled()
    desk.list.setFocus()
    qtbot.keyClick(desk.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)   # Ctrl+Enter
    dialog = desk._dialog
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "approvePasswordDialog"
    dialog.setTextValue("secret-pw")
    dialog.accept()
    assert drafts.get_draft(db, draft_id)["status"] == "approved"
    assert desk.drafts == [] and not desk.approve_button.isEnabled()     # refreshed after the decision

    # the outbox shows it; "Send by hand" copies the text and, once confirmed, records it as sent
    w2.tabs.setCurrentWidget(w2.outbox)
    ob = w2.outbox
    assert [d["id"] for d in ob.rows] == [draft_id]
    assert ob.table.item(0, 1).text() == "approved"
    assert not ob.smtp_button.isEnabled()                        # no mail settings
    assert "mail settings" in ob.mail_hint.text()
    qtbot.mouseClick(ob.copy_button, Qt.MouseButton.LeftButton)        # "Send by hand…": a dialog first
    hand = ob.hand_dialog
    assert hand is not None and hand.isVisible()
    assert drafts.get_draft(db, draft_id)["status"] == "approved"      # nothing recorded yet
    qtbot.mouseClick(hand.copy_body, Qt.MouseButton.LeftButton)
    hand.confirm.setChecked(True)
    qtbot.mouseClick(hand.record_button, Qt.MouseButton.LeftButton)
    got = drafts.get_draft(db, draft_id)
    assert got["status"] == "dispatched" and got["dispatched_via"] == "manual" and got["dispatched_at"]
    assert QApplication.clipboard().text() == got["body"]
    assert ob.rows == []
    actions = [e["action"] for e in status.audit_entries(db, limit=20, newest_first=True)]
    for a in ("draft.submit", "draft.approve", "draft.dispatch"):
        assert a in actions
    assert _error_boxes() == []


def test_a_wrong_password_refuses_and_reject_needs_a_reason(qtbot, window_for, users, gate, db):
    d = drafts.create_draft(db, users["alice"], gate["refund"], template="refund-ack")
    w = window_for(users["carol"])
    w.tabs.setCurrentWidget(w.desk)
    assert w.desk.approve(d["id"], "wrong") is None
    boxes = _error_boxes()
    assert boxes and "authentication failed" in boxes[-1].text()
    for b in boxes:
        b.close()
    assert drafts.get_draft(db, d["id"])["status"] == "submitted"
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    w.desk.list.setFocus()
    qtbot.keyClick(w.desk.list, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)            # Alt+R
    dialog = w.desk._dialog
    assert dialog is not None and dialog.objectName() == "rejectDialog"
    dialog.setTextValue("Greet the buyer by name")
    dialog.accept()
    got = drafts.get_draft(db, d["id"])
    assert got["status"] == "rejected" and got["reason"] == "Greet the buyer by name"
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["action"] == "draft.reject"


def test_own_draft_is_shown_but_not_approvable(qtbot, window_for, users, gate, db):
    d = drafts.create_draft(db, users["carol"], gate["refund"], template="refund-ack")
    w = window_for(users["carol"])
    w.tabs.setCurrentWidget(w.desk)
    assert [x["id"] for x in w.desk.drafts] == [d["id"]]
    assert not w.desk.approve_button.isEnabled() and not w.desk.reject_button.isEnabled()
    assert "your own draft" in w.desk.decision_note.text()
    assert w.desk.ask_approve() is None
    other = window_for(users["dave"])
    other.tabs.setCurrentWidget(other.desk)
    assert other.desk.approve_button.isEnabled()


def test_during_a_suspension_the_composer_has_no_free_text(qtbot, window_for, users, gate, db):
    suspension.declare(db, users["ada"], "Related accounts")
    w = window_for(users["alice"])
    c = _compose_refund(qtbot, w, gate["refund"])
    assert not c.has_free_text
    assert c.modes.indexOf(c.text_page) == -1 and not c.text_page.editor.isVisible()
    assert "suspension" in c.note.text() and c.note.isVisible()
    assert c.template_lint.summary.text() == "✔ Lint: no findings"
    # compliance sees no free text either on a normal ticket
    w2 = window_for(users["carol"])
    c2 = _compose_refund(qtbot, w2, gate["refund"])
    assert not c2.has_free_text


def test_escalated_ticket_offers_only_the_senior_reply_to_compliance(qtbot, window_for, users, gate, db):
    w = window_for(users["alice"])
    w.open_ticket(gate["legal"])
    w.show_composer()
    c = w.ticket_view.composer
    assert c.modes.count() == 0 and not c.has_free_text
    assert "only a senior reply" in c.note.text().lower() and c.note.isVisible()

    suspension.declare(db, users["ada"], "Related accounts")
    w2 = window_for(users["carol"])
    w2.open_ticket(gate["legal"])
    w2.show_composer()
    c2 = w2.ticket_view.composer
    assert [c2.modes.widget(i) for i in range(c2.modes.count())] == [c2.senior_page]
    page = c2.senior_page
    page.editor.setPlainText("Our account is suspended, sorry.")
    qtbot.waitUntil(lambda: page.lint.findings is not None, timeout=2000)     # debounced live lint
    assert "ACCOUNT-STATUS" in [f["rule"] for f in page.lint.findings]
    assert page.lint.table.topLevelItem(0).text(1) == "1:5"
    page.editor.setPlainText("Dear customer, we have reviewed your order and will refund it in full today.")
    qtbot.waitUntil(lambda: page.lint.findings == [], timeout=2000)
    assert page.lint.summary.text() == "✔ Lint: no findings"
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    assert c2.last_draft["kind"] == "senior" and c2.last_draft["status"] == "submitted"


def test_free_text_outside_a_suspension_is_linted_live_and_blocked_with_findings(qtbot, window_for, users, gate, db):
    w = window_for(users["alice"])
    w.open_ticket(gate["refund"])
    w.show_composer()
    c = w.ticket_view.composer
    c.modes.setCurrentWidget(c.text_page)
    qtbot.keyClicks(c.text_page.editor, "See http://x.com")
    qtbot.waitUntil(lambda: c.text_page.lint.findings is not None, timeout=2000)
    assert [f["rule"] for f in c.text_page.lint.findings] == ["LINK-HTTP"]
    qtbot.mouseClick(c.text_page.submit, Qt.MouseButton.LeftButton)
    assert c.last_draft["status"] == "blocked" and "BLOCKED" in c.result.text()
    blocked = c.last_draft["id"]

    # the blocked draft is fixed in place: the next submit saves to it, it keeps its number
    assert c.editing is not None and c.editing["id"] == blocked
    assert c.text_page.submit.text() == f"Save changes to draft #{blocked}"
    c.text_page.editor.setPlainText("Thank you, we are looking into your order now.")
    c.refresh()
    assert c.text_page.lint.findings == []
    qtbot.mouseClick(c.text_page.submit, Qt.MouseButton.LeftButton)
    got = drafts.get_draft(db, blocked)
    assert got["status"] == "submitted" and got["body"] == "Thank you, we are looking into your order now."
    assert [d["id"] for d in drafts.list_drafts(db, ticket_id=gate["refund"])] == [blocked]
    assert c.editing is None and c.text_page.submit.text().replace("&", "") == "Submit for approval"
    assert status.audit_entries(db, limit=1, newest_first=True)[0]["action"] == "draft.edit"


def test_a_rejected_draft_is_edited_by_its_author_and_goes_back_to_the_desk(qtbot, window_for, users, gate, db):
    d = drafts.create_draft(db, users["alice"], gate["refund"], text="We refund you when the item is back.")
    drafts.reject_draft(db, users["carol"], d["id"], "Say when the refund is issued")
    other = drafts.create_draft(db, users["bob"], gate["refund"], text="Bob's own reply.")

    w = window_for(users["alice"])
    w.open_ticket(gate["refund"])
    w.show_composer()
    c = w.ticket_view.composer
    assert c.edit_row.isVisible()
    listed = [c.edit_box.itemData(i) for i in range(c.edit_box.count())]
    assert listed == [d["id"]]                               # bob's draft is not alice's to edit
    assert "Say when the refund is issued" in c.edit_box.itemText(0)
    qtbot.mouseClick(c.edit_button, Qt.MouseButton.LeftButton)
    assert c.modes.currentWidget() is c.text_page
    assert c.text_page.editor.toPlainText() == "We refund you when the item is back."
    assert "Editing your draft" in c.result.text() and "Say when the refund is issued" in c.result.text()
    c.text_page.editor.setPlainText("Your refund is issued within two days of the return scan.")
    c.refresh()
    qtbot.mouseClick(c.text_page.submit, Qt.MouseButton.LeftButton)
    got = drafts.get_draft(db, d["id"])
    assert got["status"] == "submitted" and got["body"].startswith("Your refund is issued")
    assert drafts.get_draft(db, other["id"])["body"] == "Bob's own reply."

    # back on the desk for compliance; the author cannot approve it
    w2 = window_for(users["carol"])
    assert d["id"] in [x["id"] for x in w2.desk.drafts]

    # stop editing: the next submit writes a new draft again
    qtbot.mouseClick(c.edit_button, Qt.MouseButton.LeftButton)
    assert c.editing is not None
    qtbot.mouseClick(c.cancel_edit_button, Qt.MouseButton.LeftButton)
    assert c.editing is None and c.text_page.editor.toPlainText() == ""
    assert _error_boxes() == []


def test_editing_is_refused_with_a_message_when_the_draft_was_decided_meanwhile(qtbot, window_for, users, gate, db):
    d = drafts.create_draft(db, users["alice"], gate["refund"], text="Thank you for your patience.")
    w = window_for(users["alice"])
    w.open_ticket(gate["refund"])
    w.show_composer()
    c = w.ticket_view.composer
    qtbot.mouseClick(c.edit_button, Qt.MouseButton.LeftButton)
    drafts.approve_draft(db, users["carol"], d["id"], "secret-pw")
    dispatch.dispatch_manual(db, users["carol"], d["id"])              # sent: no longer editable
    c.text_page.editor.setPlainText("Thank you for your patience, again.")
    c.refresh()
    qtbot.mouseClick(c.text_page.submit, Qt.MouseButton.LeftButton)
    boxes = _error_boxes()
    assert boxes and "cannot be edited" in boxes[-1].text()
    for b in boxes:
        b.close()
    assert drafts.get_draft(db, d["id"])["body"] == "Thank you for your patience."


def test_a_failed_mail_send_shows_in_the_row_and_can_be_retried(qtbot, window_for, users, gate, db, monkeypatch):
    from warroom.services.settings import set_setting  # noqa: F401 - presence check below

    d = drafts.create_draft(db, users["alice"], gate["refund"], template="refund-ack")
    drafts.approve_draft(db, users["carol"], d["id"], "secret-pw")
    calls = []

    def fake_smtp(db_, actor, draft_id):
        calls.append(draft_id)
        if len(calls) == 1:
            raise dispatch.DispatchFailed(f"draft {draft_id}: sending failed: connection refused", {})
        return {**drafts.get_draft(db_, draft_id), "status": "dispatched", "ticket_id": d["ticket_id"]}

    monkeypatch.setattr(dispatch, "mail_configured", lambda db_: True)
    monkeypatch.setattr(dispatch, "dispatch_smtp", fake_smtp)
    w = window_for(users["alice"])
    w.tabs.setCurrentWidget(w.outbox)
    ob = w.outbox
    assert ob.smtp_button.isEnabled()
    job = ob.send_by_mail()
    assert ob.table.item(0, 1).text() == "sending…" and not ob.smtp_button.isEnabled()
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    boxes = _error_boxes()
    assert boxes and "connection refused" in boxes[-1].text()
    for b in boxes:
        b.close()
    assert ob.smtp_button.isEnabled()                            # retryable
    job = ob.send_by_mail()
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert calls == [d["id"], d["id"]] and ob.last_result["status"] == "dispatched"


def test_templates_imported_while_the_ticket_is_open_appear_on_reload(qtbot, window_for, users, db):
    F.load(db, [F.order(1)], [F.message(1, order_id=F.order(1).amazon_order_id, body=REFUND_TEXT)])
    from warroom.services.tickets import list_tickets

    tid = list_tickets(db)[0]["id"]
    w = window_for(users["alice"])
    w.open_ticket(tid)
    c = w.ticket_view.composer
    assert c.templates == [] and c.template_box.currentData() is None
    templates.import_templates(db, users["carol"])
    w.refresh_all()
    assert "refund-ack" in [t["key"] for t in c.templates]


def test_a_send_of_unknown_outcome_shows_and_a_person_records_it(qtbot, window_for, users, gate, db, db_url):
    """Issue 12 item 1 in the window: a send whose process died reads "may have been sent",
    cannot be sent again, and is resolved with a recorded outcome."""
    import sqlite3

    d = drafts.create_draft(db, users["alice"], gate["refund"], template="refund-ack")
    drafts.approve_draft(db, users["carol"], d["id"], "secret-pw")
    con = rawdb.connect(db_url)
    con.execute("UPDATE draft SET status = 'sending', send_started_at = '2026-01-01 00:00:00.000000', "
                "send_started_by = 'alice', mail_message_id = '<x@example.com>' WHERE id = ?", (d["id"],))
    con.commit()
    con.close()
    w = window_for(users["bob"])
    w.tabs.setCurrentWidget(w.outbox)
    ob = w.outbox
    ob.refresh()
    assert ob.table.item(0, 1).text() == "may have been sent"
    assert "may have been sent" in ob.count_label.text()
    assert not ob.copy_button.isEnabled() and not ob.smtp_button.isEnabled()
    assert ob.resolve_button.isVisible() or not w.isVisible()
    assert not ob.resolve_button.isHidden()
    assert "Record outcome" in ob.detail.text() and "resolve-send" not in ob.detail.text()
    result = ob.record_outcome(d["id"], sent=False, reason="not in the server log")
    assert result is not None and result["status"] == "failed"
    assert ob.table.item(0, 1).text() == "failed" and ob.resolve_button.isHidden()
    assert ob.copy_button.isEnabled()
