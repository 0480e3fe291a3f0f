"""The report's PDF (ui/report_pdf.py): A4 pages with the header and "page N of M" on each,
tables that break between pages under their repeated header row, and Chinese, Japanese and
European text that comes back out of the PDF (pdftotext) and is drawn (pdftoppm)."""

from __future__ import annotations

import html as html_lib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("Database 0b6c2f1e-7d3a-4c55-9a1e-2f4b8c9d0e11 · tree size 1234 · "
          "root hash 5mRx2cY0n9Hq3b8JwLZl4aQ2q8pQvZ0mF9c6oT1xk3U=")
FOOTER = "War Room appeal evidence, 2026-10-01 to 2026-10-31"
#: what must come back out of the PDF (小 and 金 share their glyph with a Kangxi radical)
CHINESE = "我的订单什么时候到？请尽快回复。"
JAPANESE = "商品が届きません。返金をお願いします。"
GERMAN = "Wo bleibt meine Bestellung? Die Lieferung ist überfällig."
NAMES = ["Anna Müller", "王小明", "佐藤 花子", "José Álvarez", "Søren Kierkegård", "Zoë Brontë"]
MESSAGES = [GERMAN, CHINESE, JAPANESE, "¿Dónde está mi pedido? Gracias.",
            "The item arrived damaged; I would like a replacement."]


def sample_report_html(rows: int = 120) -> str:
    """A report shaped like the export's: headings, a short table, a long table with a header row."""
    esc = html_lib.escape
    out = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Appeal evidence</title><style>",
           "body { font-family: sans-serif; font-size: 9.5pt; }",
           "h1 { font-size: 16pt; margin-bottom: 4px; } h2 { font-size: 12.5pt; margin-top: 14px; }",
           "table { border-collapse: collapse; width: 100%; margin-bottom: 6px; }",
           "th, td { border: 1px solid #888; padding: 3px 4px; vertical-align: top; }",
           "th { background: #e8e8e8; text-align: left; }",
           ".missed { color: #b71c1c; font-weight: bold; } .mono { font-family: monospace; }",
           "</style></head><body>",
           "<h1>Appeal evidence: customer service during the suspension</h1>",
           "<p>Database <span class='mono'>0b6c2f1e-7d3a-4c55-9a1e-2f4b8c9d0e11</span>, 1,234 entries, "
           "messages from 2026-10-01 to 2026-10-31. Every row names the audit entries it rests on.</p>",
           f"<p>Quoted buyer messages: «{esc(CHINESE)}» «{esc(JAPANESE)}» «{esc(GERMAN)}»</p>",
           "<h2>1. Suspension timeline</h2><table><thead><tr><th>What</th><th>When (UTC)</th><th>By</th>"
           "<th>Entry</th></tr></thead><tbody>",
           "<tr><td>Amazon's notice received</td><td>2026-10-03 07:12</td><td>—</td><td>#412</td></tr>",
           "<tr><td>Suspension declared</td><td>2026-10-03 09:40</td><td>admin</td><td>#415</td></tr>",
           "</tbody></table>",
           "<h2>2. Buyer messages and their 24-hour deadlines</h2>",
           "<table><thead><tr><th width='5%'>#</th><th width='14%'>Buyer</th><th width='13%'>Received</th>"
           "<th width='13%'>Deadline</th><th width='28%'>Message</th><th width='16%'>Outcome</th>"
           "<th width='11%'>Entries</th></tr></thead><tbody>"]
    for i in range(rows):
        day = i % 28 + 1
        outcome = ("<span class='missed'>MISSED</span> (suspension in force)" if i % 17 == 5
                   else f"answered 2026-10-{day:02d} 14:{i % 60:02d} by draft #{900 + i}")
        out.append(f"<tr><td>{i + 1}</td><td>{esc(NAMES[i % len(NAMES)])}</td>"
                   f"<td>2026-10-{day:02d} 09:{i % 60:02d}</td><td>2026-10-{day + 1:02d} 09:{i % 60:02d}</td>"
                   f"<td>{esc(MESSAGES[i % len(MESSAGES)])}</td><td>{outcome}</td>"
                   f"<td>#{1000 + 3 * i}, #{1001 + 3 * i}</td></tr>")
    out.append("</tbody></table>")
    out.append("<h2>3. Outgoing messages</h2><table><thead><tr><th>Draft</th><th>Author</th><th>Approver</th>"
               "<th>Template</th><th>Text SHA-256</th><th>Entry</th></tr></thead><tbody>")
    for i in range(12):
        out.append(f"<tr><td>#{900 + i}</td><td>alice</td><td>carol</td><td>refund-offer v{i % 3 + 1}</td>"
                   "<td class='mono'>9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08</td>"
                   f"<td>#{2000 + i}</td></tr>")
    out.append("</tbody></table></body></html>")
    return "\n".join(out)


