"""Text folding for matching: lower case, Latin accents dropped, full-width forms narrowed,
typographic quotes/dashes/spaces unified -- always one character for one character, so an
offset in the folded text is the same offset in the original (a reason quotes the original).

German umlauts fold to the bare vowel (``Rückgabe`` -> ``ruckgabe``); the pattern compiler
expands an umlaut in a pattern to ``(u|ue)`` so the ASCII spelling ``Rueckgabe`` matches too.
``ß`` is kept (the compiler expands it to ``(ß|ss)``).
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["fold", "fold_char", "is_word_char", "WORD_CLASS"]

#: Characters that make up a "word" of an alphabetic script in folded text; word boundaries
#: of plain patterns are defined against this class (so a Latin pattern next to Japanese text
#: still has a boundary).
WORD_CLASS: Final = "0-9a-z\u00c0-\u024f"

_SPECIAL: Final[dict[str, str]] = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
    "\uffe5": "\u00a5",  # full-width yen sign
}


def fold_char(ch: str) -> str:
    """The folded form of one character (always exactly one character)."""
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    low = ch.lower()
    if len(low) != 1:
        low = ch
    code = ord(low)
    if code < 0x80:
        return low
    if 0x00C0 <= code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
        base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
        return base if len(base) == 1 else low
    if 0xFF01 <= code <= 0xFFEF:
        narrow = unicodedata.normalize("NFKC", low)
        if len(narrow) == 1 and narrow != low:
            return fold_char(narrow)
    return low


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE: Final = _FoldTable()


def fold(text: str) -> str:
    """Fold ``text`` for matching; ``len(fold(text)) == len(text)``."""
    if text.isascii():
        return text.lower().replace("\t", " ").replace("`", "'")
    return text.translate(_TABLE)


def is_word_char(ch: str) -> bool:
    """True for a character of :data:`WORD_CLASS` (folded text)."""
    return ("a" <= ch <= "z") or ("0" <= ch <= "9") or ("\u00c0" <= ch <= "\u024f")
