"""The report's PDF: HTML to an A4 PDF with Qt, a header line and "page N of M" on every page.

Run as ``python -m ui.report_pdf IN.html OUT.pdf [--header TEXT] [--footer TEXT]`` (exit 0 on
success, 2 on a usage error, 3 on a failure with one line on stderr; a character no installed
font can draw is a one-line warning), or call :func:`render_pdf` in a process that may already
run a Qt application (the console).

Why Qt: the project already depends on PySide6, so this adds no dependency; fonts come from the
system (fontconfig), Chinese and Japanese included when a CJK font such as Debian's
``fonts-noto-cjk`` is installed.  It stays outside the core: ``warroom/`` never imports Qt, the
export runs this module in a subprocess.

How: ``QTextDocument`` lays the HTML out in pages of the body's size (a table row that does not
fit continues on the next page, under the table's ``<thead>`` rows, which repeat on every page the
table spans); each page is then painted by hand on a ``QPdfWriter``: the document's slice for that
page (``drawContents`` with a clip), and the header and footer with ``QPainter``
(``QTextDocument.print`` cannot add a header or page numbers).  The layout works in CSS pixels
(1/96 inch, like a browser), so ``px`` and ``pt`` in the report's stylesheet mean what they mean
in a browser; the painter scales them to the PDF.  Two Qt quirks are corrected so that the PDF's
text (copy, search, ``pdftotext``) is exactly what is printed: paragraphs are cut at page breaks
(:func:`_split_blocks_at_page_breaks`) and radicals in the fonts' text maps are made ideographs
again (:func:`fix_radical_mappings`).

Not translated, on purpose: the report (its header, footer, messages) stays in English whatever the
console's language, because it is evidence sent to Amazon; its strings are not wrapped in ``tr()``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from warroom.errors import WarroomError

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QTextDocument

CSS_DPI = 96
MM_PER_INCH = 25.4
#: the paper's margins (millimetres): the header and footer are drawn inside them
MARGIN_LEFT_MM = MARGIN_RIGHT_MM = 16.0
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 12.0
#: between the header's rule and the body, and between the body and the footer's rule
BAND_GAP_MM = 4.0
HEADER_POINT_SIZE = 7.0
BODY_POINT_SIZE = 9.5
#: tried in this order for each character; fontconfig's own fallback comes after them
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial",
                 "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR"]
SHOWN_MISSING = 8          # characters named in the warning about missing glyphs


class ReportPdfError(WarroomError):
    """The PDF could not be made (unreadable input, unwritable output, Qt unusable)."""


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    path: Path
    pages: int
    #: characters no installed font has a glyph for (drawn as boxes), in order of appearance
    missing_glyphs: tuple[str, ...]

    def warning(self) -> str | None:
        if not self.missing_glyphs:
            return None
        shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in self.missing_glyphs[:SHOWN_MISSING])
        more = len(self.missing_glyphs) - SHOWN_MISSING
        cjk = any(_is_cjk(c) for c in self.missing_glyphs)
        return (f"no installed font has a glyph for {shown}" + (f" and {more} more" if more > 0 else "")
                + " (drawn as boxes" + ("; install a CJK font, on Debian: apt-get install fonts-noto-cjk)"
                                        if cjk else ")"))


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF)


def page_label(number: int, count: int) -> str:
    return f"page {number} of {count}"


def _ensure_gui_application() -> None:
    """QTextDocument needs a QGuiApplication (fonts); make one, offscreen when there is no display."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if not os.environ.get("QT_QPA_PLATFORM") and no_display and sys.platform.startswith(("linux", "freebsd")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    global _APP
    _APP = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "report_pdf"])


_APP = None     # the application this module made, kept alive for the process


