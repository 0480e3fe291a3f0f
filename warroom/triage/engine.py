"""The classifier: rules (data) in, a category, a tier, red flags and their reasons out.

    classify([subject_and_body, ...], rules=rules, order_total=Decimal("649.00"), currency="EUR",
             high_value_thresholds={"EUR": Decimal("500")})

How it decides (docs/triage.md has the full story):

1. every message is folded (:mod:`.normalize`); a cheap prefilter (each pattern's triggers:
   whole words looked up in the message's word set, or literal substrings) picks the patterns
   that can match; only those run their regular expression;
2. rules are tried in order; a rule matches with the first of its patterns that has an
   occurrence no exclusion overlaps; its :class:`Reason` quotes that occurrence from the
   original message.  A rule whose target is already established with at least its weight
   is skipped (one reason per flag or category is enough; this keeps long messages fast);
3. flags are the union over all messages; A-TO-Z and CHARGEBACK rules also vote for their
   category with at least :data:`IMPLICATION_WEIGHT` (weight 0: flag only, e.g. "I don't want
   to open an A-to-z claim");
4. each category scores the highest weight among its matched rules (LEGAL or SAFETY adds an
   implied weight-1 vote for COMPLAINT); the best score wins, ties go to :data:`PRECEDENCE`;
   no vote at all: OTHER;
5. HIGH-VALUE: in a dispute (a category of :data:`DISPUTE_CATEGORIES`, or A-TO-Z, CHARGEBACK or
   LEGAL flagged) any amount written in the messages or the order total that is over the
   threshold of its currency;
6. tier: :func:`tier_for`.
"""

from __future__ import annotations

import operator
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Iterable, Mapping, Sequence

from .amounts import Amount, find_amounts
from .model import (
    CATEGORY_FLAGS,
    DEFAULT_HIGH_VALUE_THRESHOLDS,
    DISPUTE_CATEGORIES,
    FLAGS,
    PRECEDENCE,
    Classification,
    Reason,
    RuleError,
    TriageRule,
    tier_for,
)
from .normalize import WORD_CLASS, fold, is_word_char
from .patterns import compile_pattern, join_patterns, split_leading_group

__all__ = ["CompiledRules", "compile_rules", "classify", "HIGH_VALUE_AMOUNT_RULE", "HIGH_VALUE_TOTAL_RULE",
           "IMPLIED_COMPLAINT_RULE", "IMPLICATION_WEIGHT"]

HIGH_VALUE_AMOUNT_RULE: Final = "HIGH-VALUE-AMOUNT"
HIGH_VALUE_TOTAL_RULE: Final = "HIGH-VALUE-ORDER-TOTAL"
IMPLIED_COMPLAINT_RULE: Final = "IMPLIED-COMPLAINT"

_FLAG_SET: Final = frozenset(FLAGS)
_RANK: Final = {c: len(PRECEDENCE) - i for i, c in enumerate(PRECEDENCE)}
_DISPUTE_FLAGS: Final = frozenset({"A-TO-Z", "CHARGEBACK", "LEGAL"})
_TOKEN_RE: Final = re.compile(f"[{WORD_CLASS}]+")
_IMPLIED_WEIGHT: Final = 1
#: The category vote of an A-TO-Z or CHARGEBACK flag (above an ordinary category's 2 and the
#: "specific override" 3: a claim or a dispute outranks the request it is about).
IMPLICATION_WEIGHT: Final = 4
_NON_LATIN_RE: Final = re.compile("[^\x00-\u024f]")


def _accept_start(plain: bool, text: str, start: int) -> bool:
    """A plain pattern must start at a word boundary (alphabetic scripts)."""
    return not (plain and start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]))


#: An exclusion can only cancel a match it overlaps; it is looked for this far around it.
_EXCLUSION_WINDOW: Final = 200


class _Lazy:
    """A regex compiled on first use (most patterns never fire; compiling all of them up
    front would cost most of a second per rule set).  Shared by source text across rules and
    rule sets (see :func:`_lazy`)."""

    __slots__ = ("source", "_rx")

    def __init__(self, source: str) -> None:
        self.source = source
        self._rx: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.source)
        return rx


