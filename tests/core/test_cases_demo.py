"""The demo's Seller Support cases (today near the limit, a day past it) and FBM decisions."""

from __future__ import annotations

from datetime import timedelta

from tests.core import factories
from tests.core.clock_fixtures import at, db  # noqa: F401  (the database begins at 2026-11-20 09:00 UTC)
from warroom.services import cases
from warroom.services.deep_check import deep_check
from warroom.services.status import audit_entries


def test_the_demo_has_cases_near_the_limit_and_fbm_decisions(db, at):
    from warroom.services import fbm
    from warroom.services.demo import load_demo

    at(factories.BASE + timedelta(hours=6))                  # 15:00 UTC: a working day under way
    summary = load_demo(db, None, with_users=True)
    assert summary["cases"] >= 20 and summary["fbm_decisions"] >= 3
    today = cases.list_cases(db, today=True)
    assert today.today.count == 8 and today.today.limit == 10 and today.today.urgent_count == 3
    every = cases.list_cases(db).cases
    assert sum(1 for c in every if c.over_limit_reason) == 1
    assert {c.outcome for c in every} > {None} and any(c.answered_at for c in every)
    view = fbm.fbm_view(db)
    decided = [o for o in view.orders if o.decision is not None]
    assert len(decided) == summary["fbm_decisions"] and {o.decision.decided_by for o in decided} == {"compliance"}
    assert {o.group.value for o in view.orders} >= {"past_due", "due_today", "later"}
    assert sum(d.count for d in view.wismo_per_day) > 0
    entry = audit_entries(db, limit=1, newest_first=True)[0]
    assert entry["action"] == "demo.load" and len(entry["payload"]["support_cases"]) == summary["cases"]
    assert deep_check(db).ok
