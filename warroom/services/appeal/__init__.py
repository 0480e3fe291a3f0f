"""The appeal evidence package (docs/appeal-package.md): ``warroom appeal export``.

Modules: :mod:`.log` reads the audit log once (chain links, Merkle leaves, ``audit.jsonl``,
the index of cited actions); :mod:`.gather` turns the evidence tables of a range into the
typed report model (:mod:`.model`, frozen dataclasses); :mod:`.render` writes report.html
(Jinja2, autoescape on), the CSVs and report.json; :mod:`.plan` the DRAFT plan of action;
:mod:`.pseudonyms` the keyed pseudonyms; :mod:`.package` the zip, proofs, manifest and PDF;
:mod:`.export` the order of it all.  No Qt here: the PDF is made by ``ui.report_pdf`` in a
subprocess.
"""

from warroom.services.appeal.export import ACTION, ExportResult, export_package, parse_range
from warroom.services.appeal.package import ExportError, pdf_adapter_available

__all__ = ["ACTION", "ExportError", "ExportResult", "export_package", "parse_range", "pdf_adapter_available"]
