"""SP-API Orders JSON (v0 and 2026-01-01) -> order records.

Accepted response bodies (the file holds one body, a JSON array of bodies, or the SP-API
models' sandbox wrappers ``{"request": ..., "response": <body>}`` in a list, alone, or grouped
in an object of lists keyed by operation, as in the shared fixture files):

* v0 ``getOrders``: ``{"payload": {"Orders": [Order, ...], "NextToken": ...}}``
* v0 ``getOrder``: ``{"payload": Order}``
* v0 ``getOrderItems``: ``{"payload": {"AmazonOrderId": id, "OrderItems": [...]}}``
* v0 ``getOrderBuyerInfo``: ``{"payload": {"AmazonOrderId": id, "BuyerEmail", "BuyerName"}}``
* 2026-01-01 ``searchOrders``: ``{"orders": [Order, ...], "pagination": {...}}``
* 2026-01-01 ``getOrder``: ``{"order": Order}``
* error responses: ``{"errors": [{"code", "message"}, ...]}``

A bare Order object (v0 or 2026) or an array of them is accepted too.

**Records.**  One record is one order object (v0 or 2026, with its embedded 2026 items), one
v0 order-item object from a getOrderItems body, one buyer-info body, one error body or one body
of an unsupported kind (getOrderAddress, getOrderItemsBuyerInfo).  Records are numbered from 1
in file order; ``OrderRecord.source_lines`` holds those numbers, and a skipped record's
``line`` is the label ``"<number> (<JSON path>)"``.

**getOrderItems and buyer-info bodies only complete an order whose header (getOrder, getOrders,
or a 2026 order) is in the same file**: an OrderRecord needs the purchase date, status and
channel that only the header has.  Items or buyer info for an order without a header in the
file are bad records; a file with no order header at all is refused as a whole (import the
getOrder/getOrders response first, or put both responses in one JSON array).  Conversely a v0
order whose getOrderItems body is not in the file comes with ``items == ()`` and
``total is None``: its items are *unknown*, not absent (a store should not wipe items it
already has because of such a record).

**Prices.**  v0 ``ItemPrice`` is the line (extended) price: ``unit_price = ItemPrice /
QuantityOrdered`` (None when the quantity is 0).  2026 ``product.price.unitPrice`` is the unit
price: ``line_price = unitPrice * quantityOrdered``.  ``total`` is the sum of the line prices
(None when an order has no items in the file or any line price is unknown); the order currency is
``OrderTotal``'s (v0) or ``proceeds.grandTotal``'s (2026), else the first item's; payment
execution details are ignored.

**Duplicates.**  The same order in several records (NextToken pages overlap, getOrders plus
getOrder): an identical record adds nothing; a different one is merged, the record with the
newer last-update time winning each field it has.  An order item seen twice with different
values is a bad record.  Error bodies and unsupported bodies are bad records; a file holding
only error bodies is refused as a whole.

Bad records follow the same rule as report rows: without ``skip_bad`` the first (in file
order) raises :class:`BadInput`; with it, every record of an order that has a bad record is
skipped, so no partial order is returned, and ``read == accepted + len(skipped)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from warroom.domain.orders import (
    ORDER_ID_RE,
    clip_title,
    line_price_from_unit,
    marketplace_from_id,
    marketplace_from_sales_channel,
    normalize_fulfillment_channel,
    normalize_order_status,
    order_total,
    parse_money,
    parse_timestamp,
    unit_price_from_line,
)
from warroom.errors import BadInput
from warroom.progress import Progress
from warroom.records import OrderItemRecord, OrderRecord, ParseResult, SkippedRecord

PROGRESS_EVERY = 1000
MAX_FIELD_CHARS = 500
MAX_QUANTITY_DIGITS = 9
MAX_AMOUNT_DIGITS = 24          # an amount as a JSON number: as many digits as one written as text
MAX_JSON_INT_CHARS = 64         # longer JSON integers are read as Decimal (see _parse_int)

V0 = "spapi-v0"
V2026 = "spapi-2026-01-01"
MIXED = "spapi-mixed"

_V0_ORDER, _V26_ORDER, _V0_ITEM, _V0_BUYER, _ERROR, _UNKNOWN = (
    "v0-order", "2026-order", "v0-item", "v0-buyer", "error", "unknown")


class _RecError(Exception):
    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(slots=True)
class _Rec:
    num: int
    path: str
    kind: str
    data: Any
    order_id: str | None = None     # for items and buyer info: the payload's AmazonOrderId

    @property
    def label(self) -> str:
        return f"{self.num} ({self.path})"


@dataclass(slots=True)
class _Header:
    """Order-level values parsed from one order record."""

    oid: str
    purchase_date: datetime
    status: str
    channel: str
    sales_channel: str | None
    marketplace: str | None
    currency: str | None
    last_update: datetime | None
    buyer_name: str | None
    buyer_email: str | None
    latest_ship: datetime | None
    ship_service_level: str | None
    items: list[OrderItemRecord] | None     # embedded items (2026), None for v0


@dataclass(slots=True)
class _Draft:
    header: _Header
    raws: list[Any]
    items: dict[str, OrderItemRecord] = field(default_factory=dict)
    nums: list[int] = field(default_factory=list)


_MERGED_FIELDS = ("purchase_date", "status", "channel", "sales_channel", "marketplace",
                  "currency", "last_update", "buyer_name", "buyer_email", "latest_ship",
                  "ship_service_level")


def _parse_int(text: str) -> int | Decimal:
    """A JSON integer: a Python int, or a Decimal when it is too long to be a sane number
    (Python refuses ``int()`` of more than 4,300 digits; a field check then names it)."""
    return int(text) if len(text) <= MAX_JSON_INT_CHARS else Decimal(text)


def load_json(text: str, file: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise BadInput(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                       file=file) from None
    except RecursionError:
        raise BadInput("invalid JSON: nested too deeply", file=file) from None


def parse_json(doc: Any, file: str, *, skip_bad: bool, progress: Progress) -> ParseResult:
    """Parse a loaded SP-API Orders JSON document (see the module docstring)."""
    records: list[_Rec] = []
    _walk_top(doc, records)
    kinds = {r.kind for r in records}
    if not kinds & {_V0_ORDER, _V26_ORDER}:
        if _V0_ITEM in kinds or _V0_BUYER in kinds:
            ids = sorted({r.order_id for r in records if r.order_id})
            which = ", ".join(ids[:3]) + (" ..." if len(ids) > 3 else "") if ids else "?"
            raise BadInput(
                f"getOrderItems/getOrderBuyerInfo payload has no order header (order {which}): "
                f"import the getOrder or getOrders response first, or put both responses in "
                f"one JSON array", file=file)
        if _ERROR in kinds:
            first = next(r for r in records if r.kind == _ERROR)
            raise BadInput(f"the file holds only SP-API error responses "
                           f"({_error_text(first.data)})", file=file)
        what = next((_describe(r.data) for r in records if r.kind == _UNKNOWN), "")
        raise BadInput(f"JSON holds no SP-API orders{what}: expected getOrders "
                       "{payload: {Orders: [...]}}, getOrder {payload: {AmazonOrderId, ...}}, "
                       "getOrderItems {payload: {AmazonOrderId, OrderItems: [...]}}, or the "
                       "2026-01-01 {orders: [...]} / {order: {...}}", file=file)

    total = len(records)
    problems: list[tuple[int, _Rec, str | None, str]] = []
    bad_orders: dict[str, int] = {}
    drafts: dict[str, _Draft] = {}

    def problem(rec: _Rec, fld: str | None, reason: str, oid: str | None) -> None:
        problems.append((rec.num, rec, fld, reason))
        if oid is not None and (oid not in bad_orders or rec.num < bad_orders[oid]):
            bad_orders[oid] = rec.num

    # pass 1: order headers (items may precede their header in the file)
    for n, rec in enumerate(records, 1):
        if n % PROGRESS_EVERY == 0:
            progress(n, total, "parsing")
        if rec.kind not in (_V0_ORDER, _V26_ORDER):
            continue
        oid = _peek_order_id(rec)
        try:
            header = _v0_order(rec.data) if rec.kind == _V0_ORDER else _v2026_order(rec.data)
        except _RecError as exc:
            problem(rec, exc.field, exc.reason, oid)
            continue
        draft = drafts.get(header.oid)
        try:
            if draft is None:
                draft = drafts[header.oid] = _Draft(header, [rec.data])
                if header.items is not None:
                    _add_items(draft, header.items)
            elif any(rec.data == raw for raw in draft.raws):
                pass                                        # identical duplicate
            else:
                draft.raws.append(rec.data)
                _merge(draft, header)
        except _RecError as exc:
            problem(rec, exc.field, exc.reason, header.oid)
            continue
        draft.nums.append(rec.num)

    # pass 2: items, buyer info, errors and unsupported bodies
    for rec in records:
        if rec.kind in (_V0_ORDER, _V26_ORDER):
            continue
        if rec.kind == _ERROR:
            problem(rec, "errors", f"SP-API error response ({_error_text(rec.data)})", None)
            continue
        if rec.kind == _UNKNOWN:
            problem(rec, None, "unsupported JSON body (not an order, order items or buyer "
                               "info)", None)
            continue
        oid = rec.order_id
        if oid is None or not ORDER_ID_RE.fullmatch(oid):
            problem(rec, "AmazonOrderId", f"invalid order id {_short(oid)}", None)
            continue
        draft = drafts.get(oid)
        if draft is None:
            if oid in bad_orders:
                problem(rec, None, f"order {oid} skipped: its record "
                                   f"{records[bad_orders[oid] - 1].label} is bad", oid)
            else:
                problem(rec, "AmazonOrderId", f"no order header for {oid} in this file (import "
                                              f"its getOrder/getOrders response too)", oid)
            continue
        try:
            if rec.kind == _V0_ITEM:
                _add_items(draft, [_v0_item(rec.data)])
            else:
                _add_buyer(draft, rec.data)
        except _RecError as exc:
            problem(rec, exc.field, exc.reason, oid)
            continue
        draft.nums.append(rec.num)
    progress(total, total, "parsing")

    if problems and not skip_bad:
        _, rec, fld, reason = min(problems, key=lambda p: p[0])
        raise BadInput(reason, file=file, record=rec.label, field=fld)

    by_num = {r.num: r for r in records}
    skipped: list[tuple[int, SkippedRecord]] = [
        (num, SkippedRecord(rec.label, fld, reason)) for num, rec, fld, reason in problems]
    kinds_used = {r.kind for r in records}
    result = ParseResult(
        kind="orders",
        format=MIXED if {_V0_ORDER, _V26_ORDER} <= kinds_used
        else (V2026 if _V26_ORDER in kinds_used else V0),
        read=total,
    )
    for oid, draft in drafts.items():
        bad = bad_orders.get(oid)
        if bad is not None:
            bad_label = by_num[bad].label
            for num in draft.nums:
                skipped.append((num, SkippedRecord(
                    by_num[num].label, None,
                    f"order {oid} skipped: its record {bad_label} is bad")))
            continue
        h = draft.header
        items = tuple(draft.items.values())
        currency = h.currency or next((i.currency for i in items if i.currency), None)
        result.orders.append(OrderRecord(
            amazon_order_id=h.oid,
            purchase_date=h.purchase_date,
            status=h.status,
            fulfillment_channel=h.channel,
            marketplace=h.marketplace,
            sales_channel=h.sales_channel,
            currency=currency,
            total=order_total(i.line_price for i in items) if items else None,
            last_update=h.last_update,
            buyer_name=h.buyer_name,
            buyer_email=h.buyer_email,
            latest_ship_date=h.latest_ship,
            ship_service_level=h.ship_service_level,
            items=items,
            source_lines=tuple(sorted(draft.nums)),
        ))
    skipped.sort(key=lambda pair: pair[0])
    result.skipped = [s for _, s in skipped]
    return result


# ------------------------------------------------------------------------ walking bodies

def _walk_top(doc: Any, out: list[_Rec]) -> None:
    if isinstance(doc, list):
        for i, element in enumerate(doc):
            _walk_element(element, f"[{i}]", out)
    elif isinstance(doc, dict):
        if _is_wrapper(doc) or _is_body(doc):
            _walk_element(doc, "$", out)
        elif doc and all(isinstance(v, list) for v in doc.values()):
            for key, value in doc.items():           # {operationId: [wrapper, ...]}
                for i, element in enumerate(value):
                    _walk_element(element, f"{key}[{i}]", out)
        # anything else: no record; parse_json refuses the file


def _is_wrapper(node: Any) -> bool:
    return (isinstance(node, dict) and isinstance(node.get("response"), dict)
            and not _is_body(node))


def _is_body(node: dict[str, Any]) -> bool:
    return (isinstance(node.get("payload"), dict) or isinstance(node.get("orders"), list)
            or isinstance(node.get("order"), dict) or isinstance(node.get("errors"), list)
            or "AmazonOrderId" in node or "orderId" in node)


def _walk_element(node: Any, path: str, out: list[_Rec]) -> None:
    if _is_wrapper(node):
        _body(node["response"], f"{path}.response", out)
    else:
        _body(node, path, out)


def _add(out: list[_Rec], path: str, kind: str, data: Any, order_id: str | None = None) -> None:
    out.append(_Rec(len(out) + 1, path, kind, data, order_id))


def _body(body: Any, path: str, out: list[_Rec]) -> None:
    if not isinstance(body, dict):
        _add(out, path, _UNKNOWN, body)
        return
    payload = body.get("payload")
    if isinstance(payload, dict):
        ppath = f"{path}.payload"
        orders = payload.get("Orders")
        items = payload.get("OrderItems")
        if isinstance(orders, list):
            for i, order in enumerate(orders):
                _add(out, f"{ppath}.Orders[{i}]", _V0_ORDER, order)
        elif isinstance(items, list):
            oid = payload.get("AmazonOrderId")
            oid = oid.strip() if isinstance(oid, str) else None
            if items and all(isinstance(it, dict) and "QuantityOrdered" not in it
                             and "ASIN" not in it for it in items):
                _add(out, ppath, _UNKNOWN, payload, oid)     # getOrderItemsBuyerInfo
                return
            for i, item in enumerate(items):
                _add(out, f"{ppath}.OrderItems[{i}]", _V0_ITEM, item, oid)
        elif "PurchaseDate" in payload or "OrderStatus" in payload:
            _add(out, ppath, _V0_ORDER, payload)
        elif "AmazonOrderId" in payload and ("BuyerEmail" in payload or "BuyerName" in payload):
            oid = payload.get("AmazonOrderId")
            _add(out, ppath, _V0_BUYER, payload, oid.strip() if isinstance(oid, str) else None)
        else:
            _add(out, ppath, _UNKNOWN, payload)
        return
    if isinstance(body.get("orders"), list):
        for i, order in enumerate(body["orders"]):
            _add(out, f"{path}.orders[{i}]", _V26_ORDER, order)
        return
    if isinstance(body.get("order"), dict):
        _add(out, f"{path}.order", _V26_ORDER, body["order"])
        return
    if isinstance(body.get("errors"), list):
        _add(out, path, _ERROR, body)
        return
    if "AmazonOrderId" in body and ("PurchaseDate" in body or "OrderStatus" in body):
        _add(out, path, _V0_ORDER, body)
        return
    if "orderId" in body and ("createdTime" in body or "orderItems" in body):
        _add(out, path, _V26_ORDER, body)
        return
    _add(out, path, _UNKNOWN, body)


def _describe(data: Any) -> str:
    """A hint naming a known SP-API body that carries no order data this importer stores."""
    if isinstance(data, dict):
        if "ShippingAddress" in data:
            return " (it is a getOrderAddress response: a shipping address only)"
        if isinstance(data.get("OrderItems"), list):
            return (" (it is a getOrderItemsBuyerInfo response: gift and customization "
                    "details only)")
    return ""


def _error_text(body: Any) -> str:
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = errors[0].get("code")
        message = errors[0].get("message")
        return _short_text(f"{code}: {message}")
    return "no details"


# ------------------------------------------------------------------------ field helpers

def _short(value: object, limit: int = 40) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<a number of about {int(value.bit_length() * 0.30103)} digits>"  # repr() may refuse
    text = str(value) if isinstance(value, Decimal) else repr(value)     # the number as written
    if isinstance(value, Decimal) and len(text) > limit:
        return f"{text[: limit - 20]}... ({len(value.as_tuple().digits)} digits)"
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _short_text(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _obj(d: dict[str, Any], key: str, name: str) -> dict[str, Any] | None:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _RecError(name, f"expected an object, found {type(value).__name__}")
    return value


def _text(d: dict[str, Any] | None, key: str, name: str, *, required: bool = False) -> str | None:
    value = None if d is None else d.get(key)
    if value is None:
        if required:
            raise _RecError(name, "missing required value")
        return None
    if not isinstance(value, str):
        raise _RecError(name, f"expected a string, found {type(value).__name__}")
    value = value.strip()
    if not value:
        if required:
            raise _RecError(name, "empty required value")
        return None
    if len(value) > MAX_FIELD_CHARS:
        raise _RecError(name, f"value too long ({len(value)} characters)")
    return value


def _title(d: dict[str, Any] | None, key: str, name: str) -> str | None:
    value = None if d is None else d.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _RecError(name, f"expected a string, found {type(value).__name__}")
    return clip_title(value)


def _order_id(d: dict[str, Any], key: str) -> str:
    value = _text(d, key, key, required=True)
    assert value is not None
    if not ORDER_ID_RE.fullmatch(value):
        raise _RecError(key, f"invalid order id {_short(value)} (expected 3-7-7 digits, like "
                             f"123-1234567-1234567)")
    return value


def _time(d: dict[str, Any] | None, key: str, name: str, *, required: bool = False) -> datetime | None:
    value = None if d is None else d.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _RecError(name, "missing required value")
        return None
    if not isinstance(value, (str, int, Decimal)) or isinstance(value, bool):
        raise _RecError(name, f"expected a timestamp, found {type(value).__name__}")
    try:
        return parse_timestamp(value)
    except ValueError:
        raise _RecError(name, f"invalid timestamp {_short(value)}") from None


def _quantity(d: dict[str, Any], key: str, name: str) -> int:
    value = d.get(key)
    if isinstance(value, bool) or value is None:
        raise _RecError(name, "missing required value" if value is None
                        else f"invalid quantity {value!r}")
    if isinstance(value, int):
        quantity = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        digits = value.strip().lstrip("0") or "0"
        if len(digits) > MAX_QUANTITY_DIGITS:           # int() of 5,000 digits is refused
            raise _RecError(name, f"invalid quantity {_short(value)} (more than "
                                  f"{MAX_QUANTITY_DIGITS} digits)")
        quantity = int(digits)
    elif (isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()
          and value.adjusted() < MAX_QUANTITY_DIGITS):   # int(1E999999999) would never end
        quantity = int(value)
    else:
        raise _RecError(name, f"invalid quantity {_short(value)}")
    if not 0 <= quantity < 10 ** MAX_QUANTITY_DIGITS:
        raise _RecError(name, f"invalid quantity {_short(quantity)}")
    return quantity


def _money(d: dict[str, Any] | None, key: str, name: str,
           amount_key: str, currency_key: str) -> tuple[Decimal | None, str | None]:
    money = None if d is None else _obj(d, key, name)
    if money is None:
        return None, None
    raw = money.get(amount_key)
    amount: Decimal | None
    if raw is None or isinstance(raw, bool):
        if isinstance(raw, bool):
            raise _RecError(f"{name}.{amount_key}", f"invalid amount {raw!r}")
        amount = None
    elif isinstance(raw, str):
        try:
            amount = parse_money(raw)
        except ValueError:
            raise _RecError(f"{name}.{amount_key}", f"invalid amount {_short(raw)}") from None
    elif isinstance(raw, (int, Decimal)):
        amount = Decimal(raw)
        # a JSON number follows the rule of an amount written as text (parse_money: at most
        # 24 characters, no exponent); 1E999999999 or 5,000 digits is refused, not stored
        if (not amount.is_finite() or amount.adjusted() > MAX_AMOUNT_DIGITS
                or amount.as_tuple().exponent < -MAX_AMOUNT_DIGITS):   # type: ignore[operator]
            raise _RecError(f"{name}.{amount_key}", f"invalid amount {_short(raw)}")
        try:
            amount = parse_money(format(amount, "f"))
        except ValueError:
            raise _RecError(f"{name}.{amount_key}", f"invalid amount {_short(raw)}") from None
    else:
        raise _RecError(f"{name}.{amount_key}", f"invalid amount {_short(raw)}")
    return amount, _currency(money, currency_key, f"{name}.{currency_key}")


def _currency(d: dict[str, Any] | None, key: str, name: str) -> str | None:
    value = _text(d, key, name)
    if value is None:
        return None
    value = value.upper()
    if not (len(value) == 3 and value.isalpha() and value.isascii()):
        raise _RecError(name, f"invalid currency code {_short(value)}")
    return value


def _status(raw: str | None, name: str) -> str:
    if raw is None:
        raise _RecError(name, "missing required value")
    status = normalize_order_status(raw)
    if status is None:
        raise _RecError(name, f"unknown order status {_short(raw)}")
    return status


def _channel(raw: str | None, name: str) -> str:
    if raw is None:
        raise _RecError(name, "missing required value")
    channel = normalize_fulfillment_channel(raw)
    if channel is None:
        raise _RecError(name, f"unknown fulfillment channel {_short(raw)}")
    return channel


def _peek_order_id(rec: _Rec) -> str | None:
    """The record's order id if it is a valid one (to skip the whole order when bad)."""
    if not isinstance(rec.data, dict):
        return None
    value = rec.data.get("AmazonOrderId" if rec.kind == _V0_ORDER else "orderId")
    if isinstance(value, str) and ORDER_ID_RE.fullmatch(value.strip()):
        return value.strip()
    return None


