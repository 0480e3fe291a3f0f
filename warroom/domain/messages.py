"""Pure helpers about buyer messages: order ids, Amazon relay addresses, safe text.

No I/O and no database: the importers, the ticket services and the GUI reuse these.
Everything taken from an e-mail header is untrusted; ``single_line`` makes it safe to
show in one line or to put back into a header, ``sanitize_filename`` makes an
attachment's name safe to save on any desktop OS.
"""

from __future__ import annotations

import re
import unicodedata
from email.utils import parseaddr

from warroom.domain.language import LANGUAGE_OF_MARKETPLACE, LANGUAGES, detect_language

__all__ = [
    "ORDER_ID_RE", "find_order_id", "is_amazon_relay", "marketplace_of_relay",
    "buyer_name_from_display", "single_line", "clean_text", "sanitize_filename",
    "detect_language", "LANGUAGE_OF_MARKETPLACE", "LANGUAGES", "RELAY_MARKETPLACES",
]

# --------------------------------------------------------------------------- order ids

#: An Amazon order id: 3-7-7 ASCII digits, not part of a longer run of digits.
ORDER_ID_RE = re.compile(r"(?<![0-9])[0-9]{3}-[0-9]{7}-[0-9]{7}(?![0-9])")

_NEEDS_NFKC_RE = re.compile(r"[\uff10-\uff19\uff0d\u2010-\u2015\u2212]")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})


def _search_order_id(text: str) -> str | None:
    if not text:
        return None
    match = ORDER_ID_RE.search(text)
    if match is None and _NEEDS_NFKC_RE.search(text):
        # Full-width digits/hyphens (Japanese input methods) or typographic dashes.
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
        match = ORDER_ID_RE.search(text)
    return match.group(0) if match else None


def find_order_id(subject: str, body: str) -> str | None:
    """The first Amazon order id in ``subject``, else the first in ``body``, else None."""
    return _search_order_id(subject) or _search_order_id(body)


# --------------------------------------------------------------------- relay addresses

#: Domain suffix after ``marketplace.amazon.`` -> marketplace country code.
RELAY_MARKETPLACES: dict[str, str] = {
    "com": "US", "ca": "CA", "com.mx": "MX", "com.br": "BR", "co.uk": "UK", "de": "DE",
    "fr": "FR", "it": "IT", "es": "ES", "nl": "NL", "se": "SE", "pl": "PL", "com.be": "BE",
    "ie": "IE", "com.tr": "TR", "ae": "AE", "sa": "SA", "eg": "EG", "in": "IN",
    "co.jp": "JP", "com.au": "AU", "sg": "SG", "co.za": "ZA",
}

# Local part: the anonymized alias (15 lowercase alphanumerics in every known example),
# optionally plus-suffixed ("<alias>+<8 hex>").  Kept a little looser than that on
# purpose: no length limit, dots/underscores/hyphens allowed.
_RELAY_RE = re.compile(
    r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?:\+[a-z0-9._-]+)?@marketplace\.amazon\.("
    + "|".join(re.escape(tld) for tld in sorted(RELAY_MARKETPLACES, key=len, reverse=True))
    + r")"
)


def _bare_address(address: str) -> str:
    address = address.strip()
    if "<" in address:
        address = parseaddr(address)[1]
    return address.strip().lower().rstrip(".")


def is_amazon_relay(address: str) -> bool:
    """True for a buyer relay address ``…@marketplace.amazon.<tld>`` (plus-suffix allowed)."""
    if not address:
        return False
    return _RELAY_RE.fullmatch(_bare_address(address)) is not None


def marketplace_of_relay(address: str) -> str | None:
    """The marketplace country code of a relay address ('US', 'DE', 'UK', 'JP', ...)."""
    if not address:
        return None
    match = _RELAY_RE.fullmatch(_bare_address(address))
    return RELAY_MARKETPLACES[match.group(1)] if match else None


# ------------------------------------------------------------------------- safe text

# C0 controls, DEL, C1 controls (incl. NEL U+0085), line/paragraph separators.
_LINE_BREAKERS_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def single_line(value: str) -> str:
    """``value`` made header-safe: one line, no control characters, whitespace collapsed.

    CR, LF, every other C0/C1 control (NEL included), DEL, U+2028 and U+2029 become a
    space; runs of whitespace collapse to one space; the ends are stripped.  Lone
    surrogates (undecodable bytes) become U+FFFD.
    """
    if not value:
        return ""
    if not value.isprintable():      # printable: no Cc, Cs, Zl, Zp (so no CR, LF, NEL)
        value = _LINE_BREAKERS_RE.sub(" ", value)
        if _SURROGATE_RE.search(value):
            value = _SURROGATE_RE.sub("\ufffd", value)
    return " ".join(value.split())


