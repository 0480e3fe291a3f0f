"""Text of a message body: HTML to plain text, and the buyer's own words in an Amazon relay body.

No dependency (``html.parser`` does the HTML); used by the e-mail parser and for CSV bodies.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "extract_buyer_text"]


# ---------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset({
    "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "address",
    "dl", "dt", "dd", "form", "center",
})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})


class _TextExtractor(HTMLParser):
    """HTML -> plain text: tags dropped, <br> and block ends -> newline, entities unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            self.parts.append(data)
        else:
            # Source newlines and runs of spaces are not significant in HTML.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


_SPACES_BEFORE_NL_RE = re.compile(r"[ \t]+\n")
_NL_THEN_SPACES_RE = re.compile(r"\n[ \t]+")
_MANY_NL_RE = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body (no browser: tags stripped, entities unescaped)."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; be safe anyway
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts).replace("\xa0", " ")
    text = _SPACES_BEFORE_NL_RE.sub("\n", text)
    text = _NL_THEN_SPACES_RE.sub("\n", text)
    text = _MANY_NL_RE.sub("\n\n", text)
    return text.strip()


# ---------------------------------------------------------- Amazon relay body layout

_BEGIN_RE = re.compile(r"^[ \t]*-{2,}[ \t]*Begin message\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_END_RE = re.compile(r"^[ \t]*-{2,}[ \t]*End message\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_FOOTER_RE = re.compile(
    r"^[ \t]*(?:For Your Information: To help arbitrate disputes"
    r"|We want you to buy with confidence anytime"
    r"|If you believe this message is suspicious, please report it"
    r"|To mark this message as no response needed"
    r"|\[commMgrTok:[A-Za-z0-9]*\])",
    re.IGNORECASE | re.MULTILINE,
)


def extract_buyer_text(body: str) -> str:
    """The buyer's own text of an Amazon relay body.

    The text between the "Begin message" and "End message" marker lines (any number of
    dashes; the amazon.ca bilingual markers too) when present, else the whole body; the
    Amazon boilerplate footer ("For Your Information: ...", report/no-response links,
    ``[commMgrTok:…]``) is dropped.  Bodies without any of these are returned unchanged
    (apart from leading/trailing blank lines).
    """
    begin = _BEGIN_RE.search(body)
    if begin is not None:
        end = _END_RE.search(body, begin.end())
        text = body[begin.end():end.start()] if end is not None else body[begin.end():]
        if end is None:
            text = _cut_footer(text)
    else:
        text = _cut_footer(body)
    return text.strip("\n").rstrip() if text.strip() else ""


def _cut_footer(text: str) -> str:
    footer = _FOOTER_RE.search(text)
    return text[:footer.start()] if footer is not None else text
