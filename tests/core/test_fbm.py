"""FBM orders during a suspension: the unshipped MFN orders grouped by ship-by date, the
decisions (compliance only, changeable, history kept, each audited), WISMO tickets per day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.core import factories
from warroom import clock
from warroom.domain.cases import FbmDecision, ShipGroup
from warroom.errors import BadInput, BusinessRuleError, NotFound, PermissionDenied
from warroom.services import fbm
from warroom.services.deep_check import deep_check
from warroom.services.settings import set_setting
from warroom.services.status import audit_entries

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=clock.UTC)


def _t(text: str) -> datetime:
    return clock.parse_iso(text)


@pytest.fixture
def fbm_orders(db, users, set_now):
    set_now(clock.iso(NOW))
    orders = [
        factories.order(1, fulfillment_channel="MFN", status="Unshipped", latest_ship_date=_t("2026-11-18T23:59:59Z")),
        factories.order(2, fulfillment_channel="MFN", status="Unshipped", latest_ship_date=_t("2026-11-20T23:59:59Z")),
        factories.order(3, fulfillment_channel="MFN", status="PartiallyShipped",
                        latest_ship_date=_t("2026-11-20T10:00:00Z")),      # earlier today: already late
        factories.order(4, fulfillment_channel="MFN", status="Unshipped", latest_ship_date=_t("2026-11-22T23:59:59Z")),
        factories.order(5, fulfillment_channel="MFN", status="Shipped", latest_ship_date=_t("2026-11-19T23:59:59Z")),
        factories.order(6, fulfillment_channel="AFN", status="Unshipped", latest_ship_date=_t("2026-11-19T23:59:59Z")),
        factories.order(7, fulfillment_channel="MFN", status="Unshipped", latest_ship_date=None),
        factories.order(8, fulfillment_channel="MFN", status="Unshipped", latest_ship_date=_t("2026-11-21T05:00:00Z")),
    ]
    factories.load(db, orders)
    return {n: o.amazon_order_id for n, o in enumerate(orders, start=1)}


def test_only_unshipped_mfn_orders_sorted_and_grouped(db, fbm_orders):
    view = fbm.fbm_view(db)
    ids = [o.amazon_order_id for o in view.orders]
    assert ids == [fbm_orders[n] for n in (1, 3, 2, 8, 4, 7)]       # by ship-by date, no date last
    groups = {o.amazon_order_id: o.group for o in view.orders}
    assert groups[fbm_orders[1]] is ShipGroup.PAST_DUE
    assert groups[fbm_orders[3]] is ShipGroup.PAST_DUE
    assert groups[fbm_orders[2]] is ShipGroup.DUE_TODAY
    assert groups[fbm_orders[4]] is ShipGroup.LATER
    assert groups[fbm_orders[7]] is ShipGroup.NO_DATE
    assert groups[fbm_orders[8]] is ShipGroup.LATER
    assert view.to_dict()["counts"] == {"past_due": 2, "due_today": 1, "later": 2, "no_date": 1}


def test_today_follows_the_sellers_zone(db, users, fbm_orders):
    set_setting(db, users["ada"], "seller.timezone", "Asia/Tokyo")     # now: 00:00 on the 21st there
    view = fbm.fbm_view(db)
    groups = {o.amazon_order_id: o.group for o in view.orders}
    assert view.timezone == "Asia/Tokyo"
    assert groups[fbm_orders[8]] is ShipGroup.DUE_TODAY      # 14:00 on the 21st in Tokyo: today there
    assert groups[fbm_orders[2]] is ShipGroup.DUE_TODAY      # 08:59 on the 21st in Tokyo
    assert groups[fbm_orders[4]] is ShipGroup.LATER


def test_decide_records_who_and_when_and_keeps_history(db, users, fbm_orders, set_now):
    oid = fbm_orders[1]
    first = fbm.decide(db, users["carol"], oid, "hold", "stock count first")
    assert (first.decision, first.decided_by, first.decided_at, first.replaces_id) == (
        FbmDecision.HOLD, "carol", NOW, None)
    set_now("2026-11-20T16:00:00Z")
    second = fbm.decide(db, users["carol"], oid, "cancel-refund", "over a day late, buyer asked")
    assert second.replaces_id == first.id and second.decision is FbmDecision.CANCEL_AND_REFUND
    same = fbm.decide(db, users["carol"], oid, FbmDecision.CANCEL_AND_REFUND, "over a day late, buyer asked")
    assert same.id == second.id                                # nothing changed: no new row, no entry
    history = fbm.decision_history(db, oid)
    assert [d.decision for d in history] == [FbmDecision.HOLD, FbmDecision.CANCEL_AND_REFUND]
    row = next(o for o in fbm.fbm_view(db).orders if o.amazon_order_id == oid)
    assert row.decision is not None and row.decision.id == second.id and row.decisions == 2
    entries = [e for e in audit_entries(db, limit=1000) if e["action"] == "fbm.decide"]
    assert len(entries) == 2 and entries[1]["payload"]["previous_decision"] == "HOLD"
    assert deep_check(db).ok


def test_who_may_decide_and_what(db, users, fbm_orders):
    with pytest.raises(PermissionDenied):
        fbm.decide(db, users["alice"], fbm_orders[1], "ship", "agents do not decide")
    with pytest.raises(PermissionDenied):
        fbm.decide(db, users["ada"], fbm_orders[1], "ship", "nor does the admin")
    with pytest.raises(BadInput) as info:
        fbm.decide(db, users["carol"], fbm_orders[1], "ship", "  ")
    assert info.value.field == "note"
    with pytest.raises(BadInput):
        fbm.decide(db, users["carol"], fbm_orders[1], "burn", "no such decision")
    with pytest.raises(BusinessRuleError):
        fbm.decide(db, users["carol"], fbm_orders[5], "ship", "already shipped")
    with pytest.raises(BusinessRuleError):
        fbm.decide(db, users["carol"], fbm_orders[6], "ship", "Amazon ships it")
    with pytest.raises(NotFound):
        fbm.decide(db, users["carol"], "999-9999999-9999999", "ship", "unknown")
    assert [e for e in audit_entries(db, limit=1000) if e["action"] == "fbm.decide"] == []


def test_deep_check_finds_an_edited_decision(db, users, fbm_orders, db_url):
    from tests import rawdb

    fbm.decide(db, users["carol"], fbm_orders[2], "hold", "wait for stock")
    con = rawdb.connect(db_url)
    con.execute("UPDATE fbm_decision SET decision = 'SHIP', decided_by = 'ada'")
    con.commit()
    con.close()
    found = {(d.table, d.column) for d in deep_check(db).differences}
    assert {("fbm_decision", "decision"), ("fbm_decision", "decided_by")} <= found


def test_wismo_tickets_per_day(db, users, set_now):
    set_now(clock.iso(NOW))
    base = _t("2026-11-20T08:00:00Z")
    msgs = [factories.message(1, at=base),
            factories.message(2, at=base - timedelta(days=1)),
            factories.message(3, at=base - timedelta(days=1, hours=2)),
            factories.message(4, at=base - timedelta(days=20)),      # outside the 14 days
            factories.message(5, at=base, body="I would like to return this item, it does not fit.")]
    factories.load(db, [], msgs)
    from warroom.services.tickets import list_tickets

    categories = {t["id"]: t["category"] for t in list_tickets(db, include_closed=True)}
    assert list(categories.values()).count("WISMO") == 4
    days = fbm.fbm_view(db).wismo_per_day
    assert len(days) == 14 and days[-1].day.isoformat() == "2026-11-20" and days[0].day.isoformat() == "2026-11-07"
    assert days[-1].count == 1 and days[-2].count == 2 and sum(d.count for d in days) == 3