def _font(point_size: float) -> QFont:
    from PySide6.QtGui import QFont

    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def _utf16_len(text: str) -> int:
    """Qt's text positions count UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _missing_glyphs(doc: QTextDocument) -> tuple[str, ...]:
    """The characters drawn with glyph 0 (.notdef: a box) after Qt's font fallback."""
    from PySide6.QtGui import QTextLayout

    suspects: dict[str, None] = {}
    block = doc.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        if layout is not None and any(0 in run.glyphIndexes() for run in layout.glyphRuns(0, _utf16_len(text))):
            for ch in text:
                if ord(ch) > 0x7E and unicodedata.category(ch)[0] not in "CZ":
                    suspects.setdefault(ch, None)
        block = block.next()
    missing = []
    font = doc.defaultFont()
    for ch in suspects:             # one character at a time: which of the block's characters it was
        probe = QTextLayout(ch, font)
        probe.beginLayout()
        probe.createLine()
        probe.endLayout()
        if any(0 in run.glyphIndexes() for run in probe.glyphRuns(0, _utf16_len(ch))):
            missing.append(ch)
    return tuple(missing)


_TO_UNICODE_REF = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _radical_fix(match: re.Match[bytes]) -> bytes:
    code = int(match.group(1), 16)
    if 0x2E80 <= code <= 0x2FDF:
        unified = unicodedata.normalize("NFKC", chr(code))
        if len(unified) == 1 and ord(unified) <= 0xFFFF and unified != chr(code):
            return b"<%04X>" % ord(unified)
    return match.group(0)


def fix_radical_mappings(pdf: bytes) -> bytes:
    """Make copied and extracted CJK text right: ``小`` not ``⼩``.

    Qt's PDF engine writes each embedded font's ToUnicode map by asking the font, for every BMP code
    point in ascending order, which glyph it uses, and keeps the first code point per glyph.  CJK
    fonts such as Noto Sans CJK draw the Kangxi radicals (U+2F00..U+2FDF) and some CJK radicals
    (U+2E80..U+2EFF) with the very glyph of the unified ideograph, and those code points come first,
    so ``小 金 日 月 人 大 …`` would be extracted as radicals.  This maps such entries to the
    radical's compatibility equivalent (NFKC), which is the unified ideograph.  Qt writes the maps
    uncompressed with four hex digits per code point, so each change keeps the file's length and
    every byte offset (the cross-reference table stays valid); a map in any other shape is left
    alone.  Entries of ranges that run over several code points are left alone too."""
    spans: list[tuple[int, int]] = []
    for number in {int(m.group(1)) for m in _TO_UNICODE_REF.finditer(pdf)}:
        head = re.search(rb"(?:^|[\r\n])%d 0 obj\s*<<([^>]*)>>\s*stream\r?\n" % number, pdf)
        if head is None or b"/Filter" in head.group(1):
            continue
        end = pdf.find(b"endstream", head.end())
        if end > 0:
            spans.append((head.end(), end))
    if not spans:
        return pdf
    out = bytearray(pdf)
    for start, end in spans:
        fixed = []
        for line in pdf[start:end].split(b"\n"):
            if b"[" in line:                            # <first> <last> [<u1> <u2> ...]: one code per glyph
                head_, _, rest = line.partition(b"[")
                line = head_ + b"[" + _HEX4.sub(_radical_fix, rest)
            else:
                codes = _HEX4.findall(line)
                last = _HEX4.search(line, line.rfind(b"<"))
                if len(codes) == 3 and codes[0] == codes[1] and last is not None:     # <g> <g> <u>: one glyph
                    line = line[:last.start()] + _radical_fix(last) + line[last.end():]
            fixed.append(line)
        replacement = b"\n".join(fixed)
        if len(replacement) == end - start:             # always (four hex digits for four): offsets hold
            out[start:end] = replacement
    return bytes(out)


