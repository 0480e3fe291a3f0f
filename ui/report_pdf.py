"""PLACEHOLDER (written by the export helper for its tests; the "pdf" helper owns this file and
its real version replaces this one): ``python -m ui.report_pdf IN.html OUT.pdf [--header TEXT]
[--footer TEXT]`` writes the HTML as a PDF with Qt.  Exit 0, or 3 with one line on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.report_pdf")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--header", default="")
    p.add_argument("--footer", default="")
    args = p.parse_args(argv)
    try:
        html = Path(args.input).read_text(encoding="utf-8")
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument

        app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - kept alive
        writer = QPdfWriter(args.output)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle(args.header or "War Room report")
        doc = QTextDocument()
        doc.setHtml(html)
        doc.print_(writer)
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        print(f"report_pdf: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    print(f"{args.output}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
