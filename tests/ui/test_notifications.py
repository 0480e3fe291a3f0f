"""Notifications between two consoles on the same database file: a change made by one user's
console reaches the other's within one poll (the poll is driven directly, no 15-second wait)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from warroom.services import drafts
from warroom.storage.engine import open_database

NEUTRAL = ("Hello, we have received your message about your order. Our team is checking it and will "
           "reply here as soon as possible.")


@pytest.fixture
def second_db(db_url):
    """Another console's own connection to the same database file."""
    database = open_database(db_url)
    yield database
    database.dispose()


def _poll(qtbot, w):
    before = w.notifications.center.last
    job = w.notifications.center.poll()
    assert job is not None
    qtbot.waitUntil(lambda: w.notifications.center.last is not before, timeout=10_000)
    return w.notifications.center.last


def test_a_draft_from_another_console_reaches_compliance_within_a_poll(qtbot, window_for, users, tickets,
                                                                        second_db, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    carol = window_for(users["carol"])
    banner = carol.notifications.banner
    assert not banner.isVisible() and carol.tabs.tabText(carol.tabs.indexOf(carol.desk)) == "Approval &desk"
    tid = tickets["_oids"][3]
    draft = drafts.create_draft(second_db, users["alice"], tickets[tid], text=NEUTRAL)   # alice's console
    assert draft["status"] == "submitted"
    changes = _poll(qtbot, carol)
    assert changes.desk_count == 1
    assert banner.isVisible() and f"#{draft['id']}" in banner.text.text() and "alice" in banner.text.text()
    assert carol.tabs.tabText(carol.tabs.indexOf(carol.desk)) == "Approval &desk (1)"     # live count
    assert [d["id"] for d in carol.desk.drafts] == [draft["id"]]
    assert carol.notifications.last_tray_text == banner.text.text()
    # Open goes to the ticket; the next poll brings nothing new
    banner.open_button.click()
    assert carol.tabs.currentWidget() is carol.ticket_view and not banner.isVisible()
    again = _poll(qtbot, carol)
    assert again.desk_count == 1 and not banner.isVisible()


def test_a_rejection_and_an_approval_reach_the_authors_console(qtbot, window_for, users, tickets, second_db):
    alice = window_for(users["alice"])
    draft = drafts.create_draft(alice.console.db, users["alice"], tickets[tickets["_oids"][3]], text=NEUTRAL)
    _poll(qtbot, alice)
    assert not alice.notifications.banner.isVisible()          # her own draft tells her nothing
    drafts.reject_draft(second_db, users["carol"], draft["id"], "Say when the refund is made")   # carol's console
    _poll(qtbot, alice)
    text = alice.notifications.banner.text.text()
    assert alice.notifications.banner.isVisible() and "rejected by carol" in text and "Say when" in text
    drafts.edit_draft(alice.console.db, users["alice"], draft["id"], text=NEUTRAL + " Thank you for your patience.")
    drafts.approve_draft(second_db, users["carol"], draft["id"], "secret-pw")
    changes = _poll(qtbot, alice)
    assert changes.outbox_count == 1
    assert alice.tabs.tabText(alice.tabs.indexOf(alice.outbox)) == "Out&box (1)"           # live count


def test_each_kind_reads_as_a_sentence_and_a_flood_is_summed_up(qtbot, window_for, users):
    from datetime import timedelta

    from warroom import clock
    from warroom.services import notifications as N

    w = window_for(users["carol"])
    center, banner = w.notifications.center, w.notifications.banner
    now = clock.now()
    events = (N.Notification(N.RED_FLAG, now, (7,), flag="SAFETY", by="system", reason="fire"),
              N.Notification(N.DEADLINE_SOON, now, (3, 4, 5)))
    changes = N.Changes(since=now - timedelta(seconds=15), until=now, events=events, desk_count=0, outbox_count=0)
    assert center.take(changes) == list(events)
    assert banner.isVisible() and banner.text.text().startswith("3 tickets must be answered within 4 hours")
    assert "(and 1 more" in banner.text.text() and "Red flag SAFETY on ticket #7 (set by system)" in banner.toolTip()
    assert banner.ticket_id == 3
    assert center.take(changes) == []                        # the same events again: nothing new
    one = N.Notification(N.DEADLINE_SOON, now + timedelta(seconds=15), (9,))
    later = N.Changes(since=now, until=now + timedelta(seconds=15), events=(one,), desk_count=0, outbox_count=0)
    center.take(later)
    assert banner.text.text() == "Ticket #9 must be answered within 4 hours"