# ------------------------------------------------------------------------ v0

def _v0_order(o: Any) -> _Header:
    if not isinstance(o, dict):
        raise _RecError(None, f"expected an Order object, found {type(o).__name__}")
    oid = _order_id(o, "AmazonOrderId")
    purchase_date = _time(o, "PurchaseDate", "PurchaseDate", required=True)
    assert purchase_date is not None
    sales_channel = _text(o, "SalesChannel", "SalesChannel")
    marketplace = (marketplace_from_id(_text(o, "MarketplaceId", "MarketplaceId"))
                   or marketplace_from_sales_channel(sales_channel))
    _, currency = _money(o, "OrderTotal", "OrderTotal", "Amount", "CurrencyCode")
    buyer = _obj(o, "BuyerInfo", "BuyerInfo")
    buyer_name = _text(buyer, "BuyerName", "BuyerInfo.BuyerName") or _text(o, "BuyerName", "BuyerName")
    buyer_email = (_text(buyer, "BuyerEmail", "BuyerInfo.BuyerEmail")
                   or _text(o, "BuyerEmail", "BuyerEmail"))
    return _Header(
        oid=oid,
        purchase_date=purchase_date,
        status=_status(_text(o, "OrderStatus", "OrderStatus"), "OrderStatus"),
        channel=_channel(_text(o, "FulfillmentChannel", "FulfillmentChannel"),
                         "FulfillmentChannel"),
        sales_channel=sales_channel,
        marketplace=marketplace,
        currency=currency,
        last_update=_time(o, "LastUpdateDate", "LastUpdateDate"),
        buyer_name=buyer_name,
        buyer_email=buyer_email,
        latest_ship=_time(o, "LatestShipDate", "LatestShipDate"),
        ship_service_level=_text(o, "ShipServiceLevel", "ShipServiceLevel"),
        items=None,
    )