def _convert(html_path: Path, pdf: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "ui.report_pdf", str(html_path), str(pdf), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _pages(pdf: Path, top: int = 0, height: int = 0) -> list[str]:
    """The text of each page, or of the band ``top``..``top + height`` points of each page."""
    band = ["-x", "0", "-y", str(top), "-W", "595", "-H", str(height)] if height else []
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *band, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]        # pdftotext ends every page with a form feed


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def long_report(tmp_path_factory):
    where = tmp_path_factory.mktemp("report")
    source = where / "report.html"
    source.write_text(sample_report_html(), encoding="utf-8")
    pdf = where / "report.pdf"
    done = _convert(source, pdf, "--header", HEADER, "--footer", FOOTER)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""                     # no warning: every character had a glyph
    return pdf, done


def test_a_long_report_has_many_a4_pages_each_with_the_header_and_page_n_of_m(long_report):
    pdf, done = long_report
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)", info)
    assert "Title:           Appeal evidence" in info
    count = len(_pages(pdf))
    assert count > 3 and f"{count} page(s)" in done.stdout
    headers = _pages(pdf, 0, 50)                # the top of the paper (A4 is 595 x 842 points)
    footers = _pages(pdf, 790, 52)              # its bottom
    assert len(headers) == len(footers) == count
    for number, (header, footer) in enumerate(zip(headers, footers), 1):
        assert _flat(header) == _flat(HEADER), f"page {number}: {header!r}"
        assert _flat(footer) == f"{FOOTER} page {number} of {count}", f"page {number}: {footer!r}"


def test_the_long_table_repeats_its_header_row_on_every_page_it_spans(long_report):
    pdf, _ = long_report
    pages = _pages(pdf)
    table_pages = [p for p in pages if "#10" in p and re.search(r"answered|MISSED", p)]
    assert len(table_pages) >= 3
    for text in table_pages:
        assert all(word in text for word in ("Buyer", "Received", "Deadline", "Message", "Outcome", "Entries"))


def test_chinese_japanese_and_german_text_comes_back_out_of_the_pdf(long_report):
    pdf, _ = long_report
    text = "".join("".join(_pages(pdf)).split())       # lines wrap anywhere in CJK text
    for expected in (CHINESE, JAPANESE, GERMAN, "王小明", "佐藤 花子", "Søren", "Kierkegård", "Zoë Brontë",
                     "José Álvarez", "überfällig"):
        assert "".join(expected.split()) in text, expected
    # U+2F29 and U+2FA6 are the Kangxi radicals that share their glyph with 小 and 金
    assert "\u2f29" not in text and "\u2fa6" not in text


def test_no_text_is_in_the_pdf_twice_where_rows_break_over_pages(long_report):
    """Qt draws one line above its clip: without the cuts at page breaks, the last line of a
    paragraph that runs over a break would also be in the next page's text (clipped, invisible)."""
    pdf, _ = long_report
    numbers = Counter(re.findall(r"#\d+", "\n".join(_pages(pdf))))
    body = sample_report_html().split("<body>")[1]
    assert numbers == Counter(re.findall(r"#\d+", body))      # each draft and entry number, once
    assert numbers["#900"] == 2                 # row 1's draft, and the first outgoing message


def test_page_one_is_drawn_with_header_footer_and_body(long_report, tmp_path, qapp):
    from PySide6.QtGui import QImage

    pdf, _ = long_report
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page1")], check=True)
    image = QImage(str(tmp_path / "page1.png"))
    assert abs(image.width() - 413) <= 1 and abs(image.height() - 585) <= 1     # A4 at 50 dpi

    def inked(top: float, bottom: float) -> int:
        return sum(1 for y in range(int(top * image.height()), int(bottom * image.height()))
                   for x in range(0, image.width(), 2) if image.pixelColor(x, y).lightness() < 128)

    assert inked(0.0, 0.015) == 0                # the paper's margin stays blank
    assert inked(0.015, 0.06) > 20               # the header
    assert inked(0.1, 0.9) > 2000                # the body
    assert inked(0.94, 0.985) > 10               # the footer


def test_render_pdf_in_process_reports_pages_and_missing_glyphs(tmp_path, qapp):
    from ui.report_pdf import render_pdf

    out = tmp_path / "short.pdf"
    result = render_pdf(f"<h1>Short</h1><p>{CHINESE} Tangut \U00017000</p>", out, "db · 1 · hash", "")
    assert result.pages == 1 and result.path == out
    assert result.missing_glyphs == ("\U00017000",)
    warning = result.warning()
    assert warning is not None and "U+17000" in warning and "fonts-noto-cjk" not in warning
    assert "page 1 of 1" in _pages(out)[0]
    assert not list(tmp_path.glob(".*.part"))


