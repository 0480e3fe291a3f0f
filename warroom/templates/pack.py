"""Template files: the shipped starter pack and files a compliance user writes.

A template file is a UTF-8 JSON list of entries (docs/templates.md)::

    [{"key": "refund-ack", "version": 1, "language": "de", "category": "refund-ack",
      "title": "Refund acknowledgement", "body": "Guten Tag …", "variables": []}]
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..domain.language import LANGUAGES
from ..errors import BadInput
from ..paths import resources_dir
from .context import STANDARD_VARIABLES
from .engine import MAX_SOURCE_CHARS, RESERVED_NAMES, TemplateSourceError, check_template, variables_of

__all__ = [
    "TICKET_CATEGORIES",
    "TEMPLATE_CATEGORIES",
    "TEMPLATE_LANGUAGES",
    "STARTER_LANGUAGES",
    "MAX_BODY_CHARS",
    "TemplateDef",
    "TemplateFileError",
    "categories_answering",
    "starter_pack_path",
    "load_starter_pack",
    "load_template_file",
    "parse_templates",
]

#: The ticket categories (the same nine as ``warroom.triage.CATEGORIES``).
TICKET_CATEGORIES: Final[tuple[str, ...]] = (
    "REFUND", "RETURN", "WISMO", "PRODUCT-QUESTION", "ORDER-CHANGE",
    "A-TO-Z", "CHARGEBACK", "COMPLAINT", "OTHER",
)

#: Template category -> the ticket categories a template of it may answer.
TEMPLATE_CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    "refund-ack": ("REFUND", "RETURN"),
    "atoz-response": ("A-TO-Z", "CHARGEBACK"),
    "delivery-holding": ("WISMO",),
    "return-instructions": ("RETURN",),
    "general-ack": TICKET_CATEGORIES,
}

#: Languages a template may be written in (those the ticket language detector answers).
TEMPLATE_LANGUAGES: Final[tuple[str, ...]] = LANGUAGES
#: Languages of the starter pack.
STARTER_LANGUAGES: Final[tuple[str, ...]] = ("en", "de", "fr", "it", "es", "ja")

#: A body longer than this is refused (the engine's own limit on a template source).
MAX_BODY_CHARS: Final = MAX_SOURCE_CHARS
MAX_TITLE_CHARS: Final = 200

_KEY_RE: Final = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?")
_FIELDS: Final = ("key", "version", "language", "category", "title", "body", "variables")
_REQUIRED: Final = ("key", "version", "language", "category", "title", "body")


@dataclass(frozen=True)
class TemplateDef:
    """One template in one language.  ``variables``: every variable the body reads,
    sorted (standard ones and the extra ones the entry declares)."""

    key: str
    version: int
    language: str
    category: str
    title: str
    body: str
    variables: tuple[str, ...] = ()

    @property
    def extra_variables(self) -> tuple[str, ...]:
        """The variables a user supplies with ``--var`` (not standard ones)."""
        return tuple(v for v in self.variables if v not in STANDARD_VARIABLES)

    @property
    def answers(self) -> tuple[str, ...]:
        """The ticket categories this template may answer."""
        return TEMPLATE_CATEGORIES.get(self.category, ())

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "version": self.version, "language": self.language,
                "category": self.category, "title": self.title, "body": self.body,
                "variables": list(self.extra_variables)}


class TemplateFileError(BadInput):
    """A template file is malformed: names the file, the entry (counted from 1) and the field."""

    def __init__(self, reason: str, *, file: str, entry: int | None = None, field: str | None = None) -> None:
        super().__init__(reason)
        where = [file]
        if entry is not None:
            where.append(f"entry {entry}")
        if field is not None:
            where.append(f"field {field!r}")
        full = f"{', '.join(where)}: {reason}"
        self.message = full
        self.args = (full,)
        self.file = file
        self.record = entry
        self.field = field
        self.reason = reason


def categories_answering(ticket_category: str) -> tuple[str, ...]:
    """The template categories that may answer a ticket of ``ticket_category``."""
    return tuple(c for c, answers in TEMPLATE_CATEGORIES.items() if ticket_category in answers)


def _entry(item: Any, index: int, file: str) -> TemplateDef:
    def fail(reason: str, field: str | None = None) -> TemplateFileError:
        return TemplateFileError(reason, file=file, entry=index, field=field)

    if not isinstance(item, Mapping):
        raise fail(f"an entry is an object with {', '.join(_REQUIRED)} (and optionally variables)")
    unknown = sorted(str(k) for k in item if k not in _FIELDS)
    if unknown:
        raise fail(f"unknown field (use {', '.join(_FIELDS)})", unknown[0])
    for name in _REQUIRED:
        if name not in item:
            raise fail("missing", name)

    key = item["key"]
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise fail(f"{key!r} is not a template key (lower-case letters, digits, '-', '_', '.'; "
                   "at most 64 characters)", "key")
    version = item["version"]
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 1_000_000:
        raise fail(f"{version!r} is not a version number (a whole number from 1)", "version")
    language = item["language"]
    if not isinstance(language, str) or language not in TEMPLATE_LANGUAGES:
        raise fail(f"unknown language {language!r} (use one of {', '.join(TEMPLATE_LANGUAGES)})", "language")
    category = item["category"]
    if not isinstance(category, str) or category not in TEMPLATE_CATEGORIES:
        raise fail(f"unknown category {category!r} (use one of {', '.join(TEMPLATE_CATEGORIES)})", "category")
    title = item["title"]
    if not isinstance(title, str) or not title.strip():
        raise fail("a title is non-empty text", "title")
    if len(title) > MAX_TITLE_CHARS or "\n" in title:
        raise fail(f"a title is one line of at most {MAX_TITLE_CHARS} characters", "title")
    body = item["body"]
    if not isinstance(body, str) or not body.strip():
        raise fail("a body is non-empty text", "body")
    if len(body) > MAX_BODY_CHARS:
        raise fail(f"body too long: {len(body)} characters, at most {MAX_BODY_CHARS}", "body")
    try:
        check_template(body)
        used = variables_of(body)
    except TemplateSourceError as exc:
        raise fail(exc.reason, "body") from None

    declared_raw = item.get("variables", [])
    if declared_raw is None:
        declared_raw = []
    if not isinstance(declared_raw, list) or not all(isinstance(v, str) for v in declared_raw):
        raise fail("variables is a list of names", "variables")
    declared = set(declared_raw)
    if len(declared) != len(declared_raw):
        raise fail("a variable is listed twice", "variables")
    for name in sorted(declared):
        if name in STANDARD_VARIABLES:
            raise fail(f"{name!r} is a standard variable; list only the extra ones (set with --var)", "variables")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", name) or name in RESERVED_NAMES:
            raise fail(f"{name!r} is not a usable variable name", "variables")
        if name not in used:
            raise fail(f"{name!r} is declared but the body does not use it", "variables")
    undeclared = sorted(used - set(STANDARD_VARIABLES) - declared)
    if undeclared:
        raise fail(f"the body uses {undeclared[0]!r}, which is neither a standard variable "
                   f"({', '.join(STANDARD_VARIABLES)}) nor listed in 'variables'", "body")
    return TemplateDef(key, version, language, category, title.strip(), body, tuple(sorted(used)))


def parse_templates(data: Any, *, file: str = "<templates>") -> list[TemplateDef]:
    """Validate decoded JSON in the template-file format; raise :class:`TemplateFileError`."""
    if not isinstance(data, list):
        raise TemplateFileError("a template file is a JSON list of templates", file=file)
    out: list[TemplateDef] = []
    seen: dict[tuple[str, str, int], int] = {}
    category_of: dict[str, tuple[str, int]] = {}
    for index, item in enumerate(data, start=1):
        t = _entry(item, index, file)
        ident = (t.key, t.language, t.version)
        if ident in seen:
            raise TemplateFileError(
                f"duplicate template {t.key}@{t.version} in language {t.language!r} (also entry {seen[ident]})",
                file=file, entry=index, field="key")
        seen[ident] = index
        earlier = category_of.setdefault(t.key, (t.category, index))
        if earlier[0] != t.category:
            raise TemplateFileError(
                f"key {t.key!r} has category {earlier[0]!r} in entry {earlier[1]}; "
                "a key names one template across its languages", file=file, entry=index, field="category")
        out.append(t)
    return out


def load_template_file(path: str | Path) -> list[TemplateDef]:
    """Read and validate a template file (UTF-8 JSON, a byte-order mark is allowed)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TemplateFileError(f"cannot read the file ({exc.strerror or exc})", file=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateFileError(f"not UTF-8 (byte {exc.start})", file=name) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateFileError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                                file=name) from None
    return parse_templates(data, file=name)


def starter_pack_path() -> Path:
    return resources_dir() / "templates" / "starter.json"


def load_starter_pack() -> list[TemplateDef]:
    """The shipped starter pack: five categories in en, de, fr, it, es, ja."""
    return load_template_file(starter_pack_path())