def _split_blocks_at_page_breaks(doc: QTextDocument, page_h: float) -> int:
    """Cut every paragraph (or table cell paragraph) that runs over a page break into two.

    ``QTextLayout.draw`` also draws the last line *above* its clip rectangle (it starts one line
    early), so a paragraph that runs over a page break would leave its last line of the earlier
    page, clipped and invisible but still in the PDF's text, at the top of the next page: copied
    text and searches would find it twice.  A paragraph that ends before the page is not drawn at
    all, so cutting at the break removes that.  The cut keeps the layout: the same lines, no
    margin between the two halves.  Returns the number of cuts."""
    from PySide6.QtGui import QTextCursor

    layout_of = doc.documentLayout()
    cuts: list[int] = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        if layout is not None and layout.lineCount() > 1:
            top = layout_of.blockBoundingRect(block).y()
            previous = None
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                page = int((top + line.y()) // page_h)
                if previous is not None and page != previous:
                    cuts.append(block.position() + line.textStart())
                previous = page
        block = block.next()
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()                 # one relayout for all the cuts
    for position in reversed(cuts):
        cursor.setPosition(position)
        if doc.characterAt(position - 1) == "\u2028":      # a <br>: the cut replaces it
            cursor.deletePreviousChar()
        first = cursor.blockFormat()
        cursor.insertBlock()
        rest = cursor.blockFormat()
        rest.setTopMargin(0)
        rest.setTextIndent(0)
        cursor.setBlockFormat(rest)
        cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
        first.setBottomMargin(0)
        cursor.setBlockFormat(first)
    cursor.endEditBlock()
    if cuts:
        # Qt relays out an edit inside a table only as far as the table: the blocks after it
        # would keep an empty layout and never be painted (a heading after a long table was
        # missing from the PDF).  Mark the whole document dirty: one full layout again.
        doc.markContentsDirty(0, doc.characterCount())
    return len(cuts)


def render_pdf(html: str, out: Path, header: str, footer: str = "") -> RenderedPdf:
    """Write ``html`` as an A4 portrait PDF to ``out`` (replaced only when the PDF is complete):
    ``header`` at the top of every page, ``footer`` and "page N of M" at the bottom."""
    _ensure_gui_application()
    out = Path(out)
    tmp = out.with_name(f".{out.name}.part")
    try:
        tmp.unlink(missing_ok=True)
        tmp.open("wb").close()                  # a clear error now rather than a failed QPainter later
    except OSError as exc:
        raise ReportPdfError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        pages, missing = _paint(html, tmp, out, header, footer)
        written = tmp.read_bytes()
        if not written:
            raise ReportPdfError(f"cannot write {out}: Qt could not finish the PDF")
        fixed = fix_radical_mappings(written)
        if fixed != written:
            tmp.write_bytes(fixed)
        os.replace(tmp, out)
    except OSError as exc:
        raise ReportPdfError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return RenderedPdf(out, pages, missing)


def _paint(html: str, tmp: Path, out: Path, header: str, footer: str) -> tuple[int, tuple[str, ...]]:
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QColor, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument,
    )

    writer = QPdfWriter(str(tmp))
    writer.setCreator("War Room")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_RIGHT_MM, MARGIN_BOTTOM_MM),
                                     QPageLayout.Unit.Millimeter))
    dpi = writer.resolution()
    scale = dpi / CSS_DPI                           # CSS px -> writer pixels

    def mm(value: float) -> float:                  # millimetres -> CSS px
        return value / MM_PER_INCH * CSS_DPI

    paint = writer.pageLayout().paintRectPixels(dpi)            # inside the paper's margins
    page_w, page_h = paint.width(), paint.height()              # writer pixels
    width, height = page_w / scale, page_h / scale              # CSS px

    # the header and footer are measured and drawn in the writer's own pixels (a point is a point)
    band_font = _font(HEADER_POINT_SIZE)
    band_metrics = QFontMetricsF(band_font, writer)
    wrap = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
    header_h = max(band_metrics.boundingRect(QRectF(0, 0, page_w, 1e7), wrap, header or " ").height(),
                   band_metrics.height())
    footer_h = band_metrics.height()
    gap = mm(BAND_GAP_MM) * scale
    body_top = (header_h + gap) / scale                         # CSS px
    body_h = height - body_top - (footer_h + gap) / scale
    if body_h < height / 2:
        raise ReportPdfError("the header is too long: it would take half of the page")

    # the body is laid out on a device of exactly 96 dpi: the same layout on any screen
    device = QImage(1, 1, QImage.Format.Format_ARGB32)
    device.setDotsPerMeterX(round(CSS_DPI / 0.0254))
    device.setDotsPerMeterY(round(CSS_DPI / 0.0254))
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(_font(BODY_POINT_SIZE))
    doc.setUseDesignMetrics(True)           # unhinted advances: the same spacing on paper as in the layout
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(width, body_h))  # before the HTML: laid out once, in pages
    doc.setHtml(html)
    for _ in range(4):                      # a cut can move later breaks: until none is left
        if not _split_blocks_at_page_breaks(doc, body_h):
            break
    pages = doc.pageCount()
    missing = _missing_glyphs(doc)
    title = doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle).strip()
    writer.setTitle(title or (header.splitlines()[0] if header.strip() else "War Room report"))

    painter = QPainter()
    if not painter.begin(writer):
        raise ReportPdfError(f"cannot write {out}: Qt could not open the PDF for writing")
    try:
        rule = QPen(QColor("#555555"))
        rule.setWidthF(0.75 * scale)
        footer_top = page_h - footer_h
        for index in range(pages):
            if index:
                writer.newPage()
            # the body: this page's slice of the document (CSS px, scaled)
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, body_top - index * body_h)
            doc.drawContents(painter, QRectF(0, index * body_h, width, body_h))
            painter.restore()
            # the header and the footer (writer pixels)
            painter.setFont(band_font)
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(0, 0, page_w, header_h), wrap, header)
            label = page_label(index + 1, pages)
            label_w = band_metrics.horizontalAdvance(label) + gap
            painter.drawText(QRectF(page_w - label_w, footer_top, label_w, footer_h),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
            if footer:
                painter.drawText(QRectF(0, footer_top, page_w - label_w, footer_h),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 band_metrics.elidedText(" ".join(footer.split()), Qt.TextElideMode.ElideRight,
                                                         page_w - label_w))
            painter.setPen(rule)
            painter.drawLine(QPointF(0, header_h + gap / 2), QPointF(page_w, header_h + gap / 2))
            painter.drawLine(QPointF(0, footer_top - gap / 2), QPointF(page_w, footer_top - gap / 2))
    finally:
        ended = painter.end()
    del painter, writer                     # the file is closed before it is read back or renamed
    if not ended:
        raise ReportPdfError(f"cannot write {out}: Qt could not finish the PDF")
    return pages, missing


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ui.report_pdf",
                                description="Convert the appeal report's HTML to an A4 PDF with a header and "
                                            "page numbers on every page.")
    p.add_argument("input", metavar="IN.html", help="the report (UTF-8 HTML)")
    p.add_argument("output", metavar="OUT.pdf", help="the PDF to write (replaced)")
    p.add_argument("--header", default="", metavar="TEXT",
                   help="the line at the top of every page (database id, tree size, root hash)")
    p.add_argument("--footer", default="", metavar="TEXT", help="text at the bottom left of every page")
    return p


def _quiet_qt() -> None:
    """Qt's own warnings would add lines to stderr: the failure is reported in one line."""
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(lambda *_args: None)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)           # exit 2 on a usage error (argparse)
    try:
        _quiet_qt()
        source = Path(args.input)
        try:
            html = source.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ReportPdfError(f"cannot read {source}: not UTF-8 (byte {exc.start})") from None
        except OSError as exc:
            raise ReportPdfError(f"cannot read {source}: {exc.strerror or exc}") from None
        result = render_pdf(html, Path(args.output), args.header, args.footer)
    except WarroomError as exc:
        print(f"report_pdf: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        print(f"report_pdf: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    warning = result.warning()
    if warning:
        print(f"report_pdf: warning: {warning}", file=sys.stderr)
    print(f"{result.path}: {result.pages} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
