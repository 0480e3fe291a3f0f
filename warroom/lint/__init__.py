"""The forbidden-language check every message and template passes before
approval.  See docs/lint.md.

    from warroom.lint import lint_text, load_seed_rules, format_finding_line
    result = lint_text(body, load_seed_rules(), allowlist=["dhl.de"])
    for f in result.findings:
        print(format_finding_line(f))
"""

from .engine import compile_rules, lint_template, lint_text, mask_template
from .model import RULE_KINDS, Finding, LintResult, LintRule, RuleError, format_finding_line
from .rules import load_rules_file, load_seed_rules, make_user_rule, parse_rules, seed_rules_path
from .unicode_data import LintUnavailableError, icu_version, unicode_version

__all__ = [
    "LintRule",
    "Finding",
    "LintResult",
    "RuleError",
    "LintUnavailableError",
    "RULE_KINDS",
    "load_seed_rules",
    "load_rules_file",
    "parse_rules",
    "make_user_rule",
    "seed_rules_path",
    "lint_text",
    "lint_template",
    "mask_template",
    "compile_rules",
    "format_finding_line",
    "unicode_version",
    "icu_version",
]