_Requirement = frozenset[tuple[str, str]]


def _satisfied(needs: tuple[_Requirement, ...], words: set[str], folded: str) -> bool:
    """Every requirement has one trigger in the text (a word of ``words`` or a substring)."""
    for need in needs:
        for kind, text in need:
            if (text in words) if kind == "tok" else (text in folded):
                break
        else:
            return False
    return True


_LAZIES: dict[str, _Lazy] = {}


def _lazy(source: str) -> _Lazy:
    lazy = _LAZIES.get(source)
    if lazy is None:
        if len(_LAZIES) > 50_000:      # rule sets come and go; never grow without bound
            _LAZIES.clear()
        lazy = _LAZIES[source] = _Lazy(source)
    return lazy


@dataclass(frozen=True)
class _Compiled:
    index: int
    rule: TriageRule
    patterns: tuple[_Lazy, ...]
    plain: bool
    exclusions: tuple[tuple[_Lazy, tuple[_Requirement, ...]], ...]

    def _excluded(self, text: str, words: set[str], start: int, end: int) -> bool:
        lo = max(0, start - _EXCLUSION_WINDOW)
        hi = min(len(text), end + _EXCLUSION_WINDOW)
        for lazy, needs in self.exclusions:
            if needs and not _satisfied(needs, words, text):
                continue
            search = lazy.rx.search
            pos = lo
            while True:
                m = search(text, pos, hi)
                if m is None:
                    break
                xs, xe = m.span()
                if xs >= end:
                    break
                if xe > start and xe > xs and _accept_start(self.plain, text, xs):
                    return True
                pos = xs + 1
        return False

    def first_match(self, text: str, which: Iterable[int] | None = None,
                    words: set[str] | None = None) -> tuple[int, int] | None:
        """Span (in folded ``text``) of the first occurrence, no exclusion overlapping, of the
        first of the patterns (all, or those numbered in ``which``) that has one."""
        if words is None:
            words = set(_TOKEN_RE.findall(text))
        best: tuple[int, int] | None = None
        for k in (range(len(self.patterns)) if which is None else which):
            search = self.patterns[k].rx.search
            pos = 0
            while True:
                m = search(text, pos)
                if m is None:
                    break
                s, e = m.span()
                pos = s + 1
                if e == s or not _accept_start(self.plain, text, s):
                    continue
                if self.exclusions and self._excluded(text, words, s, e):
                    continue
                return s, e      # the first pattern (in rule order) that matches is the reason
        return best


_Key = tuple[int, int]   # (rule index, pattern number)


