"""C2SP signed notes and tlog checkpoints (pure text formats; signing is elsewhere).

* signed note (https://c2sp.org/signed-note): the text (one or more lines, each ending in
  ``\\n``), a blank line, then one line per signature ``— <key name> <base64(key id || sig)>``
  (U+2014 EM DASH, a space).  An Ed25519 signature is over the text's UTF-8 bytes; the key id is
  the first 4 bytes of ``SHA-256(name || 0x0A || 0x01 || public key)``; a verifier key is
  written ``<name>+<key id as 8 hex digits>+<base64(0x01 || public key)>``.
* checkpoint (https://c2sp.org/tlog-checkpoint): a note whose text is the origin line, the
  tree size in decimal, the base64 root hash, then optional extension lines.
* inclusion proof (https://c2sp.org/tlog-proof): ``c2sp.org/tlog-proof@v1``, ``index N``, the
  proof hashes in base64 one per line, a blank line, the signed checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

SIG_PREFIX = "\u2014 "
ED25519 = 0x01
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
_NAME = re.compile(r"^[^\s+]+$")


class NoteError(ValueError):
    """A note, checkpoint, key or proof that does not follow its format (the message says where)."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise NoteError(f"{what} is not base64: {text[:40]!r}") from None


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def check_name(name: str) -> str:
    if not name or not _NAME.match(name):
        raise NoteError(f"a key name is non-empty, without spaces or '+': {name!r}")
    return name


@dataclass(frozen=True, slots=True)
class VerifierKey:
    name: str
    key_id: bytes
    public_key: bytes

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{b64(bytes([ED25519]) + self.public_key)}"

    @classmethod
    def of(cls, name: str, public_key: bytes) -> "VerifierKey":
        return cls(check_name(name), key_id(name, public_key), public_key)

    @classmethod
    def parse(cls, text: str) -> "VerifierKey":
        parts = text.strip().split("+", 2)       # the base64 key may hold "+", the name never does
        if len(parts) != 3:
            raise NoteError("a verifier key reads NAME+KEYID+BASE64KEY")
        name, hex_id, encoded = parts
        raw = unb64(encoded, "the verifier key")
        if len(raw) != 33 or raw[0] != ED25519:
            raise NoteError("the verifier key is not an Ed25519 key (type 0x01, 32 bytes)")
        key = cls.of(name, raw[1:])
        if key.key_id.hex() != hex_id.lower():
            raise NoteError(f"the verifier key's id {hex_id} does not match its name and key")
        return key


@dataclass(frozen=True, slots=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{SIG_PREFIX}{self.name} {b64(self.key_id + self.signature)}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    text: str                        # the signed text, ending in "\n"
    signatures: tuple[Signature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    @classmethod
    def parse(cls, note: str) -> "SignedNote":
        if not note.endswith("\n"):
            raise NoteError("a signed note ends with a newline")
        cut = note.rfind("\n\n")
        if cut < 0:
            raise NoteError("a signed note has a blank line between its text and its signatures")
        text, sig_block = note[:cut + 1], note[cut + 2:]
        if not text.strip("\n") or "\n\n" in text:
            raise NoteError("the note's text is empty or holds a blank line")
        signatures = []
        for line in sig_block.splitlines():
            if not line.startswith(SIG_PREFIX):
                raise NoteError(f"a signature line starts with '\u2014 ': {line[:40]!r}")
            name, _, encoded = line[len(SIG_PREFIX):].rpartition(" ")
            raw = unb64(encoded, "a signature")
            if len(raw) < 5:
                raise NoteError("a signature is shorter than its key id")
            signatures.append(Signature(check_name(name), raw[:4], raw[4:]))
        if not signatures:
            raise NoteError("a signed note has at least one signature")
        return cls(text, tuple(signatures))

    def signature_by(self, key: VerifierKey) -> Signature | None:
        return next((s for s in self.signatures if s.name == key.name and s.key_id == key.key_id), None)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        return "".join(f"{line}\n" for line in (self.origin, str(self.size), b64(self.root), *self.extensions))

    @classmethod
    def parse(cls, text: str) -> "Checkpoint":
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise NoteError("a checkpoint's text is the origin, the tree size and the root hash, one per line")
        origin, size_text, root_text, *extensions = lines[:-1]
        if not origin or not size_text.isascii() or not size_text.isdigit() or (size_text != "0" and size_text[0] == "0"):
            raise NoteError(f"a checkpoint's second line is the tree size in decimal: {size_text[:30]!r}")
        root = unb64(root_text, "the checkpoint's root hash")
        if len(root) != 32:
            raise NoteError("the checkpoint's root hash is not 32 bytes")
        return cls(origin, int(size_text), root, tuple(extensions))


@dataclass(frozen=True, slots=True)
class InclusionProof:
    index: int
    hashes: tuple[bytes, ...]
    checkpoint: str                    # the signed checkpoint note, verbatim

    def __str__(self) -> str:
        return (f"{PROOF_HEADER}\nindex {self.index}\n" + "".join(f"{b64(h)}\n" for h in self.hashes)
                + "\n" + self.checkpoint)

    @classmethod
    def parse(cls, text: str) -> "InclusionProof":
        head, sep, checkpoint = text.partition("\n\n")
        if not sep:
            raise NoteError("a proof has a blank line before its checkpoint")
        lines = head.split("\n")
        if lines[0] != PROOF_HEADER:
            raise NoteError(f"a proof starts with {PROOF_HEADER}")
        rest = lines[1:]
        if rest and rest[0].startswith("extra "):
            rest = rest[1:]
        if not rest or not rest[0].startswith("index ") or not rest[0][6:].isdigit():
            raise NoteError("a proof names its index: 'index N'")
        hashes = tuple(unb64(x, "a proof hash") for x in rest[1:])
        if any(len(h) != 32 for h in hashes):
            raise NoteError("a proof hash is not 32 bytes")
        return cls(int(rest[0][6:]), hashes, checkpoint)
