"""Commands of the compliance gate: templates, drafts, approval, dispatch."""

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
    id_arg,
    info,
    open_db,
    password_for_actor,
    read_stdin,
    short,
    table,
)
from warroom.errors import BadInput

# ---------------------------------------------------------------- the gate: templates, drafts, dispatch

def _human_templates(rows: list[dict[str, Any]]) -> str:
    return table([[r["key"], str(r["version"]), r["language"], r["category"], r["status"],
                    ", ".join(r["variables"]) or "-", short(r["title"], 40)] for r in rows],
                  ["KEY", "VER", "LANG", "CATEGORY", "STATUS", "NEEDS --var", "TITLE"])


def cmd_templates(args: argparse.Namespace) -> int:
    from warroom.services import templates

    db = open_db(args)
    action = args.templates_command
    if action == "list":
        emit(args, templates.list_templates(db, status=args.status, key=args.key, language=args.language),
              _human_templates)
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if action == "import":
        result = templates.import_templates(db, actor, args.files or None)
        emit(args, result, lambda r: f"{r['imported']} template version(s) imported and approved, "
              f"{r['unchanged']} unchanged" + (f", {len(r['retired'])} older version(s) retired" if r["retired"] else ""))
    elif action == "approve":
        result = templates.approve_template(db, actor, args.key_spec, language=args.language)
        emit(args, result, lambda r: "approved " + ", ".join(
            f"{t['key']}@{t['version']}/{t['language']}" for t in r["approved"]))
    elif action == "retire":
        result = templates.retire_template(db, actor, args.key_spec, language=args.language)
        emit(args, result, lambda r: "retired " + ", ".join(r["retired"]))
    else:  # edit
        try:
            body = Path(args.body_file).read_text(encoding="utf-8") if args.body_file != "-" else read_stdin("the template body")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read the template body: {exc}", file=args.body_file) from None
        result = templates.edit_template(db, actor, args.key_spec, args.language, body, title=args.title)
        emit(args, result, lambda r: f"{r['key']}@{r['version']}/{r['language']} saved as a draft version; "
              "it needs approval (templates approve)" + (f"; lint: {len(r['lint'])} finding(s)" if r["lint"] else ""))
    return 0


def _human_draft(d: dict[str, Any]) -> str:
    head = (f"draft {d['id']} for ticket {d['ticket_id']}: {d['status']}"
            + (f" (template {d['template_key']}@{d['template_version']}, {d['language']})" if d["template_key"] else
               f" ({d['kind']} reply)"))
    lines = [head]
    if d.get("reason"):
        lines.append(f"  {d['reason']}")
    for f in d["lint"]:
        lines.append(f"  {f['rule']}\t{f['line']}:{f['column']}\t{f['matched']}\t{f['explanation']}")
    lines.append("")
    lines.append(d["body"])
    return "\n".join(lines)


def _draft_result(args: argparse.Namespace, d: dict[str, Any]) -> int:
    if d["status"] == "blocked":
        if getattr(args, "json", False):
            emit(args, d)
        else:
            sys.stdout.write(_human_draft(d) + "\n")
        rules = ", ".join(sorted({f["rule"] for f in d["lint"]}))
        sys.stderr.write(f"warroom: draft {d['id']} saved as blocked: lint findings ({rules}); "
                         "it cannot be approved until edited\n")
        return 3
    if getattr(args, "json", False):
        emit(args, d)
    else:
        sys.stdout.write(f"{d['id']}\n")
        info(f"draft {d['id']} {d['status']} for approval")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    if (args.template is None) == (args.text is None):
        raise UsageError("give either --template KEY or --text TEXT")
    if args.text is not None and args.var:
        raise UsageError("--var applies to --template drafts only")
    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    d = drafts.create_draft(db, actor, args.ticket, template=args.template, language=args.language,
                            variables=drafts.parse_vars(args.var) if args.template else None, text=args.text)
    return _draft_result(args, d)


