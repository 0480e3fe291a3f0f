"""The built-in checks that are not word lists: links, e-mail addresses, phone
numbers, emojis, HTML, length, leftover placeholders, invisible characters and
words that mix scripts.

Links, addresses and numbers are searched in a lightly normalized copy of the
text (NFKC per character, invisible characters removed) so fullwidth or
zero-width-split addresses are still found; every hit is mapped back to the
original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from . import unicode_data as ud

__all__ = [
    "Allowlist",
    "Span",
    "light_text",
    "emoji_sequences",
    "find_links",
    "find_emails",
    "find_phones",
    "find_html",
    "find_placeholders",
    "find_mixed_script",
]


@dataclass(frozen=True)
class Span:
    start: int  # original code point offsets, end exclusive
    end: int
    detail: str = ""


# --- allowlist ----------------------------------------------------------------


def _digits(s: str) -> str:
    s = re.sub(r"\(\s*0\s*\)", "", ud.nfkc(s))  # +44 (0)20 ...: the optional trunk zero
    d = "".join(ch for ch in s if ch.isdigit())
    if d.startswith("00"):
        d = d[2:]
    return d.lstrip("0")


def _host_of(entry: str) -> str:
    e = entry.strip().lower()
    e = re.sub(r"^[a-z][a-z0-9+.-]*://", "", e)
    e = e.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    e = e.rsplit("@", 1)[-1]
    e = e.split(":", 1)[0].strip(".")
    if e.startswith("www."):
        e = e[4:]
    return e


class Allowlist:
    """E-mail addresses (``name@x.com``, or ``@x.com`` for any address at a
    domain), phone numbers (compared by their digits, national trunk zeros and
    ``+``/``00`` prefixes ignored) and domains for https links (a domain allows
    its subdomains)."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.emails: set[str] = set()
        self.email_domains: set[str] = set()
        self.phones: set[str] = set()
        self.domains: set[str] = set()
        for raw in entries:
            e = ud.nfkc(str(raw)).strip()
            if not e:
                continue
            if "@" in e and "://" not in e:
                if e.startswith("@"):
                    self.email_domains.add(e[1:].lower())
                else:
                    self.emails.add(e.lower())
                continue
            letters = sum(ch.isalpha() for ch in e)
            digits = sum(ch.isdigit() for ch in e)
            if letters == 0 and digits >= 6:
                self.phones.add(_digits(e))
                continue
            host = _host_of(e)
            if host:
                self.domains.add(host)

    def allows_email(self, address: str) -> bool:
        a = address.lower()
        if a in self.emails:
            return True
        dom = a.rsplit("@", 1)[-1]
        return any(dom == d or dom.endswith("." + d) for d in self.email_domains)

    def allows_phone(self, number: str) -> bool:
        d = _digits(number)
        if not d:
            return False
        for p in self.phones:
            if d == p:
                return True
            short, long_ = (d, p) if len(d) < len(p) else (p, d)
            if len(short) >= 7 and long_.endswith(short):
                return True
        return False

    def allows_host(self, host: str) -> bool:
        h = host.lower().strip(".")
        if h.startswith("www."):
            h = h[4:]
        return any(h == d or h.endswith("." + d) for d in self.domains)


# --- light normalization ---------------------------------------------------------


