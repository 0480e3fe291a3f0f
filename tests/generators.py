"""Large realistic input files for crash tests and benchmarks (deterministic)."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

HEADER_FILE = (Path(__file__).parent / "data" / "orders" / "headers"
               / "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL.header.spapi-docs.tsv")
START = datetime(2026, 9, 1, tzinfo=timezone.utc)
TITLES = ["Stainless Steel Water Bottle, 32 oz", "USB-C Charger 65W", "Silicone Baking Mat (2-Pack)",
          "Wireless Earbuds with Charging Case", "LED Desk Lamp, Dimmable", "Yoga Mat 6mm Non-Slip",
          'Bamboo Cutting Board 18" x 12"', "Kaffeemühle elektrisch, Edelstahl", "ワイヤレスイヤホン Bluetooth 5.3"]
MARKETS = [("Amazon.com", "USD", "US"), ("Amazon.de", "EUR", "DE"), ("Amazon.co.uk", "GBP", "GB"),
           ("Amazon.fr", "EUR", "FR"), ("Amazon.co.jp", "JPY", "JP")]


def write_orders_report(path: Path, item_rows: int, seed: int = 7, *, order_offset: int = 0) -> int:
    """An All Orders report (UTF-8, LF) with ``item_rows`` item rows (1-3 items per order).

    Returns the number of orders."""
    rng = random.Random(seed)
    header = HEADER_FILE.read_text(encoding="utf-8").rstrip("\n").split("\t")
    rows: list[str] = ["\t".join(header)]
    written = orders = 0
    while written < item_rows:
        orders += 1
        n = order_offset + orders
        oid = f"{111 + n % 8:03d}-{n % 10_000_000:07d}-{(n * 7919) % 10_000_000:07d}"
        channel, currency, country = MARKETS[n % len(MARKETS)]
        when = (START + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        fc = "Amazon" if n % 3 else "Merchant"
        status = "Shipped" if n % 11 else "Pending"
        for item in range(min(rng.randint(1, 3), item_rows - written)):
            price = f"{rng.randint(5, 300)}.{rng.randint(0, 99):02d}" if currency != "JPY" else str(rng.randint(500, 30000))
            values = {
                "amazon-order-id": oid, "merchant-order-id": oid if fc == "Amazon" else "", "purchase-date": when,
                "last-updated-date": when, "order-status": status, "fulfillment-channel": fc, "sales-channel": channel,
                "ship-service-level": "Standard", "product-name": rng.choice(TITLES), "sku": f"SKU-{item}-{n % 500}",
                "asin": f"B0{n % 100000000:08d}", "item-status": "Shipped" if status == "Shipped" else "Unshipped",
                "quantity": str(rng.randint(1, 3)), "currency": currency, "item-price": price, "item-tax": "",
                "ship-city": "Seattle", "ship-state": "WA", "ship-postal-code": "98109-5210", "ship-country": country,
                "is-business-order": "false",
            }
            rows.append("\t".join(values.get(col, "") for col in header))
            written += 1
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return orders


BODIES = ["Hello, I would like a refund for order {oid}, the item arrived damaged.",
          "Where is my parcel? Tracking has not moved for five days.",
          "Ich möchte den Artikel zurückgeben, er passt nicht.",
          "Bonjour, je n'ai toujours pas reçu ma commande {oid}.",
          "商品を返品したいです。注文番号 {oid}。",
          "Does this charger work with a 2021 laptop?"]


def write_messages_csv(path: Path, count: int, seed: int = 11) -> None:
    """A CSV with header order_id,received_at,from,subject,body (CLI.md)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "received_at", "from", "subject", "body"])
        for i in range(count):
            n = i // 2 + 1
            oid = f"{111 + n % 8:03d}-{n % 10_000_000:07d}-{(n * 7919) % 10_000_000:07d}"
            when = (START + timedelta(seconds=30 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            sender = f"b{n:014d}@marketplace.amazon.com"
            writer.writerow([oid, when, sender, f"Inquiry from Amazon customer (Order: {oid})",
                             rng.choice(BODIES).format(oid=oid) + f" (#{i})"])
