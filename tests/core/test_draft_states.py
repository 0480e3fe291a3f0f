"""The draft's state machine and the reply options (pure: warroom/domain/drafts.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from warroom.domain.drafts import (
    EDITABLE, SEND_OUTCOME_TIMEOUT, DraftStatus, NoReply, released_status, reply_options, send_state,
    suspension_hold_reason,
)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("can_draft, can_senior, closed, escalated, suspended, expected, why", [
    (False, False, False, False, False, (False, False, False), {NoReply.ROLE}),
    (True, True, True, False, False, (False, False, False), {NoReply.CLOSED}),
    (True, False, False, True, False, (False, False, False), {NoReply.ESCALATED}),
    (True, True, False, True, True, (False, False, True), {NoReply.ESCALATED}),
    (True, False, False, False, True, (True, False, False), {NoReply.SUSPENDED}),
    (True, True, False, False, False, (True, True, False), set()),
])
def test_reply_options(can_draft, can_senior, closed, escalated, suspended, expected, why):
    o = reply_options(can_draft=can_draft, can_senior=can_senior, closed=closed, escalated=escalated,
                      suspended=suspended)
    assert (o.template, o.free_text, o.senior) == expected and set(o.why_not) == why
    assert o.any == any(expected)


def test_what_may_leave_during_a_suspension():
    assert suspension_hold_reason("template", "REFUND", False) is None
    assert suspension_hold_reason("template", "A-TO-Z", False) is None
    assert "WISMO replies wait" in suspension_hold_reason("template", "WISMO", False)
    assert suspension_hold_reason("senior", "COMPLAINT", True) is None
    assert "ESCALATED" in suspension_hold_reason("senior", "COMPLAINT", False)
    assert "free-text" in suspension_hold_reason("text", "REFUND", False)
    assert released_status(True) is DraftStatus.APPROVED and released_status(False) is DraftStatus.SUBMITTED


def test_only_unapproved_drafts_are_editable():
    assert EDITABLE == {"submitted", "blocked", "rejected"}


def test_a_send_is_in_flight_then_may_have_been_sent():
    assert send_state(None, None, NOW) is None
    fresh = send_state(NOW - SEND_OUTCOME_TIMEOUT + timedelta(seconds=1), "alice", NOW)
    assert fresh.in_flight and not fresh.may_have_been_sent and "being sent by alice" in fresh.describe()
    stale = send_state(NOW - SEND_OUTCOME_TIMEOUT, "alice", NOW)
    assert stale.may_have_been_sent and "may have been sent" in stale.describe()
