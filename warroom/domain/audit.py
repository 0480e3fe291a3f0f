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
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    count: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "count": self.count, "head_hash": self.head_hash,
                "first_bad_seq": self.first_bad_seq, "reason": self.reason}
