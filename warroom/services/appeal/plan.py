"""The DRAFT plan of action (``plan-of-action.md``): Amazon's three sections, filled with the
figures of the report, marked DRAFT for the compliance manager.

It names no root cause and admits nothing (the compliance manager writes the causes in the
notice's own terms); it holds no buyer data.  The template is
``resources/templates/appeal/plan-of-action.md``.
"""

from __future__ import annotations

from warroom.services.appeal.model import Report
from warroom.services.appeal.render import render_text


def _day(iso: str) -> str:
    return iso[:10]


def render_plan(report: Report) -> str:
    ev, s = report.evidence, report.evidence.summary
    with_clock = s.buyer_messages - s.history
    share = f" ({100 * s.answered_within_window / with_clock:.1f} %)" if with_clock else ""
    return render_text(
        "plan-of-action.md", ev=ev, head=report.head, s=s, window=ev.response_window_hours, report_pdf=report.pdf,
        period=f"{_day(ev.start)} to {_day(ev.end)} (UTC, end excluded)",
        notices=", ".join(ev.notice_received), with_clock=with_clock, share=share,
        approvers=", ".join(s.approvers) or "none recorded", templates=", ".join(s.templates_used),
        rules=", ".join(s.lint_rules_hit),
        refunded=", ".join(f"{m.amount} {m.currency}" for m in s.refunded_net))
