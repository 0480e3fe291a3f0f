"""Stable keyed pseudonyms for buyer names and e-mail addresses (``--pseudonymize``).

``buyer-<first 10 hex digits of HMAC-SHA256(key, normalized value)>``; the value is normalized
first (Unicode NFKC, case folded, runs of white space made one space, trimmed), so the same
buyer written ``Jane Roe`` and ``JANE  ROE`` gets one pseudonym.  The key is a secret the seller
keeps: ``<data dir>/keys/<database id>.pseudonym-key`` (made on the first pseudonymized export:
base64 of 32 random bytes, mode 0600) or a file given with ``--pseudonym-key`` (base64 of at
least 16 bytes).  Whoever holds the key recomputes a pseudonym from a name and matches it to
the report; without it, the pseudonyms say nothing.

Free text shown beside buyer data (subjects, reasons, notes, payment references) is scrubbed:
every e-mail address in it becomes its pseudonym, and so do the row's own buyer names (the full
name, then each part of it of two characters or more, as a word).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata
from pathlib import Path

from warroom import paths
from warroom.errors import BadInput

PREFIX = "buyer-"
HEX_DIGITS = 10
MIN_KEY_BYTES = 16
KEY_SUFFIX = ".pseudonym-key"
_SPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PARTS = re.compile(r"[\s,;:()\"'<>]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def normalize(value: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", value).casefold()).strip()


def default_key_file(database_id: str) -> Path:
    return paths.keys_dir() / f"{database_id}{KEY_SUFFIX}"


def load_key(database_id: str, key_file: str | Path | None = None) -> tuple[bytes, Path]:
    """The pseudonym key and where it lives: ``key_file`` (which must exist), or the default
    file (created when missing)."""
    if key_file is None:
        path = default_key_file(database_id)
        if not path.exists():
            paths.private_file(path)
            path.write_text(base64.b64encode(secrets.token_bytes(32)).decode("ascii") + "\n", encoding="ascii")
    else:
        path = Path(key_file)
    try:
        text = path.read_bytes().decode("ascii").strip()
        key = base64.b64decode(text, validate=True)
    except OSError as exc:
        raise BadInput(f"cannot read the pseudonym key: {exc.strerror or exc}", file=str(path)) from None
    except (UnicodeDecodeError, binascii.Error, ValueError):
        raise BadInput("a pseudonym key file holds the key in base64 (one line)", file=str(path)) from None
    if len(key) < MIN_KEY_BYTES:
        raise BadInput(f"the pseudonym key is {len(key)} bytes; at least {MIN_KEY_BYTES} are needed",
                       file=str(path))
    return key, path


class Pseudonyms:
    """The pseudonyms of one export (``key`` None: the identity, nothing is replaced)."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key
        self._cache: dict[str, str] = {}

    @property
    def active(self) -> bool:
        return self.key is not None

    def of(self, value: str | None) -> str | None:
        """The pseudonym of a name or an address (itself when not pseudonymizing)."""
        if value is None or self.key is None:
            return value
        norm = normalize(value)
        if not norm:
            return value
        found = self._cache.get(norm)
        if found is None:
            digest = hmac.new(self.key, norm.encode("utf-8"), hashlib.sha256).hexdigest()
            found = self._cache[norm] = PREFIX + digest[:HEX_DIGITS]
        return found

    def scrub(self, text: str | None, names: tuple[str | None, ...] = ()) -> str | None:
        """``text`` with every e-mail address, and the given buyer names, replaced by their
        pseudonyms (unchanged when not pseudonymizing)."""
        if text is None or self.key is None:
            return text
        out = _EMAIL.sub(lambda m: self.of(m.group(0)) or "", text)
        full = sorted({n.strip() for n in names if n and n.strip() and "@" not in n}, key=len, reverse=True)
        for name in full:
            alias = self.of(name) or ""
            out = re.sub(re.escape(name), alias, out, flags=re.IGNORECASE)
        for name in full:
            alias = self.of(name) or ""
            for part in sorted({p for p in _PARTS.split(name) if len(p) >= 2 and not p.isdigit()},
                               key=len, reverse=True):
                if part.casefold() == PREFIX.rstrip("-"):
                    continue
                pattern = re.escape(part) if _CJK.search(part) else rf"(?<!\w){re.escape(part)}(?!\w)"
                out = re.sub(pattern, alias, out, flags=re.IGNORECASE)
        return out
