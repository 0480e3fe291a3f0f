"""Ticket vocabulary and the 24-hour response clock (pure)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from warroom.errors import BadInput

CHANNELS = ("amazon", "email", "web", "social")
STATUSES = ("open", "waiting", "answered", "closed")
CATEGORIES = ("REFUND", "RETURN", "WISMO", "PRODUCT-QUESTION", "ORDER-CHANGE", "A-TO-Z",
              "CHARGEBACK", "COMPLAINT", "OTHER")
FLAGS = ("LEGAL", "SAFETY", "A-TO-Z", "CHARGEBACK", "HIGH-VALUE")
SUSPENDED = "SUSPENDED"
# Changing one of these by hand needs a reason (CLI.md: "a reason is required when a
# category or flag is changed"); SUSPENDED/URGENT/ESCALATED are evidence too.
REASON_REQUIRED_TAGS = frozenset(FLAGS + (SUSPENDED, "URGENT", "ESCALATED"))

_TAG = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")

# Queue priority (1 most urgent).  Until triage classifies tickets: a running clock is 3,
# no running clock 4; ties are broken by due_at.
PRIORITY_RUNNING_CLOCK = 3
PRIORITY_NO_CLOCK = 4


def normalize_tag(tag: str) -> str:
    value = tag.strip().upper()
    if not _TAG.match(value):
        raise BadInput(f"invalid tag {tag!r}: 1-32 letters, digits, - or _")
    return value


def check_status(status: str) -> str:
    value = status.strip().lower()
    if value not in STATUSES:
        raise BadInput(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    return value


def base_priority(due_at: datetime | None) -> int:
    return PRIORITY_RUNNING_CLOCK if due_at is not None else PRIORITY_NO_CLOCK


def due_after_inbound(current_due: datetime | None, last_outbound_at: datetime | None,
                      inbound_at: datetime, window: timedelta) -> datetime | None:
    """The response deadline after a buyer message arrives.

    The clock runs from receipt of each buyer message not yet answered, so the deadline is the
    earliest unanswered message plus the window (weekends and holidays count).  A message older
    than the last reply was answered by it and changes nothing."""
    if last_outbound_at is not None and inbound_at <= last_outbound_at:
        return current_due
    candidate = inbound_at + window
    return candidate if current_due is None else min(current_due, candidate)


def id_runs(ids: list[int] | set[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 9, 10] -> [[1, 3], [7, 7], [9, 10]]: compact, exact id lists for audit payloads."""
    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs
