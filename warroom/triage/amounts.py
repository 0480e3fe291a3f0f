"""Money amounts written in a buyer's message, for the HIGH-VALUE flag.  Decimal only.

An amount needs a currency next to it: a symbol or code before (``$750``, ``US$ 750``,
``EUR 800``, ``£600``, ``¥90,000``) or a symbol, code or word after (``800 €``, ``800 EUR``,
``800 euros``, ``90.000 円``, ``9万8千円``, ``500 dollars``).  Bare numbers are never amounts
(order numbers, dates, wattages).  Bare "pounds"/"Pfund" are not money (they are weights in
product talk); "pounds sterling", "£" and "GBP" are.

Number formats, whatever the language: ``1,234.56`` and ``1.234,56``, ``1 234,56`` (French,
also with a no-break or narrow no-break space), ``1'234.56`` (Swiss), ``1234,5``.  A group
of exactly three digits after a single separator is a thousands group (``1.500 €`` and
``$1,500`` are one thousand five hundred); one or two digits after the last separator are
decimals.  Japanese ``万`` (ten thousand) and ``千`` (thousand) with Arabic digits are read
(``9万8千円`` = 98,000 yen, ``12万円`` = 120,000 yen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from .normalize import fold

__all__ = ["Amount", "find_amounts", "parse_number", "DOLLAR_CURRENCIES"]

DOLLAR_CURRENCIES: Final = frozenset({"USD", "CAD", "AUD", "MXN", "NZD", "SGD", "HKD"})

_NUM: Final = r"\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_PREFIX: Final[dict[str, str]] = {
    "us$": "USD", "usd": "USD", "u$s": "USD", "$": "$",
    "ca$": "CAD", "c$": "CAD", "cad": "CAD", "au$": "AUD", "a$": "AUD", "aud": "AUD",
    "mx$": "MXN", "mxn": "MXN",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "¥", "jpy": "JPY",
    "chf": "CHF", "sek": "SEK", "pln": "PLN", "cny": "CNY", "rmb": "CNY",
}
_SUFFIX: Final[dict[str, str]] = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "usd": "USD", "$": "$", "dollar": "$", "dollars": "$", "dollari": "$", "dolares": "$",
    "dolar": "$", "bucks": "$",
    "£": "GBP", "gbp": "GBP", "pounds sterling": "GBP", "pound sterling": "GBP", "sterling": "GBP",
    "sterline": "GBP", "libras esterlinas": "GBP", "livres sterling": "GBP",
    "円": "JPY", "jpy": "JPY", "yen": "JPY", "¥": "¥",
    "chf": "CHF", "sek": "SEK", "pln": "PLN", "cny": "CNY",
}


def _alternation(keys: list[str]) -> str:
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))


# A number is found first (the scan for a digit is fast); then a currency is looked for
# just before it, or just after it.
_NUMBER_RE: Final = re.compile(_NUM)
_PREFIX_RE: Final = re.compile(rf"(?<![a-z0-9])(?P<cur>{_alternation(list(_PREFIX))})\s?\Z")
_SUFFIX_RE: Final = re.compile(rf"\s?(?P<cur>{_alternation(list(_SUFFIX))})(?![a-z])")
_MAN_RE: Final = re.compile(r"(?P<man>\d+(?:[.,]\d+)?)万(?:(?P<sen>\d)千|(?P<rest>\d{1,4}))?\s?(?:円|yen)")
_PREFIX_REACH: Final = max(len(k) for k in _PREFIX) + 1
_DECIMALS: Final = re.compile(r"[.,](\d{1,2})$")



def _minimal(hints: set[str]) -> tuple[str, ...]:
    """Drop a hint that contains another one (``us$`` holds ``$``): the shorter one is found anyway."""
    return tuple(sorted(h for h in hints if not any(o != h and o in h for o in hints)))


# Every amount has a currency next to it (a key of _PREFIX or _SUFFIX, or 円/yen after 万):
# a text holding none of these strings (a key's first word) holds no amount.  Checked with
# plain substring tests before the number-by-number scan.
_CURRENCY_HINTS: Final = _minimal({key.split()[0] for key in (*_PREFIX, *_SUFFIX)} | {"円", "yen"})


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    start: int          # offsets in the original text
    end: int
    text: str           # the original text of the amount, e.g. "1 099,00 €"


def parse_number(number: str) -> Decimal | None:
    """``"1.234,56"`` -> ``Decimal("1234.56")`` (see the module docstring for the formats)."""
    s = number.replace(" ", "").replace("'", "").replace("\u00a0", "").replace("\u202f", "")
    if not s or not s[0].isdigit():
        return None
    m = _DECIMALS.search(s)
    if m:
        whole, decimals = s[:m.start()], m.group(1)
    else:
        whole, decimals = s, ""
    whole = whole.replace(".", "").replace(",", "")
    if not whole.isdigit():
        return None
    try:
        return Decimal(f"{whole}.{decimals}" if decimals else whole)
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return None


def _currency(token: str, table: dict[str, str], dollar: str, yen: str) -> str:
    key = re.sub(r"\s+", " ", token)
    code = table[key]
    if code == "$":
        return dollar
    if code == "¥":
        return yen
    return code


def find_amounts(text: str, folded: str | None = None, *, currency: str | None = None) -> list[Amount]:
    """Every money amount in ``text``.  ``currency`` (the order's) decides what a bare ``$``
    means (USD unless the order is in another dollar currency) and whether ``¥`` is CNY."""
    if folded is None:
        folded = fold(text)
    m = _NUMBER_RE.search(folded)
    if m is None:
        return []                                      # no digit at all (the usual case)
    if not any(hint in folded for hint in _CURRENCY_HINTS):
        return []                                      # digits, but no currency: ids, dates, counts
    cur = (currency or "").upper()
    dollar = cur if cur in DOLLAR_CURRENCIES else "USD"
    yen = "CNY" if cur == "CNY" else "JPY"
    out: list[Amount] = []
    pos = 0
    n = len(folded)
    search = _NUMBER_RE.search
    while True:
        if m is None:
            m = search(folded, pos)
            if m is None:
                break
        start, end = m.span()
        number = m.group()
        m = None
        pos = end
        before = folded[start - 1] if start else ""
        if before and (before.isdigit() or before in ".,-"):
            continue                                   # inside a longer number or an ID
        if end < n and folded[end] == "万":
            man = _MAN_RE.match(folded, start)
            if man is not None:
                base = parse_number(man.group("man").replace(",", "."))
                if base is not None:
                    value = base * 10000
                    if man.group("sen"):
                        value += int(man.group("sen")) * 1000
                    elif man.group("rest"):
                        value += int(man.group("rest"))
                    out.append(Amount(value, "JPY", start, man.end(), text[start:man.end()]))
                    pos = man.end()
            continue
        # the currency is looked for first: most numbers have none (ids, dates, quantities)
        pre = _PREFIX_RE.search(folded, max(0, start - _PREFIX_REACH), start)
        if pre is not None:
            parsed = parse_number(number)
            if parsed is None:
                continue
            code = _currency(pre.group("cur"), _PREFIX, dollar, yen)
            out.append(Amount(parsed, code, pre.start(), end, text[pre.start():end]))
            continue
        if before.isalpha() and before.isascii():
            continue                                   # "a4", "x2": not money
        suf = _SUFFIX_RE.match(folded, end)
        if suf is not None:
            parsed = parse_number(number)
            if parsed is None:
                continue
            code = _currency(suf.group("cur"), _SUFFIX, dollar, yen)
            out.append(Amount(parsed, code, start, suf.end(), text[start:suf.end()]))
            pos = suf.end()
    return out
