"""The template library: import (the starter pack or a file), list, approve, retire, edit.

A template is stored per key, language and version.  Only an ``approved`` version can
be used for a reply; approving a version retires the version of the same key and
language that was approved before it, so each key has at most one usable text per
language.  A compliance user who imports templates approves what they import (CLI.md);
every template body must pass the forbidden-language lint (placeholders masked) first.
Drafts keep the version (and its hash) they were rendered from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Template, Ticket
from warroom.storage.uow import UnitOfWork
from warroom.services.lint import lint_with_session
from warroom.services.users import current_actor


def template_sha256(key: str, version: int, language: str, category: str, body: str) -> str:
    """The hash an approval binds: SHA-256 of the canonical JSON of what defines the version."""
    data = json.dumps({"key": key, "version": version, "language": language, "category": category,
                       "body": body}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _variables(body: str) -> tuple[list[str], list[str]]:
    from warroom.templates import STANDARD_VARIABLES, variables_of

    used = sorted(variables_of(body))
    return used, [v for v in used if v not in STANDARD_VARIABLES]


def _declared_extras(body: str) -> list[str]:
    """The extra variables an edited body uses, to declare them for :func:`parse_templates`.
    A body that does not compile (an unknown filter such as ``|attr``, a syntax error) has
    none here: ``parse_templates`` then refuses it naming the field, as an import does
    (reading its variables first would raise Jinja's own error: an internal error)."""
    from warroom.templates import TemplateSourceError, check_template

    try:
        check_template(body)
    except TemplateSourceError:
        return []
    return _variables(body)[1]


def template_dict(t: Template) -> dict[str, Any]:
    used, extra = _variables(t.body)
    return {
        "id": t.id, "key": t.key, "version": t.version, "language": t.language, "category": t.category,
        "title": t.title, "status": t.status, "variables": extra, "uses": used, "body": t.body,
        "sha256": t.sha256, "created_by": t.created_by, "created_at": clock.iso(t.created_at),
        "approved_by": t.approved_by, "approved_at": clock.iso(t.approved_at),
        "retired_by": t.retired_by, "retired_at": clock.iso(t.retired_at),
    }


def list_templates(db: Database, *, status: str | None = None, key: str | None = None,
                   language: str | None = None) -> list[dict[str, Any]]:
    query = select(Template).order_by(Template.key, Template.language, Template.version)
    if status:
        if status not in ("draft", "approved", "retired"):
            raise BadInput(f"unknown template status {status!r}: use draft, approved or retired")
        query = query.where(Template.status == status)
    if key:
        query = query.where(Template.key == key)
    if language:
        query = query.where(Template.language == language)
    with UnitOfWork(db, write=False) as uow:
        return [template_dict(t) for t in uow.session.scalars(query)]


def templates_for_ticket(db: Database, ticket_id: int, *, language: str | None = None) -> list[dict[str, Any]]:
    """The approved templates an agent may choose for this ticket: category fits the ticket's,
    language is the ticket's (or ``language``)."""
    with UnitOfWork(db, write=False) as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        return [template_dict(t) for t in usable_templates(uow.session, ticket, language)]


def usable_templates(session: Session, ticket: Ticket, language: str | None = None) -> list[Template]:
    from warroom.templates import categories_answering

    lang = language or ticket.language or "en"
    cats = categories_answering(ticket.category)
    return list(session.scalars(select(Template).where(
        Template.status == "approved", Template.language == lang, Template.category.in_(cats))
        .order_by(Template.category, Template.key)))


def _lint_body(session: Session, body: str) -> list[dict[str, Any]]:
    return [f.to_dict() for f in lint_with_session(session, body, template=True).findings]


def _retire_previous(session: Session, t: Template, actor: str, now: Any) -> list[Template]:
    older = list(session.scalars(select(Template).where(
        Template.key == t.key, Template.language == t.language, Template.status == "approved",
        Template.id != t.id)))
    for o in older:
        o.status = "retired"
        o.retired_at = now
        o.retired_by = actor
    return older


def _ref(t: Template) -> str:
    return f"{t.key}@{t.version}/{t.language}"


def import_templates(db: Database, actor: Actor, files: Sequence[str | Path] | None = None) -> dict[str, Any]:
    """Import template files (none: the shipped starter pack) in one unit of work.

    Every entry is validated and linted first; any problem refuses the whole import,
    naming the file, entry and field.  New versions are stored approved by the importing
    compliance user; an identical version already stored is left alone; the same
    key, language and version with a different text is refused (give it a new version)."""
    from warroom.templates import load_template_file

    loaded: list[tuple[str, str, Sequence[Any]]] = (
        [(str(f), _file_sha(f), load_template_file(f)) for f in files] if files else list(starter_pack()))
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_TEMPLATES)
        summary = store_templates(uow.session, actor.name, loaded)
        if not summary["imported"]:
            return summary
        uow.audit(actor.name, "templates.import", "templates", {k: v for k, v in summary.items() if k != "imported"})
        uow.commit()
        return summary


