"""Ticket triage: category, tier and red flags of a buyer ticket, with the reasons.
Rules are data (resources/rules/triage_rules.json, later the database).  See docs/triage.md.

    from warroom.triage import classify, load_seed_rules
    result = classify([subject + "\\n\\n" + body], order_total=Decimal("649.00"), currency="EUR",
                      high_value_thresholds={"EUR": Decimal("500")})
    result.category, result.tier, result.flags
    for reason in result.reasons:
        print(reason.rule, reason.target, reason.matched)
"""

from .amounts import Amount, find_amounts, parse_number
from .engine import (
    HIGH_VALUE_AMOUNT_RULE,
    HIGH_VALUE_TOTAL_RULE,
    IMPLICATION_WEIGHT,
    IMPLIED_COMPLAINT_RULE,
    CompiledRules,
    classify,
    compile_rules,
)
from .model import (
    CATEGORIES,
    CATEGORY_FLAGS,
    DEFAULT_HIGH_VALUE_THRESHOLDS,
    DISPUTE_CATEGORIES,
    FLAGS,
    PRECEDENCE,
    Classification,
    Reason,
    RuleError,
    TriageRule,
    tier_for,
)
from .rules import load_rules_file, load_seed_rules, make_user_rule, parse_rules, rule_from_dict, seed_rules_path

__all__ = [
    "CATEGORIES",
    "FLAGS",
    "PRECEDENCE",
    "DISPUTE_CATEGORIES",
    "CATEGORY_FLAGS",
    "DEFAULT_HIGH_VALUE_THRESHOLDS",
    "HIGH_VALUE_AMOUNT_RULE",
    "HIGH_VALUE_TOTAL_RULE",
    "IMPLIED_COMPLAINT_RULE",
    "IMPLICATION_WEIGHT",
    "TriageRule",
    "Reason",
    "Classification",
    "RuleError",
    "CompiledRules",
    "Amount",
    "classify",
    "compile_rules",
    "tier_for",
    "find_amounts",
    "parse_number",
    "load_seed_rules",
    "load_rules_file",
    "parse_rules",
    "rule_from_dict",
    "make_user_rule",
    "seed_rules_path",
]
