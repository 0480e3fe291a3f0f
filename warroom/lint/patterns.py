"""Word lists -> one trie over the folded stream, and the matcher.

A pattern is literal text with optional alternation groups, ``suspend(ed|ing|)``.
Each expansion is folded with the very same pipeline as the text (so a rule
word written with an accent, in fullwidth or with a Cyrillic letter matches the
same things as its plain spelling), and stored in a trie keyed by folded
letters only.  Separators inside a pattern mark its word boundaries.

Matching walks the trie from every position where a term may start:
  * a term whose first character is Latin-like must start at a word start
    (after a separator, a CJK character or at the beginning), and one whose last
    character is Latin-like must end at a word end: "fault" does not match in
    "default", "suspended" does not match in "suspenders";
  * CJK terms match anywhere (no word boundaries in Chinese or Japanese);
  * between two letters of a term the text may have separators: punctuation
    (``sus-pen-ded``, ``s.u.s.p.e.n.d.e.d``) always, an ``!`` or ``|`` always,
    whitespace at the term's own word boundaries, and whitespace inside a word
    of the term only when that word has five or more letters (``suspen ded``) or
    every one of its letters stands alone (``s u s p e n d e d``), so that
    ordinary neighbouring words ("plan b an option") do not spell a short term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, NamedTuple

from .model import RuleError
from .normalize import AMBIG, BOUNDARY, GAPS, HARD, SENT, SOFT, Stream, build_stream, is_cjk_fast

MAX_EXPANSIONS = 20000
_MIN_INTRA_WORD_SPACE = 5


def expand(pattern: str, *, literal: bool = False) -> list[str]:
    """Expand alternation groups.  ``a (b|c) d`` -> ["a b d", "a c d"].
    Backslash escapes ( ) | and itself."""
    if literal or ("(" not in pattern and "|" not in pattern):
        return [pattern]
    pos = 0

    def parse_seq() -> list[str]:
        nonlocal pos
        results = [""]
        while pos < len(pattern):
            ch = pattern[pos]
            if ch == "\\" and pos + 1 < len(pattern):
                results = [r + pattern[pos + 1] for r in results]
                pos += 2
            elif ch == "(":
                pos += 1
                alts = parse_alts()
                if pos >= len(pattern) or pattern[pos] != ")":
                    raise RuleError(f"unbalanced parenthesis in pattern {pattern!r}")
                pos += 1
                results = [r + a for r in results for a in alts]
                if len(results) > MAX_EXPANSIONS:
                    raise RuleError(f"pattern {pattern!r} expands to too many phrases")
            elif ch in ")|":
                return results
            else:
                results = [r + ch for r in results]
                pos += 1
        return results

    def parse_alts() -> list[str]:
        nonlocal pos
        alts = parse_seq()
        while pos < len(pattern) and pattern[pos] == "|":
            pos += 1
            alts = alts + parse_seq()
        return alts

    out = parse_alts()
    if pos != len(pattern):
        raise RuleError(f"unbalanced parenthesis in pattern {pattern!r}")
    # collapse doubled spaces left by empty alternatives
    return [" ".join(p.split()) for p in out]


class TermInfo(NamedTuple):
    """What a trie leaf knows about one expanded pattern (a named tuple: the
    seed rules have some 30,000 of them, built once per rule set)."""

    rule: int  # index into the compiled rule list
    role: str  # phrase | subject | state | blocker | exclude
    length: int
    boundaries: frozenset[int]  # letter offsets where the pattern had a separator
    soft: frozenset[int]  # those of them that are punctuation inside a word ("carrier's", "amazon-konto")
    latin_start: bool
    latin_end: bool
    text: str  # the expanded pattern (for debugging)


_WORD_CACHE: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]] = {}
_NO_OFFSETS: frozenset[int] = frozenset()


def _fold_word(word: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Fold one space-free piece of a pattern: (letters, inner boundary
    offsets, the offsets among them that are punctuation)."""
    hit = _WORD_CACHE.get(word)
    if hit is not None:
        return hit
    st = build_stream(word)
    letters: list[str] = []
    bounds: list[int] = []
    punct: list[int] = []
    chars = st.chars
    for k, c in enumerate(chars):
        if c == AMBIG:
            # "!" or "|" in a pattern is the letter i/l only next to a letter
            prev_letter = k > 0 and chars[k - 1] not in GAPS and chars[k - 1] != AMBIG
            next_letter = k + 1 < len(chars) and chars[k + 1] not in GAPS and chars[k + 1] != AMBIG
            c = "i" if (prev_letter or next_letter) else SOFT
        if c in GAPS:
            if letters:
                bounds.append(len(letters))
                punct.append(len(letters))
            continue
        if is_cjk_fast(c):
            if letters:
                bounds.append(len(letters))
            letters.append(c)
            bounds.append(len(letters))
        else:
            letters.append(c)
    n = len(letters)
    res = ("".join(letters), tuple(b for b in bounds if 0 < b < n), tuple(b for b in punct if 0 < b < n))
    if len(_WORD_CACHE) < 200_000:
        _WORD_CACHE[word] = res
    return res