class CompiledRules:
    """A rule set compiled once: one (lazily compiled) regex per pattern, the exclusions, and
    the trigger index -- which patterns can match a text, from its words and a few substrings;
    a pattern runs only when every literal it needs occurs in the text."""

    def __init__(self, rules: Sequence[TriageRule]) -> None:
        self.source: tuple[TriageRule, ...] = tuple(rules)
        seen: set[str] = set()
        compiled: list[_Compiled] = []
        tokens: dict[str, set[_Key]] = {}
        subs_ascii: dict[str, set[_Key]] = {}
        subs_other: dict[str, set[_Key]] = {}
        always: set[_Key] = set()
        checks: dict[_Key, tuple[frozenset[tuple[str, str]], ...]] = {}
        for rule in self.source:
            if not isinstance(rule, TriageRule):
                raise RuleError(f"not a TriageRule: {rule!r}")
            if rule.id in seen:
                raise RuleError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
            if not rule.enabled:
                continue
            index = len(compiled)
            if rule.regex:
                sources = list(rule.patterns)
            else:
                sources = [part for p in rule.patterns for part in split_leading_group(p)]
            plans = [compile_pattern(p, regex=rule.regex, rule_id=rule.id) for p in sources]
            lazies = tuple(_lazy(p.source) for p in plans)
            if rule.regex:                       # a user's regex must fail now, not on first use
                for lazy in lazies:
                    self._check(lazy, rule.id)
            exclusions = []
            excl_sources = (list(rule.exclusions) if rule.regex
                            else [part for p in rule.exclusions for part in split_leading_group(p)])
            for source in excl_sources:
                plan = compile_pattern(source, regex=rule.regex, rule_id=rule.id)
                lazy = _lazy(plan.source)
                if rule.regex:
                    self._check(lazy, rule.id)
                exclusions.append((lazy, plan.requirements))
            compiled.append(_Compiled(index, rule, lazies, not rule.regex, tuple(exclusions)))
            for k, plan in enumerate(plans):
                key = (index, k)
                if plan.triggers is None:
                    always.add(key)
                    continue
                others = tuple(r for r in plan.requirements if r != plan.triggers)
                if others:
                    checks[key] = others
                for kind, text in plan.triggers:
                    if kind == "tok":
                        tokens.setdefault(text, set()).add(key)
                    elif text.isascii():
                        subs_ascii.setdefault(text, set()).add(key)
                    else:
                        subs_other.setdefault(text, set()).add(key)
        self.rules: tuple[_Compiled, ...] = tuple(compiled)
        self._tokens = {k: tuple(v) for k, v in tokens.items()}
        self._subs_ascii = tuple((k, tuple(v)) for k, v in subs_ascii.items())
        by_first: dict[str, list[tuple[str, tuple[_Key, ...]]]] = {}
        for text, keys in subs_other.items():
            by_first.setdefault(text[0], []).append((text, tuple(keys)))
        self._subs_other = by_first
        self._always = tuple(sorted(always))
        self._checks = checks

    @staticmethod
    def _check(lazy: _Lazy, rule_id: str) -> None:
        try:
            lazy.rx
        except re.error as exc:
            raise RuleError(f"rule {rule_id!r}: does not compile: {exc}") from None

    @property
    def trigger_counts(self) -> dict[str, int]:
        """Size of the prefilter (for benchmarks): words, substrings, always-run patterns."""
        return {"patterns": sum(len(r.patterns) for r in self.rules), "words": len(self._tokens),
                "ascii_substrings": len(self._subs_ascii),
                "other_substrings": sum(len(v) for v in self._subs_other.values()),
                "always": len(self._always)}

    def candidates(self, folded: str, words: set[str] | None = None) -> dict[int, list[int]]:
        """Rule index -> numbers of its patterns that can match ``folded`` (``words``: its
        words, if the caller has them)."""
        hits: set[_Key] = set(self._always)
        if words is None:
            words = set(_TOKEN_RE.findall(folded))
        tokens = self._tokens
        for word in tokens.keys() & words:
            hits.update(tokens[word])
        for text, keys in self._subs_ascii:
            if text in folded:
                hits.update(keys)
        if not folded.isascii() and self._subs_other:
            by_first = self._subs_other
            for ch in by_first.keys() & set(_NON_LATIN_RE.findall(folded)):
                for text, keys in by_first[ch]:
                    if text in folded:
                        hits.update(keys)
        out: dict[int, list[int]] = {}
        checks = self._checks
        for key in sorted(hits):
            needs = checks.get(key)
            if needs is not None and not _satisfied(needs, words, folded):
                continue
            out.setdefault(key[0], []).append(key[1])
        return out


# ---------------------------------------------------------------------------------------------
# cache: compile once per rule set (by identity of the rule objects)
# ---------------------------------------------------------------------------------------------

_CACHE_SIZE: Final = 8
_cache: dict[tuple[int, ...], tuple[tuple[TriageRule, ...], CompiledRules]] = {}
_by_content: dict[tuple[TriageRule, ...], CompiledRules] = {}
_cache_lock = threading.Lock()
_seed_compiled: CompiledRules | None = None