def starter_pack() -> list[tuple[str, str, list[Any]]]:
    """The shipped starter pack as :func:`store_templates` takes it."""
    from warroom.templates import load_starter_pack, starter_pack_path

    return [("starter pack", _file_sha(starter_pack_path()), load_starter_pack())]


def store_templates(session: Session, approver: str, loaded: Sequence[tuple[str, str, Sequence[Any]]]
                    ) -> dict[str, Any]:
    """Store (name, file sha256, template definitions) as versions approved by ``approver``,
    inside the caller's unit of work (which writes the audit entry); the summary's
    ``imported`` counts the new versions.  Refuses (nothing stored) on any problem."""
    now = clock.now()
    added: list[Template] = []
    retired: list[Template] = []
    unchanged = 0
    for name, _sha, defs in loaded:
        for index, d in enumerate(defs, start=1):
            findings = _lint_body(session, d.body)
            if findings:
                f = findings[0]
                raise BadInput(f"{name}, entry {index} ({d.key}/{d.language}), field 'body': "
                               f"lint finding {f['rule']} at line {f['line']}, column {f['column']}: "
                               f"{f['matched']!r}: {f['explanation']}", field="body")
            sha = template_sha256(d.key, d.version, d.language, d.category, d.body)
            existing = session.scalar(select(Template).where(
                Template.key == d.key, Template.language == d.language, Template.version == d.version))
            if existing is not None:
                if existing.sha256 != sha:
                    raise BusinessRuleError(
                        f"{name}, entry {index}, field 'version': {d.key}@{d.version} in {d.language!r} "
                        "already exists with a different text; give the changed template a new version")
                unchanged += 1
                continue
            other_cat = session.scalar(select(Template.category).where(
                Template.key == d.key, Template.category != d.category).limit(1))
            if other_cat is not None:
                raise BusinessRuleError(
                    f"{name}, entry {index}, field 'category': key {d.key!r} already has category "
                    f"{other_cat!r}; a key names one template across its languages")
            newer = session.scalar(select(Template.version).where(
                Template.key == d.key, Template.language == d.language, Template.version > d.version,
                Template.status == "approved").limit(1))
            t = Template(key=d.key, version=d.version, language=d.language, category=d.category,
                         title=d.title, subject="", body=d.body, sha256=sha,
                         status="retired" if newer is not None else "approved",
                         created_at=now, created_by=approver, approved_at=now, approved_by=approver)
            if newer is not None:
                t.retired_at, t.retired_by = now, approver
            session.add(t)
            session.flush()
            if newer is None:
                retired += _retire_previous(session, t, approver, now)
            added.append(t)
    return {"files": [{"file": n, "sha256": s, "templates": len(d)} for n, s, d in loaded],
            "added": [_ref(t) for t in added], "added_sha256": {_ref(t): t.sha256 for t in added},
            "retired": [_ref(t) for t in retired], "unchanged": unchanged, "imported": len(added)}


