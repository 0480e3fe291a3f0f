"""The offline order cache: bulk storing of order records, and reading orders back."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from warroom import clock
from warroom.records import OrderRecord
from warroom.storage.engine import Database
from warroom.storage.models import Order
from warroom.storage.types import db_datetime, db_to_datetime
from warroom.storage.uow import UnitOfWork

ORDER_FIELDS = ("amazon_order_id", "purchase_date", "last_update", "status", "fulfillment_channel",
                "marketplace", "sales_channel", "currency", "total", "buyer_name", "buyer_email",
                "latest_ship_date", "ship_service_level")
ITEM_FIELDS = ("order_item_id", "sku", "asin", "title", "quantity", "unit_price", "line_price",
               "currency", "item_status")
CHUNK = 500


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _order_values(r: OrderRecord) -> dict[str, Any]:
    return {"amazon_order_id": r.amazon_order_id, "purchase_date": clock.iso(r.purchase_date),
            "last_update": clock.iso(r.last_update), "status": r.status,
            "fulfillment_channel": r.fulfillment_channel, "marketplace": r.marketplace,
            "sales_channel": r.sales_channel, "currency": r.currency, "total": _money(r.total),
            "buyer_name": r.buyer_name, "buyer_email": r.buyer_email,
            "latest_ship_date": clock.iso(r.latest_ship_date), "ship_service_level": r.ship_service_level}


def _item_values(r: OrderRecord) -> list[dict[str, Any]]:
    return [{"order_item_id": i.order_item_id, "sku": i.sku, "asin": i.asin, "title": i.title,
             "quantity": i.quantity, "unit_price": _money(i.unit_price), "line_price": _money(i.line_price),
             "currency": i.currency, "item_status": i.item_status} for i in r.items]


def content_hash(order_row: tuple[Any, ...], item_rows: list[tuple[Any, ...]]) -> str:
    """SHA-256 of the repr of the stored values: str, int and None only, so the repr is exact
    and deterministic (strings quoted, None distinct from 'None'), and it is fast."""
    return hashlib.sha256(repr((order_row, item_rows)).encode("utf-8", "surrogatepass")).hexdigest()


def _ph(conn: Any, n: int) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * n)


def store_orders(uow: UnitOfWork, records: Sequence[OrderRecord]) -> dict[str, Any]:
    """Insert new orders and update changed ones, through the driver (bulk).

    Returns ``{"inserted": [ids], "updated": [{"id", "amazon_order_id", "changes"}], "unchanged": n}``.
    An order whose stored fields and items are identical is left alone.  Runs inside the
    caller's unit of work; the caller writes the audit entry."""
    conn = uow.connection
    dialect = conn.dialect.name
    prepared = []
    for r in records:
        row = (r.amazon_order_id, db_datetime(r.purchase_date, dialect), db_datetime(r.last_update, dialect),
               r.status, r.fulfillment_channel, r.marketplace, r.sales_channel, r.currency, _money(r.total),
               r.buyer_name, r.buyer_email, db_datetime(r.latest_ship_date, dialect), r.ship_service_level)
        items = [(i.order_item_id, i.sku, i.asin, i.title, i.quantity, _money(i.unit_price), _money(i.line_price),
                  i.currency, i.item_status) for i in r.items]
        prepared.append((r, row, items, content_hash(row, items)))
    existing: dict[str, tuple[int, str]] = {}
    keys = [p[0].amazon_order_id for p in prepared]
    for start in range(0, len(keys), CHUNK):
        part = keys[start:start + CHUNK]
        rows = conn.exec_driver_sql(
            f"SELECT amazon_order_id, id, content_hash FROM amazon_order WHERE amazon_order_id IN ({_ph(conn, len(part))})",
            tuple(part)).all()
        existing.update({row[0]: (int(row[1]), row[2]) for row in rows})
    next_id = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM amazon_order").scalar_one()) + 1
    now = db_datetime(clock.now(), dialect)
    new_orders, new_items, updates, changed_ids = [], [], [], []
    inserted: list[int] = []
    updated: list[dict[str, Any]] = []
    unchanged = 0
    for r, row, items, digest in prepared:
        found = existing.get(r.amazon_order_id)
        if found is not None and found[1] == digest:
            unchanged += 1
            continue
        stored = row + (digest, now)
        if found is None:
            order_id = next_id
            next_id += 1
            new_orders.append((order_id,) + stored)
            inserted.append(order_id)
            existing[r.amazon_order_id] = (order_id, digest)
        else:
            order_id = found[0]
            updates.append(stored[1:] + (order_id,))
            changed_ids.append((order_id, r.amazon_order_id, _order_values(r), _item_values(r)))
        for item in items:
            new_items.append((order_id,) + item)
    if changed_ids:
        old = _load_orders_for_diff(conn, [c[0] for c in changed_ids])
        for order_id, amazon_id, values, items in changed_ids:
            before = old.get(order_id, ({}, []))
            changes = {k: [before[0].get(k), v] for k, v in values.items() if before[0].get(k) != v}
            if before[1] != items:
                changes["items"] = [len(before[1]), len(items)]
            updated.append({"id": order_id, "amazon_order_id": amazon_id, "changes": changes})
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        ids = [c[0] for c in changed_ids]
        for start in range(0, len(ids), CHUNK):
            part = ids[start:start + CHUNK]
            conn.exec_driver_sql(f"DELETE FROM order_item WHERE order_id IN ({_ph(conn, len(part))})", tuple(part))
        sets = ", ".join(f"{f} = {mark}" for f in ORDER_FIELDS[1:] + ("content_hash", "imported_at"))
        conn.exec_driver_sql(f"UPDATE amazon_order SET {sets} WHERE id = {mark}", updates)
    if new_orders:
        cols = ("id",) + ORDER_FIELDS + ("content_hash", "imported_at")
        conn.exec_driver_sql(f"INSERT INTO amazon_order ({', '.join(cols)}) VALUES ({_ph(conn, len(cols))})",
                             new_orders)
    if new_items:
        cols = ("order_id",) + ITEM_FIELDS
        conn.exec_driver_sql(f"INSERT INTO order_item ({', '.join(cols)}) VALUES ({_ph(conn, len(cols))})",
                             new_items)
    return {"inserted": inserted, "updated": updated, "unchanged": unchanged}


def _load_orders_for_diff(conn: Any, ids: list[int]) -> dict[int, tuple[dict[str, Any], list[dict[str, Any]]]]:
    out: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        marks = _ph(conn, len(part))
        for row in conn.exec_driver_sql(f"SELECT id, {', '.join(ORDER_FIELDS)} FROM amazon_order WHERE id IN ({marks})",
                                        tuple(part)):
            values = dict(zip(ORDER_FIELDS, row[1:]))
            for k in ("purchase_date", "last_update", "latest_ship_date"):
                values[k] = clock.iso(db_to_datetime(values[k]))
            out[int(row[0])] = (values, [])
        for row in conn.exec_driver_sql(
                f"SELECT order_id, {', '.join(ITEM_FIELDS)} FROM order_item WHERE order_id IN ({marks}) ORDER BY id",
                tuple(part)):
            out[int(row[0])][1].append(dict(zip(ITEM_FIELDS, row[1:])))
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
