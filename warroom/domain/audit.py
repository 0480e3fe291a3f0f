"""The audit chain's entry format and hashing rule (pure: no database).

Format, precisely (also in docs/audit-chain.md):

* An entry is the JSON object ``{"action", "actor", "at", "entity", "payload", "seq"}``:
  ``seq`` an integer (1, 2, 3, ...), ``at`` the UTC time as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``,
  ``actor``/``action``/``entity`` strings, ``payload`` any JSON value without floats.
* Its **canonical bytes** are its RFC 8785 (JCS) serialization in UTF-8: object members sorted
  by the UTF-16 code units of their names, no insignificant whitespace, strings escaped as
  JSON.stringify does (only ``"``, ``\\`` and U+0000..U+001F; the short forms ``\\b \\t \\n \\f
  \\r``, otherwise ``\\u00xx`` in lower-case hex), integers in plain decimal.  Floats are
  refused (money travels as decimal strings), and so are integers outside +-(2**53 - 1).
* ``hash(n) = SHA-256(prev_hash(n) || canonical_bytes(n))`` where ``prev_hash(n)`` is the 32
  raw bytes of ``hash(n-1)``, and ``prev_hash(1)`` is 32 zero bytes.  Stored as lower-case hex.
* Verification also requires the stored bytes to BE canonical (:func:`canonical_problem`) and
  ``at`` never to go back by more than :data:`CLOCK_STEP_TOLERANCE`.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import msgspec

GENESIS_HASH = "0" * 64
MAX_SAFE_INTEGER = 2**53 - 1


class CanonicalizationError(ValueError):
    pass


def _check(value: Any, path: str = "payload") -> None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalizationError(f"{path}: integer {value} is outside the safe range")
        return
    if isinstance(value, float):
        raise CanonicalizationError(f"{path}: floats are not allowed (use a decimal string)")
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalizationError(f"{path}: object key {key!r} is not a string")
            _check(item, f"{path}.{key}")
        return
    raise CanonicalizationError(f"{path}: {type(value).__name__} is not a JSON value")


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value, key=lambda k: k.encode("utf-16-be"))}
    if isinstance(value, (list, tuple)):
        return [_sorted(v) for v in value]
    return value


def canonical_bytes(value: Any) -> bytes:
    """RFC 8785 canonical JSON of a float-free value, as UTF-8 bytes."""
    _check(value)
    text = json.dumps(_sorted(value), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=False, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates
        raise CanonicalizationError(f"payload: text is not valid Unicode ({exc.reason})") from exc


def chain_hash(prev_hash_hex: str, canonical: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash_hex) + canonical).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    payload: Any
    prev_hash: str
    hash: str

    @classmethod
    def from_stored(cls, seq: int, canonical: bytes, prev_hash: str, hash_: str) -> "AuditEntry":
        doc = json.loads(canonical)
        return cls(seq=seq, at=doc["at"], actor=doc["actor"], action=doc["action"],
                   entity=doc["entity"], payload=doc["payload"], prev_hash=prev_hash, hash=hash_)

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "entity": self.entity, "payload": self.payload, "prev_hash": self.prev_hash,
                "hash": self.hash}


def entry_document(seq: int, at: str, actor: str, action: str, entity: str, payload: Any) -> dict[str, Any]:
    return {"seq": seq, "at": at, "actor": actor, "action": action, "entity": entity, "payload": payload}


# ---------------------------------------------------------------- are stored bytes canonical?
#
# Verification re-reads each entry's stored bytes and checks that they ARE the canonical bytes
# of a well-formed entry (not only that they hash correctly).  Two paths give the same answer:
#
# * fast (every entry): msgspec decodes the bytes into the six typed members (refusing floats,
#   NaN, a seventh or a missing member, a wrong type, invalid UTF-8) and encodes them again
#   with sorted keys; the stored bytes must come back unchanged.  msgspec sorts keys by code
#   point and does not bound integers, so a batch screen (:func:`screen_batch`) sends the few
#   entries where that could matter (an integer of 16 or more digits, a key holding a character
#   beyond U+FFFF) to the exact path as well.
# * exact (:func:`canonical_problem`, only for entries the fast path does not accept): the
#   stdlib parser and :func:`canonical_bytes`, naming the first rule the bytes break.

ENTRY_MEMBERS = ("action", "actor", "at", "entity", "payload", "seq")
AT_LAYOUT = "YYYY-MM-DDTHH:MM:SS.ffffffZ"
AT_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")

#: How far an entry's ``at`` may lie before the latest ``at`` of the entries before it without
#: being a finding: room for a clock step (NTP correcting a fast clock, a laptop waking up) and
#: for clients of one PostgreSQL server whose clocks differ a little.  Beyond it, `audit verify`
#: reports the entry as broken (time going backwards is what a backdated entry looks like).
CLOCK_STEP_TOLERANCE = timedelta(minutes=10)


class _Entry(msgspec.Struct, forbid_unknown_fields=True):
    """The six members with their JSON types (fields in canonical order)."""

    action: str
    actor: str
    at: str
    entity: str
    payload: Any
    seq: int


class _TimedEntry(msgspec.Struct, forbid_unknown_fields=True):
    """The same, ``at`` read as a time: msgspec writes an aware UTC time back in the fixed
    layout when its microseconds are not zero (with zero, without the fraction)."""

    action: str
    actor: str
    at: datetime
    entity: str
    payload: Any
    seq: int


def _refuse_float(_literal: str) -> Any:
    raise ValueError("floats are not allowed")


class FastCheck:
    """The fast path of verification.  ``decode_timed`` reads bytes as the six typed members
    (raising ``msgspec.DecodeError`` for invalid UTF-8, a float, a seventh or missing member,
    a wrong type, an ``at`` that is not an RFC 3339 time); ``encode`` writes them back with
    sorted keys.  :meth:`check` gives the entry's time when the bytes come back unchanged."""

    __slots__ = ("decode_timed", "decode", "encode")

    def __init__(self) -> None:
        self.decode_timed = msgspec.json.Decoder(_TimedEntry, float_hook=_refuse_float).decode
        self.decode = msgspec.json.Decoder(_Entry, float_hook=_refuse_float).decode
        self.encode = msgspec.json.Encoder(order="sorted").encode

    def check(self, seq: int, data: bytes) -> datetime | None:
        """The time of entry ``seq`` when the fast path accepts ``data`` as its bytes (the
        caller still honours :func:`screen_batch`), else None (then :func:`canonical_problem`
        decides)."""
        try:
            entry = self.decode_timed(data)
            if entry.seq == seq and entry.at.microsecond and self.encode(entry) == data:
                return entry.at
        except msgspec.DecodeError:         # ValidationError (a float, a type, a member) included
            pass
        return self.check_text_time(seq, data)

    def check_text_time(self, seq: int, data: bytes) -> datetime | None:
        """:meth:`check` for an ``at`` msgspec does not write back as stored (zero microseconds)."""
        try:
            entry = self.decode(data)
            if entry.seq == seq and self.encode(entry) == data and AT_RE.fullmatch(entry.at):
                return datetime.fromisoformat(entry.at)
        except (msgspec.DecodeError, ValueError):
            pass
        return None


