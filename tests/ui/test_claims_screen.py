"""The console's claims list with time left, the notices register, and a ticket's claims."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from warroom.services import claims, notices
from warroom.services.imports import import_messages

NOTICES = Path(__file__).resolve().parents[1] / "data" / "messages" / "notices"


def test_claims_menu_opens_the_list_with_time_left_and_the_register(window_for, users, tickets, db, qtbot):
    oid = tickets["_oids"][0]
    c = claims.open_claim(db, users["alice"], type="CHARGEBACK", ticket_id=tickets[oid])
    import_messages(db, users["alice"], [str(NOTICES / "atoz_claim_us.eml"), str(NOTICES / "cs_relay_uk.eml")])
    w = window_for(users["alice"])
    w.findChild(type(w.claims_menu.action), "claimsAction").trigger()
    screen = w.claims_menu.screen
    assert screen is not None and w.tabs.currentWidget() is screen
    tree = screen.claims_tree
    assert tree.topLevelItemCount() == 2
    rows = {tree.topLevelItem(i).text(0): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    mine = rows[str(c.id)]
    assert mine.text(1) == "Chargeback" and mine.text(3) == str(tickets[oid])
    assert mine.text(7) == "6d 23h" and mine.foreground(7).color() != Qt.GlobalColor.red
    # the imported A-to-z notice's claim is overdue by now (received 2026-11-30): red, negative
    atoz = next(item for key, item in rows.items() if key != str(c.id))
    assert atoz.text(7).startswith("-") and atoz.foreground(7).color() == Qt.GlobalColor.red
    screen.tabs.setCurrentWidget(screen.notices_tree)
    assert screen.notices_tree.topLevelItemCount() == 2
    screen.notices_tree.setCurrentItem(screen.notices_tree.topLevelItem(0))
    assert screen.answer_button.isEnabled()
    first = screen.current_notice()
    assert first is not None and first.subject in screen.details.toPlainText()
    assert screen.answer(first.id, "Told Amazon: tracking shows delivery.")
    assert screen.notices_tree.topLevelItemCount() == 1              # open only
    screen.open_only.setChecked(False)
    assert screen.notices_tree.topLevelItemCount() == 2
    assert [n.status for n in notices.list_notices(db) if n.id == first.id] == ["answered"]


def test_the_ticket_view_shows_its_claims(window_for, users, tickets, db):
    oid = tickets["_oids"][1]
    claims.open_claim(db, users["alice"], type="A_TO_Z", ticket_id=tickets[oid])
    w = window_for(users["alice"])
    w.open_ticket(tickets[oid])
    tree = w.ticket_view.claims_box.tree
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).text(1) == "A-to-z"
    assert tree.topLevelItem(0).text(3) == "answer Amazon's request"
    w.open_ticket(tickets[tickets["_oids"][2]])
    assert tree.topLevelItem(0).text(1) == "no claim"


def test_claim_dialogs_work_a_claim_from_the_ticket_to_its_outcome(window_for, users, tickets, db, qtbot):
    oid = tickets["_oids"][3]
    w = window_for(users["alice"])
    w.open_ticket(tickets[oid])
    box = w.ticket_view.claims_box
    assert box.open_button.isEnabled()
    dialog = box.ask_open()
    assert dialog is not None and dialog.findChild(QLineEdit, "claimOrder").text() == oid
    dialog.findChild(QLineEdit, "claimAmount").setText("abc")
    dialog.submit()                                          # refused: shown in the dialog, which stays open
    assert dialog.error.isVisible() and "amount" in dialog.error.text() and dialog.isVisible()
    dialog.findChild(QLineEdit, "claimAmount").setText("24.99")
    assert dialog.submit() is not None and not dialog.isVisible()
    assert box.tree.topLevelItem(0).text(1) == "A-to-z"
    [claim] = claims.claims_of_ticket(db, tickets[oid])
    screen = w.claims_menu.show()
    screen.claims_tree.setCurrentItem(screen.claims_tree.topLevelItem(0))
    assert screen.current_claim() is not None and screen.current_claim().id == claim.id
    d = screen.ask("evidence")
    d.findChild(QLineEdit, "evidenceReference").setText("1Z999AA10123456784")
    assert d.submit() is not None
    d = screen.ask("submit")
    d.findChild(QPlainTextEdit, "submissionText").setPlainText("Tracking shows delivery.")
    assert d.submit() is not None
    d = screen.ask("outcome")
    d.findChild(QComboBox, "claimOutcome").setCurrentIndex(1)     # denied
    assert d.submit() is not None
    after = claims.get_claim(db, claim.id)
    assert (after.status, after.submission, after.amount) == ("DENIED", "Tracking shows delivery.", "24.99")
    assert [e.reference for e in after.evidence] == ["1Z999AA10123456784"]
    assert screen.claims_tree.topLevelItemCount() == 0                # open only: the denied claim left the list


def test_a_claim_opens_from_a_notice_and_a_notice_links_to_a_ticket(window_for, users, tickets, db):
    import_messages(db, users["alice"], [str(NOTICES / "cs_relay_uk.eml")])
    w = window_for(users["alice"])
    screen = w.claims_menu.show()
    screen.tabs.setCurrentWidget(screen.notices_tree)
    screen.notices_tree.setCurrentItem(screen.notices_tree.topLevelItem(0))
    notice = screen.current_notice()
    assert notice is not None and notice.claim_id is None
    assert screen.claim_buttons["open"].isEnabled() and not screen.claim_buttons["outcome"].isEnabled()
    d = screen.ask("open")
    assert d.findChild(QLineEdit, "claimOrder").text() == "203-1112223-3334445"
    assert d.findChild(QLineEdit, "claimOrder").isReadOnly()
    assert d.submit() is not None
    assert notices.get_notice(db, notice.id).claim_id is not None
    assert not screen.claim_buttons["open"].isEnabled()          # the notice has its claim now
    d = screen.ask("link")
    d.findChild(QLineEdit, "linkTicket").setText("x")
    d.submit()
    assert d.error.isVisible()
    d.findChild(QLineEdit, "linkTicket").setText(str(tickets[tickets["_oids"][0]]))
    assert d.submit() is not None
    assert notices.get_notice(db, notice.id).ticket_id == tickets[tickets["_oids"][0]]
