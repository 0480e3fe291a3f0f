"""`warroom import`: whole files or nothing, skip-bad, re-import, updates, suspension tagging."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from warroom.services.status import audit_entries
from warroom.services.tickets import get_ticket, list_tickets
from tests import rawdb

DATA = Path(__file__).resolve().parents[1] / "data"
ORDERS = DATA / "orders"
MESSAGES = DATA / "messages"


def _counts(db_url) -> tuple[int, int, int, int]:
    con = rawdb.connect(db_url)
    try:
        return tuple(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("amazon_order", "order_item", "message", "audit_entry"))
    finally:
        con.close()


def test_a_report_imports_and_reimporting_changes_nothing(cli, users, db, db_url):
    first = cli("import", "orders", str(ORDERS / "all_orders_by_order_date.tsv"), "--as", "alice", "--json")
    assert first.code == 0, first.err
    [summary] = first.json()
    assert summary["read"] == summary["imported"] + len(summary["skipped"]) and summary["orders_new"] > 0
    assert len(summary["sha256"]) == 64
    entries = [e for e in audit_entries(db, limit=100, newest_first=True) if not e["action"].startswith("audit.")]
    assert entries[0]["action"] == "import.orders" and entries[0]["payload"]["sha256"] == summary["sha256"]
    before = _counts(db_url)
    again = cli("import", "orders", str(ORDERS / "all_orders_by_order_date.tsv"), "--as", "alice", "--json")
    assert again.code == 0 and again.json()[0]["orders_unchanged"] == summary["orders_new"]
    assert _counts(db_url) == before            # no change, no audit entry


def test_a_newer_report_updates_orders_in_one_entry_listing_changes(cli, users, db, tmp_path):
    src = (ORDERS / "all_orders_by_order_date.tsv").read_text(encoding="utf-8")
    assert cli("import", "orders", str(ORDERS / "all_orders_by_order_date.tsv"), "--as", "alice").code == 0
    lines = src.split("\n")
    header = lines[0].split("\t")
    status_col = header.index("order-status")
    first_id = lines[1].split("\t")[0]
    changed = []
    for line in lines:
        cells = line.split("\t")
        if cells[0] == first_id:
            cells[status_col] = "Cancelled"
        changed.append("\t".join(cells))
    newer = tmp_path / "newer.tsv"
    newer.write_text("\n".join(changed), encoding="utf-8")
    r = cli("import", "orders", str(newer), "--as", "alice", "--json")
    assert r.code == 0 and r.json()[0]["orders_updated"] == 1
    entry = audit_entries(db, limit=1, newest_first=True)[0]
    [update] = entry["payload"]["updated_orders"]
    assert update["amazon_order_id"] == first_id and update["changes"]["status"][1] == "Canceled"
    order = next(o for o in cli("orders", "--json").json() if o["amazon_order_id"] == first_id)
    assert order["status"] == "Canceled"


@pytest.mark.parametrize("name", ["malformed_missing_column.tsv", "malformed_bad_date.tsv", "malformed_truncated.tsv",
                                  "malformed_nul_byte.tsv", "returns_report.tsv", "invalid.json", "empty.tsv"])
def test_a_bad_file_is_refused_and_the_database_is_unchanged(cli, users, db_url, name):
    before = _counts(db_url)
    r = cli("import", "orders", str(ORDERS / name), "--as", "alice")
    assert r.code == 3 and name in r.err and "Traceback" not in r.err
    assert r.err.count("\n") == 1
    assert _counts(db_url) == before


def test_files_in_order_earlier_ones_stay_imported_and_reported(cli, users, db_url):
    good = str(ORDERS / "all_orders_by_order_date.tsv")
    bad = str(ORDERS / "malformed_missing_column.tsv")
    never = str(ORDERS / "enc_utf8_lf.tsv")
    r = cli("import", "orders", good, bad, never, "--as", "alice", "--json")
    assert r.code == 3 and "malformed_missing_column.tsv" in r.err
    summaries = r.json()
    assert [s["file"] for s in summaries] == [good]
    orders = _counts(db_url)[0]
    assert orders == summaries[0]["orders_new"]


def test_skip_bad_imports_good_rows_and_lists_bad_ones(cli, users, db_url):
    r = cli("import", "orders", str(ORDERS / "malformed_mixed_rows.tsv"), "--skip-bad", "--as", "alice", "--json")
    assert r.code == 0, r.err
    [s] = r.json()
    assert s["skipped"] and s["read"] == s["imported"] + len(s["skipped"])
    assert all(set(x) == {"line", "field", "reason"} for x in s["skipped"])
    assert _counts(db_url)[0] > 0


def test_spapi_payloads_import(cli, users):
    files = sorted(str(p) for p in (ORDERS / "spapi").rglob("*.json")
                   if p.name.split(".")[0] in ("getOrders", "getOrder", "searchOrders") and ".200." in p.name)
    assert files
    r = cli("import", "orders", *files, "--skip-bad", "--as", "alice", "--json")
    assert r.code == 0, r.err
    orders = cli("orders", "--json").json()
    assert orders and all(o["fulfillment_channel"] in ("AFN", "MFN") for o in orders)


def test_importing_needs_an_actor(cli, users):
    assert cli("import", "orders", str(ORDERS / "all_orders_by_order_date.tsv")).code == 2
    assert cli("import", "orders", "/no/such/file.tsv", "--as", "alice").code == 3


def test_messages_import_builds_tickets_safely(cli, users, db):
    files = [str(MESSAGES / n) for n in ("relay_en_shipping.eml", "injection_subject.eml", "hostile_attachments.eml",
                                         "unknown_charset.eml", "mailbox.mbox", "messages.csv")]
    r = cli("import", "messages", *files, "--as", "alice", "--json")
    assert r.code == 0, r.err
    for s in r.json():
        assert s["read"] == s["imported"] + len(s["skipped"])
    tickets = list_tickets(db)
    assert tickets
    for t in tickets:
        full = get_ticket(db, t["id"])
        assert "\n" not in full["subject"] and "\r" not in full["subject"]
        for m in full["messages"]:
            assert "\n" not in m["subject"] and "\r" not in m["from"]
            for a in m["attachments"]:
                assert "/" not in a["filename"] and "\\" not in a["filename"] and not a["filename"].startswith(".")
                assert "\u202e" not in a["filename"]
    assert any(m["attachments"] for t in tickets for m in get_ticket(db, t["id"])["messages"])
    assert any(m["problems"] for t in tickets for m in get_ticket(db, t["id"])["messages"])
    again = cli("import", "messages", *files, "--as", "alice", "--json")
    assert again.code == 0 and all(s["new_messages"] == 0 for s in again.json())


def test_messages_arriving_during_a_suspension_are_tagged(cli, users, db):
    assert cli("suspend", "--reason", "Related accounts", "--as", "ada").code == 0
    assert cli("import", "messages", str(MESSAGES / "relay_en_shipping.eml"), str(MESSAGES / "plain_non_amazon.eml"),
               "--as", "alice").code == 0
    by_channel = {t["channel"]: t for t in list_tickets(db)}
    assert "SUSPENDED" in by_channel["amazon"]["tags"] and "SUSPENDED" not in by_channel["email"]["tags"]


def test_a_bad_message_file_leaves_nothing(cli, users, db_url):
    before = _counts(db_url)
    r = cli("import", "messages", str(MESSAGES / "bad_rows.csv"), "--as", "alice")
    assert r.code == 3 and "bad_rows.csv" in r.err
    assert _counts(db_url) == before


def test_cancelling_through_the_progress_callback_changes_nothing(db, users, db_url, tmp_path):
    from tests.generators import write_messages_csv, write_orders_report
    from warroom.errors import Cancelled
    from warroom.services.imports import import_messages, import_orders

    report = tmp_path / "big.tsv"
    write_orders_report(report, 5_000)
    csv_file = tmp_path / "big.csv"
    write_messages_csv(csv_file, 3_000)
    before = _counts(db_url)
    seen: list[tuple[int, int | None, str]] = []

    def cancel_midway(done: int, total: int | None, stage: str) -> None:
        seen.append((done, total, stage))
        if done >= 1000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        import_orders(db, users["alice"], [report], progress=cancel_midway)
    with pytest.raises(Cancelled):
        import_messages(db, users["alice"], [csv_file], progress=cancel_midway)
    assert _counts(db_url) == before
    assert seen and all(stage for _, _, stage in seen)


def test_a_partial_source_never_wipes_cached_values(cli, users, tmp_path):
    """An Unshipped report has no prices; a later file that does not know a field keeps it."""
    header = (ORDERS / "headers" / "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL.header.spapi-docs.tsv"
              ).read_text(encoding="utf-8").rstrip("\n").split("\t")
    values = {"amazon-order-id": "114-0001122-3344556", "purchase-date": "2020-02-20T09:00:00+00:00",
              "last-updated-date": "2020-02-20T09:00:00+00:00", "order-status": "Pending",
              "fulfillment-channel": "Merchant", "sales-channel": "Amazon.com", "product-name": "Cast Iron Skillet 10 inch",
              "sku": "CI-SK-10", "asin": "B000SKILLET", "item-status": "Unshipped", "quantity": "1", "currency": "USD",
              "item-price": "39.99"}
    full = tmp_path / "all.tsv"
    full.write_text("\t".join(header) + "\n" + "\t".join(values.get(c, "") for c in header) + "\n", encoding="utf-8")
    assert cli("import", "orders", str(full), "--as", "alice").code == 0
    before = cli("orders", "--json").json()[0]
    assert before["total"] == "39.99" and before["latest_ship_date"] is None
    r = cli("import", "orders", str(ORDERS / "actionable_orders.tsv"), "--skip-bad", "--as", "alice", "--json")
    assert r.code == 0, r.err
    after = next(o for o in cli("orders", "--json").json() if o["amazon_order_id"] == "114-0001122-3344556")
    assert after["total"] == "39.99" and after["currency"] == "USD" and after["marketplace"] == "US"
    assert after["items"][0]["line_price"] == "39.99" and after["items"][0]["asin"] == "B000SKILLET"
    assert after["latest_ship_date"] == "2020-02-22T07:59:59Z"      # the promise date gives the ship-by date
    assert after["status"] == "Unshipped"
