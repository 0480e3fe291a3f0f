"""The offline order cache: bulk storing of order records, and reading orders back."""

from __future__ import annotations

import hashlib
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from warroom import clock
from warroom.records import OrderRecord
from warroom.storage.dialect import bulk_write, lock_table_for_writes, placeholder, placeholders
from warroom.storage.engine import Database
from warroom.storage.models import Order
from warroom.storage.types import db_datetime, db_datetime_converter, db_to_datetime
from warroom.storage.uow import UnitOfWork

ORDER_FIELDS = ("amazon_order_id", "purchase_date", "last_update", "status", "fulfillment_channel",
                "marketplace", "sales_channel", "currency", "total", "buyer_name", "buyer_email",
                "latest_ship_date", "ship_service_level")
ITEM_FIELDS = ("order_item_id", "sku", "asin", "title", "quantity", "unit_price", "line_price",
               "currency", "item_status")
CHUNK = 500


def content_hash(order_row: tuple[Any, ...], item_rows: list[tuple[Any, ...]]) -> str:
    """SHA-256 of the repr of the stored values: str, int and None only, so the repr is exact
    and deterministic (strings quoted, None distinct from 'None'), and it is fast."""
    return hashlib.sha256(repr((order_row, item_rows)).encode("utf-8", "surrogatepass")).hexdigest()


