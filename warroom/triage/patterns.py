"""Compiling a rule's patterns: the plain-phrase mini-language to a regular expression over
folded text, plus *triggers* -- literal strings one of which must occur in the text for the
pattern to match, so the engine only runs the few rules that can match (a prefilter).

Plain patterns (``regex=False``), after folding (see :mod:`.normalize`):

* letters, digits and other characters match themselves (case- and accent-insensitively;
  ``ä``/``ö``/``ü`` also match ``ae``/``oe``/``ue``, ``ß`` also ``ss``);
* a space matches one or more spaces or hyphens; a hyphen matches a hyphen, spaces or
  nothing (``a-to-z`` matches "A-to-Z", "A to Z", "atoz"); an apostrophe is optional
  (``don't`` matches "dont", "don't", "don’t");
* ``(a|b|)`` is a group of alternatives (an empty one makes the group optional); groups do
  not nest; an alternative may hold spaces and gaps;
* ``...`` (or ``…``) is a gap: a few words in the same clause (Latin: up to 40 characters,
  not across ``, . ; : ! ?``; next to Japanese: up to 15 characters, not across ``。！？``);
* a pattern is word-bounded at both ends for alphabetic scripts: it does not match inside a
  longer word (``fire`` does not match "fireplace", ``anwalt`` not "Anwaltskanzlei").
  Japanese has no word boundaries: a Japanese phrase matches anywhere, so Japanese rules are
  phrases plus exclusions (``火事`` yes, ``火`` never).

Regex patterns (``regex=True``) are Python regular expressions applied to the folded text
(lower case, accents dropped); they are not word-bounded for you and have no triggers (the
engine runs them on every message, so prefer plain patterns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .model import RuleError
from .normalize import WORD_CLASS, fold_char, is_word_char

__all__ = ["PatternPlan", "compile_pattern", "join_patterns", "split_leading_group", "START_BOUNDED"]

_SEP: Final = r"[\s\-]+"
_OPT_SEP: Final = r"[\s\-]*"
_GAP_LATIN: Final = r"[^\w\n.!?;,:]+(?:[^\n.!?;,:]{0,40}?[^\w\n.!?;,:]+)?"
_GAP_CJK: Final = r"[^\n.!?;。！？]{0,15}?"
_END: Final = rf"(?:(?<=[{WORD_CLASS}])(?![{WORD_CLASS}])|(?<![{WORD_CLASS}]))"
_EXPAND: Final[dict[str, str]] = {"ä": "(?:a|ae)", "ö": "(?:o|oe)", "ü": "(?:u|ue)", "ß": "(?:ß|ss)"}
#: A plain pattern's start boundary is checked by the engine (a lookbehind at the start of a
#: pattern would defeat the regex engine's fast scan for the first character).
START_BOUNDED: Final = True

# atom kinds for trigger extraction: word char, umlaut/ß expansion, optional separator,
# boundary (space, gap, punctuation, Japanese), group
_W, _X, _O, _B, _G = "w", "x", "o", "b", "g"
_MAX_VARIANTS: Final = 8

Atom = tuple  # (kind, payload): W: char; X: variants; O: ""; B: char or ""; G: (alternatives, optional)
Trigger = tuple[str, str]  # ("tok", whole word) | ("sub", literal substring)


@dataclass(frozen=True)
class PatternPlan:
    source: str                                        # regex source over folded text
    triggers: frozenset[Trigger] | None                # the most selective requirement; None: always
    requirements: tuple[frozenset[Trigger], ...] = ()  # every requirement (each one is necessary)


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and not is_word_char(ch)


_VARIANTS: Final[dict[str, tuple[str, ...]]] = {"ä": ("a", "ae"), "ö": ("o", "oe"), "ü": ("u", "ue"), "ß": ("ß", "ss")}


def _literal_char(ch: str) -> tuple[str, Atom]:
    """(regex, atom) for one literal pattern character."""
    low = ch.lower() if len(ch.lower()) == 1 else ch
    if low in _EXPAND:
        return _EXPAND[low], (_X, _VARIANTS[low])
    folded = fold_char(ch)
    if folded == "-":
        return _OPT_SEP, (_O, "")
    if folded == "'":
        return "'?", (_O, "")
    return re.escape(folded), ((_W if is_word_char(folded) else _B), folded)


def _tokenize(pattern: str, rule_id: str) -> list[tuple[str, object]]:
    """Elements: ("lit", char) | ("sep", None) | ("gap", None) | ("group", [alternatives])."""
    out: list[tuple[str, object]] = []
    text = pattern.strip()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if text.startswith("...", i) or ch == "…":
            while out and out[-1][0] == "sep":
                out.pop()
            out.append(("gap", None))
            i += 3 if ch == "." else 1
            while i < n and text[i].isspace():
                i += 1
            continue
        if ch == "(":
            j = text.find(")", i + 1)
            if j < 0:
                raise RuleError(f"rule {rule_id!r}: unclosed '(' in pattern {pattern!r}")
            inner = text[i + 1:j]
            if "(" in inner:
                raise RuleError(f"rule {rule_id!r}: nested groups are not supported: {pattern!r}")
            alts = inner.split("|")
            out.append(("group", alts))
            i = j + 1
            continue
        if ch in ")|":
            raise RuleError(f"rule {rule_id!r}: '{ch}' outside a group in pattern {pattern!r} "
                            "(write alternatives as '(a|b)' or as separate patterns)")
        if ch.isspace():
            if out and out[-1][0] not in ("sep", "gap"):
                out.append(("sep", None))
            i += 1
            continue
        out.append(("lit", ch))
        i += 1
    while out and out[-1][0] == "sep":
        out.pop()
    if not out:
        raise RuleError(f"rule {rule_id!r}: empty pattern")
    return out


def _alt_source(alt: str) -> tuple[str, list[Atom]]:
    """Regex for one group alternative (literal text, spaces and gaps), and its atoms."""
    parts: list[str] = []
    atoms: list[Atom] = []
    text = alt.replace("…", "...")
    i, n = 0, len(text)
    while i < n:
        if text.startswith("...", i):
            before = text[:i].rstrip()[-1:]
            after = text[i + 3:].lstrip()[:1]
            cjk = any(c and _is_cjk(fold_char(c)) for c in (before, after))
            while parts and parts[-1] == _SEP:
                parts.pop()
                atoms.pop()
            parts.append(_GAP_CJK if cjk else _GAP_LATIN)
            atoms.append((_O, "") if cjk else (_B, ""))
            i += 3
            while i < n and text[i].isspace():
                i += 1
            continue
        ch = text[i]
        i += 1
        if ch.isspace():
            if parts and parts[-1] not in (_SEP, _GAP_LATIN, _GAP_CJK):
                parts.append(_SEP)
                atoms.append((_B, ""))
            continue
        src, atom = _literal_char(ch)
        parts.append(src)
        atoms.append(atom)
    return "".join(parts), atoms


def _side_bounded(seq: list[Atom], j: int, step: int, edge: bool) -> bool:
    """Walking from ``seq[j]`` in direction ``step``: is there a word boundary before any
    word material?  ``edge``: the answer at the end of ``seq``."""
    while 0 <= j < len(seq):
        kind, payload = seq[j]
        if kind == _B:
            return True
        if kind == _G:
            alternatives, optional = payload
            for alt in alternatives:
                if alt and alt[-1 if step < 0 else 0][0] != _B:
                    return False
            if not optional:
                return True
            j += step
            continue
        return False
    return edge


def _variants(run: list[Atom]) -> list[str] | None:
    out = [""]
    for kind, payload in run:
        options = payload if kind == _X else (payload,)
        out = [prefix + o for prefix in out for o in options]
        if len(out) > _MAX_VARIANTS:
            return None
    return out


#: Words in most buyer messages (Amazon's relay subjects name "Amazon" and the order): poor
#: triggers, chosen only when a pattern offers nothing better.
_COMMON: Final = frozenset(
    "a an the to my me i you it is are was be and or of for in on at with this that not no have has will would "
    "could can do does please order amazon customer from inquiry item product "
    "der die das ein eine ich sie es ist nicht und oder mit von bitte bestellung amazon-kunde kunde anfrage "
    "le la les un une de du des et ou je vous il elle est pas ne mon ma mes commande client demande "
    "il lo gli una di da e o che non mi ho mio mia ordine cliente richiesta come "
    "el los las uno y que no me mi pedido cliente consulta".split())


def _quality(requirement: frozenset[Trigger]) -> tuple[int, int]:
    """How selective a requirement (any of its triggers) is: its weakest member, then size."""
    def one(trigger: Trigger) -> int:
        kind, text = trigger
        if text in _COMMON:
            return 1
        score = len(text) * (3 if _is_cjk(text[0]) else 1)   # one kanji says more than one letter
        return score + (2 if kind == "tok" else 0)
    return (min(one(t) for t in requirement), -len(requirement))


def _requirements(seq: list[Atom], left_edge: bool, right_edge: bool) -> list[frozenset[Trigger]]:
    """Every requirement one of whose triggers must occur in a text the atoms match."""
    out: list[frozenset[Trigger]] = []
    i, n = 0, len(seq)
    while i < n:
        kind, payload = seq[i]
        if kind in (_W, _X):
            # a compound: runs of letters joined by optional separators ("a-to-z", "don't"),
            # which the text may write apart (separate words) or together (one word)
            runs: list[list[Atom]] = []
            j = i
            while True:
                k = j
                while k < n and seq[k][0] in (_W, _X):
                    k += 1
                runs.append(seq[j:k])
                if k + 1 < n and seq[k][0] == _O and seq[k][1] == "" and seq[k + 1][0] in (_W, _X):
                    j = k + 1
                    continue
                j = k
                break
            bounded = _side_bounded(seq, i - 1, -1, left_edge) and _side_bounded(seq, j, 1, right_edge)
            variants = [_variants(r) for r in runs]
            if bounded and all(v is not None for v in variants):
                for order in (variants, variants[::-1]):
                    joined: set[str] = set()
                    acc = [""]
                    for options in order:
                        if order is variants:
                            acc = [a + o for a in acc for o in options]   # type: ignore[union-attr]
                        else:
                            acc = [o + a for a in acc for o in options]   # type: ignore[union-attr]
                        joined.update(acc)
                    if len(joined) <= 4 * _MAX_VARIANTS:
                        out.append(frozenset(("tok", v) for v in joined))
            else:
                for options in variants:
                    if options and min(len(v) for v in options) >= 3:
                        out.append(frozenset(("sub", v) for v in options))
            i = j
        elif kind == _B and payload and _is_cjk(payload):
            j = i
            while j < n and seq[j][0] == _B and seq[j][1] and _is_cjk(seq[j][1]):
                j += 1
            out.append(frozenset({("sub", "".join(str(a[1]) for a in seq[i:j]))}))
            i = j
        elif kind == _G:
            alternatives, optional = payload
            if not optional:
                left = _side_bounded(seq, i - 1, -1, left_edge)
                right = _side_bounded(seq, i + 1, 1, right_edge)
                union: set[Trigger] = set()
                for alt in alternatives:
                    reqs = _requirements(alt, left, right)
                    if not reqs:
                        union = set()
                        break
                    best = max(reqs, key=_quality)
                    union |= best
                if union:
                    out.append(frozenset(union))
            i += 1
        else:
            i += 1
    return out


def compile_pattern(pattern: str, *, regex: bool, rule_id: str) -> PatternPlan:
    """The regex source and triggers of one pattern (raises :class:`RuleError` naming ``rule_id``)."""
    try:
        return _compile_cached(pattern, regex)
    except RuleError as exc:
        raise RuleError(str(exc).replace("rule '?'", f"rule {rule_id!r}")) from None


@lru_cache(maxsize=16384)
def _compile_cached(pattern: str, regex: bool) -> PatternPlan:
    rule_id = "?"
    if regex:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RuleError(f"rule {rule_id!r}: bad regular expression {pattern!r}: {exc}") from None
        return PatternPlan(f"(?:{pattern})", None)

    elements = _tokenize(pattern, rule_id)
    parts: list[str] = []
    atoms: list[Atom] = []
    for k, (kind, value) in enumerate(elements):
        if kind == "lit":
            src, atom = _literal_char(str(value))
            parts.append(src)
            atoms.append(atom)
        elif kind == "sep":
            parts.append(_SEP)
            atoms.append((_B, ""))
        elif kind == "gap":
            prev = elements[k - 1] if k > 0 else None
            nxt = elements[k + 1] if k + 1 < len(elements) else None
            cjk = any(e is not None and e[0] == "lit" and _is_cjk(fold_char(str(e[1]))) for e in (prev, nxt))
            parts.append(_GAP_CJK if cjk else _GAP_LATIN)
            atoms.append((_O, "") if cjk else (_B, ""))   # a CJK gap may be empty: no word boundary
        else:
            compiled = [_alt_source(a) for a in list(value)]  # type: ignore[call-overload]
            nonempty = sorted((c for c in compiled if c[0]), key=lambda c: -len(c[0]))
            optional = any(not c[0] for c in compiled)
            body = "|".join(c[0] for c in nonempty)
            if not body:
                continue
            parts.append(f"(?:{body})?" if optional else f"(?:{body})")
            atoms.append((_G, ([c[1] for c in nonempty], optional)))
    source = "(?:" + "".join(parts) + ")" + _END
    requirements = _requirements(atoms, True, True)
    triggers = max(requirements, key=_quality) if requirements else None
    return PatternPlan(source, triggers, tuple(requirements))


def split_leading_group(pattern: str) -> list[str]:
    """A plain pattern that starts with a required group of alternatives, as one pattern per
    alternative (longest first): the regex engine scans fast for a literal first character but
    slowly for a long alternation, and only the alternatives whose words occur are run."""
    text = pattern.strip()
    if not text.startswith("("):
        return [pattern]
    end = text.find(")")
    if end < 0 or "(" in text[1:end]:
        return [pattern]
    alternatives = text[1:end].split("|")
    if len(alternatives) < 2 or any(not a.strip() for a in alternatives):
        return [pattern]
    rest = text[end + 1:]
    return [a + rest for a in sorted(alternatives, key=len, reverse=True)]


def join_patterns(plans: list[PatternPlan]) -> str:
    return "|".join(p.source for p in plans)
