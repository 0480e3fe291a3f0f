"""Unicode data for the linter, all from one source: ICU (through PyICU).

ICU ships the Unicode Character Database and the UTS #39 confusables table of
one Unicode version; using it for everything (NFKC case folding, confusable
skeletons, general categories, Default_Ignorable_Code_Point,
Extended_Pictographic, scripts, character names) keeps the whole pipeline on
that single version, which is reported in every result.  The Python standard
library's ``unicodedata`` is older (Unicode 14 on Python 3.11) and has no
confusables, so it is not used for anything that decides a finding.

PyICU comes from a wheel that bundles ICU (``icukit-pyicu`` on Linux and macOS,
``pyicu-wheels`` on Windows); any PyICU works.  Without it the linter refuses to
run (fail closed): a compliance gate that silently loses its confusable data
would let disguised text through.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = [
    "LintUnavailableError",
    "AMBIG",
    "unicode_version",
    "icu_version",
    "fold_char",
    "is_invisible",
    "is_emoji_char",
    "char_name",
    "script_of",
    "is_cjk",
    "nfkc",
]


class LintUnavailableError(RuntimeError):
    """The Unicode data the linter needs (PyICU) is not installed."""


_ICU: Any = None


def _icu() -> Any:
    global _ICU
    if _ICU is None:
        try:
            import icu
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise LintUnavailableError(
                "the message linter needs PyICU (pip install icukit-pyicu, or pyicu-wheels on Windows)"
            ) from exc
        _ICU = icu
    return _ICU


@lru_cache(maxsize=1)
def _tools() -> tuple[Any, Any, Any]:
    icu = _icu()
    nfkc_cf = icu.Normalizer2.getNFKCCasefoldInstance()
    nfd = icu.Normalizer2.getNFDInstance()
    spoof = icu.SpoofChecker()
    return nfkc_cf, nfd, spoof


@lru_cache(maxsize=1)
def _nfkc_instance() -> Any:
    return _icu().Normalizer2.getNFKCInstance()


def unicode_version() -> str:
    """The Unicode version of ICU's data (UCD and UTS #39 confusables), e.g. "17.0"."""
    return str(_icu().UNICODE_VERSION)


def icu_version() -> str:
    return str(_icu().ICU_VERSION)


def _set_to_codepoints(pattern: str) -> frozenset[int]:
    icu = _icu()
    us = icu.UnicodeSet(pattern)
    out: set[int] = set()
    for i in range(us.getRangeCount()):
        out.update(range(_cp(us.getRangeStart(i)), _cp(us.getRangeEnd(i)) + 1))
    return frozenset(out)


def _cp(v: Any) -> int:
    if isinstance(v, int):
        return v
    s = str(v)
    if len(s) == 2 and 0xD800 <= ord(s[0]) <= 0xDBFF:  # a UTF-16 surrogate pair
        return 0x10000 + ((ord(s[0]) - 0xD800) << 10) + (ord(s[1]) - 0xDC00)
    return ord(s)


@lru_cache(maxsize=1)
def _invisible_set() -> frozenset[int]:
    # Format characters (bidi controls, zero-width characters, soft hyphen,
    # tags, BOM, ...), every Default_Ignorable_Code_Point (variation
    # selectors, Hangul fillers, combining grapheme joiner, ...), control
    # characters except tab/newline/carriage return, and a few blanks that
    # render as nothing.
    cps = set(_set_to_codepoints("[[:Cf:][:Default_Ignorable_Code_Point:][:Cc:]]"))
    cps -= {0x09, 0x0A, 0x0D}
    cps |= {0x2800, 0x115F, 0x1160, 0x3164, 0xFFA0}
    return frozenset(cps)


@lru_cache(maxsize=1)
def _emoji_set() -> frozenset[int]:
    cps = set(_set_to_codepoints("[[:Extended_Pictographic:][:Emoji_Presentation:][:Regional_Indicator:]]"))
    # Ordinary text symbols that happen to be pictographic: keep them usable.
    cps -= {0x00A9, 0x00AE, 0x2122, 0x2194, 0x2195, 0x2196, 0x2197, 0x2198, 0x2199}
    cps -= set(range(0x30, 0x3A)) | {0x23, 0x2A}
    return frozenset(cps)


def is_invisible(ch: str) -> bool:
    return ord(ch) in _invisible_set()


def is_emoji_char(ch: str) -> bool:
    return ord(ch) in _emoji_set()


def char_name(ch: str) -> str:
    name = str(_icu().Char.charName(ch))
    if not name:
        name = "<unnamed>"
    return name


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """ISO 15924 short name of the character's script (Latn, Cyrl, Zyyy, ...)."""
    return str(_icu().Script.getScript(ch).getShortName())


def nfkc(text: str) -> str:
    return str(_nfkc_instance().normalize(text))


_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3040, 0x30FF),  # Hiragana, Katakana (incl. ー and the voicing marks)
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK Ext A
    (0x4E00, 0x9FFF),  # CJK Unified
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth Katakana
    (0x1B000, 0x1B16F),  # Kana supplement / extended
    (0x20000, 0x3FFFF),  # CJK Ext B..
)


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x1100:
        return False
    for lo, hi in _CJK_RANGES:
        if lo <= cp <= hi:
            return True
    return False


# --- folding -----------------------------------------------------------------

#: Marker for "!" and "|" between letters: it may be the letter i/l or a separator.
AMBIG = "\x03"