def _v0_item(it: Any) -> OrderItemRecord:
    if not isinstance(it, dict):
        raise _RecError(None, f"expected an OrderItem object, found {type(it).__name__}")
    quantity = _quantity(it, "QuantityOrdered", "QuantityOrdered")
    line_price, currency = _money(it, "ItemPrice", "ItemPrice", "Amount", "CurrencyCode")
    return OrderItemRecord(
        order_item_id=_text(it, "OrderItemId", "OrderItemId", required=True),
        sku=_text(it, "SellerSKU", "SellerSKU"),
        asin=_text(it, "ASIN", "ASIN"),
        title=_title(it, "Title", "Title"),
        quantity=quantity,
        unit_price=unit_price_from_line(line_price, quantity),
        line_price=line_price,
        currency=currency,
        item_status=None,
    )


def _add_buyer(draft: _Draft, payload: dict[str, Any]) -> None:
    name = _text(payload, "BuyerName", "BuyerName")
    email = _text(payload, "BuyerEmail", "BuyerEmail")
    if name is not None:
        draft.header.buyer_name = name
    if email is not None:
        draft.header.buyer_email = email


# ------------------------------------------------------------------------ 2026-01-01

def _v2026_order(o: Any) -> _Header:
    if not isinstance(o, dict):
        raise _RecError(None, f"expected an Order object, found {type(o).__name__}")
    oid = _order_id(o, "orderId")
    purchase_date = _time(o, "createdTime", "createdTime", required=True)
    assert purchase_date is not None
    channel_block = _obj(o, "salesChannel", "salesChannel")
    marketplace_name = _text(channel_block, "marketplaceName", "salesChannel.marketplaceName")
    channel_name = _text(channel_block, "channelName", "salesChannel.channelName")
    sales_channel = marketplace_name or ("Non-Amazon" if channel_name == "NON_AMAZON" else None)
    marketplace = (marketplace_from_id(_text(channel_block, "marketplaceId",
                                             "salesChannel.marketplaceId"))
                   or marketplace_from_sales_channel(marketplace_name))
    fulfillment = _obj(o, "fulfillment", "fulfillment")
    if fulfillment is None:
        raise _RecError("fulfillment", "no fulfillment block (request the order with "
                                       "includedData=FULFILLMENT): status unknown")
    status = _status(_text(fulfillment, "fulfillmentStatus", "fulfillment.fulfillmentStatus"),
                     "fulfillment.fulfillmentStatus")
    channel = _channel(_text(fulfillment, "fulfilledBy", "fulfillment.fulfilledBy"),
                       "fulfillment.fulfilledBy")
    ship_window = _obj(fulfillment, "shipByWindow", "fulfillment.shipByWindow")
    buyer = _obj(o, "buyer", "buyer")
    proceeds = _obj(o, "proceeds", "proceeds")
    _, currency = _money(proceeds, "grandTotal", "proceeds.grandTotal", "amount", "currencyCode")
    raw_items = o.get("orderItems")
    if raw_items is None:
        raw_items = []
    if not isinstance(raw_items, list):
        raise _RecError("orderItems", f"expected an array, found {type(raw_items).__name__}")
    items = [_v2026_item(it, f"orderItems[{i}]") for i, it in enumerate(raw_items)]
    return _Header(
        oid=oid,
        purchase_date=purchase_date,
        status=status,
        channel=channel,
        sales_channel=sales_channel,
        marketplace=marketplace,
        currency=currency,
        last_update=_time(o, "lastUpdatedTime", "lastUpdatedTime"),
        buyer_name=_text(buyer, "buyerName", "buyer.buyerName"),
        buyer_email=_text(buyer, "buyerEmail", "buyer.buyerEmail"),
        latest_ship=_time(ship_window, "latestDateTime", "fulfillment.shipByWindow.latestDateTime"),
        ship_service_level=_text(fulfillment, "fulfillmentServiceLevel",
                                 "fulfillment.fulfillmentServiceLevel"),
        items=items,
    )


