"""The status bar warns when the audit guard triggers are missing (issue 12, "The audit page")."""

from __future__ import annotations

import sqlite3
from tests import rawdb


def test_status_bar_shows_missing_audit_guard_triggers(qtbot, window_for, users, db_url):
    w = window_for(users["alice"])
    assert w.guard_label.isHidden()
    raw = rawdb.connect(db_url)
    raw.execute("DROP TRIGGER audit_entry_no_update")
    raw.commit()
    raw.close()
    w.refresh_state()                       # also runs every 30 s
    assert not w.guard_label.isHidden()
    assert w.guard_label.text() == "AUDIT GUARDS MISSING: audit_entry_no_update"
    assert "no longer refuses edits" in w.guard_label.toolTip()
