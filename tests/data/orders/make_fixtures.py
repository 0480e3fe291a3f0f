"""Generate the order-report test files in this folder (the generated files are committed).

Run from the repository root:  ``.venv/bin/python tests/data/orders/make_fixtures.py``

Header lines come from ``headers/`` (verbatim copies of
../shared/fixtures/amazon/reports/*.header*.tsv, see headers/README.md); rows are written by
column NAME into each header, so every report version gets the same realistic orders in its own
column order.  SP-API files combining several sandbox bodies are built from the verbatim copies
in ``spapi/``.  The values are invented: no real buyer data.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADERS = HERE / "headers"
SPAPI = HERE / "spapi"

ALL_ORDERS_HEADERS = {
    "all_orders_observed_with_url.tsv": "GET_FLAT_FILE_ALL_ORDERS_DATA.header.observed-with-url.tsv",
    "all_orders_by_last_update.tsv":
        "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL.header.spapi-docs.tsv",
    "all_orders_by_order_date.tsv":
        "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL.header.spapi-docs.tsv",
    "all_orders_by_order_date_typings.tsv":
        "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL.header.amazon-sp-api-typings.tsv",
    "archived_orders.tsv":
        "GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE.header.airbyte-fixture.tsv",
}
STANDARD_HEADER = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL.header.spapi-docs.tsv"
ACTIONABLE_HEADER = "GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING.header.tsv"
RETURNS_HEADER = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE.header.tsv"


def header(name: str) -> list[str]:
    return (HEADERS / name).read_text(encoding="utf-8").rstrip("\n").split("\t")


def row(columns: list[str], values: dict[str, str]) -> str:
    return "\t".join(values.get(c, "") for c in columns)


def us_row(**values: str) -> dict[str, str]:
    base = {
        "order-channel": "", "url": "", "item-tax": "", "shipping-price": "", "shipping-tax": "",
        "gift-wrap-price": "", "gift-wrap-tax": "", "item-promotion-discount": "",
        "ship-promotion-discount": "", "ship-country": "US", "promotion-ids": "",
        "is-business-order": "false", "purchase-order-number": "", "price-designation": "",
        "number-of-items": "1", "tax-collection-model": "MarketplaceFacilitator",
        "tax-collection-responsible-party": "Amazon Services, Inc.", "address-type": "",
        "is-heavy-or-bulky": "false", "is-replacement-order": "false",
    }
    base.update(values)
    return base


# Five US orders, seven rows:
#   111-... AFN shipped, one item, merchant-order-id = amazon-order-id, ZIP+4, upper-case city
#   112-... AFN shipped, two items (qty 1 and qty 2), mixed-case city
#   113-... AFN cancelled: item-status "Cancelled" (two Ls), quantity 0, empty money cells
#   114-... MFN pending: empty money cells, no merchant-order-id
#   115-... MFN, order-status free text "Shipped - Delivered to Buyer", ZIP+4
US_ROWS: list[dict[str, str]] = [
    us_row(**{
        "amazon-order-id": "111-4829375-1029384", "merchant-order-id": "111-4829375-1029384",
        "purchase-date": "2020-02-18T05:05:21+00:00", "last-updated-date": "2020-02-19T11:20:05+00:00",
        "order-status": "Shipped", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.com",
        "ship-service-level": "Expedited", "product-name": "Stainless Steel Water Bottle, 32 oz",
        "sku": "WB-32-SS", "asin": "B07XJ8C8F5", "item-status": "Shipped", "quantity": "1",
        "currency": "USD", "item-price": "24.99", "item-tax": "2.37", "ship-city": "SEATTLE",
        "ship-state": "WA", "ship-postal-code": "98109-5210"}),
    us_row(**{
        "amazon-order-id": "112-9034857-3345566", "merchant-order-id": "112-9034857-3345566",
        "purchase-date": "2020-02-18T07:41:09+00:00", "last-updated-date": "2020-02-20T02:00:41+00:00",
        "order-status": "Shipped", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.com",
        "ship-service-level": "Standard", "product-name": "Silicone Baking Mat (2-Pack)",
        "sku": "BM-2PK", "asin": "B01N5HZ1TQ", "item-status": "Shipped", "quantity": "1",
        "currency": "USD", "item-price": "19.99", "ship-city": "Portland", "ship-state": "OR",
        "ship-postal-code": "97205"}),
    us_row(**{
        "amazon-order-id": "112-9034857-3345566", "merchant-order-id": "112-9034857-3345566",
        "purchase-date": "2020-02-18T07:41:09+00:00", "last-updated-date": "2020-02-20T02:00:41+00:00",
        "order-status": "Shipped", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.com",
        "ship-service-level": "Standard", "product-name": "Bamboo Cooking Utensils Set",
        "sku": "BU-SET-6", "asin": "B07D9KXQ1M", "item-status": "Shipped", "quantity": "2",
        "currency": "USD", "item-price": "25.98", "ship-city": "Portland", "ship-state": "OR",
        "ship-postal-code": "97205"}),
    us_row(**{
        "amazon-order-id": "113-5550123-7788990", "merchant-order-id": "113-5550123-7788990",
        "purchase-date": "2020-02-19T16:12:44+00:00", "last-updated-date": "2020-02-19T18:30:00+00:00",
        "order-status": "Cancelled", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.com",
        "ship-service-level": "Standard", "product-name": "Stainless Steel Water Bottle, 32 oz",
        "sku": "WB-32-SS", "asin": "B07XJ8C8F5", "item-status": "Cancelled", "quantity": "0",
        "currency": "", "item-price": "", "ship-city": "new york", "ship-state": "NY",
        "ship-postal-code": "10001-2062"}),
    us_row(**{
        "amazon-order-id": "114-0001122-3344556", "merchant-order-id": "",
        "purchase-date": "2020-02-20T09:00:00+00:00", "last-updated-date": "2020-02-20T09:05:13+00:00",
        "order-status": "Pending", "fulfillment-channel": "Merchant", "sales-channel": "Amazon.com",
        "ship-service-level": "Standard", "product-name": "Cast Iron Skillet 10 inch",
        "sku": "CI-SK-10", "asin": "B00006JSUA", "item-status": "Unshipped", "quantity": "1",
        "currency": "", "item-price": "", "ship-city": "Austin", "ship-state": "TX",
        "ship-postal-code": "78701"}),
    us_row(**{
        "amazon-order-id": "115-7766554-4433221", "merchant-order-id": "SO-2020-0042",
        "purchase-date": "2020-02-17T22:15:03-08:00", "last-updated-date": "2020-02-21T10:00:00+00:00",
        "order-status": "Shipped - Delivered to Buyer", "fulfillment-channel": "Merchant",
        "sales-channel": "Amazon.com", "ship-service-level": "Standard",
        "product-name": "Cast Iron Skillet 12 inch", "sku": "CI-SK-12", "asin": "B00006JSUB",
        "item-status": "Shipped", "quantity": "1", "currency": "USD", "item-price": "39.90",
        "ship-city": "Saint Paul", "ship-state": "MN", "ship-postal-code": "55102-1234"}),
]

BR_ROW = us_row(**{
    "amazon-order-id": "701-2233445-5566778", "merchant-order-id": "701-2233445-5566778",
    "purchase-date": "2020-03-01T12:00:00-03:00", "last-updated-date": "2020-03-02T12:00:00-03:00",
    "order-status": "Unshipped", "fulfillment-channel": "Merchant", "sales-channel": "Amazon.com.br",
    "ship-service-level": "Standard", "product-name": "Garrafa térmica 500 ml", "sku": "GT-500",
    "asin": "B08BR00001", "item-status": "Unshipped", "quantity": "1", "currency": "BRL",
    "item-price": "89.90", "ship-city": "São Paulo", "ship-state": "SP",
    "ship-postal-code": "01310-100", "ship-country": "BR", "cpf": "123.456.789-09"})

# Rows with non-ASCII text for the encoding files.
DE_ROWS: list[dict[str, str]] = [
    us_row(**{
        "amazon-order-id": "302-1111111-2222222", "merchant-order-id": "302-1111111-2222222",
        "purchase-date": "2020-05-04T08:00:00+02:00", "last-updated-date": "2020-05-05T08:00:00+02:00",
        "order-status": "Shipped", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.de",
        "ship-service-level": "Standard", "product-name": "Kaffeebecher Größe L – Müller Edition",
        "sku": "KB-L-MUE", "asin": "B0DE000001", "item-status": "Shipped", "quantity": "2",
        "currency": "EUR", "item-price": "25.98", "ship-city": "München", "ship-state": "Bayern",
        "ship-postal-code": "80331", "ship-country": "DE"}),
    us_row(**{
        "amazon-order-id": "403-3333333-4444444", "merchant-order-id": "",
        "purchase-date": "2020-05-06T19:30:00+02:00", "last-updated-date": "2020-05-06T20:00:00+02:00",
        "order-status": "Unshipped", "fulfillment-channel": "Merchant", "sales-channel": "Amazon.fr",
        "ship-service-level": "Standard", "product-name": "Set Crème brûlée – 4 ramequins",
        "sku": "CB-4", "asin": "B0FR000002", "item-status": "Unshipped", "quantity": "1",
        "currency": "EUR", "item-price": "19.50", "ship-city": "Besançon", "ship-state": "Doubs",
        "ship-postal-code": "25000", "ship-country": "FR"}),
]

JP_ROWS: list[dict[str, str]] = [
    us_row(**{
        "amazon-order-id": "503-5555555-6666666", "merchant-order-id": "503-5555555-6666666",
        "purchase-date": "2020-06-01T10:15:00+09:00", "last-updated-date": "2020-06-02T09:00:00+09:00",
        "order-status": "Shipped", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.co.jp",
        "ship-service-level": "Standard", "product-name": "ワイヤレスイヤホン Bluetooth 5.3 ノイズキャンセリング",
        "sku": "WE-BT53", "asin": "B0JP000003", "item-status": "Shipped", "quantity": "1",
        "currency": "JPY", "item-price": "3980", "ship-city": "渋谷区", "ship-state": "東京都",
        "ship-postal-code": "150-0002", "ship-country": "JP"}),
    us_row(**{
        "amazon-order-id": "503-5555555-6666666", "merchant-order-id": "503-5555555-6666666",
        "purchase-date": "2020-06-01T10:15:00+09:00", "last-updated-date": "2020-06-02T09:00:00+09:00",
        "order-status": "Shipped", "fulfillment-channel": "Amazon", "sales-channel": "Amazon.co.jp",
        "ship-service-level": "Standard", "product-name": "充電ケーブル USB-C 1m 「高速充電」",
        "sku": "CB-USBC-1M", "asin": "B0JP000004", "item-status": "Shipped", "quantity": "3",
        "currency": "JPY", "item-price": "2970", "ship-city": "渋谷区", "ship-state": "東京都",
        "ship-postal-code": "150-0002", "ship-country": "JP"}),
]

ACTIONABLE_ROWS: list[dict[str, str]] = [
    {"order-id": "114-0001122-3344556", "order-item-id": "41234567890123",
     "purchase-date": "2020-02-20T09:00:00+00:00", "payments-date": "2020-02-20T09:05:00+00:00",
     "reporting-date": "2020-02-20T10:00:00+00:00", "promise-date": "2020-02-22T07:59:59+00:00",
     "days-past-promise": "-2", "buyer-email": "5d0xq1lqxw8wb7k@marketplace.amazon.com",
     "buyer-phone-number": "", "sku": "CI-SK-10", "product-name": "Cast Iron Skillet 10 inch",
     "quantity-purchased": "1", "quantity-shipped": "0", "quantity-to-ship": "1",
     "ship-service-level": "Standard", "recipient-name": "\"Bob\" Smith",
     "ship-address-1": "100 Congress Ave", "ship-city": "Austin", "ship-state": "TX",
     "ship-postal-code": "78701-4042", "ship-country": "US", "is-business-order": "false",
     "is-prime": "false"},
    {"order-id": "116-2468024-6802468", "order-item-id": "52345678901234",
     "purchase-date": "2020-02-21T12:00:00+00:00", "payments-date": "2020-02-21T12:01:00+00:00",
     "reporting-date": "2020-02-21T13:00:00+00:00", "promise-date": "2020-02-24T07:59:59+00:00",
     "days-past-promise": "0", "buyer-email": "kx7m2p9q4r1s3t5@marketplace.amazon.com",
     "sku": "CI-SK-12", "product-name": "Cast Iron Skillet 12 inch",
     "quantity-purchased": "2", "quantity-shipped": "1", "quantity-to-ship": "1",
     "ship-service-level": "Expedited", "recipient-name": "Dana Lee",
     "ship-address-1": "5 Main St", "ship-city": "Boise", "ship-state": "ID",
     "ship-postal-code": "83702", "ship-country": "US", "is-business-order": "false",
     "is-prime": "true"},
    {"order-id": "116-2468024-6802468", "order-item-id": "52345678901235",
     "purchase-date": "2020-02-21T12:00:00+00:00", "payments-date": "2020-02-21T12:01:00+00:00",
     "reporting-date": "2020-02-21T13:00:00+00:00", "promise-date": "2020-02-23T07:59:59+00:00",
     "days-past-promise": "0", "buyer-email": "kx7m2p9q4r1s3t5@marketplace.amazon.com",
     "sku": "CI-LID-12", "product-name": "Glass Lid 12 inch",
     "quantity-purchased": "1", "quantity-shipped": "0", "quantity-to-ship": "1",
     "ship-service-level": "Expedited", "recipient-name": "Dana Lee",
     "ship-address-1": "5 Main St", "ship-city": "Boise", "ship-state": "ID",
     "ship-postal-code": "83702", "ship-country": "US", "is-business-order": "false",
     "is-prime": "true"},
]


def lines(columns: list[str], rows: list[dict[str, str]]) -> list[str]:
    return ["\t".join(columns)] + [row(columns, r) for r in rows]


def write(name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    data = text.replace("\n", newline).encode(encoding)
    (HERE / name).write_bytes(data)


def write_bytes(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def main() -> None:
    std = header(STANDARD_HEADER)

    # one file per report version (the observed one with CRLF, as real downloads have)
    for name, hdr in ALL_ORDERS_HEADERS.items():
        columns = header(hdr)
        rows = US_ROWS + ([BR_ROW] if "cpf" in columns else [])
        write(name, "\n".join(lines(columns, rows)) + "\n",
              newline="\r\n" if "observed" in name else "\n")
    write("actionable_orders.tsv",
          "\n".join(lines(header(ACTIONABLE_HEADER), ACTIONABLE_ROWS)) + "\n")

    # encodings
    intl = "\n".join(lines(std, DE_ROWS + JP_ROWS)) + "\n"
    western = "\n".join(lines(std, DE_ROWS)) + "\n"
    japanese = "\n".join(lines(std, JP_ROWS)) + "\n"
    write("enc_utf8_lf.tsv", intl)
    write("enc_utf8_crlf.tsv", intl, newline="\r\n")
    write("enc_utf8_bom_crlf.tsv", intl, encoding="utf-8-sig", newline="\r\n")
    write("enc_cp1252_crlf.tsv", western, encoding="cp1252", newline="\r\n")
    write("enc_cp1252_lf.tsv", western, encoding="cp1252")
    write("enc_sjis_crlf.tsv", japanese, encoding="cp932", newline="\r\n")
    write("enc_utf16_excel.tsv", intl, encoding="utf-16", newline="\r\n")

    # malformed / tricky report files
    base = lines(std, US_ROWS)
    # truncated download: the last line (second item of order 112, moved last) is cut mid-row
    truncated_rows = [US_ROWS[0], US_ROWS[1], US_ROWS[3], US_ROWS[4], US_ROWS[5], US_ROWS[2]]
    text = "\n".join(lines(std, truncated_rows))
    write("malformed_truncated.tsv", text[: text.rindex("Bamboo Cooking") + 6])
    write("malformed_missing_column.tsv", "\n".join(
        ["\t".join(c for c in std if c != "purchase-date")]
        + [row([c for c in std if c != "purchase-date"], r) for r in US_ROWS]) + "\n")
    bad_date = [dict(r) for r in US_ROWS]
    bad_date[3]["purchase-date"] = "2020-02-30T16:12:44+00:00"
    write("malformed_bad_date.tsv", "\n".join(lines(std, bad_date)) + "\n")
    ascii_text = ("\n".join(base) + "\n").encode("ascii")
    write_bytes("malformed_bad_encoding.tsv",
                ascii_text.replace(b"Silicone Baking Mat", b"Silicone \x81 Baking Mat"))
    utf8_text = ("\n".join(lines(std, DE_ROWS + JP_ROWS + US_ROWS)) + "\n").encode("utf-8")
    write_bytes("malformed_utf8_one_bad_row.tsv",
                utf8_text.replace(b"Cast Iron Skillet 12 inch", b"Cast Iron Skillet 12\xff inch"))
    write("duplicate_rows.tsv", "\n".join(base[:3] + [base[2], base[1]] + base[3:]) + "\n")
    quote_rows = [dict(r) for r in US_ROWS]
    quote_rows[0]["product-name"] = '12" Vinyl Record Frame'       # a lone double quote
    quote_rows[5]["product-name"] = '"Bob" Smith Signature Skillet'
    write("quotes.tsv", "\n".join(lines(std, quote_rows)) + "\n")
    buyer_cols = std + ["buyer-name", "buyer-email"]
    buyer_rows = [dict(r) for r in US_ROWS]
    buyer_rows[5].update({"buyer-name": '"Bob" Smith', "buyer-email": "bob@marketplace.amazon.com"})
    write("buyer_columns.tsv", "\n".join(lines(buyer_cols, buyer_rows)) + "\n")
    nul = "\n".join(base) + "\n"
    write("malformed_nul_byte.tsv", nul.replace("Silicone Baking Mat", "Silicone\x00Baking Mat"))
    long_rows = [dict(r) for r in US_ROWS]
    long_rows[0]["product-name"] = "Water Bottle " + "x" * 200_000
    write("long_field.tsv", "\n".join(lines(std, long_rows)) + "\n")
    returns = header(RETURNS_HEADER)
    write("returns_report.tsv", "\t".join(returns) + "\n" + "\t".join(
        ["111-4829375-1029384", "2020-02-18", "2020-03-01", "Approved", "DxYz1234RMA", "",
         "AmazonPrePaidLabel", "5.99", "USD", "UPS", "1Z999AA10123456784", "Customer", "N",
         "N", "B07XJ8C8F5", "WB-32-SS", "Stainless Steel Water Bottle, 32 oz", "1",
         "DEFECTIVE", "Y", "C-Returns", "StandardRefund", "", "", "24.99", "1", "", "", "",
         "", "", ""]) + "\n")
    write_bytes("empty.tsv", b"")
    mixed = [dict(r) for r in US_ROWS]
    mixed[0]["amazon-order-id"] = "111-482937-1029384"           # 3-6-7: bad id
    mixed[4]["item-price"] = "12,99"                              # bad number (order 114)
    mixed[5]["order-status"] = "Lost in space"                    # unknown status (order 115)
    text_lines = lines(std, mixed)
    text_lines.insert(3, "113-5550123-7788990\tshort row")        # wrong field count (order 113)
    write("malformed_mixed_rows.tsv", "\n".join(text_lines) + "\n")

    # JSON
    write("not_orders.json", json.dumps({"reportId": "123", "processingStatus": "DONE"}) + "\n")
    write("invalid.json", '{"payload": {"Orders": [{"AmazonOrderId": "902-1845936-5435065",\n')
    v0 = SPAPI / "ordersV0"
    get_order = json.loads((v0 / "getOrder.200.sandbox-static.json").read_text("utf-8"))
    items = json.loads((v0 / "getOrderItems.200.sandbox-static.json").read_text("utf-8"))
    buyer = json.loads((v0 / "getOrderBuyerInfo.200.sandbox-static.json").read_text("utf-8"))
    # items and buyer info first: their header comes later in the same file
    combined = [items[0]["response"], buyer[0]["response"], get_order[0]["response"]]
    write("spapi_v0_order_items_buyer.json", json.dumps(combined, indent=2) + "\n")
    orphan = [get_order[1]["response"], items[0]["response"]]      # items of another order
    write("spapi_v0_orphan_items.json", json.dumps(orphan, indent=2) + "\n")
    quantities = [
        {"payload": {"Orders": [dict(get_order[0]["response"]["payload"],
                                     AmazonOrderId="902-1000000-0000001")]}},
        {"payload": {"AmazonOrderId": "902-1000000-0000001", "OrderItems": [
            {"ASIN": "B000000001", "OrderItemId": "10000000000001", "SellerSKU": "TWO",
             "Title": "Two units", "QuantityOrdered": 2,
             "ItemPrice": {"CurrencyCode": "USD", "Amount": "20.00"}},
            {"ASIN": "B000000002", "OrderItemId": "10000000000002", "SellerSKU": "THREE",
             "Title": "Three units", "QuantityOrdered": 3,
             "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"}},
            {"ASIN": "B000000003", "OrderItemId": "10000000000003", "SellerSKU": "ZERO",
             "Title": "Cancelled line", "QuantityOrdered": 0,
             "ItemPrice": {"CurrencyCode": "USD", "Amount": "0.00"}},
        ]}},
    ]
    write("spapi_v0_quantities.json", json.dumps(quantities, indent=2) + "\n")


if __name__ == "__main__":
    main()