def cmd_edit_draft(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    if not args.var and args.text is None:
        raise UsageError("nothing to change: give --var NAME=VALUE or --text TEXT")
    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    d = drafts.edit_draft(db, actor, args.draft, variables=drafts.parse_vars(args.var) if args.var else None,
                          text=args.text)
    return _draft_result(args, d)


def _human_drafts(rows: list[dict[str, Any]]) -> str:
    return table([[str(d["id"]), str(d["ticket_id"]), d["status"], d["author"],
                    f"{d['template_key']}@{d['template_version']}" if d["template_key"] else d["kind"],
                    d["language"] or "", d["approver"] or "",
                    short(d.get("send_state") or d.get("reason") or d["body"], 60)] for d in rows],
                  ["ID", "TICKET", "STATUS", "AUTHOR", "TEMPLATE", "LANG", "APPROVER", "TEXT / REASON"])


def cmd_drafts(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    emit(args, drafts.list_drafts(open_db(args), status=args.status), _human_drafts)
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    emit(args, drafts.outbox(open_db(args)), _human_drafts)
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from warroom.services import drafts
    from warroom.services.users import authenticate

    db = open_db(args)
    name = getattr(args, "actor", None)
    if not name:
        raise UsageError("approval needs the approver: --as USER (and their password)")
    password = password_for_actor(name)
    actor = authenticate(db, name, password)
    d = drafts.approve_draft(db, actor, args.draft, password)
    emit(args, d, lambda r: f"draft {r['id']} approved by {r['approver']}"
          + (f"; held: {r['reason']}" if r["status"] == "held" else "; ready to dispatch"))
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    d = drafts.reject_draft(db, actor, args.draft, args.reason)
    emit(args, d, lambda r: f"draft {r['id']} rejected: {r['reason']}")
    return 0


def cmd_dispatch(args: argparse.Namespace) -> int:
    from warroom.services import dispatch

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    try:
        d = dispatch.dispatch_draft(db, actor, args.draft, via=args.via, sent_at=args.sent_at)
    except dispatch.DispatchFailed as exc:
        if getattr(args, "json", False):
            emit(args, exc.draft)
        raise
    emit(args, d, lambda r: f"draft {r['id']} dispatched ({r['dispatched_via']}) at {r['dispatched_at']}; "
          f"ticket {r['ticket_id']}'s clock stopped")
    return 0




def cmd_resolve_send(args: argparse.Namespace) -> int:
    from warroom.services import dispatch

    if args.sent == args.not_sent:
        raise UsageError("say what happened: --sent or --not-sent")
    if args.sent_at and not args.sent:
        raise UsageError("--sent-at goes with --sent")
    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    d = dispatch.resolve_send(db, actor, args.draft, sent=args.sent, reason=args.reason, sent_at=args.sent_at)
    emit(args, d, lambda r: f"draft {r['id']} recorded as sent at {r['dispatched_at']}" if r["status"] == "dispatched"
         else f"draft {r['id']} recorded as not sent; it can be dispatched again")
    return 0


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("templates", cmd_templates, "the reply template library")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION", parser_class=Parser)
    tsub.required = True
    q = tsub.add_parser("import", parents=[common], help="import template files (none: the starter pack); "
                        "a compliance user importing approves them")
    q.add_argument("files", nargs="*", metavar="FILE")
    q = tsub.add_parser("list", parents=[common], help="list templates")
    q.add_argument("--status")
    q.add_argument("--key")
    q.add_argument("--language")
    for action in ("approve", "retire"):
        q = tsub.add_parser(action, parents=[common], help=f"{action} a template (KEY or KEY@VERSION)")
        q.add_argument("key_spec", metavar="KEY[@VERSION]")
        q.add_argument("--language")
    q = tsub.add_parser("edit", parents=[common], help="save a changed text as a new draft version")
    q.add_argument("key_spec", metavar="KEY")
    q.add_argument("--language", required=True)
    q.add_argument("--body-file", required=True, metavar="FILE|-")
    q.add_argument("--title")

    p = add("draft", cmd_draft, "render a reply (template or text), lint it and submit it for approval")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("--template", metavar="KEY[@VERSION]")
    p.add_argument("--language")
    p.add_argument("--var", action="append", metavar="NAME=VALUE")
    p.add_argument("--text")
    p = add("edit-draft", cmd_edit_draft, "change a draft; any approval it had is voided")
    p.add_argument("draft", type=id_arg("draft", "DRAFT"), metavar="DRAFT")
    p.add_argument("--var", action="append", metavar="NAME=VALUE")
    p.add_argument("--text")
    p = add("drafts", cmd_drafts, "drafts, oldest first")
    p.add_argument("--status")
    add("outbox", cmd_outbox, "approved drafts awaiting dispatch, failed sends, and drafts held by the suspension")
    p = add("approve", cmd_approve, "approve a draft (compliance; your password confirms it)")
    p.add_argument("draft", type=id_arg("draft", "DRAFT"), metavar="DRAFT")
    p = add("reject", cmd_reject, "reject a draft with a reason (compliance)")
    p.add_argument("draft", type=id_arg("draft", "DRAFT"), metavar="DRAFT")
    p.add_argument("--reason", required=True)
    p = add("dispatch", cmd_dispatch, "send an approved draft (smtp) or record that it was sent (manual)")
    p.add_argument("draft", type=id_arg("draft", "DRAFT"), metavar="DRAFT")
    p.add_argument("--via", required=True, choices=("manual", "smtp"))
    p.add_argument("--sent-at", metavar="TIME", help="when it was sent by hand (ISO 8601; default now)")
    p = add("resolve-send", cmd_resolve_send,
            "record the outcome of an e-mail send that may have been sent (its process stopped before recording it)")
    p.add_argument("draft", type=id_arg("draft", "DRAFT"), metavar="DRAFT")
    p.add_argument("--sent", action="store_true", help="it reached the mail server (checked in its log or Seller Central)")
    p.add_argument("--not-sent", action="store_true", help="it did not: the draft can be dispatched again")
    p.add_argument("--sent-at", metavar="TIME", help="when it was sent (default: when the send started)")
    p.add_argument("--reason", required=True, help="how you checked")

