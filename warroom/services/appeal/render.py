"""The report's renderings: ``report.html`` (Jinja2, autoescape ON: buyer text is untrusted),
``csv/*.csv`` (UTF-8 with BOM, one header row) and ``report.json``.

The templates and the stylesheet live in ``resources/templates/appeal/``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from warroom import paths
from warroom.services.appeal.model import Report, Row

#: section name -> CSV member (csv/<name>.csv)
CSV_NAMES = {"timeline": "timeline", "buyer_messages": "buyer-messages", "other_deadlines": "other-deadlines",
             "outgoing": "outgoing", "held": "held", "refunds": "refunds", "escalations": "escalations",
             "escalation_records": "escalation-records", "lint_refusals": "lint-refusals", "claims": "claims",
             "notices": "notices", "support_cases": "seller-support-cases", "fbm_decisions": "fbm-decisions"}
#: a spreadsheet reads a cell starting with one of these as a formula: such cells get a leading '
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def templates_dir() -> Path:
    return paths.resources_dir() / "templates" / "appeal"


def when(value: str | None) -> str:
    """An ISO 8601 UTC time as shown in the report: ``2026-11-20 09:00:00`` (UTC is said once
    in each column's heading)."""
    if not value:
        return ""
    return value.replace("T", " ").rstrip("Z").split(".", 1)[0]


@lru_cache(maxsize=4)
def environment(folder: str, autoescape: bool) -> Environment:
    """The report's Jinja environment: autoescape ON for HTML; OFF only for the plain-text
    members (plan of action, README), which hold no buyer text."""
    env = Environment(loader=FileSystemLoader(folder), autoescape=autoescape, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["when"] = when
    return env


def render_html(report: Report) -> str:
    env = environment(str(templates_dir()), True)
    ev = report.evidence
    return env.get_template("report.html").render(
        ev=ev, head=report.head, s=ev.summary, sections=ev.sections, cited=report.cited, pdf=report.pdf)


def render_text(name: str, **context: Any) -> str:
    """A plain-text member from its template (``plan-of-action.md``, ``README.txt``)."""
    return environment(str(templates_dir()), False).get_template(name).render(**context)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _section_csv(row_type: type[Row], rows: tuple[Row, ...]) -> bytes:
    names = [f.name for f in fields(row_type)]     # type: ignore[arg-type]
    return _csv(names, [[_cell(getattr(r, n)) for n in names] for r in rows])


def render_csvs(report: Report) -> dict[str, bytes]:
    """``csv/<name>.csv`` -> bytes, for every section (an empty one has its header row) and the
    cited entries."""
    from warroom.services.appeal import model
    from warroom.services.appeal.claims_section import ClaimRow, NoticeRow
    from warroom.services.appeal.cases_section import CaseRow, FbmDecisionRow

    types: dict[str, type[Row]] = {
        "timeline": model.TimelineRow, "buyer_messages": model.BuyerMessageRow,
        "other_deadlines": model.OtherDeadlineRow, "outgoing": model.OutgoingRow, "held": model.HeldRow,
        "refunds": model.RefundRow, "escalations": model.EscalationRow,
        "escalation_records": model.EscalationRecordRow, "lint_refusals": model.LintRefusalRow,
        "claims": ClaimRow, "notices": NoticeRow,
        "support_cases": CaseRow, "fbm_decisions": FbmDecisionRow}
    out = {f"csv/{CSV_NAMES[name]}.csv": _section_csv(types[name], rows)
           for name, rows in report.evidence.sections.items()}
    cited_names = [f.name for f in fields(model.CitedEntry)]
    out["csv/cited-entries.csv"] = _csv(cited_names, [[_cell(getattr(c, n)) for n in cited_names]
                                                      for c in report.cited])
    return out


def render_json(report: Report) -> bytes:
    return (json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
