"""The appeal report's sections on Seller Support cases and FBM order decisions (issue 15).

Cases opened in the range (how many a day, which passed the daily limit and why, Amazon's answer
times, outcomes) show the team used Seller Support with restraint; the FBM decisions taken in the
range show what happened to each unshipped merchant-fulfilled order.  Each row cites the entries
that record it.  Free text is scrubbed of e-mail addresses when pseudonymizing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from warroom import clock
from warroom.services.appeal.model import Row
from warroom.storage.models_cases import FbmDecisionEntry, SupportCase


def _iso(value: datetime | None) -> str | None:
    return clock.iso(value.replace(microsecond=0)) if value is not None else None


@dataclass(frozen=True, slots=True)
class CaseRow(Row):
    """A Seller Support case opened in the range."""

    case_id: str
    topic: str
    channel: str
    opened_at: str
    opened_by: str
    urgent: bool
    named: str                      # ASINs, orders, shipments
    over_limit_reason: str | None   # set when it was opened past the daily limit
    answered_at: str | None
    answer_hours: str | None
    reopen_count: int
    outcome: str | None
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FbmDecisionRow(Row):
    """A decision on an unshipped FBM order taken in the range."""

    decision_id: int
    amazon_order_id: str
    decision: str                   # SHIP | CANCEL_AND_REFUND | HOLD
    note: str | None
    decided_by: str
    decided_at: str
    replaces_id: int | None
    current: bool                   # still the order's decision (no later one)
    entries: tuple[int, ...]


def case_rows(g: Any) -> tuple[CaseRow, ...]:
    rows = list(g.s.scalars(select(SupportCase).where(SupportCase.opened_at >= g.start, SupportCase.opened_at < g.end)
                            .order_by(SupportCase.opened_at, SupportCase.id)))
    out = []
    for c in rows:
        named = [*json.loads(c.asins or "[]"), *json.loads(c.order_ids or "[]"), *json.loads(c.shipment_ids or "[]")]
        hours = (f"{(c.answered_at - c.opened_at).total_seconds() / 3600:.1f}"
                 if c.answered_at is not None else None)
        out.append(CaseRow(c.case_id, g.p.scrub(c.topic) or "", c.channel, _iso(c.opened_at) or "", c.opened_by,
                           bool(c.urgent), ", ".join(named), g.p.scrub(c.over_limit_reason), _iso(c.answered_at),
                           hours, c.reopen_count, c.outcome, tuple(sorted(set(g.index.cases.get(c.id, ()))))))
    return tuple(out)


def fbm_rows(g: Any) -> tuple[FbmDecisionRow, ...]:
    rows = list(g.s.scalars(select(FbmDecisionEntry).where(
        FbmDecisionEntry.decided_at >= g.start, FbmDecisionEntry.decided_at < g.end)
        .order_by(FbmDecisionEntry.decided_at, FbmDecisionEntry.id)))
    replaced = set(g.s.scalars(select(FbmDecisionEntry.replaces_id).where(FbmDecisionEntry.replaces_id.is_not(None))))
    return tuple(FbmDecisionRow(d.id, d.amazon_order_id, d.decision, g.p.scrub(d.note), d.decided_by,
                                _iso(d.decided_at) or "", d.replaces_id, d.id not in replaced,
                                tuple(s for s in (g.index.fbm.get(d.id),) if s is not None)) for d in rows)
