"""Money and dates the way each Amazon marketplace writes them, for reply templates.

A small table per marketplace (no Babel): the currency, where its symbol goes, the
decimal and grouping separators, the date pattern and the time zone in which an order's
date is shown.  Amounts are :class:`~decimal.Decimal`, rounded half-up to the currency's
minor unit (none for JPY).

    format_money("24.99", "USD", "US")   -> "$24.99"
    format_money("24.99", "EUR", "DE")   -> "24,99 €"
    format_money("2480", "JPY", "JP")    -> "￥2,480"
    format_date("2026-11-23T10:00:00Z", "DE") -> "23.11.2026"

A currency that is not the marketplace's own is written with its ISO code in the
marketplace's number style ("USD 24.99", "24,99 USD").  An unknown marketplace gives
"24.99 EUR" and ISO dates (2026-11-23, in UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import BadInput

__all__ = [
    "MarketplaceFormat",
    "MARKETPLACE_FORMATS",
    "CURRENCY_DECIMALS",
    "marketplace_format",
    "format_money",
    "format_date",
    "parse_amount",
]


@dataclass(frozen=True)
class MarketplaceFormat:
    currency: str          # the marketplace's own currency (ISO 4217)
    symbol: str            # how that currency is written there
    pattern: str           # "{s}{n}", "{n} {s}", "{s} {n}"
    decimal: str           # decimal separator
    group: str             # thousands separator ("" for none)
    date: str              # "DMY." (day, month, year joined by "."), "MDY/", "YMD/", "YMD-", …
    timezone: str          # IANA zone in which dates are shown
    utc_offset: float      # standard offset (hours), used only when the zone data is missing
    indian_grouping: bool = False


#: Country code (as in OrderRecord: UK, not GB) -> format.
MARKETPLACE_FORMATS: Final[dict[str, MarketplaceFormat]] = {
    "US": MarketplaceFormat("USD", "$", "{s}{n}", ".", ",", "MDY/", "America/Los_Angeles", -8),
    "CA": MarketplaceFormat("CAD", "$", "{s}{n}", ".", ",", "YMD-", "America/Toronto", -5),
    "MX": MarketplaceFormat("MXN", "$", "{s}{n}", ".", ",", "DMY/", "America/Mexico_City", -6),
    "BR": MarketplaceFormat("BRL", "R$", "{s} {n}", ",", ".", "DMY/", "America/Sao_Paulo", -3),
    "UK": MarketplaceFormat("GBP", "£", "{s}{n}", ".", ",", "DMY/", "Europe/London", 0),
    "DE": MarketplaceFormat("EUR", "€", "{n} {s}", ",", ".", "DMY.", "Europe/Berlin", 1),
    "FR": MarketplaceFormat("EUR", "€", "{n} {s}", ",", " ", "DMY/", "Europe/Paris", 1),
    "IT": MarketplaceFormat("EUR", "€", "{n} {s}", ",", ".", "DMY/", "Europe/Rome", 1),
    "ES": MarketplaceFormat("EUR", "€", "{n} {s}", ",", ".", "DMY/", "Europe/Madrid", 1),
    "NL": MarketplaceFormat("EUR", "€", "{s} {n}", ",", ".", "DMY-", "Europe/Amsterdam", 1),
    "SE": MarketplaceFormat("SEK", "kr", "{n} {s}", ",", " ", "YMD-", "Europe/Stockholm", 1),
    "PL": MarketplaceFormat("PLN", "zł", "{n} {s}", ",", " ", "DMY.", "Europe/Warsaw", 1),
    "BE": MarketplaceFormat("EUR", "€", "{n} {s}", ",", ".", "DMY/", "Europe/Brussels", 1),
    "IE": MarketplaceFormat("EUR", "€", "{s}{n}", ".", ",", "DMY/", "Europe/Dublin", 0),
    "TR": MarketplaceFormat("TRY", "TL", "{n} {s}", ",", ".", "DMY.", "Europe/Istanbul", 3),
    "AE": MarketplaceFormat("AED", "AED", "{s} {n}", ".", ",", "DMY/", "Asia/Dubai", 4),
    "SA": MarketplaceFormat("SAR", "SAR", "{s} {n}", ".", ",", "DMY/", "Asia/Riyadh", 3),
    "EG": MarketplaceFormat("EGP", "EGP", "{s} {n}", ".", ",", "DMY/", "Africa/Cairo", 2),
    "IN": MarketplaceFormat("INR", "₹", "{s}{n}", ".", ",", "DMY/", "Asia/Kolkata", 5.5, indian_grouping=True),
    "ZA": MarketplaceFormat("ZAR", "R", "{s}{n}", ".", ",", "YMD/", "Africa/Johannesburg", 2),
    "JP": MarketplaceFormat("JPY", "￥", "{s}{n}", ".", ",", "YMD/", "Asia/Tokyo", 9),
    "AU": MarketplaceFormat("AUD", "$", "{s}{n}", ".", ",", "DMY/", "Australia/Sydney", 10),
    "SG": MarketplaceFormat("SGD", "S$", "{s}{n}", ".", ",", "DMY/", "Asia/Singapore", 8),
}

_ALIASES: Final = {"GB": "UK"}

#: Minor-unit digits of currencies that do not have two.
CURRENCY_DECIMALS: Final[dict[str, int]] = {"JPY": 0, "KRW": 0, "CLP": 0, "VND": 0, "HUF": 2, "KWD": 3, "BHD": 3}

_FALLBACK: Final = MarketplaceFormat("", "", "{n} {s}", ".", "", "YMD-", "UTC", 0)


def marketplace_format(marketplace: str | None) -> MarketplaceFormat | None:
    """The table entry of a marketplace country code (``GB`` is taken as ``UK``), or None."""
    if not marketplace:
        return None
    code = marketplace.strip().upper()
    return MARKETPLACE_FORMATS.get(_ALIASES.get(code, code))


def parse_amount(value: Decimal | int | str) -> Decimal:
    """A decimal amount from a decimal string (``"24.99"``) or a number; BadInput if it is none."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise BadInput(f"{value!r} is not a decimal amount") from None
    else:
        raise BadInput(f"{value!r} is not a decimal amount")
    if not amount.is_finite():
        raise BadInput(f"{value!r} is not a decimal amount")
    if amount and amount.adjusted() > 15:
        raise BadInput(f"{value!r} is too large for an amount")
    return amount


