"""The order vocabulary shared by importers, services and the UI.

Amazon spells the same facts differently in every source: the flat-file reports say
``Cancelled`` and ``Amazon``/``Merchant``, the Orders API v0 says ``Canceled`` and
``AFN``/``MFN``, the 2026-01-01 API says ``CANCELLED`` and ``AMAZON``/``MERCHANT``.  The
helpers here map all of them to ONE vocabulary:

* order status: :data:`ORDER_STATUSES` (the v0 enum, one L in ``Canceled``);
* fulfillment channel: ``AFN`` (Fulfilled by Amazon) or ``MFN`` (merchant fulfilled, FBM);
* marketplace: a country code from :data:`MARKETPLACE_COUNTRIES` (``UK`` for the United
  Kingdom, not ``GB``);
* money: :class:`~decimal.Decimal` parsed from the decimal string (an empty cell is
  ``None``, never zero);
* timestamps: timezone-aware UTC :class:`~datetime.datetime`.

Nothing here touches a database or a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

__all__ = [
    "ORDER_ID_RE",
    "ORDER_STATUSES",
    "FULFILLMENT_CHANNELS",
    "MARKETPLACE_COUNTRIES",
    "MARKETPLACE_IDS",
    "SALES_CHANNEL_COUNTRIES",
    "TITLE_MAX_CHARS",
    "is_order_id",
    "normalize_order_status",
    "derive_order_status",
    "normalize_fulfillment_channel",
    "marketplace_from_id",
    "marketplace_from_sales_channel",
    "parse_money",
    "parse_timestamp",
    "unit_price_from_line",
    "line_price_from_unit",
    "order_total",
    "clip_title",
]

#: An Amazon order id: 3-7-7 ASCII digits, e.g. ``123-1234567-1234567``.  Use ``fullmatch``.
ORDER_ID_RE: re.Pattern[str] = re.compile(r"\d{3}-\d{7}-\d{7}", re.ASCII)

#: The one status vocabulary (Orders API v0 ``OrderStatus``).
ORDER_STATUSES: tuple[str, ...] = (
    "Pending",
    "Unshipped",
    "PartiallyShipped",
    "Shipped",
    "Canceled",
    "Unfulfillable",
    "InvoiceUnconfirmed",
    "PendingAvailability",
)

FULFILLMENT_CHANNELS: tuple[str, ...] = ("AFN", "MFN")

#: Titles longer than this are clipped (Amazon's own limit is 200-500 characters; a longer
#: "title" is garbage or an attack, and must not bloat the cache or the UI).
TITLE_MAX_CHARS = 1000

#: Country codes used as the product's marketplace vocabulary.
MARKETPLACE_COUNTRIES: tuple[str, ...] = (
    "US", "CA", "MX", "BR",
    "UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE", "TR",
    "AE", "SA", "EG", "IN", "ZA",
    "JP", "AU", "SG",
)

#: SP-API MarketplaceId -> country code (developer-docs.amazon.com/sp-api/docs/marketplace-ids).
MARKETPLACE_IDS: dict[str, str] = {
    "ATVPDKIKX0DER": "US",
    "A2EUQ1WTGCTBG2": "CA",
    "A1AM78C64UM0Y8": "MX",
    "A2Q3Y263D00KWC": "BR",
    "A1F83G8C2ARO7P": "UK",
    "A1PA6795UKMFR9": "DE",
    "A13V1IB3VIYZZH": "FR",
    "APJ6JRA9NG5V4": "IT",
    "A1RKKUPIHCS9HS": "ES",
    "A1805IZSGTT6HS": "NL",
    "A2NODRKZP88ZB9": "SE",
    "A1C3SOZRARQ6R3": "PL",
    "AMEN7PMS3EDWL": "BE",
    "A28R8C7NBKEWEA": "IE",
    "A33AVAJ2PDY3EV": "TR",
    "A2VIGQ35RCS4UG": "AE",
    "A17E79C6D8DWNP": "SA",
    "ARBP9OOSHTCHU": "EG",
    "A21TJRUUN4KGV": "IN",
    "AE08WJ6YKNBMC": "ZA",
    "A1VC38T7YXB528": "JP",
    "A39IBJ37TRP1C6": "AU",
    "A19VAU5U5O7RUS": "SG",
}

#: Lower-cased sales channel / marketplace name -> country code.
SALES_CHANNEL_COUNTRIES: dict[str, str] = {
    "amazon.com": "US",
    "amazon.ca": "CA",
    "amazon.com.mx": "MX",
    "amazon.com.br": "BR",
    "amazon.co.uk": "UK",
    "amazon.de": "DE",
    "amazon.fr": "FR",
    "amazon.it": "IT",
    "amazon.es": "ES",
    "amazon.nl": "NL",
    "amazon.se": "SE",
    "amazon.pl": "PL",
    "amazon.com.be": "BE",
    "amazon.be": "BE",
    "amazon.ie": "IE",
    "amazon.com.tr": "TR",
    "amazon.ae": "AE",
    "amazon.sa": "SA",
    "amazon.eg": "EG",
    "amazon.in": "IN",
    "amazon.co.za": "ZA",
    "amazon.co.jp": "JP",
    "amazon.com.au": "AU",
    "amazon.sg": "SG",
}

# Status spellings, keyed by the lower-cased text with spaces, "_" and "-" removed, so that
# "PartiallyShipped", "PARTIALLY_SHIPPED" and "Partially Shipped" meet.
_STATUS_KEYS: dict[str, str] = {
    "pending": "Pending",
    "unshipped": "Unshipped",
    "partiallyshipped": "PartiallyShipped",
    "shipped": "Shipped",
    "canceled": "Canceled",
    "cancelled": "Canceled",
    "unfulfillable": "Unfulfillable",
    "invoiceunconfirmed": "InvoiceUnconfirmed",
    "pendingavailability": "PendingAvailability",
    # Seller Central free text: "Shipping" means the shipment is being prepared and is not
    # yet confirmed as shipped; the conservative reading (for late-shipment and
    # "where is my order" handling) is Unshipped.
    "shipping": "Unshipped",
}

_FULFILLMENT_KEYS: dict[str, str] = {
    "afn": "AFN",
    "amazon": "AFN",
    "fba": "AFN",
    "mfn": "MFN",
    "merchant": "MFN",
    "seller": "MFN",
    "fbm": "MFN",
}

#: Decimal arithmetic on money uses this context, whatever the thread's current one is
#: (amounts are at most 24 characters long, so 40 digits never round).
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)
DECIMAL_CONTEXT = _CONTEXT

_MONEY_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_EPOCH_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_MAX_NUMBER_CHARS = 24


def is_order_id(value: str) -> bool:
    """True when ``value`` is exactly a 3-7-7 digit Amazon order id."""
    return ORDER_ID_RE.fullmatch(value) is not None


def normalize_order_status(raw: str | None) -> str | None:
    """Map any Amazon spelling of an order (or item) status to :data:`ORDER_STATUSES`.

    Accepts the v0 enum, the 2026-01-01 enum (``PARTIALLY_SHIPPED``, ``CANCELLED``...), the
    report spellings (``Cancelled``) and report free text of the form ``"<status> - <detail>"``
    (``"Shipped - Delivered to Buyer"`` -> ``Shipped``, ``"Pending - Waiting for Pick Up"`` ->
    ``Pending``).  ``"Shipping"`` maps to ``Unshipped`` (not confirmed shipped yet).
    Returns ``None`` for anything else: callers decide whether that is an error.
    """
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    found = _STATUS_KEYS.get(_status_key(text))
    if found is not None:
        return found
    for sep in (" - ", " – ", ":", "("):
        if sep in text:
            head = text.split(sep, 1)[0].strip()
            if head:
                return _STATUS_KEYS.get(_status_key(head))
    return None


def _status_key(text: str) -> str:
    return text.lower().replace(" ", "").replace("_", "").replace("-", "")


def derive_order_status(item_statuses: Iterable[str | None]) -> str | None:
    """The order status implied by its items' (normalized) statuses, or None if unknown.

    All canceled -> Canceled; all remaining shipped -> Shipped; some shipped ->
    PartiallyShipped; otherwise the least advanced known status (Pending before Unshipped).
    """
    known = [s for s in item_statuses if s in _STATUS_RANK]
    if not known:
        return None
    live = [s for s in known if s != "Canceled"]
    if not live:
        return "Canceled"
    if all(s == "Shipped" for s in live):
        return "Shipped"
    if any(s in ("Shipped", "PartiallyShipped") for s in live):
        return "PartiallyShipped"
    return min(live, key=_STATUS_RANK.__getitem__)


_STATUS_RANK: dict[str, int] = {
    "PendingAvailability": 0,
    "Pending": 1,
    "InvoiceUnconfirmed": 2,
    "Unfulfillable": 3,
    "Unshipped": 4,
    "PartiallyShipped": 5,
    "Shipped": 6,
    "Canceled": 7,
}


def normalize_fulfillment_channel(raw: str | None) -> str | None:
    """``Amazon``/``AFN``/``AMAZON`` -> ``AFN``; ``Merchant``/``MFN``/``MERCHANT`` -> ``MFN``."""
    if raw is None:
        return None
    return _FULFILLMENT_KEYS.get(raw.strip().lower())


def marketplace_from_id(marketplace_id: str | None) -> str | None:
    """Country code for an SP-API MarketplaceId (``A1PA6795UKMFR9`` -> ``DE``), else None."""
    if not marketplace_id:
        return None
    return MARKETPLACE_IDS.get(marketplace_id.strip().upper())


def marketplace_from_sales_channel(sales_channel: str | None) -> str | None:
    """Country code for a sales channel such as ``Amazon.co.uk`` (-> ``UK``), else None.

    ``Non-Amazon`` (multi-channel fulfilment) and unknown names give None.
    """
    if not sales_channel:
        return None
    key = sales_channel.strip().lower()
    if key.startswith("https://"):
        key = key[8:]
    elif key.startswith("http://"):
        key = key[7:]
    if key.startswith("www."):
        key = key[4:]
    return SALES_CHANNEL_COUNTRIES.get(key.rstrip("/"))


def parse_money(raw: str | None) -> Decimal | None:
    """Parse a plain decimal amount (``"12.99"``, ``"-3"``, ``"5980"``).

    Empty or missing -> ``None`` (an empty money cell is unknown, not zero).  Anything else
    that is not a plain decimal number (thousands separators, exponents, NaN, more than 24
    characters) raises ``ValueError``.
    """
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    if len(text) > _MAX_NUMBER_CHARS or _MONEY_RE.fullmatch(text) is None:
        raise ValueError(f"not a plain decimal amount: {_short(raw)}")
    return Decimal(text)


def parse_timestamp(raw: str | int | float | Decimal) -> datetime:
    """Parse an Amazon timestamp into a timezone-aware UTC datetime.

    * ISO 8601 with an offset or ``Z`` (``2020-02-18T05:05:21+00:00``,
      ``2019-05-07T15:42:57.058Z``), any fraction of a second;
    * ISO 8601 without an offset is taken as UTC (Amazon always sends an offset; this only
      matters for hand-edited files);
    * epoch seconds, also as a string in scientific notation (``"1.569521782042E9"``, an SP-API
      sandbox quirk).  Dates such as 1970-01-19 are valid and kept as they are.

    Raises ``ValueError`` for anything else.
    """
    if type(raw) is str:
        try:                                    # fast path: the usual Amazon form
            value = _fromisoformat(raw)
        except ValueError:
            pass
        else:
            if value.tzinfo is _UTC:
                return value
    if isinstance(raw, bool):
        raise ValueError(f"not a timestamp: {raw!r}")
    if isinstance(raw, (int, float, Decimal)):
        return _from_epoch(raw)
    text = raw.strip()
    if not text:
        raise ValueError("empty timestamp")
    try:
        value = _fromisoformat(text)
    except ValueError:
        if len(text) <= 32 and _EPOCH_RE.fullmatch(text):
            return _from_epoch(Decimal(text))
        raise ValueError(f"not an ISO 8601 timestamp: {_short(raw)}") from None
    if value.tzinfo is None:
        return value.replace(tzinfo=_UTC)
    try:
        return value.astimezone(_UTC)
    except (OverflowError, ValueError):
        raise ValueError(f"timestamp out of range: {_short(raw)}") from None


_UTC = timezone.utc
_fromisoformat = datetime.fromisoformat


def _from_epoch(value: int | float | Decimal) -> datetime:
    try:
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"epoch timestamp out of range: {value!r}") from None


def unit_price_from_line(line_price: Decimal | None, quantity: int) -> Decimal | None:
    """Unit price from a line (extended) price: ``line / quantity``.

    Rounded half-up to the line price's own number of decimal places (``10.00 / 3`` ->
    ``3.33``, JPY ``5980 / 3`` -> ``1993``).  None when the line price is unknown or the
    quantity is 0 (a zero-quantity line says nothing about the unit price).
    """
    if line_price is None or quantity <= 0:
        return None
    if quantity == 1:
        return line_price
    try:
        # quantize() takes the exponent of its argument: the line price's own decimal places
        return _CONTEXT.divide(line_price, quantity).quantize(
            line_price, rounding=ROUND_HALF_UP, context=_CONTEXT)
    except InvalidOperation:
        return None


def line_price_from_unit(unit_price: Decimal | None, quantity: int) -> Decimal | None:
    """Line price from a unit price: ``unit * quantity`` (exact), None when unknown."""
    if unit_price is None:
        return None
    return _CONTEXT.multiply(unit_price, quantity)


def order_total(line_prices: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the line prices; None when there is no line or any line price is unknown."""
    total: Decimal | None = None
    for price in line_prices:
        if price is None:
            return None
        total = price if total is None else _CONTEXT.add(total, price)
    return total


def clip_title(title: str | None) -> str | None:
    """Empty -> None; longer than :data:`TITLE_MAX_CHARS` -> clipped, ending with "…"."""
    if title is None:
        return None
    title = title.strip()
    if not title:
        return None
    if len(title) > TITLE_MAX_CHARS:
        return title[: TITLE_MAX_CHARS - 1] + "…"
    return title


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
