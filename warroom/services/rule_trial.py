"""The rules as the console's Rules screen uses them: typed views of the lint rules, the
triage rules and the lint allowlist, their audited changes (``rules.add``,
``rules.enable``/``rules.disable``, ``allowlist.add``/``allowlist.remove``: the services in
``rules.py`` and ``allowlist.py``, which the command line uses too), and a text tried
against the current rules, which writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warroom.domain.roles import Actor
from warroom.errors import BadInput
from warroom.storage.engine import Database
from warroom.storage.uow import UnitOfWork
from warroom.services import allowlist as allowlist_service
from warroom.services import rules as rules_service
from warroom.services.lint import lint_with_session
from warroom.services.rules import active_rules
from warroom.services.triage import high_value_thresholds

if TYPE_CHECKING:
    from warroom.lint import Finding

RULE_KINDS = ("lint", "triage")
#: a tried text longer than this is refused (the lint and triage of a reply-sized text stay instant)
MAX_TRIAL_CHARS = 20_000


@dataclass(frozen=True)
class RuleView:
    """One rule as stored.  ``target``: the category or flag a triage rule sets (empty for a
    lint rule); ``check``: a lint rule's kind (phrase, proximity, email, ...; empty for triage)."""

    kind: str                      # lint | triage
    id: str
    enabled: bool
    source: str                    # seed | user
    target: str
    check: str
    language: str | None
    patterns: tuple[str, ...]
    explanation: str
    updated_by: str | None
    updated_at: str | None


def _view(kind: str, d: dict[str, Any]) -> RuleView:
    return RuleView(kind=kind, id=str(d["id"]), enabled=bool(d.get("enabled", True)),
                    source=str(d.get("source") or "seed"), target=str(d.get("target") or ""),
                    check=str(d.get("kind") or "") if kind == "lint" else "", language=d.get("language") or None,
                    patterns=tuple(str(p) for p in d.get("patterns") or ()),
                    explanation=str(d.get("explanation") or ""), updated_by=d.get("updated_by"),
                    updated_at=d.get("updated_at"))


def _kind(kind: str) -> str:
    if kind not in RULE_KINDS:
        raise BadInput(f"unknown rule kind {kind!r}: lint or triage", field="kind")
    return kind


def list_rule_views(db: Database, kind: str) -> list[RuleView]:
    return [_view(kind, d) for d in rules_service.list_rules(db, _kind(kind))]


def add_rule(db: Database, actor: Actor, kind: str, rule_id: str, pattern: str, explanation: str,
             *, target: str = "", language: str | None = None) -> RuleView:
    """A compliance user's rule (``rules.add``): a lint rule is one phrase; a triage rule sets
    ``target`` (a category or a flag) when its phrase matches."""
    if not rule_id.strip():
        raise BadInput("a rule needs an id", field="id")
    if not pattern.strip():
        raise BadInput("a rule needs a pattern", field="pattern")
    if not explanation.strip():
        raise BadInput("a rule needs an explanation", field="explanation")
    definition: dict[str, Any] = {"patterns": [pattern.strip()], "explanation": explanation.strip(),
                                  "language": (language or "").strip() or None}
    if _kind(kind) == "triage":
        if not target.strip():
            raise BadInput("a triage rule needs a target (a category or a flag)", field="target")
        definition["target"] = target
    try:
        out = rules_service.add_rule(db, actor, kind, rule_id, definition)
    except BadInput as exc:
        if exc.field:
            raise
        raise BadInput(str(exc), field=_field_of(str(exc))) from None
    return next(v for v in list_rule_views(db, kind) if v.id == out["id"])


def _field_of(message: str) -> str | None:
    """The field a refusal of ``rules.add_rule`` (which names none) is about."""
    if message.startswith("invalid rule id"):
        return "id"
    if message.startswith("unknown target"):
        return "target"
    if message.startswith(("invalid lint rule", "a rule needs", "a lint rule needs")):
        return "pattern"
    return None


@dataclass(frozen=True)
class RuleToggle:
    kind: str
    id: str
    enabled: bool
    changed: bool


def set_rule_enabled(db: Database, actor: Actor, kind: str, rule_id: str, enabled: bool) -> RuleToggle:
    out = rules_service.set_rule_enabled(db, actor, _kind(kind), rule_id, enabled)
    return RuleToggle(kind, str(out["id"]), bool(out["enabled"]), bool(out["changed"]))


# ---------------------------------------------------------------- allowlist

@dataclass(frozen=True)
class AllowlistItem:
    id: int
    kind: str                      # email | phone | domain
    value: str
    note: str
    added_by: str
    added_at: str


def _item(d: dict[str, Any]) -> AllowlistItem:
    return AllowlistItem(int(d["id"]), str(d["kind"]), str(d["value"]), str(d.get("note") or ""),
                         str(d.get("added_by") or ""), str(d.get("added_at") or ""))


def list_allowlist(db: Database) -> list[AllowlistItem]:
    return [_item(d) for d in allowlist_service.list_allowlist(db)]


def add_allowlist_entry(db: Database, actor: Actor, kind: str, value: str, note: str = "") -> AllowlistItem:
    return _item(allowlist_service.add_allowlist_entry(db, actor, kind, value, note))


def remove_allowlist_entry(db: Database, actor: Actor, entry_id: int) -> AllowlistItem:
    return _item(allowlist_service.remove_allowlist_entry(db, actor, entry_id))


# ---------------------------------------------------------------- trying a text

@dataclass(frozen=True)
class TriageReason:
    rule: str
    target: str
    matched: str
    explanation: str


@dataclass(frozen=True)
class TextTrial:
    """A text run against the current rules, as a reply (lint) and as a buyer message
    (triage): the lint findings, and the category, tier and red flags triage would give it,
    with the rules that decided."""

    findings: tuple[Finding, ...]
    category: str
    tier: int
    flags: tuple[str, ...]
    reasons: tuple[TriageReason, ...]

    @property
    def clean(self) -> bool:
        return not self.findings


def try_text(db: Database, text: str, *, language: str | None = None) -> TextTrial:
    """Run ``text`` against the enabled lint rules (with the allowlist) and triage rules."""
    from warroom.triage import classify, compile_rules

    if len(text) > MAX_TRIAL_CHARS:
        raise BadInput(f"the text is longer than {MAX_TRIAL_CHARS:,} characters", field="text")
    with UnitOfWork(db, write=False) as uow:
        findings = tuple(lint_with_session(uow.session, text).findings)
        rules = compile_rules(active_rules(uow.session, "triage"))
        result = classify(text, rules=rules, language=language or None,
                          high_value_thresholds=high_value_thresholds(uow.session))
    reasons = tuple(TriageReason(r.rule, r.target, r.matched, r.explanation) for r in result.reasons)
    return TextTrial(findings, result.category, result.tier, tuple(sorted(result.flags)), reasons)
