"""`warroom appeal export`: the appeal evidence package (docs/appeal-package.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable

from warroom.cli.common import Parser, actor_of, emit, open_db, progress_bar


def _human(d: dict[str, Any]) -> str:
    s = d["summary"]
    money = ", ".join(f"{m['amount']} {m['currency']}" for m in s["refunded_net"]) or "none"
    lines = [f"appeal package written: {d['path']} ({d['bytes']:,} bytes, SHA-256 {d['sha256']})",
             f"period: {d['from']} to {d['to']} (end excluded)",
             f"checkpoint: tree size {d['tree_size']}, root hash {d['root_hash']}",
             f"report: {s['buyer_messages']} buyer messages ({s['answered_within_window']} answered in time, "
             f"{s['missed']} missed), {s['sent']} replies sent, {s['held']} held, {s['escalations']} escalated, "
             f"{s['lint_refusals']} stopped by the lint, {s['refunds']} refunds by hand ({money}); "
             f"{d['cited_entries']} entries cited, each with its inclusion proof",
             f"audit.jsonl: {d['audit_jsonl']}; report.pdf: {d['report_pdf']}; verify_appeal.py: {d['verifier']}",
             f"recorded as audit entry {d['entry']}"]
    if d["pseudonymized"]:
        lines.append(f"pseudonyms keyed by {d['pseudonym_key_file']} (keep it secret; it maps the pseudonyms back)")
    lines.append(f"check it with: python verify_appeal.py {d['path']} --key '{d['verifier_key']}'")
    return "\n".join(lines)


def cmd_appeal(args: argparse.Namespace) -> int:
    from warroom.services.appeal import export_package, parse_range

    start, end = parse_range(args.start, args.end)
    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    result = export_package(db, actor, args.out, start=start, end=end, pseudonymize=args.pseudonymize,
                            pseudonym_key=args.pseudonym_key, keep_audit_log=args.keep_audit_log,
                            pdf=not args.no_pdf, progress=progress_bar("exporting", args))
    for warning in result.warnings:
        sys.stderr.write(f"warroom: warning: {warning}\n")
    emit(args, result.as_dict(), _human)
    return 0


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("appeal", cmd_appeal, "the appeal evidence package (compliance or admin)")
    asub = p.add_subparsers(dest="appeal_command", metavar="ACTION", parser_class=Parser)
    asub.required = True
    q = asub.add_parser("export", parents=[common],
                        help="write the evidence package of a period: report, plan of action, proofs, signed manifest")
    q.add_argument("--from", dest="start", required=True, metavar="DATE",
                   help="first day (YYYY-MM-DD, UTC) or an ISO 8601 time")
    q.add_argument("--to", dest="end", required=True, metavar="DATE",
                   help="last day, included (YYYY-MM-DD, UTC), or an ISO 8601 time (excluded)")
    q.add_argument("out", metavar="OUT.zip", help="the package to write (a new file; never overwritten)")
    q.add_argument("--pseudonymize", action="store_true",
                   help="buyer names and e-mail addresses as keyed pseudonyms; audit.jsonl withheld")
    q.add_argument("--pseudonym-key", metavar="FILE", default=None,
                   help="the pseudonym key (base64); default: <data dir>/keys/<database id>.pseudonym-key")
    q.add_argument("--keep-audit-log", action="store_true",
                   help="with --pseudonymize: include audit.jsonl anyway (it holds the real names)")
    q.add_argument("--no-pdf", action="store_true", help="go without report.pdf (said in the manifest)")
