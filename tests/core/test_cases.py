"""The Seller Support case log: validation, the daily rate guard (limit, confirmation, setting,
the seller's day), the urgent warning, answer/reopen/close, one audit entry each, deep check."""

from __future__ import annotations

import json

import pytest

from warroom.domain.cases import CaseLimitReached, CaseOutcome
from warroom.errors import BadInput, BusinessRuleError, NotFound, PermissionDenied
from warroom.services import cases
from warroom.services.status import audit_entries
from warroom.services.deep_check import deep_check
from warroom.services.settings import set_setting


def _entries(db, action):
    return [e for e in audit_entries(db, limit=10_000) if e["action"] == action]


def _open(db, actor, ref, **kw):
    kw.setdefault("topic", "Listing suppressed for a missing safety sheet")
    kw.setdefault("channel", "email")
    return cases.open_case(db, actor, case_id=ref, **kw)


def test_open_case_records_everything_and_one_entry(db, users, set_now):
    set_now("2026-11-20T10:00:00Z")
    opened = _open(db, users["alice"], "12345678901", channel="phone", urgent=True,
                   asins=["b07xj8c8f5, B0ABCDEFGH"], orders=["111-1234567-1234567"], shipments=["fba15abcd123"],
                   note="asked for the policy page")
    c = opened.case
    assert (c.case_id, c.channel.value, c.opened_by, c.urgent) == ("12345678901", "PHONE", "alice", True)
    assert c.asins == ("B07XJ8C8F5", "B0ABCDEFGH") and c.order_ids == ("111-1234567-1234567",)
    assert c.shipment_ids == ("FBA15ABCD123",) and c.status == "open" and c.reopen_count == 0
    assert opened.guard.count == 0 and not opened.over_limit and opened.warnings == ()
    [entry] = _entries(db, "case.open")
    assert entry["actor"] == "alice" and entry["payload"]["over_limit"] is False
    assert entry["payload"]["day_count_before"] == 0 and entry["payload"]["daily_limit"] == 10


@pytest.mark.parametrize("field, kw", [
    ("case_id", {"ref": "12"}),
    ("asins", {"asins": ["B1ABCDEFGH"]}),
    ("asins", {"asins": ["B0ABC"]}),
    ("orders", {"orders": ["111-123456-1234567"]}),
    ("shipments", {"shipments": ["XYZ123"]}),
    ("channel", {"channel": "fax"}),
    ("topic", {"topic": "  "}),
])
def test_bad_input_names_its_field_and_writes_nothing(db, users, field, kw):
    ref = kw.pop("ref", "98765432")
    with pytest.raises(BadInput) as info:
        _open(db, users["alice"], ref, **kw)
    assert info.value.field == field
    assert _entries(db, "case.open") == []


def test_duplicate_case_id_is_refused(db, users):
    _open(db, users["alice"], "55555555")
    with pytest.raises(BusinessRuleError):
        _open(db, users["bob"], "55555555")


def test_rate_guard_refuses_past_the_limit_without_a_reason(db, users, set_now):
    set_now("2026-11-20T08:00:00Z")
    set_setting(db, users["ada"], "cases.daily_limit", "3")
    for n in range(3):
        _open(db, users["alice"], f"1000000{n}")
    assert cases.rate_guard(db).count == 3 and cases.rate_guard(db).at_limit
    with pytest.raises(CaseLimitReached) as info:
        _open(db, users["alice"], "10000009")
    assert (info.value.count, info.value.limit) == (3, 3)
    assert len(_entries(db, "case.open")) == 3            # refused: no entry, no row
    with pytest.raises(NotFound):
        cases.get_case(db, "10000009")
    opened = _open(db, users["alice"], "10000009", over_limit_reason="Amazon asked for it by phone")
    assert opened.over_limit and opened.case.over_limit_reason == "Amazon asked for it by phone"
    assert any("past the daily limit" in w for w in opened.warnings)
    last = _entries(db, "case.open")[-1]
    assert last["payload"]["over_limit"] is True
    assert last["payload"]["over_limit_reason"] == "Amazon asked for it by phone"
    assert last["payload"]["day_count_before"] == 3


def test_a_reason_under_the_limit_is_not_stored_as_passing_it(db, users):
    opened = _open(db, users["alice"], "20000001", over_limit_reason="just in case")
    assert not opened.over_limit and opened.case.over_limit_reason is None


def test_raising_the_limit_setting_lets_the_next_case_through(db, users, set_now):
    set_now("2026-11-20T08:00:00Z")
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    _open(db, users["alice"], "30000001")
    with pytest.raises(CaseLimitReached):
        _open(db, users["alice"], "30000002")
    set_setting(db, users["ada"], "cases.daily_limit", "2")
    assert not _open(db, users["alice"], "30000002").over_limit
    with pytest.raises(PermissionDenied):
        set_setting(db, users["alice"], "cases.daily_limit", "50")   # an agent cannot lift it
    with pytest.raises(BadInput):
        set_setting(db, users["ada"], "cases.daily_limit", "0")


def test_the_day_ends_at_midnight_utc_by_default(db, users, set_now):
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    set_now("2026-11-20T23:59:00Z")
    _open(db, users["alice"], "40000001")
    with pytest.raises(CaseLimitReached):
        _open(db, users["alice"], "40000002")
    set_now("2026-11-21T00:00:30Z")
    assert cases.rate_guard(db).count == 0
    assert not _open(db, users["alice"], "40000002").over_limit


