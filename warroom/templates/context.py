"""The variables a reply template can use, built from a ticket and its cached order.

Every standard variable is always present: a value that is not known (no cached order,
no buyer name) is the empty string (an empty list for ``item_titles``), so templates
write ``{% if buyer_first_name %}…{% else %}…{% endif %}``.  Values are data: they are
inserted into the text as they are, never read as template code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ..errors import BadInput
from .engine import RESERVED_NAMES
from .formatting import format_date, format_money, marketplace_format

__all__ = ["STANDARD_VARIABLES", "MAX_EXTRA_VALUE_CHARS", "build_context", "first_name", "check_extra_name"]

#: name -> what it holds (docs/templates.md has the full table).
STANDARD_VARIABLES: Final[dict[str, str]] = {
    "order_id": "the Amazon order id, e.g. 123-1234567-1234567",
    "buyer_name": "the buyer's name as Amazon gives it",
    "buyer_first_name": "the first word of the buyer's name (empty when unknown or only an initial)",
    "item_titles": "the titles of the order's items (a list)",
    "item_title": "the first item's title",
    "order_total": "the order total in the marketplace's format, e.g. $24.99, 24,99 €, £24.99, ￥2,480",
    "currency": "the order's currency code, e.g. EUR",
    "marketplace": "the marketplace's country code, e.g. US, DE, JP",
    "purchase_date": "the purchase date in the marketplace's format, e.g. 11/23/2026, 23.11.2026",
    "latest_ship_date": "the latest ship date in the marketplace's format",
    "seller_name": "the seller's name (a setting)",
}

#: A ``--var`` value longer than this is refused.
MAX_EXTRA_VALUE_CHARS: Final = 1000
#: Names and titles longer than this are clipped (they come from strangers).
_MAX_NAME_CHARS: Final = 200
_MAX_TITLE_CHARS: Final = 500

_NAME_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_SPACES: Final = re.compile(r"\s+")


def _clean(value: Any, limit: int) -> str:
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()[:limit]


def first_name(name: str) -> str:
    """The first word of a name; empty when there is no name or the first word is only an
    initial ("J." or "J")."""
    words = _clean(name, _MAX_NAME_CHARS).split(" ")
    word = words[0] if words else ""
    if len(word.rstrip(".")) <= 1:
        return ""
    return word


def check_extra_name(name: str) -> None:
    """Refuse a ``--var`` name that is not a plain identifier or that would override a
    standard variable."""
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise BadInput(f"variable name {name!r}: use letters, digits and '_', starting with a letter")
    if name in STANDARD_VARIABLES:
        raise BadInput(f"variable {name!r} comes from the ticket and its order; it cannot be set with --var")
    if name in RESERVED_NAMES:
        raise BadInput(f"variable name {name!r} is reserved")


def build_context(ticket: Mapping[str, Any], order: Mapping[str, Any] | None, seller_name: str,
                  extra: Mapping[str, str]) -> dict[str, Any]:
    """The template variables for a reply to ``ticket``.

    ``ticket`` and ``order`` are dicts shaped like ``warroom ticket --json`` and one entry
    of ``warroom orders --json`` (``amazon_order_id``, ``purchase_date`` ISO 8601 with Z,
    ``total`` decimal string, ``currency``, ``marketplace``, ``latest_ship_date``,
    ``items`` [{``title``, ``quantity``, …}]).  ``extra``: the ``--var NAME=VALUE`` pairs.
    """
    order = order or {}
    marketplace = str(order.get("marketplace") or ticket.get("marketplace") or "").strip().upper()
    fmt = marketplace_format(marketplace)
    if marketplace == "GB":
        marketplace = "UK"

    buyer_name = _clean(ticket.get("buyer_name") or order.get("buyer_name"), _MAX_NAME_CHARS)
    currency = str(order.get("currency") or (fmt.currency if fmt and order.get("total") not in (None, "") else "")
                   ).strip().upper()
    total = order.get("total")
    order_total = format_money(total, currency, marketplace) if total not in (None, "") else ""
    titles = [_clean(item.get("title"), _MAX_TITLE_CHARS) for item in (order.get("items") or [])
              if isinstance(item, Mapping)]
    titles = [t for t in titles if t]

    def date_of(key: str) -> str:
        value = order.get(key)
        return format_date(value, marketplace) if value else ""

    context: dict[str, Any] = {
        "order_id": _clean(ticket.get("amazon_order_id") or order.get("amazon_order_id"), 64),
        "buyer_name": buyer_name,
        "buyer_first_name": first_name(buyer_name),
        "item_titles": titles,
        "item_title": titles[0] if titles else "",
        "order_total": order_total,
        "currency": currency,
        "marketplace": marketplace,
        "purchase_date": date_of("purchase_date"),
        "latest_ship_date": date_of("latest_ship_date"),
        "seller_name": _clean(seller_name, _MAX_NAME_CHARS),
    }
    for name, value in (extra or {}).items():
        check_extra_name(name)
        if not isinstance(value, str):
            raise BadInput(f"variable {name!r}: the value must be text")
        if len(value) > MAX_EXTRA_VALUE_CHARS:
            raise BadInput(f"variable {name!r}: the value is longer than {MAX_EXTRA_VALUE_CHARS} characters")
        context[name] = value
    return context
