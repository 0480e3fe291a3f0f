"""Property: every forbidden phrase of tests/data/lint/forbidden_phrases.json,
in every language, is caught however it is disguised.

The disguises are drawn at random and combined: case changes, confusable
letters (taken from ICU's UTS #39 skeletons directly, not from the linter's own
folding), leetspeak, separators inside words, zero-width and other invisible
characters, fullwidth forms, mathematical alphanumerics, small capitals,
superscripts, regional-indicator letters, combining marks and odd whitespace
between words.  The examples per phrase are bounded so the file runs in a few
seconds."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom.lint import lint_text, load_seed_rules

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
PHRASES = [
    (lang, item["text"], item["rule"])
    for lang, items in json.loads((DATA / "forbidden_phrases.json").read_text(encoding="utf-8"))["phrases"].items()
    for item in items
]
RULES = load_seed_rules()

# --- disguise tables -------------------------------------------------------------------------

LEET = {
    "a": "4@",
    "e": "3€",
    "i": "1!|",
    "o": "0",
    "s": "5$",
    "t": "7",
    "l": "1|",
    "b": "8",
    "g": "9",
}
SMALL_CAPS = dict(zip("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ"))
SUPERSCRIPT = dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
SEPARATORS = ["-", ".", "_", "*", "·", "/", "~", "'", " ", "\u00a0", "\u2009", "\u3000"]
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\u180e", "\u034f"]
WORD_SPACES = [" ", "  ", "\u00a0", "\u2002", "\u3000", "\t", "\n"]
COMBINING = [chr(c) for c in range(0x0300, 0x0370) if unicodedata.combining(chr(c))]
MATH_STYLES = ["BOLD", "ITALIC", "BOLD ITALIC", "SCRIPT", "FRAKTUR", "DOUBLE-STRUCK", "SANS-SERIF", "MONOSPACE"]


def _math(ch: str, style: str) -> str | None:
    try:
        return unicodedata.lookup(f"MATHEMATICAL {style} SMALL {ch.upper()}")
    except KeyError:
        return None


@lru_cache(maxsize=1)
def confusables() -> dict[str, list[str]]:
    """For each letter used by the phrases, characters that ICU's UTS #39
    skeleton declares confusable with it (same skeleton), outside ASCII."""
    import icu

    sc = icu.SpoofChecker()

    def skel(c: str) -> str:
        return str(sc.getSkeleton(0, c))

    wanted = {c for _l, text, _r in PHRASES for c in text if not c.isspace()}
    wanted |= {c.upper() for c in wanted if c.isascii() and c.isalpha()}
    by_skel: dict[str, set[str]] = {}
    for c in wanted:
        by_skel.setdefault(skel(c), set()).add(c)
    ranges = [
        (0x00C0, 0x024F),
        (0x0250, 0x02AF),
        (0x0370, 0x03FF),
        (0x0400, 0x052F),
        (0x13A0, 0x13FF),
        (0x1D00, 0x1D7F),
        (0x2100, 0x214F),
        (0xA640, 0xA69F),
        (0xAB30, 0xAB6F),
        (0x1D400, 0x1D7FF),
        (0x2E80, 0x2FDF),
        (0x3040, 0x30FF),
        (0x4E00, 0x9FFF),
    ]
    out: dict[str, list[str]] = {}
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            c = chr(cp)
            if not c.isalpha():
                continue
            s = skel(c)
            for target in by_skel.get(s, ()):
                if c != target:
                    out.setdefault(target, []).append(c)
    return {k: sorted(v) for k, v in out.items()}


TECHNIQUES = [
    "case",
    "confusable",
    "leet",
    "separators",
    "invisible",
    "fullwidth",
    "math",
    "smallcaps",
    "superscript",
    "regional",
    "combining",
    "spaces",
]


@st.composite
def disguise(draw: st.DrawFn, text: str) -> str:
    techniques = draw(st.sets(st.sampled_from(TECHNIQUES), min_size=1, max_size=5))
    conf = confusables()
    words = text.split(" ")
    out_words: list[str] = []
    for word in words:
        chars: list[str] = []
        for ch in word:
            options: list[str] = [ch]
            low = ch.lower()
            if "case" in techniques and ch.isalpha():
                options.append(ch.swapcase() if len(ch.swapcase()) == 1 else ch)
            if "confusable" in techniques:
                options += conf.get(ch, []) + conf.get(ch.upper(), [])
            if "leet" in techniques and low in LEET:
                options += list(LEET[low])
            if "fullwidth" in techniques and ch.isascii() and ch.isalnum():
                options.append(chr(ord(ch) + 0xFEE0))
            if "math" in techniques and ch.isascii() and ch.isalpha():
                style = draw(st.sampled_from(MATH_STYLES))
                m = _math(low, style)
                if m:
                    options.append(m)
            if "smallcaps" in techniques and low in SMALL_CAPS:
                options.append(SMALL_CAPS[low])
            if "superscript" in techniques and low in SUPERSCRIPT:
                options.append(SUPERSCRIPT[low])
            if "regional" in techniques and ch.isascii() and ch.isalpha():
                options.append(chr(0x1F1E6 + ord(low) - ord("a")))
            c = draw(st.sampled_from(options))
            if "combining" in techniques and ch.isalpha() and draw(st.booleans()):
                c += draw(st.sampled_from(COMBINING))
            chars.append(c)
        # separators and invisible characters between the letters of a word
        if "separators" in techniques and len(chars) > 1:
            sep = draw(st.sampled_from(SEPARATORS))
            every = draw(st.booleans())
            if sep.isspace() and len(word) < 5:
                every = True  # spaced letters: short words only when fully spaced out
            joined = chars[0]
            for c in chars[1:]:
                joined += (sep if every or draw(st.booleans()) else "") + c
            chars = [joined]
        if "invisible" in techniques:
            s = "".join(chars)
            pos = draw(st.lists(st.integers(0, len(s)), max_size=3))
            for p in sorted(pos, reverse=True):
                s = s[:p] + draw(st.sampled_from(INVISIBLES)) + s[p:]
            chars = [s]
        out_words.append("".join(chars))
    sep = " "
    if "spaces" in techniques:
        sep = draw(st.sampled_from(WORD_SPACES))
    return sep.join(out_words)


@pytest.mark.parametrize("lang,text,rule", PHRASES, ids=[f"{l}-{t[:20]}" for l, t, _r in PHRASES])
def test_plain_phrase_is_caught(lang: str, text: str, rule: str) -> None:
    assert rule in lint_text(text, RULES).rules()
    assert rule in lint_text(f"Hello,\n\n{text}.\n\nKind regards", RULES).rules()


@pytest.mark.parametrize("lang,text,rule", PHRASES, ids=[f"{l}-{t[:20]}" for l, t, _r in PHRASES])
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_disguised_phrase_is_caught(lang: str, text: str, rule: str, data: st.DataObject) -> None:
    disguised = data.draw(disguise(text), label="disguised")
    result = lint_text(disguised, RULES)
    assert rule in result.rules(), f"{disguised!r} -> {sorted(result.rules())}"
    # the finding points into the original text
    for f in result.findings:
        assert disguised[f.start : f.end] == f.matched


def test_confusable_table_comes_from_icu_and_is_not_empty() -> None:
    conf = confusables()
    assert "а" in conf.get("a", [])  # Cyrillic a
    assert "ο" in conf.get("o", [])  # Greek omicron
    assert any(ch in conf.get("カ", []) for ch in "力")  # katakana ka vs Han "power"
