"""The lint allowlist: contacts compliance allows in replies (carrier, manufacturer, warranty).

Entries are e-mail addresses (or ``@domain`` for every address at a domain), phone numbers
and link domains.  Only compliance users change the list; every change is audited.  The lint
as every capability runs it (``warroom.services.lint``) reads the list in the same session."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import AllowlistEntry
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

KINDS = ("email", "phone", "domain")

_MAX = 255
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOCAL = re.compile(r"^[\w+-]+(?:\.[\w+-]+)*$")     # what the lint's e-mail finder can match
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


# ---------------------------------------------------------------- validation

def _clean(kind: str, value: Any) -> str:
    text = str(value if value is not None else "")
    if "\r" in text or "\n" in text:
        raise BadInput(f"a {kind} may not contain a line break", field="value")
    text = text.strip()
    if not text:
        raise BadInput(f"the {kind} is empty", field="value")
    if len(text) > _MAX:
        raise BadInput(f"the {kind} is longer than {_MAX} characters", field="value")
    if any(not ch.isprintable() for ch in text):
        raise BadInput(f"a {kind} may not contain control or invisible characters", field="value")
    return text


def _ascii_host(host: str) -> str:
    """The ASCII (IDNA) form of a host name, or BadInput."""
    if "://" in host or any(c in host for c in "/?#\\"):
        raise BadInput(f"{host!r} is not a domain: give the host name only (no scheme or path), e.g. dhl.de",
                       field="value")
    if any(c in host for c in "@:[]"):
        raise BadInput(f"{host!r} is not a domain name (no user, port or address)", field="value")
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise BadInput(f"{host!r} is not a valid (IDNA) domain name", field="value") from None
    labels = ascii_host.split(".")
    if len(labels) < 2 or len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise BadInput(f"{host!r} is not a valid domain name: labels of a-z, 0-9 and '-' separated by dots, "
                       "at least two, e.g. dhl.de", field="value")
    if not re.search(r"[a-z]", labels[-1]):
        raise BadInput(f"{host!r} is not a domain name (an IP address cannot be allowlisted)", field="value")
    return ascii_host


def _unicode_host(ascii_host: str) -> str:
    try:
        return ascii_host.encode("ascii").decode("idna").lower()
    except UnicodeError:
        return ascii_host


def _normalize_domain(value: str) -> str:
    host = value.lower().rstrip(".")
    if " " in host:
        raise BadInput("a domain may not contain spaces", field="value")
    ascii_host = _ascii_host(host)
    if ascii_host.startswith("www.") and ascii_host.count(".") >= 2:   # the lint ignores www. anyway
        ascii_host = ascii_host[4:]
    return ascii_host if host.isascii() else _unicode_host(ascii_host)


def _normalize_email(value: str) -> str:
    addr = value.lower()
    if " " in addr:
        raise BadInput("an e-mail address may not contain spaces", field="value")
    if addr.count("@") != 1:
        raise BadInput(f"{value!r} is not an e-mail address (name@domain, or @domain for every address "
                       "at a domain)", field="value")
    local, domain = addr.split("@")
    if local and (len(local) > 64 or not _LOCAL.match(local)):
        raise BadInput(f"{value!r} is not an e-mail address: the part before @ may hold letters, digits "
                       "and . _ + -", field="value")
    domain = domain.rstrip(".")
    if not domain:
        raise BadInput(f"{value!r} is not an e-mail address: no domain after @", field="value")
    _ascii_host(domain)
    return f"{local}@{domain}"


def _phone_key(value: str) -> str:
    """The digits the lint compares (``+``/``00`` prefixes, ``(0)`` and trunk zeros dropped)."""
    d = "".join(ch for ch in re.sub(r"\(\s*0\s*\)", "", value) if ch.isdigit())
    if d.startswith("00"):
        d = d[2:]
    return d.lstrip("0")


def _normalize_phone(value: str) -> str:
    if not _PHONE.match(value) or "+" in value[1:] or "  " in value:
        raise BadInput(f"{value!r} is not a phone number: digits, optionally a leading +, single spaces "
                       "and ( ) . / -", field="value")
    digits = sum(ch.isdigit() for ch in value)
    if not 6 <= digits <= 15:
        raise BadInput(f"a phone number has 6 to 15 digits; {value!r} has {digits}", field="value")
    if not _phone_key(value):
        raise BadInput(f"{value!r} is not a phone number", field="value")
    return value   # kept as typed: the lint compares digits


def normalize(kind: str, value: Any) -> str:
    """The stored form of ``value`` for ``kind``, or BadInput naming the field."""
    kind = str(kind or "").strip().lower()
    if kind not in KINDS:
        raise BadInput(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}", field="kind")
    text = _clean(kind, value)
    return {"email": _normalize_email, "phone": _normalize_phone, "domain": _normalize_domain}[kind](text)


def _same(kind: str, a: str, b: str) -> bool:
    return _phone_key(a) == _phone_key(b) if kind == "phone" else a == b


# ---------------------------------------------------------------- reading

def _row(row: AllowlistEntry) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "value": row.value, "note": row.note, "added_by": row.added_by,
            "added_at": clock.iso(row.added_at)}


def _rows(session: Session) -> list[AllowlistEntry]:
    return list(session.scalars(select(AllowlistEntry).order_by(AllowlistEntry.kind, AllowlistEntry.value,
                                                                AllowlistEntry.id)))


def list_allowlist(db: Database) -> list[dict[str, Any]]:
    with UnitOfWork(db, write=False) as uow:
        return [_row(r) for r in _rows(uow.session)]


def engine_entries(session: Session) -> list[str]:
    """The stored entries as ``warroom.lint`` expects them (``technical.Allowlist``): e-mail
    addresses (or ``@domain``), phone numbers as typed, and domains, each domain given in
    both its Unicode and its ASCII (IDNA) form so a link written either way matches."""
    out: list[str] = []
    for row in _rows(session):
        out.append(row.value)
        if row.kind in ("domain", "email"):
            local, sep, host = row.value.rpartition("@") if row.kind == "email" else ("", "", row.value)
            try:
                ascii_host = host.encode("idna").decode("ascii").lower()
            except UnicodeError:
                continue
            for alt in {ascii_host, _unicode_host(ascii_host)} - {host}:
                out.append(f"{local}{sep}{alt}")
    return out


# ---------------------------------------------------------------- changing

def add_allowlist_entry(db: Database, actor: Actor, kind: str, value: Any, note: str = "") -> dict[str, Any]:
    value = normalize(kind, value)
    kind = kind.strip().lower()
    note = (note or "").strip()
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_ALLOWLIST)
        for row in uow.session.scalars(select(AllowlistEntry).where(AllowlistEntry.kind == kind)):
            if _same(kind, row.value, value):
                raise BusinessRuleError(f"the {kind} {value} is already on the allowlist (entry {row.id}"
                                        + (f": {row.value})" if row.value != value else ")"))
        entry = AllowlistEntry(kind=kind, value=value, note=note, added_by=actor.name, added_at=clock.now())
        uow.session.add(entry)
        uow.session.flush()
        data = _row(entry)
        uow.audit(actor.name, "allowlist.add", f"allowlist:{entry.id}",
                  {"id": entry.id, "kind": kind, "value": value, "note": note})
        uow.commit()
        return data


def _find(session: Session, key: int | str) -> AllowlistEntry:
    if isinstance(key, int) and not isinstance(key, bool):
        row = session.get(AllowlistEntry, key)
        if row is None:
            raise NotFound(f"no allowlist entry {key}")
        return row
    text = str(key or "").strip()
    if not text:
        raise BadInput("say which entry: its id or its value", field="value")
    found: dict[int, AllowlistEntry] = {}
    if text.isascii() and text.isdigit() and len(text) <= 19:     # int() refuses '²' and 5,000 digits
        row = session.get(AllowlistEntry, int(text))
        if row is not None:
            found[row.id] = row
    if "@" in text:
        kinds: tuple[str, ...] = ("email",)
    elif not re.search(r"[^\W\d_]", text):
        kinds = ("phone",)
    else:
        kinds = ("domain",)
    for kind in kinds:
        try:
            value = normalize(kind, text)
        except BadInput:
            continue
        for row in session.scalars(select(AllowlistEntry).where(AllowlistEntry.kind == kind)):
            if _same(kind, row.value, value):
                found[row.id] = row
    if not found:
        raise NotFound(f"no allowlist entry {text!r}")
    if len(found) > 1:
        raise BusinessRuleError(f"{text!r} names several allowlist entries ({', '.join(map(str, sorted(found)))}): "
                                "remove by id")
    return next(iter(found.values()))


def remove_allowlist_entry(db: Database, actor: Actor, entry_id_or_value: int | str) -> dict[str, Any]:
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_ALLOWLIST)
        row = _find(uow.session, entry_id_or_value)
        data = _row(row)
        uow.session.delete(row)
        uow.audit(actor.name, "allowlist.remove", f"allowlist:{data['id']}",
                  {"id": data["id"], "kind": data["kind"], "value": data["value"]})
        uow.commit()
        return data
