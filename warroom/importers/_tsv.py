"""Amazon flat-file order reports (tab-separated) -> order records.

Two report families are understood, recognized by their header line:

* **All Orders** (``GET_FLAT_FILE_ALL_ORDERS_DATA*``, ``..._BY_LAST_UPDATE_GENERAL``,
  ``..._BY_ORDER_DATE_GENERAL``, ``GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE``): the
  header has ``amazon-order-id``.  One row per order item.
* **Unshipped / actionable orders** (``GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING``): the header
  has ``order-id`` and ``quantity-to-ship`` or ``promise-date``.  Merchant-fulfilled orders not
  yet confirmed as shipped; ``promise-date`` is the latest ship date.  It carries no prices,
  no currency and (unless requested) no sales channel: those stay None.

The Returns report is recognized and refused (it is not an orders report).

Parsing rules:

* Columns are matched by header name (case-insensitive; ``_`` or a space counts as ``-``),
  never by position; unknown columns are ignored and optional ones may be missing.
* Fields are never quoted: each line is split on TAB and nothing else, so ``"`` is an ordinary
  character (``"Bob" Smith`` stays as written; a lone ``"`` swallows nothing).
* Lines end in LF or CRLF.  Lines that are empty or hold only white space are ignored and are
  not counted as rows.
* A row is bad when it has the wrong number of fields (e.g. the last line of a truncated
  file), holds a NUL byte or undecodable bytes, has an invalid or empty order id, purchase
  date, status, fulfillment channel or quantity, a bad timestamp, a bad amount, a bad currency
  code, or a stored value longer than :data:`MAX_FIELD_CHARS` (titles longer than
  :data:`~warroom.domain.orders.TITLE_MAX_CHARS` are clipped instead).
* Rows are grouped by order id, in order of first appearance.  Order-level values come from the
  order's first row (``last_update`` is the newest, the latest ship date the earliest); a
  later row with a different but valid order-level value is not an error.
* An exact duplicate of an accepted row (same text) adds no item: it is counted as read and as
  accepted (its line is in the order's ``source_lines``).  All Orders reports have no order-item
  id, so two genuinely distinct order items whose rows are byte-identical cannot be told apart;
  Amazon puts a repeated SKU in one row with a larger quantity.
* In the actionable report, an ``order-item-id`` seen twice in one order with different values
  makes the second row bad.

Bad rows: without ``skip_bad`` the first one raises :class:`BadInput` (file, line, column).
With ``skip_bad`` it is recorded as a :class:`SkippedRecord`; and because an order missing one
of its items would carry a wrong total, every other row of an order that has a bad row is
skipped too (reason ``"order ... skipped: its row on line N is bad"``).  So no partial order is
ever returned, and always::

    result.read == sum(len(o.source_lines) for o in result.orders) + len(result.skipped)
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from operator import itemgetter
from typing import Any, Optional

from warroom.domain.orders import (
    ORDER_ID_RE,
    TITLE_MAX_CHARS,
    clip_title,
    derive_order_status,
    marketplace_from_sales_channel,
    normalize_fulfillment_channel,
    normalize_order_status,
    order_total as sum_prices,
    parse_money,
    parse_timestamp,
    unit_price_from_line,
)
from warroom.errors import BadInput
from warroom.importers._decode import BAD_BYTE_RE
from warroom.progress import Progress
from warroom.records import OrderItemRecord, OrderRecord, ParseResult, SkippedRecord

#: Longest value accepted in a stored field other than the title (SKUs are at most 40
#: characters at Amazon, e-mail addresses 254).
MAX_FIELD_CHARS = 500

UTC = timezone.utc

#: A quantity has at most this many digits (a billion units is not an order line).
MAX_QUANTITY_DIGITS = 9

PROGRESS_EVERY = 1000

ALL_ORDERS = "all-orders-report"
ACTIONABLE = "actionable-orders-report"

_LABELS = {
    ALL_ORDERS: "All Orders report",
    ACTIONABLE: "Unshipped Orders report (GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING)",
}

# logical name -> accepted header names (normalized), first match wins
_ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": ("amazon-order-id", "order-id"),
    "purchase_date": ("purchase-date",),
    "last_update": ("last-updated-date", "last-update-date"),
    "order_status": ("order-status",),
    "item_status": ("item-status",),
    "fulfillment": ("fulfillment-channel",),
    "sales_channel": ("sales-channel",),
    "ship_service_level": ("ship-service-level",),
    "title": ("product-name",),
    "sku": ("sku", "seller-sku"),
    "asin": ("asin",),
    "quantity": ("quantity", "quantity-purchased"),
    "quantity_shipped": ("quantity-shipped",),
    "currency": ("currency",),
    "item_price": ("item-price",),
    "buyer_name": ("buyer-name",),
    "buyer_email": ("buyer-email",),
    "latest_ship": ("promise-date", "latest-ship-date"),
    "order_item_id": ("order-item-id",),
}

_REQUIRED: dict[str, tuple[str, ...]] = {
    ALL_ORDERS: ("order_id", "purchase_date", "fulfillment", "quantity"),
    ACTIONABLE: ("order_id", "purchase_date", "quantity"),
}

# Stored fields whose length is checked on long lines.
_LENGTH_CHECKED = ("order_id", "purchase_date", "last_update", "order_status", "item_status",
                   "fulfillment", "sales_channel", "ship_service_level", "sku", "asin",
                   "quantity", "quantity_shipped", "currency", "item_price", "buyer_name",
                   "buyer_email", "latest_ship", "order_item_id")


def normalize_header_name(name: str) -> str:
    return name.strip().strip("\ufeff").strip().lower().replace("_", "-").replace(" ", "-")


def sniff_report(header_line: str, file: str) -> tuple[str, list[str]]:
    """Return (format, normalized column names) for a report header, or raise BadInput."""
    names = [normalize_header_name(c) for c in header_line.split("\t")]
    nameset = set(names)
    if "\x00" in header_line:
        raise BadInput("the header line holds NUL bytes (a UTF-16 file without a byte-order "
                       "mark?); save the report as UTF-8 or as Amazon delivered it", file=file)
    if nameset & {"return-request-date", "amazon-rma-id", "return-reason", "merchant-rma-id"}:
        raise BadInput("this is a Returns report (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE), "
                       "not an orders report: import an All Orders report or an SP-API "
                       "Orders response instead", file=file)
    if "amazon-order-id" in nameset:
        if "shipment-id" in nameset or "shipment-item-id" in nameset:
            raise BadInput("this looks like an FBA Amazon Fulfilled Shipments report, not an "
                           "orders report: import an All Orders report instead", file=file)
        return ALL_ORDERS, names
    if "order-id" in nameset and nameset & {"quantity-to-ship", "promise-date"}:
        return ACTIONABLE, names
    if "\t" not in header_line:
        raise BadInput("not an Amazon orders report: the first line has no TAB (reports are "
                       "tab-separated; from Excel, save as 'Text (Tab delimited)')", file=file)
    if "order-id" in nameset:
        raise BadInput("unrecognized order report: it has an 'order-id' column but neither "
                       "the All Orders columns nor the Unshipped Orders columns "
                       "('quantity-to-ship', 'promise-date')", file=file)
    raise BadInput("not an Amazon orders report: no 'amazon-order-id' column in the header",
                   file=file, field="amazon-order-id")


class _RowError(Exception):
    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


# (purchase date, last update, latest ship date)
_Times = tuple[datetime, Optional[datetime], Optional[datetime]]
# (status, item status, channel, currency, quantity, some units already shipped)
_Categorical = tuple[Optional[str], Optional[str], str, Optional[str], int, bool]
_Getter = Callable[[list[str]], tuple[str, ...]]

# Columns read together (absent optional columns read the "" appended to every row).
_ITEM_KEYS = ("order_id", "title", "sku", "asin", "item_price", "order_item_id")
_CAT_KEYS = ("order_status", "item_status", "fulfillment", "currency", "quantity",
             "quantity_shipped")
_TIME_KEYS = ("purchase_date", "last_update", "latest_ship")
_ORDER_TEXT_KEYS = ("sales_channel", "ship_service_level", "buyer_name", "buyer_email")


_MISSING: Any = object()


class _Acc:
    """An order being assembled from its rows."""

    __slots__ = ("oid", "first_line", "times", "last_update", "latest_ship", "status",
                 "channel", "currency", "sales_channel", "marketplace", "ship_service_level",
                 "buyer_name", "buyer_email", "shipped_any", "items", "item_ids", "lines",
                 "raw")

    def __init__(self, oid: str, first_line: int, times: _Times, status: str | None,
                 channel: str, currency: str | None) -> None:
        self.oid = oid
        self.first_line = first_line
        self.times = times
        self.last_update = times[1]
        self.latest_ship = times[2]
        self.status = status
        self.channel = channel
        self.currency = currency
        self.sales_channel: str | None = None
        self.marketplace: str | None = None
        self.ship_service_level: str | None = None
        self.buyer_name: str | None = None
        self.buyer_email: str | None = None
        self.shipped_any = False
        self.items: list[OrderItemRecord] = []
        self.item_ids: dict[str, str] | None = None     # order-item-id -> its row's text
        self.lines: list[int] = []
        self.raw: list[str] = []                        # each accepted row's text


class _Columns:
    """Where each logical column is, and its name as written in the header."""

    def __init__(self, col: dict[str, int], header_names: list[str], ncols: int) -> None:
        self.index = {logical: col.get(logical, ncols) for logical in _ALIASES}
        self.name = {logical: (header_names[i] if i < ncols else "")
                     for logical, i in self.index.items()}

    def getter(self, keys: tuple[str, ...]) -> _Getter:
        """Reads the columns ``keys`` (all at least two) from a split row, in one C call."""
        getter: _Getter = itemgetter(*(self.index[k] for k in keys))
        return getter

    def present(self, logical: str, ncols: int) -> bool:
        return self.index[logical] < ncols


def _short(value: str, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _timestamp(raw: str, name: str) -> datetime:
    try:
        return parse_timestamp(raw)
    except ValueError:
        if not raw.strip():
            raise _RowError(name, "empty required value") from None
        raise _RowError(name, f"invalid timestamp {_short(raw)}") from None


def _times(raw: tuple[str, ...], names: dict[str, str]) -> _Times:
    raw_pd, raw_lu, raw_ls = raw
    return (_timestamp(raw_pd, names["purchase_date"]),
            _timestamp(raw_lu, names["last_update"]) if raw_lu.strip() else None,
            _timestamp(raw_ls, names["latest_ship"]) if raw_ls.strip() else None)


def _quantity(raw: str, name: str) -> int:
    text = raw.strip()
    if text.isdigit() and text.isascii() and len(text) <= MAX_QUANTITY_DIGITS:
        return int(text)
    if not text:
        raise _RowError(name, "empty required value")
    raise _RowError(name, f"invalid quantity {_short(raw)}")


def _categorical(raw: tuple[str, ...], names: dict[str, str], actionable: bool) -> _Categorical:
    raw_os, raw_is, raw_fc, raw_cur, raw_qty, raw_qs = raw
    status = normalize_order_status(raw_os)
    if status is None and raw_os.strip():
        raise _RowError(names["order_status"], f"unknown order status {_short(raw_os)}")
    item_status = normalize_order_status(raw_is) or raw_is.strip() or None   # free text kept
    if actionable:
        channel = "MFN"
    else:
        if status is None and item_status is None:
            raise _RowError(names["order_status"] or names["item_status"],
                            "empty required value (no order status and no item status)")
        found = normalize_fulfillment_channel(raw_fc)
        if found is None:
            if not raw_fc.strip():
                raise _RowError(names["fulfillment"], "empty required value")
            raise _RowError(names["fulfillment"], f"unknown fulfillment channel {_short(raw_fc)}")
        channel = found
    currency = raw_cur.strip().upper() or None
    if currency is not None and not (len(currency) == 3 and currency.isalpha()
                                     and currency.isascii()):
        raise _RowError(names["currency"], f"invalid currency code {_short(raw_cur)}")
    quantity = _quantity(raw_qty, names["quantity"])
    shipped = bool(raw_qs.strip()) and _quantity(raw_qs, names["quantity_shipped"]) > 0
    return status, item_status, channel, currency, quantity, shipped


def _slow_checks(line: str, f: list[str], ncols: int, header_names: list[str],
                 checked: list[tuple[int, str]], has_nul: bool, has_bad_bytes: bool) -> None:
    """The rare checks, run only when a cheap test says the row may need them."""
    if len(f) != ncols:
        raise _RowError(None, f"expected {ncols} tab-separated fields, found {len(f)} "
                              f"(truncated or malformed row)")
    if has_nul and "\x00" in line:
        where = next(i for i, v in enumerate(f) if "\x00" in v)
        raise _RowError(header_names[where], "NUL byte in the field")
    if has_bad_bytes and BAD_BYTE_RE.search(line):
        where = next(i for i, v in enumerate(f) if BAD_BYTE_RE.search(v))
        raise _RowError(header_names[where],
                        "undecodable bytes (the file is UTF-8 but this row is not)")
    for i, name in checked:
        if len(f[i]) > MAX_FIELD_CHARS:
            raise _RowError(name, f"value too long ({len(f[i])} characters)")


def parse_report(text: str, file: str, *, skip_bad: bool, progress: Progress,
                 has_bad_bytes: bool) -> ParseResult:
    """Parse a decoded flat-file report (see the module docstring)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n") if "\n" in text else text.replace("\r", "\n")
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise BadInput("the file is empty", file=file)
    head = 0                                    # the header is the first non-blank line
    while not lines[head].strip():
        head += 1
    fmt, names = sniff_report(lines[head], file)
    label = _LABELS[fmt]
    col: dict[str, int] = {}
    for logical, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in names:
                col[logical] = names.index(alias)
                break
    for logical in _REQUIRED[fmt]:
        if logical not in col:
            wanted = _ALIASES[logical][0] if fmt == ALL_ORDERS else _ALIASES[logical][-1]
            raise BadInput(f"missing required column {wanted!r} for an {label}",
                           file=file, field=wanted)
    if fmt == ALL_ORDERS and "order_status" not in col and "item_status" not in col:
        raise BadInput(f"missing required column 'order-status' (or 'item-status') for an "
                       f"{label}", file=file, field="order-status")

    ncols = len(names)
    header_names = [c.strip().strip("\ufeff") for c in lines[head].split("\t")]
    cols = _Columns(col, header_names, ncols)
    names_of = cols.name
    item_get = cols.getter(_ITEM_KEYS)
    cat_get = cols.getter(_CAT_KEYS)
    time_get = cols.getter(_TIME_KEYS)
    order_text_get = cols.getter(_ORDER_TEXT_KEYS)
    i_oid = cols.index["order_id"]
    has_buyer = cols.present("buyer_name", ncols) or cols.present("buyer_email", ncols)
    checked = [(col[k], header_names[col[k]]) for k in _LENGTH_CHECKED if k in col]
    actionable = fmt == ACTIONABLE

    has_nul = "\x00" in text
    slow = has_nul or has_bad_bytes
    nlines = len(lines)
    total = nlines - 1 - head                   # data lines (blank ones included)
    blank = 0
    orders: dict[str, _Acc] = {}               # by order id (also as written, if padded)
    accs: list[_Acc] = []                       # in order of first appearance
    bad_orders: dict[str, int] = {}
    skipped: list[SkippedRecord] = []
    cat_cache: dict[tuple[str, ...], _Categorical] = {}
    money_cache: dict[str, Decimal | None] = {}
    unit_cache: dict[tuple[str, int], Decimal | None] = {}     # (item-price, quantity) -> unit price
    unit_cache_get = unit_cache.get
    last_raw_times: tuple[str, ...] | None = None
    last_times: _Times | None = None
    market_cache: dict[str, str | None] = {}
    oid_fullmatch = ORDER_ID_RE.fullmatch
    orders_get = orders.get
    fromiso = datetime.fromisoformat
    cat_cache_get, money_get = cat_cache.get, money_cache.get
    n_oid, n_price, n_iid = names_of["order_id"], names_of["item_price"], names_of["order_item_id"]

    gc_was_enabled = gc.isenabled()
    gc.disable()        # ~10^6 small acyclic objects: the cyclic GC would only cost time
    try:
        for start in range(head + 1, nlines, PROGRESS_EVERY):
            if start > head + 1:
                progress(start - 1 - head, total, "parsing")
            for idx, line in enumerate(lines[start:start + PROGRESS_EVERY], start):
                f = line.split("\t")
                oid: str | None = None
                try:
                    long_line = len(line) > MAX_FIELD_CHARS
                    if slow or long_line or len(f) != ncols:
                        if not line.strip():
                            blank += 1
                            continue
                        candidate = f[i_oid].strip() if i_oid < len(f) else ""
                        if oid_fullmatch(candidate):
                            oid = candidate
                        _slow_checks(line, f, ncols, header_names, checked, has_nul,
                                     has_bad_bytes)
                    f.append("")
                    raw_oid, raw_title, raw_sku, raw_asin, raw_price, raw_iid = item_get(f)
                    acc = orders_get(raw_oid)
                    if acc is None:
                        oid = raw_oid.strip()
                        if not oid_fullmatch(oid):
                            bad, oid = oid, None
                            if not bad:
                                raise _RowError(n_oid, "empty required value")
                            raise _RowError(n_oid, f"invalid order id {_short(bad)} (expected "
                                                   f"3-7-7 digits, like 123-1234567-1234567)")
                        acc = orders_get(oid)
                    else:
                        oid = acc.oid
                    raw_cat = cat_get(f)
                    cat = cat_cache_get(raw_cat)
                    if cat is None:
                        cat = cat_cache[raw_cat] = _categorical(raw_cat, names_of, actionable)
                    raw_times = time_get(f)
                    if last_times is not None and raw_times == last_raw_times:   # one order's rows: same stamps
                        times = last_times
                    else:
                        try:                          # fast path: "...+00:00" / "...Z" stamps
                            times = (fromiso(raw_times[0]),
                                     fromiso(raw_times[1]) if raw_times[1] else None,
                                     fromiso(raw_times[2]) if raw_times[2] else None)
                            if times[0].tzinfo is not UTC \
                                    or (times[1] is not None and times[1].tzinfo is not UTC) \
                                    or (times[2] is not None and times[2].tzinfo is not UTC):
                                raise ValueError
                        except ValueError:
                            times = _times(raw_times, names_of)
                        last_raw_times, last_times = raw_times, times
                    line_price: Decimal | None = None
                    if raw_price:
                        line_price = money_get(raw_price)
                        if line_price is None:
                            try:
                                line_price = money_cache[raw_price] = parse_money(raw_price)
                            except ValueError:
                                raise _RowError(n_price, f"invalid amount {_short(raw_price)}"
                                                ) from None
                    order_item_id = raw_iid.strip() or None
                    if order_item_id is not None and acc is not None \
                            and acc.item_ids is not None \
                            and acc.item_ids.get(order_item_id, line) != line:
                        raise _RowError(n_iid, f"order item {order_item_id} appears twice "
                                               f"with different values")
                except _RowError as problem:
                    if not skip_bad:
                        raise BadInput(problem.reason, file=file, record=idx + 1,
                                       field=problem.field) from None
                    skipped.append(SkippedRecord(idx + 1, problem.field, problem.reason))
                    if oid is not None and oid not in bad_orders:
                        bad_orders[oid] = idx + 1
                    continue

                status, item_status, channel, currency, quantity, shipped = cat
                if acc is None:
                    assert oid is not None
                    acc = _Acc(oid, idx + 1, times, status, channel, currency)
                    raw_sc, raw_ssl, raw_bn, raw_be = order_text_get(f)
                    if raw_sc:
                        acc.sales_channel = raw_sc.strip() or None
                        marketplace = market_cache.get(raw_sc, "")
                        if marketplace == "":
                            marketplace = market_cache[raw_sc] = \
                                marketplace_from_sales_channel(raw_sc)
                        acc.marketplace = marketplace
                    acc.ship_service_level = raw_ssl.strip() or None
                    if has_buyer:
                        acc.buyer_name = raw_bn.strip() or None
                        acc.buyer_email = raw_be.strip() or None
                    orders[oid] = acc
                    accs.append(acc)
                    if raw_oid != oid:
                        orders[raw_oid] = acc
                else:
                    if times != acc.times:
                        last_update, latest_ship = times[1], times[2]
                        if last_update is not None and (acc.last_update is None
                                                        or last_update > acc.last_update):
                            acc.last_update = last_update
                        if latest_ship is not None and (acc.latest_ship is None
                                                        or latest_ship < acc.latest_ship):
                            acc.latest_ship = latest_ship
                    if acc.status is None and status is not None:
                        acc.status = status
                    if acc.currency is None and currency is not None:
                        acc.currency = currency
                    if has_buyer and (acc.buyer_name is None or acc.buyer_email is None):
                        _, _, raw_bn, raw_be = order_text_get(f)
                        acc.buyer_name = acc.buyer_name or raw_bn.strip() or None
                        acc.buyer_email = acc.buyer_email or raw_be.strip() or None
                if quantity == 1:
                    unit_price = line_price
                else:
                    unit_price = unit_cache_get((raw_price, quantity), _MISSING)
                    if unit_price is _MISSING:
                        unit_price = unit_cache[raw_price, quantity] = unit_price_from_line(line_price, quantity)
                title = raw_title.strip() or None
                if long_line and title is not None and len(title) > TITLE_MAX_CHARS:
                    title = clip_title(title)
                if shipped:
                    acc.shipped_any = True
                if order_item_id is not None:
                    if acc.item_ids is None:
                        acc.item_ids = {order_item_id: line}
                    else:
                        acc.item_ids.setdefault(order_item_id, line)
                acc.items.append(OrderItemRecord(
                    order_item_id, raw_sku.strip() or None, raw_asin.strip() or None, title,
                    quantity, unit_price, line_price, currency, item_status))
                acc.lines.append(idx + 1)
                acc.raw.append(line)
        progress(total, total, "parsing")

        result = ParseResult(kind="orders", format=fmt, read=total - blank)
        append = result.orders.append
        n_status = names_of["order_status"] or names_of["item_status"]
        for acc in accs:
            bad_line = bad_orders.get(acc.oid) if bad_orders else None
            status = acc.status
            if bad_line is None and status is None:
                if actionable:
                    status = "PartiallyShipped" if acc.shipped_any else "Unshipped"
                else:
                    status = derive_order_status(i.item_status for i in acc.items)
                if status is None:
                    reason = "cannot tell the order status: no order-status and no known item-status"
                    if not skip_bad:
                        raise BadInput(reason, file=file, record=acc.first_line, field=n_status)
                    skipped.append(SkippedRecord(acc.first_line, n_status, reason))
                    bad_line = acc.first_line
                    acc.lines.remove(acc.first_line)
            if bad_line is not None:
                for ln in acc.lines:
                    skipped.append(SkippedRecord(
                        ln, None, f"order {acc.oid} skipped: its row on line {bad_line} is bad"))
                continue
            assert status is not None
            items = acc.items
            items_tuple: tuple[OrderItemRecord, ...]
            if len(items) == 1:
                order_total = items[0].line_price
                items_tuple = (items[0],)
            else:
                if len(set(acc.raw)) < len(acc.raw):    # drop exact duplicate rows' items
                    firsts = dict.fromkeys(acc.raw)
                    items = [item for item, raw in zip(items, acc.raw)
                             if firsts.pop(raw, False) is None]
                order_total = sum_prices([item.line_price for item in items])
                items_tuple = tuple(items)
            append(OrderRecord(
                acc.oid, acc.times[0], status, acc.channel, acc.marketplace,
                acc.sales_channel, acc.currency, order_total, acc.last_update, acc.buyer_name,
                acc.buyer_email, acc.latest_ship, acc.ship_service_level, items_tuple,
                tuple(acc.lines)))
        # Free the scaffolding while the collector is still off, so that the collection that
        # follows gc.enable() only has the result to look at.
        acc = None
        accs.clear()
        orders.clear()
        cat_cache.clear()
        del lines
    finally:
        if gc_was_enabled:
            gc.enable()
    skipped.sort(key=lambda s: s.line if isinstance(s.line, int) else 0)
    result.skipped = skipped
    return result
