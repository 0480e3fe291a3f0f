"""Data types of the ticket classifier: rules, reasons, the classification, and the fixed
vocabulary (categories, red flags, precedence, tier mapping).  See docs/triage.md."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Iterable, Mapping

__all__ = [
    "CATEGORIES",
    "FLAGS",
    "PRECEDENCE",
    "DISPUTE_CATEGORIES",
    "CATEGORY_FLAGS",
    "DEFAULT_HIGH_VALUE_THRESHOLDS",
    "RuleError",
    "TriageRule",
    "Reason",
    "Classification",
    "tier_for",
]

#: The categories a ticket can get, in the order the product's issue lists them.
CATEGORIES: Final[tuple[str, ...]] = (
    "REFUND", "RETURN", "WISMO", "PRODUCT-QUESTION", "ORDER-CHANGE",
    "A-TO-Z", "CHARGEBACK", "COMPLAINT", "OTHER",
)

#: The red flags (seed 002).  A-TO-Z and CHARGEBACK are both a flag and a category.
FLAGS: Final[tuple[str, ...]] = ("LEGAL", "SAFETY", "A-TO-Z", "CHARGEBACK", "HIGH-VALUE")

#: Category precedence, strongest first: breaks ties between categories whose best rule has
#: the same weight (docs/triage.md, "Choosing the category").
PRECEDENCE: Final[tuple[str, ...]] = (
    "A-TO-Z", "CHARGEBACK", "REFUND", "RETURN", "ORDER-CHANGE", "WISMO", "COMPLAINT",
    "PRODUCT-QUESTION", "OTHER",
)

#: Categories in which the buyer disputes money: the order total counts as the disputed
#: amount for HIGH-VALUE only in these (or when A-TO-Z, CHARGEBACK or LEGAL is flagged).
DISPUTE_CATEGORIES: Final[frozenset[str]] = frozenset(
    {"REFUND", "RETURN", "A-TO-Z", "CHARGEBACK", "COMPLAINT"})

#: Flags that also vote for the category of the same name (engine.IMPLICATION_WEIGHT at least).
CATEGORY_FLAGS: Final[frozenset[str]] = frozenset({"A-TO-Z", "CHARGEBACK"})

#: The domain's default: a disputed amount over USD 500 is HIGH-VALUE.  A currency that is
#: in neither this table nor the caller's gets no HIGH-VALUE flag.
DEFAULT_HIGH_VALUE_THRESHOLDS: Final[Mapping[str, Decimal]] = MappingProxyType({"USD": Decimal("500")})

_TIER3_FLAGS: Final = frozenset({"LEGAL", "SAFETY", "HIGH-VALUE"})
_TIER2_FLAGS: Final = frozenset({"A-TO-Z", "CHARGEBACK"})
_TIER2_CATEGORIES: Final = frozenset({"A-TO-Z", "CHARGEBACK", "COMPLAINT"})
_TARGETS: Final = frozenset(CATEGORIES) | frozenset(FLAGS)


def tier_for(category: str, flags: Iterable[str]) -> int:
    """Tier of a buyer ticket (seed 000 + seed 002):

    3 (senior) when LEGAL, SAFETY or HIGH-VALUE is flagged;
    2 (specialist) when A-TO-Z or CHARGEBACK is flagged, or the category is A-TO-Z,
      CHARGEBACK or COMPLAINT;
    1 (routine: refunds, returns, WISMO, product questions, order changes, other) otherwise.
    """
    flags = frozenset(flags)
    if flags & _TIER3_FLAGS:
        return 3
    if flags & _TIER2_FLAGS or category in _TIER2_CATEGORIES:
        return 2
    return 1


class RuleError(ValueError):
    """A triage rule is malformed (unknown target, empty pattern, bad regex, ...)."""


def _strings(value: Any, field: str, rule_id: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise RuleError(f"rule {rule_id!r}: {field} must be a list of strings") from None
    for item in items:
        if not isinstance(item, str):
            raise RuleError(f"rule {rule_id!r}: {field} must be a list of strings, got {item!r}")
    return items


@dataclass(frozen=True)
class TriageRule:
    """One rule: any of ``patterns`` (minus occurrences overlapped by an ``exclusions`` match)
    sets ``target``.  ``target`` is a category (a vote for it, with ``weight``: 1 a weak cue,
    2 a plain statement, 3 a specific override) or a flag (the flag; A-TO-Z and CHARGEBACK
    also vote for their category, with weight 4 at least, unless ``weight`` is 0).

    ``patterns``/``exclusions`` are plain phrases (case-insensitive, accent-insensitive,
    word-bounded for alphabetic scripts; ``(a|b|)`` alternatives and ``...`` gaps allowed, see
    docs/triage.md) or, with ``regex=True``, Python regular expressions matched against the
    folded text.  ``language`` (ISO 639-1) documents which language the rule is written for;
    every enabled rule applies to every message (buyers mix languages)."""

    id: str
    target: str
    language: str | None
    patterns: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    regex: bool = False
    weight: int = 1
    explanation: str = ""
    enabled: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise RuleError(f"a rule needs a non-empty id, got {self.id!r}")
        if self.target not in _TARGETS:
            raise RuleError(f"rule {self.id!r}: unknown target {self.target!r} "
                            f"(one of {', '.join(sorted(_TARGETS))})")
        if self.language is not None and (not isinstance(self.language, str) or not self.language.strip()):
            raise RuleError(f"rule {self.id!r}: language must be an ISO 639-1 code or None")
        patterns = _strings(self.patterns, "patterns", self.id)
        exclusions = _strings(self.exclusions, "exclusions", self.id)
        if not patterns or any(not p.strip() for p in patterns):
            raise RuleError(f"rule {self.id!r}: needs at least one non-empty pattern")
        if any(not e.strip() for e in exclusions):
            raise RuleError(f"rule {self.id!r}: empty exclusion")
        if isinstance(self.weight, bool) or not isinstance(self.weight, int) or not 0 <= self.weight <= 100:
            raise RuleError(f"rule {self.id!r}: weight must be an integer 0..100")
        object.__setattr__(self, "patterns", patterns)
        object.__setattr__(self, "exclusions", exclusions)
        object.__setattr__(self, "regex", bool(self.regex))
        object.__setattr__(self, "enabled", bool(self.enabled))
        if not isinstance(self.explanation, str):
            raise RuleError(f"rule {self.id!r}: explanation must be text")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "target": self.target, "language": self.language,
            "patterns": list(self.patterns), "exclusions": list(self.exclusions),
            "regex": self.regex, "weight": self.weight, "explanation": self.explanation,
            "enabled": self.enabled,
        }


@dataclass(frozen=True)
class Reason:
    """Why a flag or the category was set: the rule, what it set, and the exact text it
    matched in the original message (for HIGH-VALUE from the order total: a description)."""

    rule: str
    target: str
    matched: str
    explanation: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "target": self.target, "matched": self.matched,
                "explanation": self.explanation}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        return cls(str(data["rule"]), str(data["target"]), str(data["matched"]),
                   str(data.get("explanation", "")))


@dataclass(frozen=True)
class Classification:
    category: str
    tier: int
    flags: frozenset[str]
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: flags in the fixed FLAGS order, reasons in order."""
        return {
            "category": self.category,
            "tier": self.tier,
            "flags": [f for f in FLAGS if f in self.flags],
            "reasons": [r.to_dict() for r in self.reasons],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Classification:
        return cls(str(data["category"]), int(data["tier"]), frozenset(data.get("flags", ())),
                   tuple(Reason.from_dict(r) for r in data.get("reasons", ())))