def compile_rules(rules: Sequence[TriageRule] | CompiledRules) -> CompiledRules:
    """The compiled form of ``rules``, cached by the identity of the rule objects (rules are
    immutable, so the same objects always compile to the same thing; the cache holds them,
    so their ids cannot be reused while cached), else by their content: rules read afresh
    from the database on every call (equal, not identical objects) compile once too.

    A caller classifying many tickets should compile once and pass the result as ``rules``."""
    if isinstance(rules, CompiledRules):
        return rules
    key = tuple(map(id, rules))
    entry = _cache.get(key)
    if entry is not None and len(entry[0]) == len(rules) and all(map(operator.is_, entry[0], rules)):
        return entry[1]
    source = tuple(rules)
    content_key = source if all(type(r) is TriageRule for r in source) else None
    compiled = _by_content.get(content_key) if content_key is not None else None
    if compiled is None:
        compiled = CompiledRules(source)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (source, compiled)
        if content_key is not None and content_key not in _by_content:
            if len(_by_content) >= _CACHE_SIZE:
                _by_content.pop(next(iter(_by_content)))
            _by_content[content_key] = compiled
    return compiled


def _seed() -> CompiledRules:
    global _seed_compiled
    if _seed_compiled is None:
        from .rules import load_seed_rules
        _seed_compiled = CompiledRules(load_seed_rules())
    return _seed_compiled


# ---------------------------------------------------------------------------------------------
# classify
# ---------------------------------------------------------------------------------------------

def _vote(rule: TriageRule) -> int:
    """The weight a rule's match adds to its category: its weight; for an A-TO-Z or CHARGEBACK
    flag rule at least :data:`IMPLICATION_WEIGHT` (a claim or a card dispute is the ticket's
    category whatever weight its rule was given), 0 for a weight-0 rule (flag only)."""
    if rule.weight <= 0:
        return 0
    if rule.target in CATEGORY_FLAGS:
        return max(rule.weight, IMPLICATION_WEIGHT)
    return rule.weight


_last_thresholds: tuple[Mapping[str, Decimal] | None, tuple[tuple[str, Decimal], ...], dict[str, Decimal]] | None = None


def _thresholds(mapping: Mapping[str, Decimal] | None) -> dict[str, Decimal]:
    """Currency -> threshold: the defaults, overridden by ``mapping``.  The result is shared
    (read it, never change it) while the same mapping holds the same value objects: a caller
    classifying many tickets passes one mapping, and it is not rebuilt for each."""
    global _last_thresholds
    last = _last_thresholds
    if last is not None and last[0] is mapping and mapping is not None and len(mapping) == len(last[1]) \
            and all(mapping.get(k, None) is v for k, v in last[1]):
        return last[2]
    out = {k.upper(): Decimal(v) for k, v in DEFAULT_HIGH_VALUE_THRESHOLDS.items()}
    for key, value in (mapping or {}).items():
        if isinstance(value, float):
            raise TypeError("high-value thresholds must be Decimal (or int/str), not float")
        out[str(key).upper()] = Decimal(value)
    if mapping is not None:
        _last_thresholds = (mapping, tuple(mapping.items()), out)
    return out


def _money(value: Decimal, currency: str) -> str:
    return f"{currency} {value:,}"


