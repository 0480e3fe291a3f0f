"""The status bar shows the newest checkpoint's age, red when the log is inconsistent with one or
when one could not be signed; the console signs the hourly checkpoint in a worker (issue 13)."""

from __future__ import annotations

from tests.core.test_audit_verify import _raw
from warroom.services import checkpoints as C


def test_status_bar_shows_the_checkpoint_age_and_turns_red_on_a_dropped_tail(qtbot, window_for, users, db, db_url):
    w = window_for(users["alice"])
    assert w.checkpoint_label.text() == "No checkpoint yet"
    cp = C.sign_checkpoint(db)
    w.refresh_state()                              # also every 30 s
    assert w.checkpoint_label.text() == "Checkpoint just now"
    assert w.checkpoint_label.styleSheet() == ""
    assert f"Checkpoint {cp.id}: {cp.size:,} entries" in w.checkpoint_label.toolTip()

    _raw(db_url, ("DELETE FROM audit_entry WHERE seq >= ?", (cp.size,)))
    w.refresh_state()
    text = w.checkpoint_label.text()
    assert text.startswith(f"LOG DOES NOT MATCH ITS CHECKPOINTS: the log has {cp.size - 1} entries but "
                           f"checkpoint {cp.id} signed {cp.size}")
    assert "#b71c1c" in w.checkpoint_label.styleSheet()
    assert "kept outside the database" in w.checkpoint_label.toolTip()


def test_the_console_signs_the_hourly_checkpoint_in_a_worker_and_shows_a_failure(qtbot, window_for, users, db,
                                                                                 monkeypatch):
    w = window_for(users["alice"])
    assert C.list_checkpoints(db) == []
    job = w.sign_checkpoint_if_due()
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    [cp] = C.list_checkpoints(db)
    assert cp.reason == "hourly" and w.checkpoint_label.text() == "Checkpoint just now"
    again = w.sign_checkpoint_if_due()                 # not due: nothing signed
    qtbot.waitUntil(lambda: again.finished, timeout=10_000)
    assert [c.id for c in C.list_checkpoints(db)] == [cp.id]

    def locked(_db):
        raise RuntimeError("the key is locked")

    monkeypatch.setattr(C, "_load_private_key", locked)
    assert C.after_action(db, "approval")              # as after an approval in the desk
    w.refresh_state()
    assert w.checkpoint_label.text() == ("CHECKPOINT NOT SIGNED: no checkpoint was signed after this approval: "
                                         "RuntimeError: the key is locked")
    assert "#b71c1c" in w.checkpoint_label.styleSheet()
