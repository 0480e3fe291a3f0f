"""The template library as the console's Templates screen uses it: typed results over
``warroom.services.templates`` (which the command line uses too).

Reading and checking write nothing: the versions, the lint of a text being edited and its
preview rendered on a chosen ticket (the core's sandboxed ``render`` with its limits, and the
same variables a draft gets).  Changing goes through the audited services: a new version
(``template.edit``), approve (``template.approve``), retire (``template.retire``), import a
file (``templates.import``), each one unit of work with its entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from sqlalchemy import select

from warroom import clock
from warroom.domain.roles import Actor
from warroom.errors import NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Template, Ticket
from warroom.storage.uow import UnitOfWork
from warroom.services import templates as library
from warroom.services.lint import lint_with_session

if TYPE_CHECKING:
    from warroom.lint import Finding

#: how many tickets the preview offers to render on
PREVIEW_TICKETS = 200


@dataclass(frozen=True)
class TemplateVersion:
    """One version of a template in one language."""

    id: int
    key: str
    version: int
    language: str
    category: str
    title: str
    status: str                    # draft | approved | retired
    body: str
    sha256: str
    variables: tuple[str, ...]     # the extra variables a draft supplies (not the standard ones)
    created_by: str
    created_at: str
    approved_by: str | None
    approved_at: str | None
    retired_by: str | None
    retired_at: str | None

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}/{self.language}"


def _version(t: Template) -> TemplateVersion:
    from warroom.templates import STANDARD_VARIABLES, TemplateSourceError, variables_of

    try:
        extra = tuple(sorted(v for v in variables_of(t.body) if v not in STANDARD_VARIABLES))
    except TemplateSourceError:
        extra = ()
    return TemplateVersion(id=t.id, key=t.key, version=t.version, language=t.language, category=t.category,
                           title=t.title, status=t.status, body=t.body, sha256=t.sha256, variables=extra,
                           created_by=t.created_by, created_at=clock.iso(t.created_at) or "",
                           approved_by=t.approved_by, approved_at=clock.iso(t.approved_at),
                           retired_by=t.retired_by, retired_at=clock.iso(t.retired_at))


def list_versions(db: Database) -> list[TemplateVersion]:
    """Every version, by key, language and version."""
    with UnitOfWork(db, write=False) as uow:
        return [_version(t) for t in uow.session.scalars(
            select(Template).order_by(Template.key, Template.language, Template.version))]


def current_version(versions: list[TemplateVersion], key: str, language: str) -> TemplateVersion | None:
    """The version a new one is compared with: the approved one, else the newest."""
    same = [v for v in versions if v.key == key and v.language == language]
    approved = [v for v in same if v.status == "approved"]
    if approved:
        return max(approved, key=lambda v: v.version)
    return max(same, key=lambda v: v.version) if same else None


# ---------------------------------------------------------------- checking a text (no write)

@dataclass(frozen=True)
class TemplateCheck:
    """A template text as it is typed: its lint findings (placeholders masked) and, when it
    does not compile in the sandbox, why (``source_error``)."""

    findings: tuple[Finding, ...]
    source_error: str | None
    variables: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.findings and self.source_error is None


def check_text(db: Database, body: str) -> TemplateCheck:
    from warroom.templates import STANDARD_VARIABLES, TemplateRenderError, check_template, variables_of

    error: str | None = None
    extra: tuple[str, ...] = ()
    try:
        check_template(body)
        extra = tuple(sorted(v for v in variables_of(body) if v not in STANDARD_VARIABLES))
    except TemplateRenderError as exc:
        error = str(exc)
    with UnitOfWork(db, write=False) as uow:
        findings = tuple(lint_with_session(uow.session, body, template=True).findings)
    return TemplateCheck(findings=findings, source_error=error, variables=extra)


@dataclass(frozen=True)
class PreviewTicket:
    """A ticket a template can be previewed on."""

    id: int
    subject: str
    language: str
    category: str


def preview_tickets(db: Database, language: str | None = None, category: str | None = None,
                    limit: int = PREVIEW_TICKETS) -> list[PreviewTicket]:
    """Tickets to preview on, newest first: first those a template of ``category`` may answer
    in ``language``, then the others in that language, then the rest."""
    from warroom.templates import TEMPLATE_CATEGORIES

    answers = set(TEMPLATE_CATEGORIES.get(category or "", ()))
    with UnitOfWork(db, write=False) as uow:
        rows = list(uow.session.execute(select(Ticket.id, Ticket.subject, Ticket.language, Ticket.category)
                                        .order_by(Ticket.id.desc()).limit(limit * 4)))
    tickets = [PreviewTicket(int(i), s or "", lang or "", c or "") for i, s, lang, c in rows]
    # stable sorts: newest first within each group
    tickets.sort(key=lambda t: (bool(language) and t.language != language, bool(answers) and t.category not in answers))
    return tickets[:limit]


@dataclass(frozen=True)
class TemplatePreview:
    """``text`` rendered on ticket ``ticket_id``, and its lint; or why it could not render:
    ``missing`` names a variable the preview needs a value for, ``error`` any other refusal
    (a sandbox limit, a syntax error)."""

    ticket_id: int
    text: str
    findings: tuple[Finding, ...]
    missing: str | None = None
    error: str | None = None


def preview(db: Database, body: str, ticket_id: int, variables: Mapping[str, str] | None = None) -> TemplatePreview:
    """Render ``body`` (saved or not) for a ticket as a draft would be rendered, writing nothing."""
    from warroom.services.drafts import reply_context
    from warroom.templates import MissingVariableError, TemplateRenderError, render

    with UnitOfWork(db, write=False) as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        try:
            text = render(body, reply_context(uow.session, ticket, variables or {})).strip()
        except MissingVariableError as exc:
            return TemplatePreview(ticket_id, "", (), missing=exc.name)
        except TemplateRenderError as exc:
            return TemplatePreview(ticket_id, "", (), error=str(exc))
        findings = tuple(lint_with_session(uow.session, text).findings)
        return TemplatePreview(ticket_id, text, findings)


# ---------------------------------------------------------------- changing (audited services)

@dataclass(frozen=True)
class TemplateEdit:
    """The new draft version an edit made, and the lint findings it has (a version with
    findings is saved but cannot be approved)."""

    version: TemplateVersion
    findings: tuple[Finding, ...]


def _by_id(db: Database, template_id: int) -> TemplateVersion:
    with UnitOfWork(db, write=False) as uow:
        t = uow.session.get(Template, template_id)
        if t is None:
            raise NotFound(f"no template version {template_id}")
        return _version(t)


def save_new_version(db: Database, actor: Actor, key: str, language: str, body: str,
                     title: str | None = None) -> TemplateEdit:
    """A changed text as a new draft version (``template.edit``); the approved one stays in use."""
    from warroom.lint import Finding as LintFinding

    out = library.edit_template(db, actor, key, language, body, title=title)
    findings = tuple(LintFinding(**{k: f[k] for k in ("rule", "line", "column", "matched", "explanation",
                                                       "start", "end") if k in f}) for f in out["lint"])
    return TemplateEdit(_by_id(db, int(out["id"])), findings)


@dataclass(frozen=True)
class TemplateDecision:
    """What an approval or a retirement changed (``key@version/language`` each)."""

    approved: tuple[str, ...]
    retired: tuple[str, ...]


def approve_version(db: Database, actor: Actor, version: TemplateVersion) -> TemplateDecision:
    """Approve this draft version (``template.approve``): the approved one before it retires."""
    out = library.approve_template(db, actor, f"{version.key}@{version.version}", language=version.language)
    return TemplateDecision(tuple(f"{t['key']}@{t['version']}/{t['language']}" for t in out["approved"]), tuple(out["retired"]))


def retire_version(db: Database, actor: Actor, version: TemplateVersion) -> TemplateDecision:
    """Retire this version (``template.retire``): no new draft can use it."""
    out = library.retire_template(db, actor, f"{version.key}@{version.version}", language=version.language)
    return TemplateDecision((), tuple(out["retired"]))


@dataclass(frozen=True)
class TemplateImport:
    """An import's result: the versions added (approved by the importer), those they retired,
    and how many were already stored unchanged."""

    files: tuple[str, ...]
    added: tuple[str, ...]
    retired: tuple[str, ...]
    unchanged: int


def import_file(db: Database, actor: Actor, path: str | Path) -> TemplateImport:
    """Import a template file (the starter pack's format; ``templates.import``).  A malformed
    file is refused naming the file, the entry and the field (``TemplateFileError``)."""
    out: dict[str, Any] = library.import_templates(db, actor, [path])
    return TemplateImport(tuple(f["file"] for f in out["files"]), tuple(out["added"]), tuple(out["retired"]),
                          int(out["unchanged"]))