def _v2026_item(it: Any, path: str) -> OrderItemRecord:
    if not isinstance(it, dict):
        raise _RecError(path, f"expected an OrderItem object, found {type(it).__name__}")
    quantity = _quantity(it, "quantityOrdered", f"{path}.quantityOrdered")
    product = _obj(it, "product", f"{path}.product")
    price = _obj(product, "price", f"{path}.product.price") if product is not None else None
    unit_price, currency = _money(price, "unitPrice", f"{path}.product.price.unitPrice",
                                  "amount", "currencyCode")
    return OrderItemRecord(
        order_item_id=_text(it, "orderItemId", f"{path}.orderItemId", required=True),
        sku=_text(product, "sellerSku", f"{path}.product.sellerSku"),
        asin=_text(product, "asin", f"{path}.product.asin"),
        title=_title(product, "title", f"{path}.product.title"),
        quantity=quantity,
        unit_price=unit_price,
        line_price=line_price_from_unit(unit_price, quantity),
        currency=currency,
        item_status=None,
    )


# ------------------------------------------------------------------------ merging

def _add_items(draft: _Draft, items: list[OrderItemRecord]) -> None:
    for item in items:
        key = item.order_item_id or f"#{len(draft.items)}"
        existing = draft.items.get(key)
        if existing is None:
            draft.items[key] = item
        elif existing != item:
            raise _RecError("OrderItemId", f"order item {key} appears twice with different "
                                           f"values")


def _merge(draft: _Draft, new: _Header) -> None:
    """Merge another, different record of the same order: the newer record wins."""
    old = draft.header
    newer = (new.last_update is not None
             and (old.last_update is None or new.last_update >= old.last_update))
    for name in _MERGED_FIELDS:
        value = getattr(new, name)
        if value is not None and (newer or getattr(old, name) is None):
            setattr(old, name, value)
    if new.items is not None and (newer or not draft.items):
        draft.items = {}
        _add_items(draft, new.items)
