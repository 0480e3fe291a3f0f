"""The lint engine: a pure function of (text, rules, allowlist)."""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Sequence

from . import technical as tech
from . import unicode_data as ud
from .model import Finding, LintResult, LintRule, RuleError
from .normalize import Stream, build_stream
from .patterns import Match, Trie, expand, find_matches

__all__ = ["lint_text", "lint_template", "compile_rules", "CompiledRules", "mask_template"]

_ROLES = ("phrase", "subject", "state", "blocker", "exclude")


@dataclass
class CompiledRules:
    rules: tuple[LintRule, ...]
    trie: Trie
    by_kind: dict[str, list[int]] = field(default_factory=dict)


def compile_rules(rules: Sequence[LintRule]) -> CompiledRules:
    """Fold every word list once.  Disabled rules are left out."""
    active = tuple(r for r in rules if r.enabled)
    trie = Trie()
    by_kind: dict[str, list[int]] = {}
    for i, r in enumerate(active):
        by_kind.setdefault(r.kind, []).append(i)
        literal = r.source == "user"
        lists: list[tuple[str, tuple[str, ...]]] = []
        if r.kind == "phrase":
            lists.append(("phrase", r.patterns))
        elif r.kind == "proximity":
            lists += [
                ("phrase", r.patterns),
                ("subject", r.subjects),
                ("state", r.states),
                ("blocker", r.blockers),
                ("exclude", r.exclusions),
            ]
        for role, pats in lists:
            for pat in pats:
                try:
                    expansions = expand(pat, literal=literal)
                except RuleError:
                    # unbalanced parentheses or an explosion of alternatives:
                    # take the pattern literally rather than stop every check
                    expansions = [pat]
                for lit in expansions:
                    trie.add(lit, i, role)
    return CompiledRules(active, trie, by_kind)


_CACHE: "OrderedDict[tuple[int, ...], tuple[tuple[LintRule, ...], CompiledRules]]" = OrderedDict()
_BY_CONTENT: "OrderedDict[tuple[LintRule, ...], CompiledRules]" = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _compiled(rules: Sequence[LintRule]) -> CompiledRules:
    """The compiled form of a rule list, cached: first by the identity of the
    rule objects (free), then by their content (rules rebuilt from the
    database for every call still hit the cache)."""
    key = tuple(id(r) for r in rules)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and len(hit[0]) == len(rules) and all(a is b for a, b in zip(hit[0], rules)):
            _CACHE.move_to_end(key)
            return hit[1]
    content = tuple(rules)
    with _CACHE_LOCK:
        comp = _BY_CONTENT.get(content)
    if comp is None:
        comp = compile_rules(content)
    with _CACHE_LOCK:
        _BY_CONTENT[content] = comp
        _BY_CONTENT.move_to_end(content)
        while len(_BY_CONTENT) > 8:
            _BY_CONTENT.popitem(last=False)
        _CACHE[key] = (content, comp)
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    return comp


class _Positions:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def finding(self, rule: LintRule, start: int, end: int, explanation: str | None = None, matched: str | None = None) -> Finding:
        line = bisect.bisect_right(self.starts, start)
        col = start - self.starts[line - 1] + 1
        return Finding(
            rule=rule.id,
            line=line,
            column=col,
            matched=self.text[start:end] if matched is None else matched,
            explanation=rule.explanation if explanation is None else explanation,
            start=start,
            end=end,
        )


def _span(st: Stream, m: Match) -> tuple[int, int]:
    return st.index[m.start], st.index[m.end] + 1


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _proximity(rule: LintRule, st: Stream, ms: list[Match]) -> list[tuple[int, int]]:
    by_role: dict[str, list[Match]] = {r: [] for r in _ROLES}
    for m in ms:
        by_role[m.info.role].append(m)
    spans = [_span(st, m) for m in by_role["phrase"]]
    excl = by_role["exclude"]

    def excluded(m: Match) -> bool:
        return any(x.start <= m.start and m.end <= x.end for x in excl)

    subjects = [m for m in by_role["subject"] if not excluded(m)]
    states = [m for m in by_role["state"] if not excluded(m)]
    if not subjects or not states:
        return spans
    blockers = by_role["blocker"]
    subjects.sort(key=lambda m: m.start)
    starts = [st.units[m.start] for m in subjects]
    reach = max(rule.window, rule.cjk_window) + 2
    for t in states:
        best: tuple[int, Match] | None = None
        # only subjects within reach (in units) of the state can pair with it
        lo = bisect.bisect_left(starts, st.units[t.start] - reach - (st.units[t.end] - st.units[t.start]) - 64)
        hi = bisect.bisect_right(starts, st.units[t.end] + reach)
        for s in subjects[lo:hi]:
            if s.end >= t.start and t.end >= s.start:
                continue  # overlapping terms
            a, b = (s, t) if s.end < t.start else (t, s)
            if st.sentence[a.end] != st.sentence[b.start]:
                continue
            between = st.units[b.start] - st.units[a.end] - 1
            cjk = st.cjk[a.end] or st.cjk[b.start]
            limit = rule.cjk_window if cjk else rule.window
            if between > limit:
                continue
            if any(a.end < x.start and x.end < b.start for x in blockers):
                continue
            if best is None or between < best[0]:
                best = (between, s)
        if best is not None:
            s = best[1]
            ss, se = _span(st, s)
            ts, te = _span(st, t)
            spans.append((min(ss, ts), max(se, te)))
    return spans


