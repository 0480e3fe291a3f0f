"""Full-text search terms, the same for indexing and querying (pure).

SQLite's default FTS5 tokenizer keeps a run of Chinese or Japanese characters as one token,
and the trigram tokenizer cannot find two-character words (返品, 返金, 故障).  So every run of
CJK characters is indexed as its overlapping character bigrams (返品したい → 返品 品し した たい),
and a query is turned into the same bigrams, matched as a phrase (adjacent tokens).  Other
text is left to the unicode61 tokenizer (case and diacritics folded).
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\uac00-\ud7af\u1100-\u11ff]+")
_WORD = re.compile(r"\w+", re.UNICODE)


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def _spread(match: re.Match[str]) -> str:
    return " " + " ".join(_bigrams(match.group(0))) + " "


def index_terms(*parts: str | None) -> str:
    """The text handed to the full-text index for a message (subject, body, ...)."""
    text = "\n".join(p for p in parts if p)
    if not _CJK.search(text):
        return text
    return _CJK.sub(_spread, text)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def query_phrases(user_text: str) -> list[tuple[str, bool]]:
    """What a user typed as phrases that must all occur, each with whether its last term
    matches as a prefix: Latin words as prefixes; CJK runs as bigram phrases (a lone CJK
    character as a prefix of the bigrams it begins)."""
    phrases: list[tuple[str, bool]] = []
    for chunk in _WORD.findall(user_text):
        pos = 0
        for m in _CJK.finditer(chunk):
            if m.start() > pos:
                phrases.append((chunk[pos:m.start()], True))
            grams = _bigrams(m.group(0))
            phrases.append((" ".join(grams), len(grams) == 1 and len(grams[0]) == 1))
            pos = m.end()
        if pos < len(chunk):
            phrases.append((chunk[pos:], True))
    return phrases


def match_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what a user typed: every word must occur (AND);
    Latin words match as prefixes; CJK runs as bigram phrases.  No FTS syntax gets through.
    None when there is nothing to search for."""
    clauses = [_quote(phrase) + ("*" if prefix else "") for phrase, prefix in query_phrases(user_text)]
    return " AND ".join(clauses) if clauses else None


# ---------------------------------------------------------------- PostgreSQL: tsvector / tsquery
#
# The same terms, tokenized here the way SQLite's unicode61 tokenizer does (letters and digits
# make tokens; lower case; Latin diacritics removed), and handed to PostgreSQL as tsvector and
# tsquery literals: no text-search configuration, dictionary or locale of the server is
# involved, so both backends find the same messages.  Positions keep bigrams adjacent, so a
# CJK word is matched as a phrase (<->), like FTS5's phrase.

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_POSITION = 16383           # PostgreSQL's largest tsvector position (larger ones are clamped)


def _fold_char(c: str) -> str:
    if c.isascii():
        return c
    if ord(c) < 0x2B0 or 0x1E00 <= ord(c) <= 0x1EFF:        # Latin letters: drop their diacritics
        return "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
    return c


def tokens(text: str) -> list[str]:
    """The tokens of an (already bigram-spread) text: lower case, Latin diacritics removed."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0).lower()
        if not word.isascii():
            word = "".join(_fold_char(c) for c in word)
        if word:
            out.append(word)
    return out


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(*parts: str | None) -> str:
    """A tsvector literal of a message's terms (:func:`index_terms`), with positions."""
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens(index_terms(*parts)), start=1):
        positions.setdefault(token[:2000], []).append(min(i, _MAX_POSITION))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, sorted(set(p))[:256]))}" for t, p in positions.items())


def tsquery_literal(user_text: str) -> str | None:
    """A tsquery literal for what a user typed (the same phrases as :func:`match_query`);
    None when there is nothing to search for."""
    clauses = []
    for phrase, prefix in query_phrases(user_text):
        words = tokens(phrase)
        if not words:
            continue
        terms = [_lexeme(w[:2000]) for w in words]
        if prefix:
            terms[-1] += ":*"
        clauses.append("(" + " <-> ".join(terms) + ")")
    return " & ".join(clauses) if clauses else None
