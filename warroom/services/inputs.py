"""Checks of values users type, shared by the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom import clock
from warroom.errors import BadInput

FUTURE_SLACK = timedelta(minutes=5)      # clocks drift: "now" on another machine is not the future


def past_time(value: str | datetime | None, *, field: str) -> datetime:
    """When something already happened (a reply sent by hand, a refund paid): ISO 8601 text or
    an aware datetime, in UTC; nothing given is now.  Refused, naming ``field``: not a time, no
    zone, or in the future."""
    now = clock.now()
    if value is None or (isinstance(value, str) and not value.strip()):
        return now
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise BadInput("a time without a zone", field=field)
        at = value.astimezone(clock.UTC)
    else:
        try:
            at = clock.parse_iso(value)
        except ValueError:
            raise BadInput(f"not an ISO 8601 time: {value[:40]!r} (like 2026-11-23T10:00:00Z)",
                           field=field) from None
    if at > now + FUTURE_SLACK:
        raise BadInput(f"{clock.iso(at)} is in the future", field=field)
    return at
