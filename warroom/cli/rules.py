"""Commands on the rules: triage-rules, lint-rules, lint-allowlist, lint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from warroom.cli.common import (
    Parser,
    UsageError,
    actor_of,
    emit,
    open_db,
    read_stdin,
    short,
    table,
)
from warroom.errors import BadInput


def _rules_command(kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from warroom.services import rules

        db = open_db(args)
        if args.rules_command == "list":
            data = rules.list_rules(db, kind)
            emit(args, data, lambda rs: table(
                [[r["id"], "on" if r["enabled"] else "off", r.get("source", ""), r.get("target") or r.get("kind") or "",
                  r.get("language") or "*", short(r.get("explanation", ""), 70)] for r in rs],
                ["ID", "STATE", "SOURCE", "TARGET", "LANG", "EXPLANATION"]))
            return 0
        actor = actor_of(args, db)
        assert actor is not None
        if args.rules_command == "add":
            definition: dict[str, Any] = {"patterns": [args.pattern], "language": args.language,
                                          "explanation": args.explanation}
            if kind == "triage":
                if not args.target:
                    raise UsageError("triage-rules add needs --target CATEGORY_OR_FLAG")
                definition["target"] = args.target.strip().upper()
            result = rules.add_rule(db, actor, kind, args.id, definition)
            emit(args, result, lambda r: f"{kind} rule {r['id']} added")
        else:
            result = rules.set_rule_enabled(db, actor, kind, args.id, args.rules_command == "enable")
            emit(args, result, lambda r: f"{kind} rule {r['id']} {'enabled' if r['enabled'] else 'disabled'}"
                  + ("" if r["changed"] else " (unchanged)"))
        return 0

    return run


def cmd_lint(args: argparse.Namespace) -> int:
    from warroom.lint import format_finding_line
    from warroom.services.lint import lint_text

    if not args.file or args.file == "-":
        text = read_stdin("the text")
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read the text: {exc}", file=args.file) from None
    result = lint_text(open_db(args), text)
    if getattr(args, "json", False):
        emit(args, result.to_dict())
    else:
        for finding in result.findings:
            sys.stdout.write(format_finding_line(finding) + "\n")
    return 1 if result.findings else 0


def cmd_lint_allowlist(args: argparse.Namespace) -> int:
    from warroom.services import allowlist

    db = open_db(args)
    if args.allowlist_command == "list":
        data = allowlist.list_allowlist(db)
        emit(args, data, lambda es: table(
            [[str(e["id"]), e["kind"], e["value"], e["added_by"], e["added_at"] or "", short(e["note"], 50)]
             for e in es], ["ID", "KIND", "VALUE", "ADDED BY", "ADDED AT", "NOTE"]))
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if args.allowlist_command == "add":
        result = allowlist.add_allowlist_entry(db, actor, args.kind, args.value, args.note or "")
        emit(args, result, lambda e: f"allowlist entry {e['id']} added: {e['kind']} {e['value']}")
    else:
        result = allowlist.remove_allowlist_entry(db, actor, args.entry)
        emit(args, result, lambda e: f"allowlist entry {e['id']} removed: {e['kind']} {e['value']}")
    return 0




def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    for kind in ("triage", "lint"):
        p = add(f"{kind}-rules", _rules_command(kind), f"the {kind} rules (compliance)")
        rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=Parser)
        rsub.required = True
        rsub.add_parser("list", parents=[common], help="list the rules")
        q = rsub.add_parser("add", parents=[common], help="add a rule")
        q.add_argument("--id", required=True)
        q.add_argument("--pattern", required=True, help="a phrase")
        q.add_argument("--language")
        q.add_argument("--explanation", required=True)
        if kind == "triage":
            q.add_argument("--target", help="the category or flag the rule sets")
        for action in ("disable", "enable"):
            q = rsub.add_parser(action, parents=[common], help=f"{action} a rule")
            q.add_argument("id")
    p = add("lint-allowlist", cmd_lint_allowlist,
            "e-mail addresses, phone numbers and link domains the lint allows (compliance)")
    lsub = p.add_subparsers(dest="allowlist_command", metavar="ACTION", parser_class=Parser)
    lsub.required = True
    lsub.add_parser("list", parents=[common], help="list the allowlist")
    q = lsub.add_parser("add", parents=[common], help="allow an e-mail address, phone number or domain")
    q.add_argument("kind", metavar="KIND", help="email, phone or domain")
    q.add_argument("value")
    q.add_argument("--note", help="why (carrier, manufacturer, warranty ...)")
    q = lsub.add_parser("remove", parents=[common], help="remove an entry")
    q.add_argument("entry", metavar="ID_OR_VALUE")

    p = add("lint", cmd_lint, "check a text for forbidden language (exit 1 on findings)")
    p.add_argument("file", nargs="?", metavar="FILE|-")

