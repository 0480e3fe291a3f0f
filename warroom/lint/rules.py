"""Loading rules: the seed file shipped in resources/, and rules that a
compliance user adds."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import LintRule, RuleError
from .patterns import check_pattern

__all__ = ["resources_dir", "seed_rules_path", "load_seed_rules", "load_rules_file", "parse_rules", "make_user_rule"]

RULES_FORMAT = 1


def resources_dir() -> Path:
    """The repository's resources/ folder, or the bundled one when frozen."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def seed_rules_path() -> Path:
    return resources_dir() / "rules" / "lint_rules.json"


def parse_rules(data: Any, *, source: str = "seed") -> list[LintRule]:
    if isinstance(data, dict):
        fmt = data.get("format", RULES_FORMAT)
        if fmt != RULES_FORMAT:
            raise RuleError(f"unsupported rule file format {fmt!r}")
        items = data.get("rules")
    else:
        items = data
    if not isinstance(items, list):
        raise RuleError("the rule file needs a list of rules")
    rules: list[LintRule] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            raise RuleError("every rule must be an object")
        d = dict(item)
        d.setdefault("source", source)
        rule = LintRule.from_dict(d)
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id}")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def load_rules_file(path: Path, *, source: str = "seed") -> list[LintRule]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleError(f"cannot read rules from {path}: {exc}") from exc
    return parse_rules(data, source=source)


@lru_cache(maxsize=1)
def _seed() -> tuple[LintRule, ...]:
    return tuple(load_rules_file(seed_rules_path()))


def load_seed_rules() -> list[LintRule]:
    """The shipped rules, from resources/rules/lint_rules.json.  The rule
    objects are shared (they are immutable), which lets the engine reuse its
    compiled form across calls."""
    return list(_seed())


def make_user_rule(id: str, pattern: str, explanation: str, language: str | None = None) -> LintRule:
    """A compliance user's rule (``lint-rules add --id ID --pattern TEXT
    [--language L] --explanation TEXT``): a plain-text phrase, matched with the
    same normalization and disguise folding as the shipped rules.  The text is
    literal: parentheses and bars have no special meaning.  Raises RuleError if
    the id or explanation is empty or the phrase is unusable."""
    rid = id.strip().upper()
    if not rid or any(c.isspace() for c in rid):
        raise RuleError("a rule id must be one word, e.g. NO-WAREHOUSE-CITY")
    check_pattern(pattern, literal=True)
    return LintRule(
        id=rid,
        kind="phrase",
        explanation=explanation.strip(),
        language=(language or None),
        patterns=(pattern,),
        languages=((language,) if language else ()),
        source="user",
    )
