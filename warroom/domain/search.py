"""Full-text search terms, the same for indexing and querying (pure).

SQLite's default FTS5 tokenizer keeps a run of Chinese or Japanese characters as one token,
and the trigram tokenizer cannot find two-character words (返品, 返金, 故障).  So every run of
CJK characters is indexed as its overlapping character bigrams (返品したい → 返品 品し した たい),
and a query is turned into the same bigrams, matched as a phrase (adjacent tokens).  Other
text is left to the unicode61 tokenizer (case and diacritics folded).
"""

from __future__ import annotations

import re

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


def match_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what a user typed: every word must occur (AND);
    Latin words match as prefixes; CJK runs as bigram phrases.  No FTS syntax gets through.
    None when there is nothing to search for."""
    clauses: list[str] = []
    for chunk in _WORD.findall(user_text):
        pos = 0
        for m in _CJK.finditer(chunk):
            if m.start() > pos:
                clauses.append(_quote(chunk[pos:m.start()]) + "*")
            grams = _bigrams(m.group(0))
            clauses.append(_quote(" ".join(grams)) + ("*" if len(grams) == 1 and len(grams[0]) == 1 else ""))
            pos = m.end()
        if pos < len(chunk):
            clauses.append(_quote(chunk[pos:]) + "*")
    return " AND ".join(clauses) if clauses else None