def fold_term(literal: str) -> tuple[str, frozenset[int], bool, bool] | None:
    """Fold one literal pattern: (letters, boundary offsets, latin start, latin end)."""
    folded = _fold_term(literal)
    return None if folded is None else folded[:4]


def _fold_term(literal: str) -> tuple[str, frozenset[int], bool, bool, frozenset[int]] | None:
    """fold_term, plus the boundaries that are punctuation inside a piece of
    the pattern rather than spaces between its words."""
    pieces: list[str] = []
    n = 0
    bounds: list[int] = []
    soft: list[int] = []
    for piece in literal.split():
        w, b, punct = _fold_word(piece)
        if not w:
            continue
        if n:
            bounds.append(n)
        if b:
            bounds.extend([n + x for x in b])
            if punct:
                soft.extend([n + x for x in punct])
        pieces.append(w)
        n += len(w)
    if not n:
        return None
    letters = "".join(pieces)
    return (
        letters,
        frozenset(bounds) if bounds else _NO_OFFSETS,
        not is_cjk_fast(letters[0]),
        not is_cjk_fast(letters[-1]),
        frozenset(soft) if soft else _NO_OFFSETS,
    )


def check_pattern(pattern: str, *, literal: bool = False) -> None:
    """Raise RuleError if a pattern cannot be used (empty after folding, or so
    short that it would match everywhere)."""
    for lit in expand(pattern, literal=literal):
        folded = fold_term(lit)
        if folded is None:
            raise RuleError(f"pattern {pattern!r} has no letters")
        word, _b, _ls, _le = folded
        has_cjk = any(is_cjk_fast(c) for c in word)
        if len(word) < (2 if has_cjk else 3):
            raise RuleError(f"pattern {lit!r} is too short to match safely")


class Trie:
    def __init__(self) -> None:
        self.root: dict[Any, Any] = {}
        self.terms = 0

    def add(self, literal: str, rule: int, role: str) -> bool:
        folded = _fold_term(literal)
        if folded is None:
            return False
        word, bounds, ls, le, soft = folded
        node = self.root
        for c in word:
            node = node.setdefault(c, {})
        infos = node.setdefault(None, [])
        info = TermInfo(rule, role, len(word), bounds, soft, ls, le, literal)
        if info not in infos:
            infos.append(info)
            self.terms += 1
        return True


@dataclass(frozen=True)
class Match:
    start: int  # stream index of the first letter
    end: int  # stream index of the last letter (inclusive)
    info: TermInfo


def _gaps_ok(gaps: tuple[tuple[int, str], ...], info: TermInfo, path: tuple[int, ...], index: list[int]) -> bool:
    """Whitespace inside a word of the term is allowed when the word is long
    (``suspen ded``) or when every one of its letters stands alone
    (``b a n``); letters that come from one character (m -> rn) count as one."""
    hard = [d for d, kind in gaps if kind == HARD and d not in info.boundaries]
    if not hard:
        return True
    offsets = {d for d, _k in gaps}
    bounds = sorted(info.boundaries)
    for d in hard:
        lo = 0
        hi = info.length
        for b in bounds:
            if b < d:
                lo = b
            elif b > d:
                hi = b
                break
        if hi - lo >= _MIN_INTRA_WORD_SPACE:
            continue
        if all(k in offsets or index[path[k]] == index[path[k - 1]] for k in range(lo + 1, hi)):
            continue
        return False
    return True