def _merge_items(new: list[tuple[Any, ...]], old: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """New items win; a field the new source does not know (None) keeps the cached value.
    An empty item list means "items unknown" (v0 getOrders), not "no items"."""
    if not new:
        return old
    by_id = {item[0]: item for item in old if item[0]}      # Amazon's order item id
    by_sku = {item[1]: item for item in old if item[1]}     # reports without item ids
    merged = []
    for item in new:
        before = (by_id.get(item[0]) if item[0] else None) or (by_sku.get(item[1]) if item[1] else None)
        merged.append(item if before is None else tuple(n if n is not None else o for n, o in zip(item, before)))
    return merged


_TIME_FIELDS = {"purchase_date", "last_update", "latest_ship_date"}


def _shown(field: str, value: Any) -> Any:
    return clock.iso(db_to_datetime(value)) if field in _TIME_FIELDS and value is not None else value


def store_orders(uow: UnitOfWork, records: Sequence[OrderRecord]) -> dict[str, Any]:
    """Insert new orders and update changed ones, through the driver (bulk).

    Returns ``{"inserted": [ids], "updated": [{"id", "amazon_order_id", "changes"}], "unchanged": n}``.
    An update merges: a field the new file does not know (None; an Unshipped report has no
    prices, a getOrders page no items) keeps the cached value.  An order whose merged values
    equal the cached ones is left alone.  Runs inside the caller's unit of work; the caller
    writes the audit entry."""
    conn = uow.connection
    dialect = conn.dialect.name
    prepared = []
    stamp = db_datetime_converter(dialect)
    for (key, purchase_date, status, channel, marketplace, sales_channel, currency, total, last_update,
         buyer_name, buyer_email, latest_ship_date, ship_service_level, record_items, _) in records:
        row = (key, stamp(purchase_date), stamp(last_update), status, channel, marketplace, sales_channel, currency,
               None if total is None else str(total), buyer_name, buyer_email, stamp(latest_ship_date),
               ship_service_level)
        items = [(item_id, sku, asin, title, quantity, None if unit_price is None else str(unit_price),
                  None if line_price is None else str(line_price), item_currency, item_status)
                 for item_id, sku, asin, title, quantity, unit_price, line_price, item_currency, item_status
                 in record_items]
        prepared.append((key, row, items, content_hash(row, items)))
    lock_table_for_writes(conn, "amazon_order")     # new ids are MAX(id) + 1...: no other writer meanwhile
    next_id = first_new_id = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM amazon_order").scalar_one()) + 1
    existing: dict[str, tuple[int, str]] = {}
    keys = [p[0] for p in prepared]
    if first_new_id - 1 <= 4 * len(keys):        # a small cache next to the file: read it whole
        wanted = set(keys)
        existing = {row[0]: (int(row[1]), row[2]) for row in conn.exec_driver_sql(
            "SELECT amazon_order_id, id, content_hash FROM amazon_order") if row[0] in wanted}
    else:
        for start in range(0, len(keys), CHUNK):
            part = keys[start:start + CHUNK]
            rows = conn.exec_driver_sql(
                "SELECT amazon_order_id, id, content_hash FROM amazon_order"
                f" WHERE amazon_order_id IN ({placeholders(conn, len(part))})", tuple(part)).all()
            existing.update({row[0]: (int(row[1]), row[2]) for row in rows})
    candidates = [existing[k][0] for k, _, _, digest in prepared if k in existing and existing[k][1] != digest]
    cached = _load_rows(conn, candidates)
    now = db_datetime(clock.now(), dialect)
    new_orders, new_items, updates, replaced = [], [], [], []
    inserted: list[int] = []
    updated: list[dict[str, Any]] = []
    unchanged = 0
    for key, row, items, digest in prepared:
        found = existing.get(key)
        if found is not None and found[1] == digest:
            unchanged += 1
            continue
        if found is None:
            order_id = next_id
            next_id += 1
            new_orders.append((order_id, *row, digest, now))
            inserted.append(order_id)
            existing[key] = (order_id, digest)
        else:
            order_id = found[0]
            old_row, old_items = cached[order_id]
            row = tuple(n if n is not None else o for n, o in zip(row, old_row))
            items = _merge_items(items, old_items)
            digest = content_hash(row, items)
            if digest == found[1]:
                unchanged += 1
                continue
            existing[key] = (order_id, digest)
            updates.append(row[1:] + (digest, now, order_id))
            replaced.append(order_id)
            changes: dict[str, list[Any] | dict[str, int]] = {
                f: [_shown(f, o), _shown(f, n)] for f, o, n in zip(ORDER_FIELDS, old_row, row) if o != n}
            if items != old_items:
                changes["items"] = {"before": len(old_items), "after": len(items)}
            updated.append({"id": order_id, "amazon_order_id": key, "changes": changes})
        new_items.extend([(order_id, *item) for item in items])
    mark = placeholder(conn)
    for start in range(0, len(replaced), CHUNK):
        ids = replaced[start:start + CHUNK]
        conn.exec_driver_sql(f"DELETE FROM order_item WHERE order_id IN ({placeholders(conn, len(ids))})", tuple(ids))
    if updates:
        sets = ", ".join(f"{f} = {mark}" for f in ORDER_FIELDS[1:] + ("content_hash", "imported_at"))
        conn.exec_driver_sql(f"UPDATE amazon_order SET {sets} WHERE id = {mark}", updates)
    # (after the deletes above, which use the order_item index)
    with bulk_write(conn, ("amazon_order", "order_item"), adding=len(new_orders), existing=first_new_id - 1):
        if new_orders:
            order_cols = ("id",) + ORDER_FIELDS + ("content_hash", "imported_at")
            conn.exec_driver_sql(f"INSERT INTO amazon_order ({', '.join(order_cols)}) "
                                 f"VALUES ({placeholders(conn, len(order_cols))})", new_orders)
        if new_items:
            item_cols = ("order_id",) + ITEM_FIELDS
            conn.exec_driver_sql(f"INSERT INTO order_item ({', '.join(item_cols)}) "
                                 f"VALUES ({placeholders(conn, len(item_cols))})", new_items)
    return {"inserted": inserted, "updated": updated, "unchanged": unchanged}


def _load_rows(conn: Any, ids: list[int]) -> dict[int, tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """Cached orders as stored (the same tuples store_orders builds)."""
    out: dict[int, tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        marks = placeholders(conn, len(part))
        for row in conn.exec_driver_sql(f"SELECT id, {', '.join(ORDER_FIELDS)} FROM amazon_order WHERE id IN ({marks})",
                                        tuple(part)):
            out[int(row[0])] = (tuple(row[1:]), [])
        for row in conn.exec_driver_sql(
                f"SELECT order_id, {', '.join(ITEM_FIELDS)} FROM order_item WHERE order_id IN ({marks}) ORDER BY id",
                tuple(part)):
            out[int(row[0])][1].append(tuple(row[1:]))
    return out


def order_dict(o: Order) -> dict[str, Any]:
    return {
        "id": o.id, "amazon_order_id": o.amazon_order_id, "purchase_date": clock.iso(o.purchase_date),
        "last_update": clock.iso(o.last_update), "status": o.status, "fulfillment_channel": o.fulfillment_channel,
        "marketplace": o.marketplace, "sales_channel": o.sales_channel, "currency": o.currency, "total": o.total,
        "buyer_name": o.buyer_name, "buyer_email": o.buyer_email,
        "latest_ship_date": clock.iso(o.latest_ship_date), "ship_service_level": o.ship_service_level,
        "items": [{"sku": i.sku, "asin": i.asin, "title": i.title, "quantity": i.quantity,
                   "unit_price": i.unit_price, "line_price": i.line_price, "currency": i.currency,
                   "item_status": i.item_status, "order_item_id": i.order_item_id} for i in o.items],
    }


def list_orders(db: Database, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Cached orders, newest first."""
    query = select(Order).options(selectinload(Order.items)).order_by(Order.purchase_date.desc(), Order.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with UnitOfWork(db, write=False) as uow:
        return [order_dict(o) for o in uow.session.scalars(query)]


def get_order(db: Database, amazon_order_id: str) -> dict[str, Any] | None:
    with UnitOfWork(db, write=False) as uow:
        o = uow.session.scalar(select(Order).where(Order.amazon_order_id == amazon_order_id)
                               .options(selectinload(Order.items)))
        return order_dict(o) if o else None
