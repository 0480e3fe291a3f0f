"""The `warroom` command (contract: ../shared/design/CLI.md).  Thin: parse, call a service, print.

One module per command group (admin, tickets, rules, gate, audit, appeal); each has ``register``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence

from warroom import paths
from warroom.cli import admin, appeal, audit, cases, escalation, gate, rules, team, tickets
from warroom.cli import claims as claims_cli
from warroom.cli import db as db_commands
from warroom.cli.common import (
    Parser, check_arguments, check_environment, cli_message, close_opened, common_options, message_line,
)
from warroom.errors import WarroomError

EXIT_INTERNAL = 70
GROUPS = (admin, tickets, rules, gate, audit, appeal, claims_cli, cases, escalation, db_commands, team)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = Parser(prog="warroom", parents=[common],
                    description="War Room: customer service through an Amazon account suspension.")
    parser.add_argument("--version", action="version", version=version_line(),
                        help="print the version (and whether this is the installed build) and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    for group in GROUPS:
        group.register(add, common)
    return parser


def version_line() -> str:
    """``warroom 0.1.0`` (``(installed build)`` added when running frozen, from PyInstaller)."""
    from warroom import __version__
    from warroom.frozen import is_frozen

    return f"warroom {__version__}" + (" (installed build)" if is_frozen() else "")


def _log_internal_error() -> Path | None:
    try:
        path = paths.log_file("warroom.log")
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("warroom").error("internal error\n%s", traceback.format_exc())
        return path
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        close_opened()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        check_arguments(parser, args)
        check_environment()
        return audit.run_checked(args)   # warns (exit 4) when it wrote and the audit guards are missing
    except WarroomError as exc:
        sys.stderr.write(message_line(f"warroom: {cli_message(exc)}") + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("warroom: interrupted; nothing was changed by the unfinished action\n")
        return 130
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    except Exception as exc:  # a bug or an environment problem: never a traceback on screen
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            sys.stderr.write(message_line(f"warroom: database error: {str(exc.orig).splitlines()[0]}") + "\n")
            return 3
        log = _log_internal_error()
        sys.stderr.write(message_line(f"warroom: internal error: {type(exc).__name__}: {exc}"
                                      + (f" (details in {log})" if log else "")) + "\n")
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
