"""Decide a text file's encoding from its bytes (no dependency, no guessing library).

Rules, in order:

1. A byte-order mark decides: UTF-8 BOM -> UTF-8 (BOM dropped); UTF-16 LE/BE BOM -> UTF-16
   (Excel's "Unicode Text" export).
2. The whole file decodes as strict UTF-8 -> UTF-8.  A file that is strict UTF-8 except for an
   incomplete character at the very end (a truncated download) is UTF-8 too.
3. Mostly UTF-8 with a few bad bytes (the continuation bytes of its valid multi-byte
   characters are at least twice as many as the bad bytes) -> UTF-8; each bad byte becomes a
   lone surrogate (U+DC80-U+DCFF, Python's ``surrogateescape``) and the parser treats a row
   holding one as a bad row instead of silently garbling it.
4. Otherwise choose between Shift-JIS (Windows code page 932, what Amazon.co.jp reports use)
   and Windows-1252 (what Excel saves on Western Windows):
   * decodes strictly as cp932 AND contains kana (U+3040-U+30FF) -> cp932.  Nearly every
     Japanese product title has kana, while Western text read as cp932 only produces kana
     when it holds the rare bytes 0x82/0x83 (``‚``/``ƒ``) followed by a high byte;
     accented Latin text read as cp932 gives kanji or half-width katakana, never kana;
   * else decodes strictly as cp1252 -> cp1252;
   * else decodes strictly as cp932 (Japanese text without a single kana) -> cp932;
   * else the file is refused with :class:`BadInput` naming the first undecodable byte.

``charset-normalizer`` is not used: it is not in the project's dependencies, it is slow on
large files, and for this closed set of encodings the rules above are both faster and easier to
explain to a user whose file was refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from warroom.errors import BadInput

_KANA_RE = re.compile("[\u3040-\u30ff]")
BAD_BYTE_RE: re.Pattern[str] = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str           # utf-8, utf-8-sig, utf-16, cp1252 or cp932
    has_bad_bytes: bool     # text holds surrogate-escaped bytes (rule 3 above)


def decode_bytes(data: bytes, file: str) -> Decoded:
    """Decode ``data`` by the rules in the module docstring; BadInput when none fits."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        text, bad = _utf8_lenient(body)
        return Decoded(text, "utf-8-sig", bad)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", False)
        except UnicodeDecodeError as exc:
            raise BadInput(
                f"the file starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"({exc.reason} at byte {exc.start})", file=file) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        first_error = exc
    if first_error.end >= len(data) and first_error.reason == "unexpected end of data":
        text, bad = _utf8_lenient(data)
        return Decoded(text, "utf-8", bad)
    escaped = data.decode("utf-8", "surrogateescape")
    bad_count = len(BAD_BYTE_RE.findall(escaped))
    multibyte_extra = len(data) - len(escaped)   # bytes beyond the first of each valid char
    if multibyte_extra >= 2 * bad_count:
        return Decoded(escaped, "utf-8", True)
    as_cp932 = _strict(data, "cp932")
    if as_cp932 is not None and _KANA_RE.search(as_cp932):
        return Decoded(as_cp932, "cp932", False)
    as_cp1252 = _strict(data, "cp1252")
    if as_cp1252 is not None:
        return Decoded(as_cp1252, "cp1252", False)
    if as_cp932 is not None:
        return Decoded(as_cp932, "cp932", False)
    pos = first_error.start
    line = data.count(b"\n", 0, pos) + 1
    raise BadInput(
        f"cannot decode the file: it is not UTF-8, Windows-1252 or Shift-JIS "
        f"(undecodable byte 0x{data[pos]:02X} on line {line}, byte offset {pos})",
        file=file)


def _utf8_lenient(data: bytes) -> tuple[str, bool]:
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape"), True


def _strict(data: bytes, encoding: str) -> str | None:
    """Strict decode; an incomplete multi-byte character at the very end (truncated file) is
    tolerated and dropped (the row it ends is then malformed anyway)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.start >= len(data) - 1 and encoding == "cp932":
            try:
                return data[: exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None