# digits -> "0"; what can stand before an integer's digits (":" "[" "," and a minus) -> ":"
_NUMBER_TABLE = bytes(0x30 if 0x30 <= b <= 0x39 else 0x3A if b in b":[,-" else 0x20 for b in range(256))
_LONG_INTEGER = b":" + b"0" * 16        # 16 digits or more: maybe beyond 2**53 - 1
_ASTRAL_LEADS = tuple(bytes([b]) for b in range(0xF0, 0xF5))
# a character beyond U+FFFF (4-byte UTF-8) inside a member name: the name's closing quote
# is followed by ":" (in bytes msgspec re-encoded unchanged, so no whitespace)
_ASTRAL_IN_NAME = re.compile(rb'[\xf0-\xf4](?:[^"\\]|\\.)*":')


def screen_batch(datas: list[bytes]) -> set[int]:
    """Indexes of ``datas`` the fast path cannot decide alone: an integer token of 16 digits or
    more (the safe range ends at 2**53 - 1, 16 digits), or a member name holding a character
    beyond U+FFFF (RFC 8785 sorts names by UTF-16 code units, msgspec by code points).  A
    necessary condition for both, checked over the whole batch at C speed."""
    try:
        blob = b"\n".join(datas)
    except TypeError:                   # a value that is not bytes (TEXT): its row fails earlier
        datas = [d if isinstance(d, bytes) else b"" for d in datas]
        blob = b"\n".join(datas)
    hits: list[int] = []
    numbers = blob.translate(_NUMBER_TABLE)
    i = numbers.find(_LONG_INTEGER)
    while i >= 0:
        hits.append(i)
        i = numbers.find(_LONG_INTEGER, i + len(_LONG_INTEGER))
    if not blob.isascii() and any(lead in blob for lead in _ASTRAL_LEADS):
        hits.extend(m.start() for m in _ASTRAL_IN_NAME.finditer(blob))
    if not hits:
        return set()
    starts, offset = [], 0
    for data in datas:
        starts.append(offset)
        offset += len(data) + 1
    return {bisect.bisect_right(starts, h) - 1 for h in hits}