# Leetspeak digits and symbols the confusables table does not cover (it already
# maps 0 -> O and 1/| -> l).  "l" and "i" are one class: 1, |, !, l, I and i
# all stand in for each other in disguised text.
_EXTRA: dict[str, str] = {
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "€": "e",
    "¢": "c",
    "l": "i",
    "w": "vv",
    "ĸ": "k",
    "ß": "ss",
}
# Look-alikes that the confusables table maps elsewhere (it sends ε and є to
# ꞓ, "c with bar"), although they pass for an "e" in running text.
_PRE: dict[str, str] = {"€": "e", "¢": "c", "ε": "e", "ϵ": "e", "є": "e", "Є": "e", "ɛ": "e", "Ɛ": "e", "ԑ": "e", "Ԑ": "e"}
_KEEP_MARKS = {"\u3099", "\u309a"}  # kana voicing marks carry meaning: keep them
_NAME_LETTER = re.compile(r"LETTER (?:SMALL CAPITAL )?([A-Z])(?: WITH .+)?$")


def is_mark(ch: str) -> bool:
    icu = _icu()
    return icu.Char.charType(ch) in (
        icu.UCharCategory.NON_SPACING_MARK,
        icu.UCharCategory.ENCLOSING_MARK,
        icu.UCharCategory.COMBINING_SPACING_MARK,
    )


def _drop_marks(text: str) -> str:
    icu = _icu()
    out = []
    for ch in text:
        t = icu.Char.charType(ch)
        if t in (icu.UCharCategory.NON_SPACING_MARK, icu.UCharCategory.ENCLOSING_MARK) and ch not in _KEEP_MARKS:
            continue
        out.append(ch)
    return "".join(out)


def _name_fold(ch: str) -> str:
    """Fold letters that look like a Latin letter by name but that neither NFKC
    nor the confusables table map: small capitals (ᴅ ʀ ʙ ...), regional
    indicators (🇸), squared/negative-circled letters (🅂 🆂 🅢), letters with
    strokes or hooks (đ ł ɲ ...)."""
    if ch.isascii() or is_cjk(ch):
        return ch
    name = char_name(ch)
    if "LATIN" in name or "REGIONAL INDICATOR" in name:
        m = _NAME_LETTER.search(name)
        if m:
            return m.group(1).lower()
    return ch


def _fold_nfkc_first(text: str) -> str:
    """NFKC + case fold, marks dropped, then the UTS #39 skeleton, then the
    name-based folds.  Right for compatibility forms (superscripts, fullwidth,
    ligatures), wrong for capital look-alikes whose lower case is no longer a
    look-alike (Greek Η -> η, which looks like n, not h)."""
    nfkc_cf, nfd, spoof = _tools()
    s = str(nfkc_cf.normalize(text))
    s = _drop_marks(str(nfd.normalize(s)))
    if not s:
        return s
    s = "".join(str(spoof.getSkeleton(0, ch)) for ch in s)
    s = _drop_marks(str(nfd.normalize(str(nfkc_cf.normalize(s)))))
    s = "".join(_name_fold(ch) for ch in s)
    return s


def _fold_skeleton_first(text: str) -> str:
    """The UTS #39 skeleton first (on NFD, case-sensitive, as the standard
    defines it), then the NFKC-first fold of the result."""
    _nfkc_cf, nfd, spoof = _tools()
    s = _drop_marks(str(nfd.normalize(text)))
    if not s:
        return s
    s = "".join(str(spoof.getSkeleton(0, ch)) for ch in s)
    return _fold_nfkc_first(s)


def _is_plain(s: str) -> bool:
    return bool(s) and all(c.isascii() and c.isalnum() for c in s)


def _fold_once(ch: str) -> str:
    if ch.isascii() and not ch.isalnum() and ch not in "@$":
        return ch  # ASCII punctuation stays punctuation (the skeleton maps % to o/o)
    if is_mark(ch) and ch not in _KEEP_MARKS:
        return ""  # before NFKC, which turns some marks into letters (U+0345 -> ι)
    a = _fold_nfkc_first(ch)
    b = _fold_skeleton_first(ch)
    # 1. the visual (skeleton-first) reading when it lands on plain letters or
    #    digits: capital look-alikes (Greek Η Ν Β, Cyrillic М Т) fold to the
    #    Latin letter they imitate, and ʋ to u;
    if _is_plain(b):
        return b
    # 2. the NFKC-first reading (superscripts, fullwidth, ligatures);
    if _is_plain(a):
        return a
    # 3. a letter that is a Latin letter by name (small capitals ᴍ ᴅ ʀ, 🇸)
    #    folds like that letter, although the skeleton sends some elsewhere (ᴍ -> ʍ).
    nk = str(_tools()[0].normalize(ch))
    if len(nk) == 1 and not nk.isascii():
        named = _name_fold(nk)
        if named.isascii() and named != nk:
            return _fold_once(named)
    return a


_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """The folded form of one character: NFKC + case fold, combining marks
    dropped, UTS #39 skeleton, then the leetspeak/small-capital folds.  The
    result may be empty (a combining mark) or longer than one character
    (ß -> ss, m -> rn, w -> vv)."""
    r = _FOLD_CACHE.get(ch)
    if r is not None:
        return r
    s = _PRE.get(ch) or _fold_once(ch)
    # A second pass reaches a fixed point for characters whose first fold
    # lands on something that folds again (Ω -> ω -> w ...).
    s2 = "".join(_fold_once(c) for c in s)
    s = "".join(_EXTRA.get(c, c) for c in s2)
    _FOLD_CACHE[ch] = s
    return s