def test_the_day_follows_the_sellers_time_zone(db, users, set_now):
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    set_setting(db, users["ada"], "seller.timezone", "America/Los_Angeles")   # UTC-8 in November
    set_now("2026-11-21T07:30:00Z")            # 23:30 on the 20th in Los Angeles
    _open(db, users["alice"], "50000001")
    set_now("2026-11-21T07:50:00Z")            # still the 20th there (in UTC it is the 21st, as before)
    day = cases.rate_guard(db)
    assert day.day.isoformat() == "2026-11-20" and day.count == 1 and day.zone == "America/Los_Angeles"
    with pytest.raises(CaseLimitReached):
        _open(db, users["alice"], "50000002")
    set_now("2026-11-21T08:00:01Z")            # midnight passed in Los Angeles
    assert cases.rate_guard(db).count == 0
    assert not _open(db, users["alice"], "50000002").over_limit
    with pytest.raises(BadInput):
        set_setting(db, users["ada"], "seller.timezone", "Mars/Olympus")


def test_a_case_logged_later_counts_on_the_day_it_was_opened(db, users, set_now):
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    set_now("2026-11-21T09:00:00Z")
    _open(db, users["alice"], "60000001", opened_at="2026-11-20T15:00:00Z")
    assert cases.rate_guard(db).count == 0                     # today (the 21st) has none yet
    with pytest.raises(CaseLimitReached):                       # but the 20th is full
        _open(db, users["alice"], "60000002", opened_at="2026-11-20T16:00:00Z")
    with pytest.raises(BadInput):
        _open(db, users["alice"], "60000003", opened_at="2026-11-22T09:00:00Z")   # the future


def test_urgent_overuse_warns_but_opens(db, users, set_now):
    set_now("2026-11-20T08:00:00Z")
    assert not _open(db, users["alice"], "70000001", urgent=True).urgent_overused
    assert not _open(db, users["alice"], "70000002", urgent=True).urgent_overused
    third = _open(db, users["alice"], "70000003", urgent=True)
    assert third.urgent_overused and any("urgent" in w for w in third.warnings)
    assert not _open(db, users["alice"], "70000004", urgent=False).urgent_overused
    assert _entries(db, "case.open")[2]["payload"]["urgent_overused"] is True
    assert cases.rate_guard(db).urgent_count == 3


def test_answer_close_reopen_and_the_deep_check(db, users, set_now):
    set_now("2026-11-20T08:00:00Z")
    _open(db, users["alice"], "80000001")
    with pytest.raises(BadInput):
        cases.answer_case(db, users["alice"], "80000001", answered_at="2026-11-20T07:00:00Z")
    set_now("2026-11-20T11:30:00Z")
    answered = cases.answer_case(db, users["bob"], "80000001", note="they want the invoice")
    assert answered.answer_hours == 3.5
    with pytest.raises(BusinessRuleError):
        cases.reopen_case(db, users["alice"], "80000001", "open cases cannot be reopened")
    closed = cases.close_case(db, users["alice"], "80000001", "not-resolved", note="generic answer")
    assert closed.outcome is CaseOutcome.NOT_RESOLVED and closed.closed_by == "alice" and closed.status == "closed"
    with pytest.raises(BusinessRuleError):
        cases.close_case(db, users["alice"], "80000001", "resolved")
    with pytest.raises(BadInput):
        cases.reopen_case(db, users["alice"], "80000001", " ")
    again = cases.reopen_case(db, users["alice"], "80000001", "the answer did not solve it")
    assert again.reopen_count == 1 and again.outcome is None and again.closed_at is None
    cases.close_case(db, users["carol"], "80000001", CaseOutcome.RESOLVED)
    assert [e["action"] for e in audit_entries(db, limit=10_000) if e["action"].startswith("case.")] == [
        "case.open", "case.answer", "case.close", "case.reopen", "case.close"]
    with pytest.raises(NotFound):
        cases.answer_case(db, users["alice"], "99999999")
    assert deep_check(db).ok


def test_deep_check_finds_an_edited_case(db, users, db_url):
    from tests import rawdb

    _open(db, users["alice"], "90000001", urgent=True, asins=["B07XJ8C8F5"])
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    _open(db, users["alice"], "90000002", over_limit_reason="needed")
    con = rawdb.connect(db_url)
    con.execute("UPDATE support_case SET urgent = false, asins = '[]' WHERE case_id = '90000001'")
    con.execute("UPDATE support_case SET over_limit_reason = NULL WHERE case_id = '90000002'")
    con.commit()
    con.close()
    result = deep_check(db)
    found = {(d.table, d.column) for d in result.differences}
    assert {("support_case", "urgent"), ("support_case", "asins"), ("support_case", "over_limit_reason")} <= found


def test_list_cases_today_and_newest_first(db, users, set_now):
    set_now("2026-11-20T09:00:00Z")
    _open(db, users["alice"], "11000001", opened_at="2026-11-19T09:00:00Z")
    _open(db, users["alice"], "11000002")
    _open(db, users["alice"], "11000003")
    every = cases.list_cases(db)
    assert [c.case_id for c in every.cases] == ["11000003", "11000002", "11000001"]
    today = cases.list_cases(db, today=True)
    assert [c.case_id for c in today.cases] == ["11000003", "11000002"] and today.today.count == 2
    assert json.loads(json.dumps(every.cases[0].to_dict()))["channel"] == "EMAIL"

