"""Roles and what each may do (../shared/design/CLI.md, "Roles")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from warroom.errors import PermissionDenied


class Role(StrEnum):
    AGENT = "agent"
    COMPLIANCE = "compliance"
    ADMIN = "admin"


class Permission(StrEnum):
    WORK_TICKETS = "work tickets (notes, tags, status, assignment)"
    DRAFT = "draft replies"
    LOG_REFUND = "log manual refunds"
    IMPORT = "import files"
    DISPATCH = "dispatch approved messages"
    MANAGE_TEMPLATES = "manage templates"
    MANAGE_LINT_RULES = "manage lint rules"
    MANAGE_ALLOWLIST = "manage the lint allowlist"
    MANAGE_TRIAGE_RULES = "manage triage rules"
    APPROVE = "approve or reject drafts"
    SENIOR_REPLY = "write senior replies"
    MANAGE_USERS = "manage users"
    MANAGE_SETTINGS = "change settings"
    LOAD_DEMO = "load demo data"
    DECLARE_SUSPENSION = "declare or lift the suspension"
    EXPORT_APPEAL = "export the appeal evidence package"
    READ_AUDIT = "read the audit log"
    LOG_CASES = "log Seller Support cases"
    DECIDE_FBM = "decide what happens to unshipped FBM orders"
    AUTHORIZE_REMEDY = "authorize out-of-policy remedies"
    RUN_DRILL = "run escalation drills"
    COPY_DATABASE = "copy the whole database to another server"


_AGENT = {Permission.WORK_TICKETS, Permission.DRAFT, Permission.LOG_REFUND, Permission.IMPORT,
          Permission.DISPATCH, Permission.LOG_CASES}
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(_AGENT),
    Role.COMPLIANCE: frozenset(_AGENT | {Permission.MANAGE_TEMPLATES, Permission.MANAGE_LINT_RULES,
                                         Permission.MANAGE_ALLOWLIST, Permission.MANAGE_TRIAGE_RULES,
                                         Permission.APPROVE, Permission.SENIOR_REPLY,
                                         Permission.EXPORT_APPEAL, Permission.READ_AUDIT,
                                         Permission.DECIDE_FBM, Permission.AUTHORIZE_REMEDY, Permission.RUN_DRILL}),
    Role.ADMIN: frozenset(_AGENT | {Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS,
                                    Permission.LOAD_DEMO, Permission.DECLARE_SUSPENSION,
                                    Permission.SENIOR_REPLY, Permission.EXPORT_APPEAL,
                                    Permission.READ_AUDIT, Permission.AUTHORIZE_REMEDY,
                                    Permission.COPY_DATABASE}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """An authenticated user acting on the database."""

    id: int
    name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                f"permission denied: {self.name} ({self.role}) may not {permission.value}")


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        from warroom.errors import UsageError

        raise UsageError(f"unknown role {value!r}: use one of agent, compliance, admin") from None
