"""The forbidden-language check as every capability uses it: the rules and the allowlist
stored in the database."""

from __future__ import annotations

from typing import Any

from warroom.storage.engine import Database
from warroom.storage.uow import UnitOfWork
from warroom.services.allowlist import engine_entries
from warroom.services.rules import active_rules


def lint_with_session(session: Any, text: str, *, template: bool = False) -> Any:
    from warroom import lint

    rules = active_rules(session, "lint")
    allowlist = engine_entries(session)
    if template:
        return lint.lint_template(text, rules, allowlist=allowlist)
    return lint.lint_text(text, rules, allowlist=allowlist)


def lint_text(db: Database, text: str, *, template: bool = False) -> Any:
    """A ``warroom.lint.LintResult`` for ``text`` under the current rules and allowlist."""
    with UnitOfWork(db, write=False) as uow:
        return lint_with_session(uow.session, text, template=template)