def _file_sha(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def parse_key(spec: str) -> tuple[str, int | None]:
    """``KEY`` or ``KEY@VERSION``."""
    key, _, version = spec.partition("@")
    key = key.strip()
    if not key:
        raise BadInput("a template key is required (KEY or KEY@VERSION)")
    if not version:
        return key, None
    try:
        v = int(version)
    except ValueError:
        from warroom.services.inputs import shown

        raise BadInput(f"template version {shown(version)} is not a number (KEY@VERSION)") from None
    return key, v


def _select_versions(session: Session, key: str, version: int | None, language: str | None,
                     statuses: tuple[str, ...]) -> list[Template]:
    query = select(Template).where(Template.key == key)
    if language:
        query = query.where(Template.language == language)
    rows = list(session.scalars(query.order_by(Template.language, Template.version)))
    if not rows:
        raise NotFound(f"no template {key!r}" + (f" in language {language!r}" if language else ""))
    if version is not None:
        rows = [t for t in rows if t.version == version]
        if not rows:
            raise NotFound(f"no template {key}@{version}" + (f" in language {language!r}" if language else ""))
    else:  # the newest version per language
        newest: dict[str, Template] = {}
        for t in rows:
            newest[t.language] = t
        rows = list(newest.values())
    return [t for t in rows if t.status in statuses]


def approve_template(db: Database, actor: Actor, spec: str, *, language: str | None = None) -> dict[str, Any]:
    """Approve draft version(s) of a template (compliance).  The lint must pass."""
    key, version = parse_key(spec)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_TEMPLATES)
        rows = _select_versions(uow.session, key, version, language, ("draft",))
        if not rows:
            raise BusinessRuleError(f"template {spec} has no draft version to approve"
                                    + (f" in language {language!r}" if language else ""))
        now = clock.now()
        retired: list[Template] = []
        for t in rows:
            findings = _lint_body(uow.session, t.body)
            if findings:
                f = findings[0]
                raise BusinessRuleError(f"template {_ref(t)} has lint findings and cannot be approved: "
                                        f"{f['rule']} {f['matched']!r}: {f['explanation']}")
            t.status, t.approved_at, t.approved_by = "approved", now, actor.name
            retired += _retire_previous(uow.session, t, actor.name, now)
        uow.audit(actor.name, "template.approve", f"template:{key}",
                  {"approved": [_ref(t) for t in rows], "sha256": {_ref(t): t.sha256 for t in rows},
                   "retired": [_ref(t) for t in retired]})
        uow.commit()
        return {"approved": [template_dict(t) for t in rows], "retired": [_ref(t) for t in retired]}


def retire_template(db: Database, actor: Actor, spec: str, *, language: str | None = None) -> dict[str, Any]:
    """Retire template version(s): they can no longer be chosen for new drafts."""
    key, version = parse_key(spec)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_TEMPLATES)
        rows = _select_versions(uow.session, key, version, language, ("draft", "approved"))
        if version is None:   # every live version of the key, not only the newest
            query = select(Template).where(Template.key == key, Template.status.in_(("draft", "approved")))
            if language:
                query = query.where(Template.language == language)
            rows = list(uow.session.scalars(query))
        if not rows:
            raise BusinessRuleError(f"template {spec} has no draft or approved version to retire"
                                    + (f" in language {language!r}" if language else ""))
        now = clock.now()
        for t in rows:
            t.status, t.retired_at, t.retired_by = "retired", now, actor.name
        uow.audit(actor.name, "template.retire", f"template:{key}", {"retired": [_ref(t) for t in rows]})
        uow.commit()
        return {"retired": [_ref(t) for t in rows]}


def edit_template(db: Database, actor: Actor, key: str, language: str, body: str,
                  *, title: str | None = None) -> dict[str, Any]:
    """A changed text becomes a new draft version that needs approval; the current approved
    version stays in use until then."""
    from warroom.templates import parse_templates

    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_TEMPLATES)
        latest = uow.session.scalar(select(Template).where(Template.key == key, Template.language == language)
                                    .order_by(Template.version.desc()).limit(1))
        if latest is None:
            raise NotFound(f"no template {key!r} in language {language!r}")
        version = latest.version + 1
        d = parse_templates([{"key": key, "version": version, "language": language, "category": latest.category,
                              "title": title or latest.title, "body": body,
                              "variables": _declared_extras(body)}], file=f"template {key}/{language}")[0]
        findings = _lint_body(uow.session, d.body)
        now = clock.now()
        t = Template(key=key, version=version, language=language, category=d.category, title=d.title,
                     subject="", body=d.body, sha256=template_sha256(key, version, language, d.category, d.body),
                     status="draft", created_at=now, created_by=actor.name)
        uow.session.add(t)
        uow.session.flush()
        uow.audit(actor.name, "template.edit", f"template:{key}",
                  {"template": _ref(t), "sha256": t.sha256, "previous": _ref(latest), "lint": findings})
        uow.commit()
        out = template_dict(t)
        out["lint"] = findings
        return out