# Controls to drop from a multi-line text: C0 except TAB and LF, DEL.  (CR is turned
# into LF first.)
_TEXT_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> tuple[str, int]:
    """A multi-line text normalized for storage: CRLF/CR -> LF, controls (NUL ...) removed,
    lone surrogates -> U+FFFD.  Returns the text and how many characters were removed."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    removed = 0
    if _TEXT_CONTROLS_RE.search(value):
        value, removed = _TEXT_CONTROLS_RE.subn("", value)
    if _SURROGATE_RE.search(value):
        value = _SURROGATE_RE.sub("\ufffd", value)
    return value, removed


# ---------------------------------------------------------------------- buyer names

_AMAZON_SUFFIX_RE = re.compile(
    r"\s*[-\u2010-\u2015]\s*amazon(?:\.[a-z.]+)?\s+marketplace\s*$", re.IGNORECASE
)
_TRAILING_ADDR_RE = re.compile(r"\s*(?:<[^<>]*>|\[mailto:[^\]]*\])\s*$", re.IGNORECASE)
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def buyer_name_from_display(display: str) -> str | None:
    """The person's name from a From display name; None when there is none.

    ``'"Jane Doe - Amazon Marketplace"'`` -> ``'Jane Doe'``; a bare ``Amazon Marketplace``
    -> None; a stray ``<addr>`` or ``[mailto:…]`` at the end is dropped; other display
    names are returned cleaned (single line, quotes stripped).
    """
    if not display:
        return None
    name = single_line(display)
    for _ in range(3):
        previous = name
        name = name.strip().strip(_QUOTES).strip()
        name = _TRAILING_ADDR_RE.sub("", name)
        name = _AMAZON_SUFFIX_RE.sub("", name)
        if name == previous:
            break
    if not name or name.casefold() in ("amazon marketplace", "amazon"):
        return None
    return name


# ------------------------------------------------------------------------- filenames

_FILENAME_MAX_BYTES = 200       # UTF-8 bytes; well under every common file system's 255
_WINDOWS_FORBIDDEN = str.maketrans({c: "_" for c in '<>:"/\\|?*'})
_RESERVED_STEMS = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789\u00b9\u00b2\u00b3"]
)
DEFAULT_FILENAME = "attachment"


def _is_invisible(ch: str) -> bool:
    # Cc controls, Cf format characters (bidi overrides/isolates, zero-width chars, BOM,
    # soft hyphen ...), Cs surrogates, Co private use, Zl/Zp separators.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")


def sanitize_filename(name: str) -> str:
    """A name safe to save an attachment under on Windows, macOS and Linux.

    Keeps only the last path component (``/`` and ``\\``), drops control, bidi and
    invisible characters, replaces characters Windows forbids, strips leading dots and
    trailing dots/spaces, prefixes Windows device names (``CON.txt`` -> ``_CON.txt``),
    caps the length (keeping the extension) and never returns an empty name.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(" " if ch.isspace() else ch for ch in name
                   if ch.isspace() or not _is_invisible(ch))
    parts = [p for p in re.split(r"[/\\]", name) if p.strip(" .")]
    name = parts[-1] if parts else ""
    name = name.translate(_WINDOWS_FORBIDDEN)
    name = " ".join(name.split())
    name = name.lstrip(" .").rstrip(" .")
    if not name:
        return DEFAULT_FILENAME
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    if stem in _RESERVED_STEMS:
        name = "_" + name
    return _cap_length(name)


def _cap_length(name: str) -> str:
    if len(name.encode("utf-8")) <= _FILENAME_MAX_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext.encode("utf-8")) > 16:
        stem, ext, dot = name, "", ""
    budget = _FILENAME_MAX_BYTES - len((dot + ext).encode("utf-8"))
    encoded = stem.encode("utf-8")[:budget]
    stem = encoded.decode("utf-8", errors="ignore").rstrip(" .")
    return (stem or DEFAULT_FILENAME) + dot + ext