def _group(digits: str, sep: str, indian: bool) -> str:
    if not sep or len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    size = 2 if indian else 3
    groups: list[str] = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return sep.join([*groups, tail])


def format_money(amount: Decimal | int | str, currency: str | None, marketplace: str | None) -> str:
    """``amount`` in ``currency`` as the marketplace writes it (see the module's examples)."""
    value = parse_amount(amount)
    fmt = marketplace_format(marketplace)
    code = (currency or (fmt.currency if fmt else "")).strip().upper()
    places = CURRENCY_DECIMALS.get(code, 2)
    quantum = Decimal(1).scaleb(-places)
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    negative = value < 0
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    style = fmt or _FALLBACK
    number = _group(whole, style.group, style.indian_grouping)
    if places:
        number += style.decimal + frac
    if fmt is not None and code == fmt.currency:
        out = fmt.pattern.format(s=fmt.symbol, n=number)
    elif not code:
        out = number
    elif fmt is not None and fmt.pattern.startswith("{s}"):
        out = f"{code} {number}"
    else:
        out = f"{number} {code}"
    return f"-{out}" if negative else out


def _zone(fmt: MarketplaceFormat) -> tzinfo:
    try:
        return ZoneInfo(fmt.timezone)
    except (ZoneInfoNotFoundError, ValueError):  # no tz database (Windows without tzdata)
        return timezone(timedelta(hours=fmt.utc_offset))


def _to_date(value: datetime | date | str, zone: tzinfo) -> date:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value
    elif isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
        except ValueError:
            raise BadInput(f"{value!r} is not an ISO 8601 date or time") from None
    else:
        raise BadInput(f"{value!r} is not a date")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone).date()


def format_date(value: datetime | date | str, marketplace: str | None) -> str:
    """The calendar date of ``value`` (an ISO 8601 time, naive times are UTC) in the
    marketplace's time zone, written as there: US 11/23/2026, UK/FR/IT/ES 23/11/2026,
    DE 23.11.2026, JP 2026/11/23."""
    fmt = marketplace_format(marketplace) or _FALLBACK
    day = _to_date(value, _zone(fmt) if fmt is not _FALLBACK else timezone.utc)
    parts = {"D": f"{day.day:02d}", "M": f"{day.month:02d}", "Y": f"{day.year:04d}"}
    order, sep = fmt.date[:3], fmt.date[3]
    return sep.join(parts[c] for c in order)