def test_a_character_without_a_font_is_a_warning_not_a_failure(tmp_path):
    source = tmp_path / "in.html"
    source.write_text("<p>Tangut \U00017000 and 中文</p>", encoding="utf-8")
    done = _convert(source, tmp_path / "out.pdf")
    assert done.returncode == 0
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("report_pdf: warning: no installed font")
    assert "U+17000" in done.stderr and "Traceback" not in done.stderr


def test_failures_are_one_line_on_stderr_and_leave_no_pdf(tmp_path):
    source = tmp_path / "in.html"
    source.write_text("<p>x</p>", encoding="utf-8")
    done = _convert(tmp_path / "missing.html", tmp_path / "out.pdf")
    assert (done.returncode, done.stderr) == (3, f"report_pdf: cannot read {tmp_path / 'missing.html'}: "
                                                 "No such file or directory\n")
    done = _convert(source, tmp_path / "no-such-folder" / "out.pdf")
    assert done.returncode == 3 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"report_pdf: cannot write {tmp_path / 'no-such-folder' / 'out.pdf'}: ")
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"<p>\xff\xfe</p>")
    done = _convert(bad, tmp_path / "out.pdf")
    assert (done.returncode, done.stderr) == (3, f"report_pdf: cannot read {bad}: not UTF-8 (byte 3)\n")
    assert not (tmp_path / "out.pdf").exists() and not list(tmp_path.glob(".*.part"))
    done = _convert(source, tmp_path / "out.pdf", "--header", "word " * 4000)
    assert (done.returncode, done.stderr) == (3, "report_pdf: the header is too long: it would take half of "
                                                 "the page\n")
    assert not (tmp_path / "out.pdf").exists() and not list(tmp_path.glob(".*.part"))
    done = subprocess.run([sys.executable, "-m", "ui.report_pdf", str(source)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "usage:" in done.stderr


def test_qt_finds_fonts_for_chinese_and_japanese(qapp):
    """The machine (and CI: .ci/run installs fonts-noto-cjk) has fonts Qt can use for CJK text."""
    from PySide6.QtGui import QFontDatabase

    ws = QFontDatabase.WritingSystem
    assert QFontDatabase.families(ws.SimplifiedChinese)
    assert QFontDatabase.families(ws.Japanese)
    assert QFontDatabase.families(ws.Latin)


def test_radical_mappings_are_rewritten_in_place():
    """Only ToUnicode maps, only radicals with a unified twin, and never a change of length."""
    from ui.report_pdf import fix_radical_mappings

    stream = (b"/CIDInit /ProcSet findresource begin\n2 beginbfrange\n<0000> <0000> <0000>\n"
              b"<0001> <0003> [<738B> <2F29> <2FA6>]\n<0004> <0004> <2F29>\n<0005> <0006> <2F00>\nendbfrange\n")
    pdf = (b"%%PDF-1.4\n7 0 obj\n<< /Type /Font /ToUnicode 8 0 R >>\nendobj\n8 0 obj\n<< /Length %d >>\nstream\n"
           % len(stream) + stream + b"endstream\nendobj\n9 0 obj\n<< /Length 7 >>\nstream\n<2F29>\nendstream\n")
    fixed = fix_radical_mappings(pdf)
    assert len(fixed) == len(pdf)
    assert b"[<738B> <5C0F> <91D1>]" in fixed          # 小 金
    assert b"<0004> <0004> <5C0F>" in fixed
    assert b"<0005> <0006> <2F00>" in fixed             # a range over two code points: left alone
    assert fixed.endswith(b"stream\n<2F29>\nendstream\n")   # not a ToUnicode map: left alone


def test_everything_after_a_table_that_spans_pages_is_painted(tmp_path, qapp):
    """Regression: cutting a cell paragraph at a page break relaid out only the table, so the
    headings and paragraphs after it kept an empty layout and were missing from the PDF."""
    from ui.report_pdf import render_pdf

    rows = "".join(f"<tr><td>row {i}<br>second line<br>third</td><td>text</td></tr>" for i in range(60))
    html = ("<html><head><style>h2{page-break-before:always} h2.first{page-break-before:auto}</style></head>"
            f"<body><h2 class='first'>One</h2><table width='100%' border='1'><thead><tr><th>a</th><th>b</th>"
            f"</tr></thead>{rows}</table><h3>Sub section</h3><p>nothing here</p>"
            "<h2>Two</h2><p>after the second heading</p></body></html>")
    out = tmp_path / "table.pdf"
    result = render_pdf(html, out, "db · 1 · hash", "")
    pages = [_flat(p) for p in _pages(out)]
    assert len(pages) == result.pages >= 3
    text = " ".join(pages)
    assert "Sub section" in text and "nothing here" in text
    assert "Two after the second heading" in pages[-1]        # its own page, the last one
    assert "row 59" in text and text.count("row 59 ") == 1
