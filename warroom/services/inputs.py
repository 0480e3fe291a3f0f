"""Checks of values users type, shared by the services."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from warroom import clock
from warroom.errors import BadInput, NotFound

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
        except OverflowError:       # 0001-01-01T00:00:00+14:00 is before the first UTC instant
            raise BadInput(f"{value[:40]!r} is out of range (years 1 to 9999 in UTC)", field=field) from None
    if at > now + FUTURE_SLACK:
        raise BadInput(f"{clock.iso(at)} is in the future", field=field)
    return at


# ----------------------------------------------------------------------------- record ids and text

MAX_RECORD_ID = 2**31 - 1               # PostgreSQL's INTEGER (SQLite's holds more): a larger id cannot exist
MAX_COUNT = 2**63 - 1                   # a count such as --limit: SQLite's and PostgreSQL's largest LIMIT
_ID_RE = re.compile(r"[+-]?[0-9]+", re.ASCII)
_MAX_ID_DIGITS = len(str(MAX_RECORD_ID))
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for a one-line message: escapes (lone surrogates, NUL, controls) as
    ``repr`` does, cut to about ``limit`` characters with the full length named."""
    quoted = repr(text)
    return quoted if len(quoted) <= limit else f"{quoted[: limit - 20]}...' ({len(text)} characters)"


def _number_text(digits: str, limit: int = 40) -> str:
    return digits if len(digits) <= limit else f"{digits[:20]}... ({len(digits)} digits)"


def record_id(value: object, *, kind: str, name: str | None = None) -> int:
    """A record id (ticket, draft, refund entry, ...) given by a user or a caller: an int or
    its decimal text.  Not a whole number: :class:`BadInput`; a whole number outside 1 to
    :data:`MAX_RECORD_ID`: :class:`NotFound` ("TICKET 99999999999999999999999: no such
    ticket ..."), never an OverflowError from the database.  ``name`` is what the user typed
    it as (``DRAFT``, ``--ticket``); ``kind`` the record's kind."""
    label = name or kind
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadInput(f"a {kind} id is a whole number, not {type(value).__name__}", field=label)
    if isinstance(value, str):
        text = value.strip()
        if not _ID_RE.fullmatch(text):
            raise BadInput(f"not a {kind} id: {shown(value)} (a whole number)", field=label)
        digits = text.lstrip("+-").lstrip("0") or "0"
        if len(digits) > _MAX_ID_DIGITS:        # int() of 5,000 digits is refused by Python itself
            raise NotFound(f"{label} {_number_text(text)}: no such {kind} "
                           f"(ids are whole numbers from 1 to {MAX_RECORD_ID})")
        number = int(text)
    else:
        number = value
    if not 1 <= number <= MAX_RECORD_ID:
        written = (_number_text(str(number)) if number.bit_length() <= 256     # str() refuses 4,300 digits
                   else f"(a number of about {int(number.bit_length() * 0.30103)} digits)")
        raise NotFound(f"{label} {written}: no such {kind} (ids are whole numbers from 1 to {MAX_RECORD_ID})")
    return number


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None: a lone surrogate (``argv`` and the
    environment carry bytes that are not UTF-8 as U+DC80 to U+DCFF, see PEP 383) or a NUL."""
    bad = _UNSTORABLE.search(value)
    if bad is None:
        return None
    code = ord(bad.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"not valid UTF-8 (byte 0x{code - 0xDC00:02x})"
    if code:
        return f"not valid Unicode (a lone surrogate U+{code:04X})"
    return "contains a NUL character"


def typed_text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    """Text a person typed into ``field``: line ends made ``\n``, trimmed; empty gives None (or is
    refused when ``required``); a NUL or more than ``limit`` characters is refused naming the field."""
    text = (value or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise BadInput(f"{field} contains a NUL character", field=field)
    if not text:
        if required:
            raise BadInput(f"{field} is required", field=field)
        return None
    if len(text) > limit:
        raise BadInput(f"{field} is longer than {limit} characters", field=field)
    return text