def light_text(text: str) -> tuple[str, list[int]]:
    """NFKC per character with invisible characters removed; returns the text
    and, for every character of it, the original index."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            if ch.isprintable() or ch in "\t\n\r":
                out.append(ch)
                idx.append(i)
            continue
        if ud.is_invisible(ch):
            continue
        n = ud.nfkc(ch)
        for c in n:
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def _map(idx: list[int], s: int, e: int, detail: str = "") -> Span:
    return Span(idx[s], idx[e - 1] + 1, detail)


# --- emoji -------------------------------------------------------------------------

_VS = ("\ufe0e", "\ufe0f")
_ZWJ = "\u200d"
_KEYCAP = "\u20e3"


def _is_skin(ch: str) -> bool:
    return 0x1F3FB <= ord(ch) <= 0x1F3FF


def _is_tag(ch: str) -> bool:
    return 0xE0020 <= ord(ch) <= 0xE007F


def emoji_sequences(text: str) -> tuple[list[Span], set[int]]:
    """Emoji sequences (with their variation selectors, skin tones, joiners,
    tag sequences and keycaps) and the indices of the invisible characters that
    belong to them."""
    spans: list[Span] = []
    inner: set[int] = set()
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ud.is_emoji_char(ch) or (
            ch in "0123456789#*" and i + 1 < n and (text[i + 1] == _KEYCAP or (text[i + 1] in _VS and i + 2 < n and text[i + 2] == _KEYCAP))
        ):
            j = i + 1
            while j < n:
                c = text[j]
                if c in _VS or c == _KEYCAP or _is_skin(c) or _is_tag(c):
                    if c in _VS or _is_tag(c):
                        inner.add(j)
                    j += 1
                elif c == _ZWJ and j + 1 < n and ud.is_emoji_char(text[j + 1]):
                    inner.add(j)
                    j += 2
                elif ud.is_emoji_char(c) and 0x1F1E6 <= ord(c) <= 0x1F1FF and 0x1F1E6 <= ord(text[j - 1]) <= 0x1F1FF and (j - i) % 2 == 1:
                    j += 1  # second regional indicator of a flag
                else:
                    break
            spans.append(Span(i, j))
            i = j
        else:
            i += 1
    return spans, inner


# --- links ---------------------------------------------------------------------------

_URL = re.compile(
    r"(?i)(?<![\w@.])(?:(?P<scheme>https?|hxxps?|ftp|sftp|file|javascript|data)\s*:\s*//?|(?P<www>www\.))[^\s<>\"'`]+"
)
_TRAIL = ".,;:!?)]}»”’'\"。、，）】"


@dataclass(frozen=True)
class LinkHit:
    span: Span
    secure: bool
    host: str
    url: str


def find_links(light: str, idx: list[int]) -> list[LinkHit]:
    hits: list[LinkHit] = []
    for m in _URL.finditer(light):
        s, e = m.span()
        while e > s and light[e - 1] in _TRAIL:
            e -= 1
        url = light[s:e]
        scheme = (m.group("scheme") or "").lower()
        rest = re.sub(r"(?i)^[a-z]+\s*:\s*//?", "", url) if scheme else url
        host = _host_of("x://" + rest)
        # "www.x.com" has no scheme: it is judged by its domain only
        secure = scheme == "https" or not scheme
        hits.append(LinkHit(_map(idx, s, e), secure, host, url))
    return hits


# --- e-mail --------------------------------------------------------------------------

# A dot between parts of a domain: ".", or " . " with spaces on both sides (an address written apart
# to get past a filter), or a spelled-out [dot]; never ". " alone, which ends a sentence ("a@b.com. Thanks").
_DOT = r"(?:\.|\s+\.\s+|\s*(?:\[dot\]|\(dot\)|\{dot\})\s*)"

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(?:@|\[at\]|\(at\)|\{at\}|\[@\]|\(@\))\s*[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[A-Za-z]{2,}(?![\w-])",
    re.IGNORECASE,
)


def find_emails(light: str, idx: list[int]) -> list[tuple[Span, str]]:
    out = []
    for m in _EMAIL.finditer(light):
        raw = m.group(0)
        addr = re.sub(r"\s+", "", raw)
        addr = re.sub(r"(?i)\[at\]|\(at\)|\{at\}|\[@\]|\(@\)", "@", addr)
        addr = re.sub(r"(?i)\[dot\]|\(dot\)|\{dot\}", ".", addr)
        if "@" not in addr:
            continue
        out.append((_map(idx, m.start(), m.end()), addr))
    return out


# --- phone numbers ------------------------------------------------------------------

_PHONE_PATTERNS = [
    # international: +49 30 1234567, 0049 (0)30 123 45 67, +1-206-555-0100
    re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}(?:[ .\-/]?\(0?\d{1,4}\))?(?:[ .\-/]?\d{1,5}){2,6}(?![\w])"),
    # (555) 123-4567, (030) 1234567
    re.compile(r"(?<![\w(])\(\d{2,5}\)[ .\-/]?\d{3,4}(?:[ .\-]?\d{2,4}){1,2}(?![\w])"),
    # 555-123-4567, 555.123.4567
    re.compile(r"(?<![\w\-.])\d{3}[.\- ]\d{3}[.\- ]\d{4}(?![\w\-])"),
    # national with trunk zero and groups: 030 12345678, 0800 123 4567, 03-1234-5678, 06 12 34 56 78
    re.compile(r"(?<![\w\-.,/])0\d{1,4}(?:[ \-/]\d{2,8}){1,4}(?![\w\-])"),
    # Chinese mobile numbers
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
]
_PHONE_LABEL = re.compile(
    r"(?i)(?:\b(?:tel|tél|phone|telephone|téléphone|telefon|telefono|teléfono|mobile|mobil|cell|hotline|call(?: us)?(?: on| at)?|ring|whatsapp|fax)\b|電話|电话|手机|手機|携帯|联系方式)"
    r"\s*(?:number|nummer|numéro|numero|número|番号|号码)?\s*[:：.]?\s*(\+?\d[\d ().\-/]{5,}\d)"
)
_ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")
_DATE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$")


def _phone_ok(s: str) -> bool:
    digits = sum(ch.isdigit() for ch in s)
    if digits < 7 or digits > 15:
        return False
    core = s.strip()
    if _ORDER_ID.match(core) or _DATE.match(core):
        return False
    return True


def find_phones(light: str, idx: list[int]) -> list[tuple[Span, str]]:
    found: dict[tuple[int, int], str] = {}
    for m in _PHONE_LABEL.finditer(light):
        s, e = m.span(1)
        num = light[s:e]
        if _phone_ok(num):
            found[(s, e)] = num
    for rx in _PHONE_PATTERNS:
        for m in rx.finditer(light):
            s, e = m.span()
            num = light[s:e]
            if not _phone_ok(num):
                continue
            # inside an Amazon order id or a longer number: not a phone
            before = light[max(0, s - 1) : s]
            if before and (before.isdigit() or before == "-" and s >= 2 and light[s - 2].isdigit()):
                continue
            if any(a <= s < b or a < e <= b for (a, b) in found):
                continue
            found[(s, e)] = num
    return [(_map(idx, s, e), num) for (s, e), num in sorted(found.items())]


# --- HTML ----------------------------------------------------------------------------

_HTML = re.compile(
    r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s+[^<>]*?)?/?>|<!--|-->|<!DOCTYPE|&(?:[A-Za-z][A-Za-z0-9]{1,10}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)


def find_html(light: str, idx: list[int]) -> list[Span]:
    return [_map(idx, m.start(), m.end()) for m in _HTML.finditer(light)]


# --- leftover placeholders --------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{[^}\n]{1,60}\}"
    r"|\{\s*[A-Za-z_][\w.]{0,40}\s*\}"  # {buyer_name}
    r"|\[\s*[^\[\]\d\n<>]{2,40}?\s*\]"  # [Order Number], [Name]
    r"|［[^［］\d\n]{2,40}］|【(?:[^】\n]*(?:番号|名前|氏名|名|号|号码|姓名|金额|金額|日期|日付|NAME|Name|name|Number|NUMBER))】"
    r"|<<[^<>\n]{1,40}>>|«\s*[A-Z_]{3,}\s*»|%[A-Z][A-Z0-9_]{2,}%"
    r"|\b[Xx]{3}-[Xx]{7}-[Xx]{7}\b|\bX{4,}\b|_{4,}"
    r"|\{\{|\}\}|\{%|%\}|\{#|#\}",  # what is left of a broken template tag: a lone {{, }}, {%, %}, {# or #}
    re.DOTALL,
)


def find_placeholders(light: str, idx: list[int]) -> list[Span]:
    out = []
    for m in _PLACEHOLDER.finditer(light):
        txt = m.group(0)
        if txt.startswith("[") and not any(ch.isalpha() for ch in txt):
            continue
        if txt.startswith("[") and len(txt.split()) > 6:
            continue
        out.append(_map(idx, m.start(), m.end()))
    return out


# --- scripts -------------------------------------------------------------------------------

_CJK_FAMILY = frozenset({"Latn", "Hani", "Hira", "Kana", "Hang", "Bopo"})
_IGNORED_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})
_COMMON_EXTRA = frozenset("\u03bc\u00b5")  # μ in units (μm, μg) is not a disguise


def find_mixed_script(text: str) -> list[tuple[Span, tuple[str, ...]]]:
    """Words (runs of letters and marks; invisible characters do not split a
    word) whose letters come from more than one script, except the usual
    Latin/Han/Kana/Hangul mixing of CJK text."""
    out: list[tuple[Span, tuple[str, ...]]] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if not ch.isalpha():
            i += 1
            continue
        j = i
        scripts: list[str] = []
        while j < n:
            c = text[j]
            if c.isalpha():
                if c not in _COMMON_EXTRA:
                    sc = ud.script_of(c)
                    if sc not in _IGNORED_SCRIPTS and sc not in scripts:
                        scripts.append(sc)
                j += 1
            elif ud.is_invisible(c) or _is_mark(c):
                j += 1
            else:
                break
        end = j
        while end > i and ud.is_invisible(text[end - 1]):
            end -= 1
        if len(scripts) >= 2 and not set(scripts) <= _CJK_FAMILY:
            out.append((Span(i, end), tuple(scripts)))
        i = j
    return out


def _is_mark(ch: str) -> bool:
    return ud.is_mark(ch)


SCRIPT_NAMES = {
    "Latn": "Latin",
    "Cyrl": "Cyrillic",
    "Grek": "Greek",
    "Armn": "Armenian",
    "Cher": "Cherokee",
    "Hani": "Han",
    "Hira": "Hiragana",
    "Kana": "Katakana",
    "Hang": "Hangul",
    "Arab": "Arabic",
    "Hebr": "Hebrew",
    "Geor": "Georgian",
    "Copt": "Coptic",
    "Thai": "Thai",
}


def script_names(codes: Sequence[str]) -> str:
    return " + ".join(SCRIPT_NAMES.get(c, c) for c in codes)
