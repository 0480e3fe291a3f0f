"""Data types of the linter: rules, findings, results."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

__all__ = ["LintRule", "Finding", "LintResult", "format_finding_line", "RULE_KINDS", "RuleError"]

#: Kinds of rule the engine knows.  "phrase" and "proximity" are word rules
#: driven entirely by their word lists; the others are built-in checks whose
#: behaviour is fixed in code (their entry in the rule file gives the id, the
#: explanation and whether they are enabled).
RULE_KINDS = (
    "phrase",  # any of `patterns` (a compliance user's plain-text rule is one)
    "proximity",  # a subject term near a state term, plus standalone `patterns`
    "invisible",  # INVISIBLE-CHARACTER
    "mixed_script",  # MIXED-SCRIPT
    "link_insecure",  # a link that is not https
    "link_domain",  # an https link to a domain not on the allowlist
    "email",
    "phone",
    "emoji",
    "html",
    "length",  # `limit` characters
    "placeholder",  # leftovers in rendered text
)


class RuleError(ValueError):
    """A rule definition is malformed."""


def _tuple(value: Any) -> tuple[str, ...]:
    """A word list: a list, or a mapping language -> list (flattened)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        out: list[str] = []
        for v in value.values():
            out.extend(_tuple(v))
        return tuple(out)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class LintRule:
    """One rule.  Word lists may use alternation groups: ``suspend(ed|ing|)``
    expands to suspended, suspending, suspend.  Everything else in a pattern is
    literal text, folded exactly like the text being checked."""

    id: str
    kind: str
    explanation: str
    language: str | None = None
    patterns: tuple[str, ...] = ()
    enabled: bool = True
    #: languages the word lists cover (informational; every rule applies to
    #: every text, because agents paste notes in any language)
    languages: tuple[str, ...] = ()
    # proximity rules
    subjects: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    window: int = 0  # words allowed between a subject and a state
    cjk_window: int = 0  # units (CJK characters or words) allowed between them in CJK text
    # length rule
    limit: int = 0
    #: "seed" for rules from the shipped file, "user" for rules added by compliance
    source: str = "seed"

    def __post_init__(self) -> None:
        if not self.id or not self.id.strip():
            raise RuleError("a rule needs an id")
        if self.kind not in RULE_KINDS:
            raise RuleError(f"rule {self.id}: unknown kind {self.kind!r}")
        if not self.explanation or not self.explanation.strip():
            raise RuleError(f"rule {self.id}: an explanation is required")
        if self.kind == "phrase" and not self.patterns:
            raise RuleError(f"rule {self.id}: a phrase rule needs at least one pattern")
        if self.kind == "proximity" and not (self.patterns or (self.subjects and self.states)):
            raise RuleError(f"rule {self.id}: a proximity rule needs subjects and states")
        if self.kind == "length" and self.limit <= 0:
            raise RuleError(f"rule {self.id}: a length rule needs a positive limit")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k, v in list(d.items()):
            if isinstance(v, tuple):
                d[k] = list(v)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "LintRule":
        """Build a rule from the rule file's format or from ``to_dict()``."""
        try:
            langs = data.get("languages")
            if langs is None:
                # the language keys of the word lists (a proximity rule may have no patterns)
                keys: dict[str, None] = {}
                for lists in (data.get("patterns"), data.get("subjects"), data.get("states")):
                    if isinstance(lists, Mapping):
                        keys.update(dict.fromkeys(lists))
                langs = list(keys) or None
            return cls(
                id=str(data["id"]),
                kind=str(data["kind"]),
                explanation=str(data["explanation"]),
                language=data.get("language"),
                patterns=_tuple(data.get("patterns")),
                enabled=bool(data.get("enabled", True)),
                languages=_tuple(langs),
                subjects=_tuple(data.get("subjects")),
                states=_tuple(data.get("states")),
                blockers=_tuple(data.get("blockers")),
                exclusions=_tuple(data.get("exclusions")),
                window=int(data.get("window", 0)),
                cjk_window=int(data.get("cjk_window", 0)),
                limit=int(data.get("limit", 0)),
                source=str(data.get("source", "seed")),
            )
        except KeyError as exc:
            raise RuleError(f"rule is missing the field {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            if isinstance(exc, RuleError):
                raise
            raise RuleError(f"malformed rule: {exc}") from exc


@dataclass(frozen=True)
class Finding:
    """One problem.  ``line`` and ``column`` are 1-based, the column counted in
    code points; ``start``/``end`` are 0-based code point offsets of ``matched``
    in the original text (end exclusive)."""

    rule: str
    line: int
    column: int
    matched: str
    explanation: str
    start: int = field(default=0, compare=True)
    end: int = field(default=0, compare=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "line": self.line,
            "column": self.column,
            "matched": self.matched,
            "explanation": self.explanation,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]
    #: Unicode version of the data used (normalization, confusables, properties)
    unicode_version: str

    @property
    def ok(self) -> bool:
        return not self.findings

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        return {"unicode_version": self.unicode_version, "findings": [f.to_dict() for f in self.findings]}


def _escape(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        else:
            cat = unicodedata.category(ch)
            # control, format, separators other than space, unassigned (in
            # this Python's data), private use: never print them raw (a bidi
            # override would reorder the rest of the terminal line)
            if cat in ("Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs") or (cat == "Zs" and ch != " ") or _invisible(ch):
                cp = ord(ch)
                out.append(f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}")
            else:
                out.append(ch)
    return "".join(out)


def _invisible(ch: str) -> bool:
    try:
        from .unicode_data import is_invisible

        return is_invisible(ch)
    except Exception:  # pragma: no cover - ICU missing
        return False


def format_finding_line(f: Finding) -> str:
    """``RULE<TAB>LINE:COLUMN<TAB>matched text<TAB>explanation``; tabs, newlines,
    backslashes and invisible characters inside the fields are escaped."""
    return f"{f.rule}\t{f.line}:{f.column}\t{_escape(f.matched)}\t{_escape(f.explanation)}"
