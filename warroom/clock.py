"""Time, in one place: aware UTC datetimes and the ISO 8601 'Z' form used everywhere.

:func:`now` is the machine's clock and nothing else: no environment variable or setting can
move it, so nobody can date entries in the future or backdate an approval.  Tests inject a
clock in-process (the ``set_now`` fixture: ``monkeypatch.setattr(warroom.clock, "now", ...)``).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from typing import overload

UTC = timezone.utc


def now() -> datetime:
    return datetime.now(UTC)


def parse_iso(text: str) -> datetime:
    """Parse ISO 8601 (``Z`` or an offset); a naive time is taken as UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@overload
def iso(value: datetime) -> str: ...
@overload
def iso(value: None) -> None: ...
@overload
def iso(value: datetime | None) -> str | None: ...
def iso(value: datetime | None) -> str | None:
    """``2026-11-23T19:14:57Z`` (microseconds kept only when present)."""
    if value is None:
        return None
    if value.tzinfo is UTC:                    # the usual case: the short path
        return value.isoformat()[:-6] + "Z"
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat() + "Z"   # isoformat: much faster than strftime


def display_zone(name: str | None = None) -> tzinfo | None:
    """The zone times are shown in: ``name``, else ``WARROOM_TZ``, else the machine's zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = name or os.environ.get("WARROOM_TZ")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            from warroom.errors import UsageError

            raise UsageError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None
    return datetime.now().astimezone().tzinfo


def local_text(value: datetime | None, zone: tzinfo | None = None) -> str:
    """``2026-11-02 00:30 EST``: a UTC time shown in the display zone (computations stay UTC)."""
    if value is None:
        return "-"
    shown = value.astimezone(zone or display_zone())
    return shown.strftime("%Y-%m-%d %H:%M ") + (shown.tzname() or "")