def at_problem(at: str) -> str | None:
    """Why ``at`` is not a time in the fixed layout, or None."""
    if not AT_RE.fullmatch(at):
        return f"`at` {_show(at)} is not in the layout {AT_LAYOUT}"
    try:
        datetime.fromisoformat(at)
    except ValueError as exc:
        return f"`at` {_show(at)} is not a valid time ({exc})"
    return None


def parse_at(at: str) -> datetime:
    return datetime.fromisoformat(at)


def format_at(at: datetime) -> str:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _FloatLiteral:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Duplicate(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _Duplicate(name)
            seen.add(name)
    return out


_STRICT_DECODER = json.JSONDecoder(parse_float=_FloatLiteral, parse_constant=_FloatLiteral,
                                   object_pairs_hook=_pairs)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _show(value: Any, n: int = 40) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = json.dumps(text, ensure_ascii=True)
    return text if len(text) <= n else text[: n - 2] + '…"'


def _value_problem(value: Any, path: str) -> str | None:
    """Floats, unsafe integers and lone surrogates, in document order."""
    if isinstance(value, _FloatLiteral):
        return f"{path} is a number with a fraction or exponent ({value.text}); floats are not allowed"
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            return f"{path} is the integer {value}, outside ±(2^53 − 1)"
        return None
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return f"{path} holds a lone surrogate (a \\ud800-\\udfff escape without its pair)"
        return None
    if isinstance(value, list):
        for i, item in enumerate(value):
            problem = _value_problem(item, f"{path}[{i}]")
            if problem:
                return problem
        return None
    for name, item in value.items():
        if _SURROGATE.search(name):
            return f"a member name in {path} holds a lone surrogate"
        problem = _value_problem(item, f"{path}.{name}")
        if problem:
            return problem
    return None


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-be", "surrogatepass")


def _order_problem(value: Any, path: str) -> str | None:
    if isinstance(value, list):
        for i, item in enumerate(value):
            problem = _order_problem(item, f"{path}[{i}]")
            if problem:
                return problem
    elif isinstance(value, dict):
        names = list(value)
        for a, b in zip(names, names[1:]):
            if _utf16(a) > _utf16(b):
                return (f"members of {path} are not sorted by UTF-16 code units "
                        f"({_show(a)} comes before {_show(b)})")
        for name, item in value.items():
            problem = _order_problem(item, f"{path}.{name}")
            if problem:
                return problem
    return None


def _serialization_problem(data: bytes, expected: bytes) -> str:
    i = next((k for k, (a, b) in enumerate(zip(data, expected)) if a != b), min(len(data), len(expected)))
    got = data[i:i + 1]
    if got in (b" ", b"\t", b"\n", b"\r"):
        return f"whitespace between tokens at byte {i} (RFC 8785 writes none)"
    if got == b"\\":
        return (f"an escape at byte {i} that RFC 8785 writes otherwise (only \" \\ and U+0000..U+001F are "
                "escaped; every other character, non-ASCII included, is written as itself)")
    if got[:1].isdigit() or got == b"-" or expected[i:i + 1].isdigit():
        return f"a number at byte {i} is not in its shortest form"
    if i >= len(data):
        return f"the bytes end early, at byte {i}"
    return f"the bytes differ from their RFC 8785 serialization at byte {i}"


def canonical_problem(seq: int, data: bytes) -> str | None:
    """The first rule the stored bytes of entry ``seq`` break, or None when they are exactly
    the canonical bytes of a well-formed entry numbered ``seq``.  Rules, in this order: UTF-8;
    JSON; an object; no member name twice; exactly the six members; their types; ``seq`` is the
    row's; ``at`` in the fixed layout; no floats, integers within ±(2^53 − 1), no lone
    surrogates; members sorted; and re-serializing per RFC 8785 gives back exactly the bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 (byte {exc.start})"
    try:
        doc = _STRICT_DECODER.decode(text)      # whitespace around it is left to the last rule
    except _Duplicate as dup:
        return f"the member name {_show(dup.name)} appears twice in one object"
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg} at character {exc.pos})"
    if not isinstance(doc, dict):
        return "not a JSON object"
    extra = sorted(set(doc) - set(ENTRY_MEMBERS))
    missing = [m for m in ENTRY_MEMBERS if m not in doc]
    if extra:
        which = "a seventh member" if len(doc) == 7 and not missing else "members other than the six"
        return f"{which}: {', '.join(_show(e) for e in extra)}"
    if missing:
        return f"the member {_show(missing[0])} is missing"
    for name in ("action", "actor", "at", "entity"):
        if not isinstance(doc[name], str):
            return f"`{name}` is not a string"
    if isinstance(doc["seq"], _FloatLiteral) or isinstance(doc["seq"], bool) or not isinstance(doc["seq"], int):
        return "`seq` is not an integer"
    if doc["seq"] != seq:
        return f"`seq` is {doc['seq']}, not the row's {seq} (the bytes belong to another entry)"
    problem = at_problem(doc["at"]) or _value_problem(doc, "the entry") or _order_problem(doc, "the entry")
    if problem:
        return problem.replace("the entry.", "")
    try:
        expected = canonical_bytes(doc)
    except CanonicalizationError as exc:      # not reached: the rules above cover its refusals
        return str(exc)
    return None if expected == data else _serialization_problem(data, expected)


def describe_step(delta: timedelta) -> str:
    """A duration for a person: "3 h", "3 h 5 min", "11 min 30 s", "14 days 2 h"."""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min" + (f" {secs} s" if secs else "")


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What `audit verify` found.

    ``count`` is the number of rows in ``audit_entry``.  When ``ok``: every entry passed,
    ``head_hash`` is the hash of the last one (64 zeros for an empty chain), and
    ``verified_count``/``verified_head_hash`` equal ``count``/``head_hash``.  When broken:
    ``first_bad_seq`` and ``reason`` name the first entry that fails and why, ``head_hash`` is
    None (no unverified hash is ever presented as the head), ``verified_count`` is the number of
    entries verified before it (1 .. first_bad_seq - 1) and ``verified_head_hash`` the hash of
    the last of them (64 zeros when none)."""

    ok: bool
    count: int
    head_hash: str | None
    first_bad_seq: int | None = None
    reason: str | None = None
    verified_count: int = 0
    verified_head_hash: str = GENESIS_HASH

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "count": self.count, "head_hash": self.head_hash,
                "first_bad_seq": self.first_bad_seq, "reason": self.reason,
                "verified_count": self.verified_count, "verified_head_hash": self.verified_head_hash}
