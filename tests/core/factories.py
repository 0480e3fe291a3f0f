"""Small builders for test data that goes through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from warroom import clock
from warroom.records import MessageRecord, OrderItemRecord, OrderRecord
from warroom.services.ingest import store_messages
from warroom.services.orders import store_orders
from warroom.storage.uow import UnitOfWork

BASE = datetime(2026, 11, 20, 9, 0, tzinfo=clock.UTC)


def order(n: int, marketplace: str = "US", **kw) -> OrderRecord:
    oid = f"11{n % 10}-{1000000 + n:07d}-{2000000 + n:07d}"
    currency = {"US": "USD", "DE": "EUR", "JP": "JPY", "UK": "GBP"}.get(marketplace, "EUR")
    item = OrderItemRecord(order_item_id=f"OI{n}", sku=f"SKU-{n}", asin="B0ABCDEFGH", title=f"Widget {n}",
                           quantity=1, unit_price=Decimal("24.99"), line_price=Decimal("24.99"), currency=currency)
    values = dict(amazon_order_id=oid, purchase_date=BASE - timedelta(days=3), status="Shipped",
                  fulfillment_channel="AFN", marketplace=marketplace, sales_channel="Amazon.com", currency=currency,
                  total=Decimal("24.99"), buyer_name="Jane Roe", buyer_email=f"buyer{n:011d}@marketplace.amazon.com",
                  items=(item,))
    values.update(kw)
    return OrderRecord(**values)


def message(n: int, *, order_id: str | None = None, sender: str | None = None, at: datetime | None = None,
            body: str = "Hello, where is my parcel? It has not arrived yet and I am waiting.",
            subject: str | None = None) -> MessageRecord:
    sender = sender or f"buyer{n:011d}@marketplace.amazon.com"
    return MessageRecord(received_at=at or BASE + timedelta(minutes=n), from_addr=sender, from_name="Jane Roe",
                         body=body, subject=subject or f"Shipping inquiry from Amazon customer Jane (Order: {order_id})",
                         message_id=f"m{n}-{sender}", amazon_order_id=order_id, to_addr="shop@example.com",
                         source_ref=f"test#{n}")


def load(db, orders=(), messages=(), actor: str = "ada") -> dict:
    with UnitOfWork(db) as uow:
        o = store_orders(uow, list(orders))
        m = store_messages(uow, list(messages), actor=actor)
        uow.audit(actor, "test.load", "test", {"orders": len(o["inserted"]), "messages": len(m["messages"])})
        uow.commit()
    return {"orders": o, "messages": m}


def reply(db, ticket_id: int, when: datetime, body: str = "We are looking into it.") -> None:
    """A reply recorded on the ticket at ``when`` (as a dispatch would), with its audit entry."""
    from warroom.services.tickets import add_outbound_message
    from warroom.storage.uow import UnitOfWork

    with UnitOfWork(db) as uow:
        add_outbound_message(uow, ticket_id, from_addr="shop@example.com", to_addr=None, subject="Re",
                             body=body, at=when, source_ref=f"test-{when.isoformat()}")
        uow.audit("ada", "test.reply", f"ticket:{ticket_id}", {})
        uow.commit()