def classify(texts: Sequence[str] | str, *, rules: Sequence[TriageRule] | CompiledRules | None = None,
             language: str | None = None, order_total: Decimal | None = None,
             currency: str | None = None,
             high_value_thresholds: Mapping[str, Decimal] | None = None) -> Classification:
    """Classify a ticket from its inbound messages (``texts``: subject + body of each, oldest
    first; a single string is taken as one message).

    ``rules``: the rule set (default: the seed rules; or a :func:`compile_rules` result);
    ``language``: the detected language, a hint only -- every rule applies to every message,
    because buyers mix languages and short messages are often mis-detected;
    ``order_total``/``currency``: the order's total (the disputed amount of a dispute that
    names none); ``high_value_thresholds``: currency -> amount over which a disputed amount
    is HIGH-VALUE (USD 500 unless given)."""
    if isinstance(texts, str):
        texts = (texts,)
    if isinstance(order_total, float):
        raise TypeError("order_total must be a Decimal, not float")
    compiled = _seed() if rules is None else compile_rules(rules)

    flag_reasons: dict[str, list[Reason]] = {}
    scores: dict[str, int] = {}
    cat_reasons: dict[str, list[tuple[int, Reason]]] = {}
    matched: set[int] = set()
    written: list[tuple[str, str]] = []      # (text, folded): amounts are read only for a dispute

    for text in texts:
        if not text:
            continue
        folded = fold(text)
        words = set(_TOKEN_RE.findall(folded))
        for rule_index, which in compiled.candidates(folded, words).items():
            if rule_index in matched:
                continue
            cr = compiled.rules[rule_index]
            rule = cr.rule
            target = rule.target
            vote = _vote(rule)
            # a target already shown with at least this weight needs no more evidence
            if target in flag_reasons:
                if target not in CATEGORY_FLAGS or vote <= scores.get(target, 0):
                    continue
            elif target in scores and vote <= scores[target]:
                continue
            span = cr.first_match(folded, which, words)
            if span is None:
                continue
            matched.add(rule_index)
            reason = Reason(rule.id, target, text[span[0]:span[1]], rule.explanation)
            if target in _FLAG_SET:
                flag_reasons.setdefault(target, []).append(reason)
                if target not in CATEGORY_FLAGS:
                    continue
            if vote <= 0:
                continue
            if vote > scores.get(target, 0):
                scores[target] = vote
            cat_reasons.setdefault(target, []).append((vote, reason))
        written.append((text, folded))

    flags = set(flag_reasons)
    if flags & {"LEGAL", "SAFETY"} and "COMPLAINT" not in scores:
        # a safety incident or a legal threat is a complaint unless the buyer asks for something
        first = next(r for f in ("SAFETY", "LEGAL") for r in flag_reasons.get(f, ()))
        scores["COMPLAINT"] = _IMPLIED_WEIGHT
        cat_reasons["COMPLAINT"] = [(_IMPLIED_WEIGHT, Reason(
            IMPLIED_COMPLAINT_RULE, "COMPLAINT", first.matched,
            f"A {first.target} red flag makes the ticket a complaint unless a clearer category matches."))]
    category = max(scores, key=lambda c: (scores[c], _RANK[c])) if scores else "OTHER"

    hv = _high_value(category, flags, written, order_total, currency, high_value_thresholds)
    if hv:
        flag_reasons.setdefault("HIGH-VALUE", []).extend(hv)
        flags.add("HIGH-VALUE")

    reasons: list[Reason] = []
    for flag in FLAGS:
        reasons.extend(flag_reasons.get(flag, ()))
    if category not in CATEGORY_FLAGS or category not in flag_reasons:
        ranked = sorted(cat_reasons.get(category, ()), key=lambda wr: -wr[0])
        reasons.extend(r for _, r in ranked)
    unique = tuple(dict.fromkeys(reasons))
    frozen = frozenset(flags)
    return Classification(category, tier_for(category, frozen), frozen, unique)


def _high_value(category: str, flags: Iterable[str], written: list[tuple[str, str]], order_total: Decimal | None,
                currency: str | None, thresholds: Mapping[str, Decimal] | None) -> list[Reason]:
    if category not in DISPUTE_CATEGORIES and not (set(flags) & _DISPUTE_FLAGS):
        return []
    amounts: list[Amount] = []
    for text, folded in written:
        amounts.extend(find_amounts(text, folded, currency=currency))
    table = _thresholds(thresholds)
    out: list[Reason] = []
    best: tuple[Decimal, Amount] | None = None
    for amount in amounts:
        limit = table.get(amount.currency)
        if limit is not None and amount.value > limit:
            if best is None or amount.value / limit > best[0]:
                best = (amount.value / limit, amount)
    if best is not None:
        a = best[1]
        limit = table[a.currency]
        out.append(Reason(HIGH_VALUE_AMOUNT_RULE, "HIGH-VALUE", a.text,
                          f"Disputed amount {_money(a.value, a.currency)} is over the HIGH-VALUE "
                          f"threshold {_money(limit, a.currency)}."))
    if order_total is not None and currency:
        code = currency.upper()
        limit = table.get(code)
        total = Decimal(order_total)
        if limit is not None and total > limit:
            out.append(Reason(HIGH_VALUE_TOTAL_RULE, "HIGH-VALUE", f"order total {_money(total, code)}",
                              f"Order total {_money(total, code)} of a disputed order is over the "
                              f"HIGH-VALUE threshold {_money(limit, code)}."))
    return out
