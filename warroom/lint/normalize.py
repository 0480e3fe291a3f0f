"""The folded stream: the text as the word rules see it.

Every character of the original text becomes zero, one or more characters of
the stream, and every stream character remembers the index of the original
character it came from, so a match in the stream is reported at its place in
the original text.

Stream alphabet
  word characters  letters and digits after folding (see ``unicode_data.fold_char``),
                   and CJK characters
  ``SOFT`` (\\x01)  punctuation or symbols inside a sentence (- . _ * ' / ...)
  ``HARD`` (space)  whitespace of any kind, incl. no-break and ideographic spaces
  ``SENT`` (\\n)    a sentence or line boundary: newline, or . ? ; ! followed by
                   whitespace, or 。！？；
  ``AMBIG`` (\\x03) "!" or "|" not followed by whitespace: may be the letter i/l
                   or a separator (``5u5p!nd3d`` vs ``closed!Thanks``)
Invisible characters produce nothing (they are reported on their own), so a
zero-width space inside a word does not split it.  Consecutive separators
collapse into the strongest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from . import unicode_data as ud

SOFT = "\x01"
HARD = " "
SENT = "\n"
AMBIG = ud.AMBIG
GAPS = frozenset((SOFT, HARD, SENT))
BOUNDARY = frozenset((SOFT, HARD, SENT, AMBIG))
_RANK = {SOFT: 1, HARD: 2, SENT: 3}

_NEWLINES = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
_SENT_ALWAYS = frozenset("。！？；｡")
_SENT_IF_SPACE = frozenset(".?;…")
_AMBIG_CHARS = frozenset("!|¦ǀǃ¡")

# Per original character: (kind, payload)
#   kind 0: invisible, 1: newline, 2: whitespace, 3: ambiguous ! |,
#   4: sentence punctuation (always), 5: punctuation that ends a sentence
#   when followed by whitespace, 6: text -> payload = tuple of stream chars
#   (gaps already mapped to SOFT)
_CLASS_CACHE: dict[str, tuple[int, tuple[str, ...]]] = {}
_CJK_CACHE: dict[str, bool] = {}


def is_cjk_fast(ch: str) -> bool:
    r = _CJK_CACHE.get(ch)
    if r is None:
        r = ud.is_cjk(ch)
        _CJK_CACHE[ch] = r
    return r


def is_word_char(ch: str) -> bool:
    return ch not in BOUNDARY and ch != ""


def _classify(ch: str) -> tuple[int, tuple[str, ...]]:
    r = _CLASS_CACHE.get(ch)
    if r is not None:
        return r
    if ud.is_invisible(ch):
        r = (0, ())
    elif ch in _NEWLINES:
        r = (1, ())
    elif ch.isspace() or ch in "\u3000\u200a\u2009\u202f\u205f\u00a0\u180e":
        r = (2, ())
    elif ch in _AMBIG_CHARS:
        r = (3, ())
    elif ch in _SENT_ALWAYS:
        r = (4, ())
    elif ch in _SENT_IF_SPACE or ud.nfkc(ch) in (".", "?", ";"):
        r = (5, ())
    else:
        out: list[str] = []
        for f in ud.fold_char(ch):
            if f.isalnum() or is_cjk_fast(f):
                out.append(f)
            elif f.isspace():
                out.append(HARD)
            else:
                out.append(SOFT)
        r = (6, tuple(out))
    _CLASS_CACHE[ch] = r
    return r


def _skip_gap(text: str, j: int) -> int:
    """The first position from j on that is neither whitespace nor invisible."""
    n = len(text)
    while j < n and (text[j].isspace() or ud.is_invisible(text[j])):
        j += 1
    return j


def _word_end(text: str, j: int) -> int:
    """The position of the whitespace (or the end) after the word starting at j."""
    n = len(text)
    while j < n and not text[j].isspace():
        j += 1
    return j


def _next_word(text: str, i: int) -> tuple[str, bool]:
    """The first character of the next word after position i, and whether that
    word is a single character."""
    j = _skip_gap(text, i + 1)
    n = len(text)
    if j >= n:
        return "", False
    k = j + 1
    while k < n and (ud.is_invisible(text[k]) or ud.is_mark(text[k])):
        k += 1
    return text[j], k >= n or text[k].isspace()


def _spaced_fragment_follows(text: str, i: int) -> bool:
    """Whether the word after the (single-character) next word after position i is a fragment
    of at most two characters, or the text ends: spaced-out letters ("rev! 3 w"), not a count
    before a word ("store! 5 parcels")."""
    j = _skip_gap(text, _word_end(text, _skip_gap(text, i + 1)))
    return _word_end(text, j) - j <= 2


def _fragment_before(text: str, i: int) -> bool:
    """Whether the word that ends with the "!" at position i is a fragment of at most two
    characters, "!" included ("t! 3 nda": a spaced-out word), not a word ("store! 5 parcels")."""
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return i + 1 - j <= 2


def _word_has_letter(text: str, i: int) -> bool:
    """Whether the next word after position i has a letter in it ("7ive", not "5")."""
    j = _skip_gap(text, i + 1)
    return any(c.isalpha() for c in text[j:_word_end(text, j)])


@dataclass
class Stream:
    """The folded stream of one text."""

    chars: str
    index: list[int]  # original code point index of each stream char
    invisible: list[int]  # original indices of invisible characters
    units: list[int]  # running count of words (Latin runs) and CJK characters
    sentence: list[int]  # running count of sentence boundaries
    cjk: list[bool]  # stream char is a CJK word char


def build_stream(text: str, *, skip: Iterable[int] = ()) -> Stream:
    """Fold ``text`` into a stream.  Indices in ``skip`` are not reported as
    invisible (variation selectors and joiners inside an emoji sequence)."""
    skip_set = set(skip)
    chars: list[str] = []
    index: list[int] = []
    invisible: list[int] = []
    n = len(text)

    newline_in_gap = False

    def emit_gap(g: str, i: int) -> None:
        if chars and chars[-1] in GAPS:
            if _RANK[g] > _RANK[chars[-1]]:
                chars[-1] = g
            return
        chars.append(g)
        index.append(i)

    def next_visible(i: int) -> str:
        j = i + 1
        while j < n:
            k, _ = _classify(text[j])
            if k != 0:
                return text[j]
            j += 1
        return ""

    for i, ch in enumerate(text):
        kind, payload = _classify(ch)
        if chars and chars[-1] not in GAPS:
            newline_in_gap = False
        if kind == 6:
            for f in payload:
                if f == SOFT or f == HARD:
                    emit_gap(f, i)
                else:
                    chars.append(f)
                    index.append(i)
        elif kind == 2:
            emit_gap(HARD, i)
        elif kind == 0:
            if i not in skip_set:
                invisible.append(i)
        elif kind == 1:
            # one line break is a space (hard-wrapped mail, pasted notes);
            # a blank line ends the sentence; CR LF is one line break
            if ch == "\n" and i > 0 and text[i - 1] == "\r":
                continue
            if newline_in_gap and chars and chars[-1] in GAPS:
                emit_gap(SENT, i)
            else:
                emit_gap(HARD, i)
            newline_in_gap = True
        elif kind == 3:
            # "!" or "|": maybe a letter (5u5p!nded, b|ocked, sospes!), maybe
            # punctuation; followed by whitespace it also ends the sentence
            prev_space = not chars or chars[-1] in (HARD, SENT)
            chars.append(AMBIG)
            index.append(i)
            nxt = next_visible(i)
            if nxt == "" or nxt.isspace():
                # "closed! Thanks" ends a sentence; "t ! v" (spaced letters) and
                # "vend! tore" (a disguised i) do not
                after, single = _next_word(text, i)
                # a sentence ends unless the next word is lower case or a lone
                # letter, which is what spaced-out disguised letters look like
                # ("pos! 7ive": a leet digit or symbol standing for a lower-case
                # letter counts as one too, and so does a lone one: "rev! 3 w")
                disguised = after.isalpha() and (after.islower() or single)
                if not disguised and after and not after.isalpha():
                    folded = ud.fold_char(after)
                    disguised = folded.isalpha() and (_word_has_letter(text, i) or (single and (
                        _spaced_fragment_follows(text, i) or _fragment_before(text, i))))
                ends = ch in "!¡ǃ" and not prev_space and not disguised
                emit_gap(SENT if ends else HARD, i)
        elif kind == 4:
            emit_gap(SENT, i)
        else:  # kind 5
            nxt = next_visible(i)
            if nxt == "" or nxt.isspace():
                emit_gap(SENT, i)
            else:
                emit_gap(SOFT, i)

    s = "".join(chars)
    # units: a word counts 1 (words are split by whitespace, not by
    # punctuation: "ven-d-it-o-re" is one word), a CJK character counts 1, and a
    # run of fragments of at most two letters ("s u s p e n d e d", the tail of
    # "ven d it o re") counts as one word, so spacing a word out cannot push a
    # subject and a state apart
    ns = len(s)
    cjk = [c not in GAPS and is_cjk_fast(c) for c in s]
    units: list[int] = [0] * ns
    sentence: list[int] = [0] * ns
    u = 0
    sn = 0
    k = 0
    prev_single = False
    while k < ns:
        c = s[k]
        if c in GAPS:
            if c == SENT:
                sn += 1
                prev_single = False
            units[k] = u
            sentence[k] = sn
            k += 1
            continue
        if cjk[k]:
            u += 1
            prev_single = False
            units[k] = u
            sentence[k] = sn
            k += 1
            continue
        # a Latin word: up to the next whitespace, sentence end or CJK character
        j = k
        letters = 0
        while j < ns and s[j] not in (HARD, SENT) and not cjk[j]:
            if s[j] != SOFT:
                letters += 1
            j += 1
        single = letters <= 2
        if not (single and prev_single):
            u += 1
        prev_single = single
        for q in range(k, j):
            units[q] = u
            sentence[q] = sn
        k = j
    return Stream(s, index, invisible, units, sentence, cjk)
