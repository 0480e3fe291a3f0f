"""Loading triage rules: the seed file (resources/rules/triage_rules.json) and rule dicts as
a database or an import would hold them.  File format: docs/triage.md, "Rule file"."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from warroom.paths import resources_dir

from .model import RuleError, TriageRule

__all__ = ["RULES_FORMAT", "seed_rules_path", "load_seed_rules", "load_rules_file", "parse_rules",
           "rule_from_dict", "make_user_rule"]

RULES_FORMAT = 1
_FIELDS = {"id", "target", "language", "patterns", "exclusions", "regex", "weight", "explanation", "enabled"}


def seed_rules_path() -> Path:
    return resources_dir() / "rules" / "triage_rules.json"


def rule_from_dict(data: Mapping[str, Any]) -> TriageRule:
    """A rule from its dict form (the JSON file's entries, ``TriageRule.to_dict()``)."""
    if not isinstance(data, Mapping):
        raise RuleError(f"a rule must be an object, got {type(data).__name__}")
    unknown = set(data) - _FIELDS - {"note"}
    rule_id = data.get("id", "?")
    if unknown:
        raise RuleError(f"rule {rule_id!r}: unknown field(s) {', '.join(sorted(unknown))}")
    for required in ("id", "target", "patterns"):
        if required not in data:
            raise RuleError(f"rule {rule_id!r}: missing field {required!r}")
    patterns = data["patterns"]
    if isinstance(patterns, str):
        patterns = [patterns]
    return TriageRule(
        id=data["id"], target=data["target"], language=data.get("language"),
        patterns=tuple(patterns), exclusions=tuple(data.get("exclusions") or ()),
        regex=bool(data.get("regex", False)), weight=data.get("weight", 1),
        explanation=data.get("explanation", ""), enabled=bool(data.get("enabled", True)))


def parse_rules(data: Any) -> list[TriageRule]:
    """Rules from a parsed rule file (``{"format": 1, "rules": [...]}``) or a list of dicts."""
    if isinstance(data, Mapping):
        fmt = data.get("format", RULES_FORMAT)
        if fmt != RULES_FORMAT:
            raise RuleError(f"unsupported triage rule file format {fmt!r} (expected {RULES_FORMAT})")
        data = data.get("rules")
    if not isinstance(data, list):
        raise RuleError("a triage rule file holds a list of rules")
    rules = [rule_from_dict(item) for item in data]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)
    return rules


def load_rules_file(path: str | Path) -> list[TriageRule]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuleError(f"cannot read triage rules from {path}: {exc}") from None
    return parse_rules(data)


@lru_cache(maxsize=1)
def _seed() -> tuple[TriageRule, ...]:
    return tuple(load_rules_file(seed_rules_path()))


def load_seed_rules() -> list[TriageRule]:
    """The shipped rules.  The rule objects are shared (immutable), so passing them (or a list
    holding the same objects) to ``classify`` reuses the compiled form."""
    return list(_seed())


def make_user_rule(rule_id: str, target: str, pattern: str | Iterable[str], *, language: str | None = None,
                   exclusions: Iterable[str] = (), explanation: str = "", weight: int = 2,
                   enabled: bool = True) -> TriageRule:
    """A compliance user's rule: plain phrase(s), case-insensitive, word-bounded.  The default
    weight 2 is that of a seed rule stating a category plainly (docs/triage.md, "Weights")."""
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    return TriageRule(rule_id, target, language, patterns, tuple(exclusions), False, weight,
                      explanation, enabled)