def find_matches(st: Stream, trie: Trie) -> list[Match]:
    s = st.chars
    index = st.index
    n = len(s)
    cjk = st.cjk
    root = trie.root
    out: list[Match] = []
    for p in range(n):
        c = s[p]
        if c in GAPS:
            continue
        node = root.get("i" if c == AMBIG else c)
        if node is None:
            continue
        if not cjk[p] and p > 0:
            prev = s[p - 1]
            if not (prev in BOUNDARY or cjk[p - 1]):
                continue
            # inside a chain of single letters joined by punctuation
            # ("n-u-e-s-t-r-a"), a term starts only at the chain's start
            if (
                prev == SOFT
                and p >= 2
                and s[p - 2] not in GAPS
                and not cjk[p - 2]
                and (p < 3 or s[p - 3] in GAPS)
                and (p + 1 >= n or s[p + 1] in GAPS)
            ):
                continue
        clean_start = p == 0 or s[p - 1] in (HARD, SENT) or cjk[p - 1] or cjk[p]
        if (
            clean_start
            and p >= 2
            and s[p - 1] == HARD
            and s[p - 2] not in GAPS
            and (p < 3 or s[p - 3] in GAPS)
            and (p + 1 >= n or s[p + 1] in GAPS)
        ):
            clean_start = False  # the last of a row of spaced-out letters ("n u e s t r a cuenta")
        out.extend(_walk(s, cjk, n, p, node, index, clean_start))
    return out


_PLAIN_ROLES = frozenset(("exclude", "blocker"))


def _plain(gaps: tuple[tuple[int, str], ...], info: TermInfo) -> bool:
    """The text has a space exactly where the term has one between its words,
    and punctuation exactly where the term has it inside a word ("carrier's",
    "Amazon-Konto"), nowhere else."""
    for d, k in gaps:
        if d in info.soft:
            if k != SOFT:
                return False
        elif k != HARD or d not in info.boundaries:
            return False
    return True


def _walk(
    s: str, cjk: list[bool], n: int, p: int, first: dict[Any, Any], index: list[int], clean_start: bool
) -> Iterator[Match]:
    # state: node, next position, positions of the letters consumed, gaps, gaps in a row
    stack: list[tuple[dict[Any, Any], int, tuple[int, ...], tuple[tuple[int, str], ...], int]] = [(first, p + 1, (p,), (), 0)]
    while stack:
        node, pos, path, gaps, gapchain = stack.pop()
        if gapchain == 0:
            infos = node.get(None)
            if infos:
                end_ok = pos >= n or s[pos] in BOUNDARY or cjk[pos]
                for info in infos:
                    if info.latin_end and not end_ok:
                        continue
                    if info.role in _PLAIN_ROLES and not (clean_start and _plain(gaps, info)):
                        # exclusions and blockers protect ordinary wording: they
                        # only count when written plainly, never when disguised
                        continue
                    if gaps and not _gaps_ok(gaps, info, path, index):
                        continue
                    yield Match(p, path[-1], info)
        if pos >= n:
            continue
        c = s[pos]
        depth = len(path)
        if c in GAPS:
            if c != SENT and gapchain < 3:
                stack.append((node, pos + 1, path, gaps + ((depth, c),), gapchain + 1))
            continue
        if c == AMBIG:
            nxt = node.get("i")
            if nxt is not None:
                stack.append((nxt, pos + 1, path + (pos,), gaps, 0))
            if gapchain < 3:
                stack.append((node, pos + 1, path, gaps + ((depth, SOFT),), gapchain + 1))
            continue
        nxt = node.get(c)
        if nxt is not None:
            stack.append((nxt, pos + 1, path + (pos,), gaps, 0))