def _lint(
    match_text: str,
    original: str,
    rules: Sequence[LintRule] | None,
    allowlist: Sequence[str],
    rendered: bool,
) -> LintResult:
    if rules is None:
        from .rules import load_seed_rules

        rules = load_seed_rules()
    comp = _compiled(rules)
    version = ud.unicode_version()
    pos = _Positions(original)
    findings: list[Finding] = []
    if not match_text:
        return LintResult((), version)

    emoji_spans, emoji_inner = tech.emoji_sequences(match_text)
    st = build_stream(match_text, skip=emoji_inner)

    # word rules
    if comp.trie.terms:
        matches = find_matches(st, comp.trie)
        per_rule: dict[int, list[Match]] = {}
        for m in matches:
            per_rule.setdefault(m.info.rule, []).append(m)
        for ri, ms in per_rule.items():
            rule = comp.rules[ri]
            if rule.kind == "phrase":
                spans = [_span(st, m) for m in ms]
            else:
                spans = _proximity(rule, st, ms)
            for s, e in _merge(spans):
                findings.append(pos.finding(rule, s, e))

    light: tuple[str, list[int]] | None = None

    def get_light() -> tuple[str, list[int]]:
        nonlocal light
        if light is None:
            light = tech.light_text(match_text)
        return light

    allow = tech.Allowlist(allowlist)
    for ri, rule in enumerate(comp.rules):
        k = rule.kind
        if k in ("phrase", "proximity"):
            continue
        if k == "invisible":
            for i in st.invisible:
                ch = match_text[i]
                label = f"U+{ord(ch):04X} {ud.char_name(ch)}"
                findings.append(pos.finding(rule, i, i + 1, f"{label}: {rule.explanation}", matched=ch))
        elif k == "emoji":
            for sp in emoji_spans:
                findings.append(pos.finding(rule, sp.start, sp.end))
        elif k == "mixed_script":
            for sp, codes in tech.find_mixed_script(match_text):
                findings.append(pos.finding(rule, sp.start, sp.end, f"{tech.script_names(codes)}: {rule.explanation}"))
        elif k == "length":
            if len(original) > rule.limit:
                s = rule.limit
                findings.append(
                    pos.finding(
                        rule,
                        s,
                        len(original),
                        f"{len(original)} characters, limit {rule.limit}: {rule.explanation}",
                        matched=original[s : s + 40],
                    )
                )
        elif k in ("link_insecure", "link_domain"):
            lt, idx = get_light()
            for hit in tech.find_links(lt, idx):
                if k == "link_insecure" and not hit.secure:
                    findings.append(pos.finding(rule, hit.span.start, hit.span.end))
                elif k == "link_domain" and hit.secure and not allow.allows_host(hit.host):
                    findings.append(pos.finding(rule, hit.span.start, hit.span.end))
        elif k == "email":
            lt, idx = get_light()
            for sp, addr in tech.find_emails(lt, idx):
                if not allow.allows_email(addr):
                    findings.append(pos.finding(rule, sp.start, sp.end))
        elif k == "phone":
            lt, idx = get_light()
            for sp, num in tech.find_phones(lt, idx):
                if not allow.allows_phone(num):
                    findings.append(pos.finding(rule, sp.start, sp.end))
        elif k == "html":
            lt, idx = get_light()
            for sp in tech.find_html(lt, idx):
                findings.append(pos.finding(rule, sp.start, sp.end))
        elif k == "placeholder":
            if rendered:
                lt, idx = get_light()
                for sp in tech.find_placeholders(lt, idx):
                    findings.append(pos.finding(rule, sp.start, sp.end))

    # one finding per (rule, place)
    uniq: dict[tuple[str, int, int], Finding] = {}
    for f in findings:
        uniq.setdefault((f.rule, f.start, f.end), f)
    ordered = sorted(uniq.values(), key=lambda f: (f.start, f.end, f.rule))
    return LintResult(tuple(ordered), version)


def lint_text(
    text: str,
    rules: Sequence[LintRule] | None = None,
    *,
    allowlist: Sequence[str] = (),
    rendered: bool = True,
) -> LintResult:
    """Check a message.  ``rules``: the rules to apply (default: the shipped
    seed rules); ``allowlist``: e-mail addresses, phone numbers and link domains
    that are allowed; ``rendered``: the text is final (leftover placeholders
    are findings)."""
    return _lint(text, text, rules, allowlist, rendered)


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_STRING_LIT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)


def mask_template(body: str) -> str:
    """Replace Jinja tags by spaces (newlines kept), keeping the text of string
    literals inside ``{{ }}``/``{% %}`` (they are rendered too).  The result has
    the same length as ``body``, so positions carry over."""

    def blank(s: str) -> str:
        return "".join("\n" if c == "\n" else " " for c in s)

    def repl(m: re.Match[str]) -> str:
        tag = m.group(0)
        if tag.startswith("{#"):
            return blank(tag)
        out: list[str] = []
        last = 0
        for lm in _STRING_LIT.finditer(tag):
            out.append(blank(tag[last : lm.start()]))
            lit = lm.group(0)
            out.append(" " + lit[1:-1] + " ")
            last = lm.end()
        out.append(blank(tag[last:]))
        return "".join(out)

    return _JINJA.sub(repl, body)


def lint_template(
    body: str,
    rules: Sequence[LintRule] | None = None,
    *,
    allowlist: Sequence[str] = (),
) -> LintResult:
    """Check a template body: Jinja placeholders are masked first, and the
    leftover-placeholder rule does not apply."""
    return _lint(mask_template(body), body, rules, allowlist, rendered=False)
