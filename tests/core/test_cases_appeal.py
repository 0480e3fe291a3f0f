"""The appeal package lists the Seller Support cases and the FBM decisions of its range, each
row citing its entry (HTML, report.json, CSV)."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta

from tests.core import factories
from tests.core.clock_fixtures import at, db  # noqa: F401  (the database begins at 2026-11-20 09:00 UTC)
from warroom.services import cases, checkpoints, fbm
from warroom.services.appeal import export_package, parse_range
from warroom.services.settings import set_setting
from warroom.services.status import audit_entries


def test_the_report_has_the_cases_and_fbm_sections(db, users, at, tmp_path):
    base = factories.BASE
    order = factories.order(1, fulfillment_channel="MFN", status="Unshipped", latest_ship_date=base)
    factories.load(db, [order])
    checkpoints.ensure_signing_key(db)
    at(base + timedelta(minutes=5))
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    cases.open_case(db, users["alice"], case_id="13954432011", topic="Listing suppressed", channel="phone",
                    asins=["B07XJ8C8F5"])
    at(base + timedelta(minutes=10))
    cases.open_case(db, users["alice"], case_id="13954432012", topic="Stranded inventory", channel="chat",
                    over_limit_reason="Account Health asked for it today")
    at(base + timedelta(hours=2))
    cases.answer_case(db, users["bob"], "13954432011", note="upload the SDS")
    cases.close_case(db, users["bob"], "13954432011", "resolved")
    first = fbm.decide(db, users["carol"], order.amazon_order_id, "hold", "count the stock")
    at(base + timedelta(hours=3))
    fbm.decide(db, users["carol"], order.amazon_order_id, "ship", "stock found")
    at(base + timedelta(hours=4))
    start, end = parse_range("2026-11-01", "2026-11-21")
    result = export_package(db, users["carol"], tmp_path / "appeal.zip", start=start, end=end, pdf=False)
    seqs = {(e["action"], e["entity"]): e["seq"] for e in audit_entries(db, limit=1000)}
    with zipfile.ZipFile(result.path) as z:
        report = json.loads(z.read("report.json"))
        html = z.read("report.html").decode("utf-8")
        names = set(z.namelist())
    rows = report["sections"]["support_cases"]
    assert [r["case_id"] for r in rows] == ["13954432011", "13954432012"]
    assert rows[0]["outcome"] == "RESOLVED" and rows[0]["answer_hours"] == "1.9" and rows[0]["named"] == "B07XJ8C8F5"
    assert rows[1]["over_limit_reason"] == "Account Health asked for it today"
    assert len(rows[0]["entries"]) == 3                     # open, answer, close
    assert rows[1]["entries"] == [seqs[("case.open", "case:2")]]
    decisions = report["sections"]["fbm_decisions"]
    assert [(d["decision"], d["current"]) for d in decisions] == [("HOLD", False), ("SHIP", True)]
    decided = [e["seq"] for e in audit_entries(db, limit=1000) if e["action"] == "fbm.decide"]
    assert decisions[0]["decision_id"] == first.id and [d["entries"] for d in decisions] == [[s] for s in decided]
    cited = {c["seq"] for c in report["cited"]}
    assert set(rows[0]["entries"]) <= cited and set(decisions[1]["entries"]) <= cited
    assert "9. Seller Support cases" in html and "Past the daily limit: Account Health asked for it today" in html
    assert "10. Unshipped FBM orders: decisions" in html and "(replaced later)" in html
    assert {"csv/seller-support-cases.csv", "csv/fbm-decisions.csv"} <= names
