"""Compliance › Escalation drill…: start, follow and end a drill from the console."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QGuiApplication

from tests import rawdb
from warroom.services import drills, escalation


def _real_entries(db_url, action):
    con = rawdb.connect(db_url)
    rows = con.execute("SELECT canonical FROM audit_entry ORDER BY seq").fetchall()
    con.close()
    return [e for e in (json.loads(r[0]) for r in rows) if e["action"] == action]


def test_the_drill_action_is_for_compliance_only(window_for, users, tickets):
    assert window_for(users["carol"]).drill_action.isEnabled()
    for name in ("alice", "ada"):
        assert getattr(window_for(users[name]), "drill_action", None) is None


@pytest.mark.sqlite_only("a drill copies the SQLite file (on a server the dialog shows the refusal)")
def test_start_follow_and_end_a_drill(qtbot, window_for, users, tickets, db, db_url, monkeypatch):
    w = window_for(users["carol"])
    dialog = w.open_drill_dialog()
    qtbot.addWidget(dialog)
    assert "No drill is running" in dialog.status.text()
    assert dialog.start_button.isEnabled() and not dialog.end_button.isEnabled()
    assert dialog.start()
    report = dialog.report
    assert report is not None and not dialog.start_button.isEnabled() and dialog.end_button.isEnabled()
    assert f"#{report.ticket_id}" in dialog.status.text() and dialog.command().endswith('.drill.sqlite3"')
    assert [dialog.steps.topLevelItem(i).text(1) for i in range(4)] == ["not yet"] * 4
    dialog.copy_command()
    assert QGuiApplication.clipboard().text() == dialog.command()
    # an agent works the drill in the copy: the brief shows up as a timed step
    from warroom.storage.engine import open_database

    copy = open_database(report.copy)
    try:
        escalation.edit_brief(copy, users["alice"], report.ticket_id, {"done": "called the (simulated) buyer"})
    finally:
        copy.dispose()
    assert dialog.refresh()
    brief = dialog.steps.topLevelItem(1)
    assert brief.text(0) == "Brief written" and brief.text(1) != "not yet" and brief.text(2) == "alice"
    # ending asks first; a no ends nothing
    monkeypatch.setattr(dialog, "confirm_end", lambda: False)
    assert not dialog.end() and dialog.report is not None
    monkeypatch.setattr(dialog, "confirm_end", lambda: True)
    assert dialog.end()
    assert "Drill ended" in dialog.status.text() and dialog.report is None and dialog.start_button.isEnabled()
    [ended] = _real_entries(db_url, "drill.ended")
    assert ended["actor"] == "carol" and ended["payload"]["seconds"]["brief"] is not None
    assert _real_entries(db_url, "drill.inject") == []          # the drill's own entries stayed in the copy


@pytest.mark.postgresql_only("drills need an SQLite file: on a server the dialog says so")
def test_on_a_server_the_dialog_shows_why_there_is_no_drill(qtbot, window_for, users, tickets):
    dialog = window_for(users["carol"]).open_drill_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.start()
    assert dialog.error.isVisible() and "SQLite" in dialog.error.text() and dialog.report is None
