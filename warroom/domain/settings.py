"""The settings a user can change: each with a type, a default and a check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from warroom.errors import BadInput


def _int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise BadInput(f"expected a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise BadInput(f"expected a number from {low} to {high}, got {value}")
        return value
    return parse


def _money(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"expected an amount such as 500 or 460.00, got {text!r}") from None
    if not value.is_finite() or value <= 0:
        raise BadInput(f"expected a positive amount, got {text!r}")
    return str(value)


def _text(max_len: int = 255) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if "\r" in text or "\n" in text or len(text) > max_len:
            raise BadInput(f"expected one line of at most {max_len} characters")
        return text
    return parse


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise BadInput(f"expected one of {', '.join(options)}, got {text!r}")
        return text
    return parse


def _time_or_empty(text: str) -> str:
    """An ISO 8601 time, stored as UTC with Z; or empty."""
    text = text.strip()
    if not text:
        return ""
    from warroom import clock

    try:
        return clock.iso(clock.parse_iso(text)) or ""
    except (ValueError, OverflowError):
        raise BadInput(f"expected an ISO 8601 time such as 2026-11-01T00:00:00Z, got {text!r}") from None


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    secret: bool = False


_SPECS = [
    SettingSpec("response_window_hours", 24, _int_between(1, 168),
                "hours to answer a buyer message (Amazon's Contact Response Time: 24)"),
    SettingSpec("atoz_window_hours", 48, _int_between(1, 240),
                "hours to answer Amazon's A-to-z information request (current help pages: 48)"),
    SettingSpec("appeal_info_window_hours", 72, _int_between(1, 240),
                "hours to answer an information request during an A-to-z appeal"),
    SettingSpec("claims.appeal_days", 30, _int_between(1, 365),
                "days after an A-to-z claim is granted to appeal it (Amazon: 30)"),
    SettingSpec("claims.chargeback_days", 7, _int_between(1, 60),
                "calendar days to answer a chargeback notice (Amazon: 7)"),
    SettingSpec("seller.name", "", _text(), "the store name used in replies"),
    SettingSpec("smtp.host", "", _text(), "mail server for dispatch by e-mail"),
    SettingSpec("smtp.port", 587, _int_between(1, 65535), "mail server port"),
    SettingSpec("smtp.security", "starttls", _choice("starttls", "ssl", "none"), "starttls, ssl or none"),
    SettingSpec("smtp.username", "", _text(), "mail server user"),
    SettingSpec("smtp.password", "", _text(), "mail server password (never printed)", secret=True),
    SettingSpec("smtp.from", "", _text(), "From address of dispatched e-mail"),
    SettingSpec("import.max_body_bytes", 1_048_576, _int_between(1_024, 67_108_864),
                "largest body an imported message may have, in bytes (its decoded text parts); "
                "a larger message is refused"),
    SettingSpec("import.max_attachment_bytes", 26_214_400, _int_between(1_024, 268_435_456),
                "largest attachment an imported message may have, in bytes (decoded); "
                "a message with a larger one is refused"),
    SettingSpec("deadlines.counted_from", "", _time_or_empty,
                "misses are recorded for deadlines due from this time on (ISO 8601, UTC); empty: from when "
                "the database began.  It can only move that start earlier (never hide a miss)"),
    SettingSpec("audit.checkpoint_folder", "", _text(1000),
                "folder outside the database where every signed checkpoint is also appended to a text file "
                "(empty: the user's documents folder, 'War Room checkpoints')"),
    SettingSpec("import.max_attachments", 100, _int_between(0, 1_000),
                "most attachments an imported message may have; a message with more is refused"),
]
SPECS: dict[str, SettingSpec] = {s.key: s for s in _SPECS}

# A disputed amount above these is HIGH-VALUE (DOMAIN.md "Escalation process": USD 500).
DEFAULT_HIGH_VALUE = {"USD": "500", "EUR": "460", "GBP": "400", "JPY": "75000", "CAD": "680",
                      "MXN": "9000", "BRL": "2700", "AUD": "760", "INR": "42000", "SEK": "5300",
                      "PLN": "2000", "TRY": "17000", "AED": "1840", "SGD": "670"}
_HV = re.compile(r"^high_value_threshold\.([A-Z]{3})$")


def spec_for(key: str) -> SettingSpec:
    if key in SPECS:
        return SPECS[key]
    match = _HV.match(key)
    if match:
        currency = match.group(1)
        return SettingSpec(key, DEFAULT_HIGH_VALUE.get(currency), _money,
                           f"disputed amount in {currency} above which a ticket is HIGH-VALUE")
    known = ", ".join(sorted(SPECS) + ["high_value_threshold.<CURRENCY>"])
    raise BadInput(f"unknown setting {key!r}; known settings: {known}")


def all_keys() -> list[str]:
    return sorted(SPECS) + [f"high_value_threshold.{c}" for c in sorted(DEFAULT_HIGH_VALUE)]
