"""Users, roles and authentication."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from warroom import clock
from warroom.domain.passwords import hash_password, verify_password
from warroom.domain.roles import Actor, Permission, Role
from warroom.errors import AuthenticationError, BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import User
from warroom.storage.uow import UnitOfWork

SYSTEM_ACTOR = "system"
RESERVED_NAMES = {SYSTEM_ACTOR}


def _user_dict(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "disabled": user.disabled,
            "created_at": clock.iso(user.created_at)}


def _validate_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise BadInput(f"invalid user name {name!r}: 1-64 letters, digits or . _ - @")
    if name.lower() in RESERVED_NAMES:
        raise BadInput(f"user name {name!r} is reserved")
    return name


def user_count(db: Database) -> int:
    with UnitOfWork(db, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(User)) or 0)


def authenticate(db: Database, name: str, password: str) -> Actor:
    """Check a user's password; the same message for an unknown user and a wrong password."""
    with UnitOfWork(db, write=False) as uow:
        user = uow.session.scalar(select(User).where(User.name == name))
        if user is None or not verify_password(user.password_hash, password):
            raise AuthenticationError(f"authentication failed for {name!r}: unknown user or wrong password")
        if user.disabled:
            raise AuthenticationError(f"user {name!r} is disabled")
        return Actor(id=user.id, name=user.name, role=Role(user.role))


def current_actor(uow: UnitOfWork, actor: Actor, permission: Permission | None = None) -> User:
    """Re-read the acting user inside the unit of work (a disable or role change takes effect
    at once, even for a console that logged in earlier) and check the permission."""
    user = uow.session.get(User, actor.id)
    if user is None or user.disabled:
        raise AuthenticationError(f"user {actor.name!r} is disabled or no longer exists")
    if permission is not None:
        Actor(user.id, user.name, Role(user.role)).require(permission)
    return user


def add_user(db: Database, actor: Actor | None, name: str, role: Role, password: str) -> dict[str, Any]:
    """Create a user.  With no users yet, ``actor`` is None and the user must be an admin."""
    name = _validate_name(name)
    pw_hash = hash_password(password)   # outside the transaction: it takes ~20 ms
    with UnitOfWork(db) as uow:
        count = uow.session.scalar(select(func.count()).select_from(User)) or 0
        if actor is None:
            if count:
                raise AuthenticationError("an acting admin is required (--as USER): users already exist")
            if role is not Role.ADMIN:
                raise BusinessRuleError("the first user must be an admin")
            actor_name = name
        else:
            current_actor(uow, actor, Permission.MANAGE_USERS)
            actor_name = actor.name
        if uow.session.scalar(select(User).where(User.name == name)) is not None:
            raise BusinessRuleError(f"user {name!r} already exists")
        now = clock.now()
        user = User(name=name, role=role.value, password_hash=pw_hash, disabled=False, created_at=now,
                    role_granted_by=actor_name, role_granted_at=now, password_set_by=actor_name,
                    password_set_at=now)
        uow.session.add(user)
        uow.session.flush()
        uow.audit(actor_name, "user.bootstrap" if actor is None else "user.add", f"user:{user.id}",
                  {"name": name, "role": role.value})
        uow.commit()
        return _user_dict(user)


def list_users(db: Database) -> list[dict[str, Any]]:
    with UnitOfWork(db, write=False) as uow:
        return [_user_dict(u) for u in uow.session.scalars(select(User).order_by(User.name))]


def _get_user(uow: UnitOfWork, name: str) -> User:
    user = uow.session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named {name!r}")
    return user


def _admins_left(uow: UnitOfWork, excluding: User) -> int:
    return int(uow.session.scalar(
        select(func.count()).select_from(User).where(
            User.role == Role.ADMIN.value, User.disabled.is_(False), User.id != excluding.id)) or 0)


def disable_user(db: Database, actor: Actor, name: str) -> dict[str, Any]:
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_USERS)
        user = _get_user(uow, name)
        if user.disabled:
            raise BusinessRuleError(f"user {name!r} is already disabled")
        if user.role == Role.ADMIN.value and _admins_left(uow, user) == 0:
            raise BusinessRuleError("refused: this would leave no active admin")
        user.disabled = True
        uow.audit(actor.name, "user.disable", f"user:{user.id}", {"name": name})
        uow.commit()
        return _user_dict(user)


def enable_user(db: Database, actor: Actor, name: str) -> dict[str, Any]:
    """Enable a disabled user again (admin); audited ``user.enable``.  Enabling oneself is
    impossible by construction: a disabled user cannot act."""
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_USERS)
        user = _get_user(uow, name)
        if not user.disabled:
            raise BusinessRuleError(f"user {name!r} is not disabled")
        user.disabled = False
        uow.audit(actor.name, "user.enable", f"user:{user.id}", {"name": name})
        uow.commit()
        return _user_dict(user)


def set_role(db: Database, actor: Actor, name: str, role: Role) -> dict[str, Any]:
    """Change another user's role (admin).  Nobody changes their own role: an admin who wants
    to approve must be a different person (see drafts.approval_conflict for who they armed)."""
    with UnitOfWork(db) as uow:
        me = current_actor(uow, actor, Permission.MANAGE_USERS)
        user = _get_user(uow, name)
        if user.id == me.id:
            raise BusinessRuleError("nobody changes their own role: another admin does it")
        if user.role == role.value:
            raise BusinessRuleError(f"user {name!r} already has the role {role.value}")
        if user.role == Role.ADMIN.value and _admins_left(uow, user) == 0:
            raise BusinessRuleError("refused: this would leave no active admin")
        old = user.role
        user.role = role.value
        user.role_granted_by, user.role_granted_at = actor.name, clock.now()
        uow.audit(actor.name, "user.set-role", f"user:{user.id}", {"name": name, "from": old, "to": role.value})
        uow.commit()
        return _user_dict(user)


def reset_password(db: Database, actor: Actor, name: str, password: str) -> dict[str, Any]:
    pw_hash = hash_password(password)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_USERS)
        user = _get_user(uow, name)
        user.password_hash = pw_hash
        user.password_set_by, user.password_set_at = actor.name, clock.now()
        uow.audit(actor.name, "user.reset-password", f"user:{user.id}", {"name": name})
        uow.commit()
        return _user_dict(user)
