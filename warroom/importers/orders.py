"""Parse an Amazon order file into plain :class:`~warroom.records.OrderRecord` values.

No database access: services store what this returns.  The format is detected from the
CONTENT, never from the file name:

* after decoding (see :mod:`warroom.importers._decode`: BOM, strict UTF-8, then Shift-JIS
  (cp932) when the text has kana, else Windows-1252), a text whose first non-blank character is
  ``{`` or ``[`` is SP-API Orders JSON (:mod:`warroom.importers._spapi`): v0 getOrders /
  getOrder / getOrderItems / getOrderBuyerInfo bodies, the 2026-01-01 searchOrders / getOrder
  bodies, and the sandbox ``{request, response}`` wrappers of the shared fixture files;
* anything else must be a tab-separated flat-file report (:mod:`warroom.importers._tsv`): an
  All Orders report (any known header version) or the Unshipped Orders report
  (GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING).  A Returns report is refused with a message
  saying what it is.

The result always satisfies the invariant::

    result.read == sum(len(o.source_lines) for o in result.orders) + len(result.skipped)

``read`` counts data rows (report) or records (JSON: order objects, v0 order-item objects,
buyer-info, error and unsupported bodies).  An exact duplicate row/record is read and accepted
but adds nothing (its number is in the order's ``source_lines``).  With ``skip_bad`` a bad
row/record is skipped together with every other row/record of the same order, so an order is
never returned with an item missing; without it the first bad one raises
:class:`~warroom.errors.BadInput` naming the file, the line (or record) and the field.

File-level problems always raise :class:`BadInput`: unreadable or empty file, undecodable
bytes, unrecognized or refused format, a missing required column, invalid JSON, a JSON file
with no order header.  ``progress(done, total, "parsing")`` is called every 1000 rows and at
the end; a :class:`~warroom.errors.Cancelled` it raises propagates unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

from warroom.errors import BadInput
from warroom.importers._decode import Decoded, decode_bytes
from warroom.importers._spapi import load_json, parse_json
from warroom.importers._tsv import parse_report
from warroom.progress import Progress, no_progress
from warroom.records import ParseResult

__all__ = ["parse_orders_file", "parse_orders_bytes"]

_FIRST_CHAR_RE = re.compile("[^ \t\r\n\ufeff]")


def parse_orders_file(path: str | Path, *, skip_bad: bool = False,
                      progress: Progress = no_progress) -> ParseResult:
    """Parse one order file (report TSV or SP-API JSON; see the module docstring)."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput("no such file", file=name) from None
    except IsADirectoryError:
        raise BadInput("is a directory, not a file", file=name) from None
    except OSError as exc:
        raise BadInput(f"cannot read the file ({exc.strerror or exc})", file=name) from None
    return parse_orders_bytes(data, name, skip_bad=skip_bad, progress=progress)


def parse_orders_bytes(data: bytes, file: str, *, skip_bad: bool = False,
                       progress: Progress = no_progress) -> ParseResult:
    """Same as :func:`parse_orders_file` for bytes already in memory; ``file`` names them in
    error messages."""
    if not data or data.isspace():
        raise BadInput("the file is empty", file=file)
    decoded: Decoded = decode_bytes(data, file)
    text = decoded.text
    first = _FIRST_CHAR_RE.search(text)
    if first is not None and first.group() in ("{", "["):
        if decoded.has_bad_bytes:
            raise BadInput("the JSON file is not valid UTF-8", file=file)
        doc = load_json(text.lstrip("\ufeff"), file)
        return parse_json(doc, file, skip_bad=skip_bad, progress=progress)
    return parse_report(text, file, skip_bad=skip_bad, progress=progress,
                        has_bad_bytes=decoded.has_bad_bytes)
