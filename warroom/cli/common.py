"""What every command group shares: parsing helpers, output, the actor and their password."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from typing import TYPE_CHECKING, Any, Callable, NoReturn

from warroom import clock
from warroom.domain.roles import Actor
from warroom.errors import AuthenticationError, BadInput, NeedsAuthorization, UsageError, WarroomError

if TYPE_CHECKING:
    from warroom.storage.engine import Database

__all__ = ["Parser", "common_options", "emit", "info", "open_db", "password_for_actor", "actor_of",
           "new_password", "table", "short", "progress_bar", "due_text", "UsageError", "id_arg", "count_arg",
           "check_arguments", "check_environment", "read_stdin", "printable", "message_line", "cli_message",
           "FIELD_HINTS"]

# the environment variables the command reads as text (checked before any command runs)
TEXT_ENVIRONMENT = ("WARROOM_PASSWORD", "WARROOM_DATABASE_URL")


#: Errors carry the field they are about (``BadInput(..., field="reason")``); each face phrases its
#: own hint: the command names its option, the console its input box.
FIELD_HINTS = {"reason": "--reason TEXT"}


def cli_message(exc: WarroomError) -> str:
    """What the command prints for a known error: a missing or bad field names its option."""
    if isinstance(exc, BadInput) and exc.field in FIELD_HINTS and exc.file is None and exc.record is None:
        return f"{exc.reason} ({FIELD_HINTS[exc.field]})"
    if isinstance(exc, NeedsAuthorization):       # names the option at fault (--authorization ID, --amount)
        return f"{exc.message} (--{exc.field})"
    return exc.message


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        command = self.prog.split(" ", 1)[1] + " " if " " in self.prog else ""
        self.exit(2, message_line(f"warroom: usage error: {message} (see warroom {command}--help)") + "\n")


def id_arg(kind: str, metavar: str) -> Callable[[str], int]:
    """``type=`` for an argument that names a record by id: not a whole number is a usage
    error (2) naming the argument; a whole number no record can have (beyond SQLite's
    INTEGER, zero, negative) is "no such KIND" (3), never an OverflowError."""
    from warroom.services.inputs import record_id

    def parse(text: str) -> int:
        try:
            return record_id(text, kind=kind, name=metavar)
        except BadInput as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None

    parse.__name__ = f"{kind} id"
    return parse


def count_arg(text: str) -> int:
    """``type=`` for a count such as ``--limit``: a whole number from 0 to SQLite's largest."""
    from warroom.services.inputs import MAX_COUNT, shown

    digits = text.strip().lstrip("+")
    if not (digits.isascii() and digits.isdigit()) or len(digits.lstrip("0")) > 19 or int(digits) > MAX_COUNT:
        raise argparse.ArgumentTypeError(f"not a count: {shown(text)} (a whole number from 0 to {MAX_COUNT})")
    return int(digits)


def _argument_labels(parser: argparse.ArgumentParser, args: argparse.Namespace) -> dict[str, str]:
    """dest -> how the user wrote the argument (``TEXT``, ``--reason``), along the chosen
    subcommands (argparse has no public walk of its actions)."""
    labels: dict[str, str] = {}
    current: argparse.ArgumentParser | None = parser
    while current is not None:
        chosen: argparse.ArgumentParser | None = None
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(args, action.dest, None)
                chosen = action.choices.get(name) if isinstance(name, str) else None
                labels[action.dest] = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
            elif action.option_strings:
                labels[action.dest] = max(action.option_strings, key=len)
            else:
                labels[action.dest] = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
        current = chosen
    return labels


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Every text argument can be stored and printed: bytes that are not UTF-8 (``argv``
    carries them as lone surrogates) or a NUL are a usage error naming the argument, before
    the command runs (not an encoding error deep in a service or the audit chain)."""
    from warroom.services.inputs import text_problem

    labels: dict[str, str] | None = None
    for dest, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            problem = text_problem(item) if isinstance(item, str) else None
            if problem is not None:
                labels = labels if labels is not None else _argument_labels(parser, args)
                raise UsageError(f"argument {labels.get(dest, dest.upper())}: {problem}")


def check_environment() -> None:
    """The variables the command reads as text hold valid UTF-8 (the environment carries
    other bytes as lone surrogates: a password hashed from them could never be typed)."""
    from warroom.services.inputs import text_problem

    for name in TEXT_ENVIRONMENT:
        value = os.environ.get(name)
        problem = text_problem(value) if value is not None else None
        if problem is not None:
            raise UsageError(f"{name}: {problem}")


def read_stdin(what: str) -> str:
    """All of stdin as text, for ``-`` arguments: bytes that are not UTF-8 are bad input."""
    from warroom.services.inputs import text_problem

    if sys.stdin is None:
        return ""
    try:
        text = sys.stdin.read()
    except UnicodeDecodeError as exc:
        raise BadInput(f"{what} from stdin: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})") from None
    problem = text_problem(text)
    if problem is not None and problem != "contains a NUL character":
        raise BadInput(f"{what} from stdin: {problem}")
    return text


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def printable(text: str) -> str:
    """``text`` safe to write to any stream: undecodable bytes (lone surrogates) shown as ``\\xff``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def message_line(text: str) -> str:
    """An error message as the one line the contract promises: a typed value's line breaks and
    other control characters are shown escaped (``\\n``), undecodable bytes as ``\\xff``."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], printable(text))


def common_options() -> Parser:
    common = Parser(add_help=False)   # a parent only (its options are copied), never parses itself
    common.add_argument("--db", default=argparse.SUPPRESS, help="SQLAlchemy URL or SQLite file path")
    common.add_argument("--as", dest="actor", default=argparse.SUPPRESS, metavar="USER", help="acting user")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    return common


def emit(args: argparse.Namespace, data: Any, human: Callable[[Any], str] | None = None) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif human is not None:
        text = human(data)
        if text:
            sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def info(message: str) -> None:
    sys.stderr.write(message + "\n")


#: The databases this run of the command opened: closed when it ends (a server's connections
#: are given back at once, also when the command runs in-process, as in the tests).
_OPENED: list[Database] = []


def open_db(args: argparse.Namespace) -> Database:
    from warroom.storage.engine import open_database

    database = open_database(getattr(args, "db", None))
    _OPENED.append(database)
    return database


def close_opened() -> None:
    while _OPENED:
        _OPENED.pop().dispose()


def _checked_password(password: str, source: str) -> str:
    from warroom.services.inputs import text_problem

    problem = text_problem(password)
    if problem is not None:
        raise AuthenticationError(f"{source}: {problem}")
    return password


def password_for_actor(name: str) -> str:
    password = os.environ.get("WARROOM_PASSWORD")
    if password is not None:
        return _checked_password(password, "WARROOM_PASSWORD")
    if sys.stdin is not None and sys.stdin.isatty():
        return _checked_password(getpass.getpass(f"Password for {name}: "), "the password typed")
    raise AuthenticationError("password required: set WARROOM_PASSWORD or run on a terminal")


def actor_of(args: argparse.Namespace, db: Any, required: bool = True) -> Actor | None:
    from warroom.services.users import authenticate

    name = getattr(args, "actor", None)
    if not name:
        if required:
            raise UsageError("this command changes data: say who you are with --as USER")
        return None
    return authenticate(db, name, password_for_actor(name))


def new_password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        try:
            line = sys.stdin.readline() if sys.stdin is not None else ""
        except UnicodeDecodeError as exc:
            raise AuthenticationError(f"--password-stdin: not valid UTF-8 "
                                      f"(byte 0x{exc.object[exc.start]:02x})") from None
        password = _checked_password(line.rstrip("\r\n"), "--password-stdin")
        if not password:
            raise AuthenticationError("password required: --password-stdin read an empty line")
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        first = _checked_password(getpass.getpass("New password: "), "the password typed")
        if getpass.getpass("Repeat it: ") != first:
            raise BadInput("the two passwords differ")
        return first
    raise AuthenticationError("password required: use --password-stdin or run on a terminal")


def table(rows: list[list[str]], headers: list[str]) -> str:
    if not rows:
        return "(none)"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def short(text: str | None, n: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"



def due_text(due: str | None) -> str:
    if not due:
        return "-"
    left = clock.parse_iso(due) - clock.now()
    hours = left.total_seconds() / 3600
    return f"{hours:+.1f}h" if abs(hours) < 100 else f"{hours / 24:+.0f}d"



def progress_bar(label: str, args: argparse.Namespace) -> Callable[[int, int | None, str], None]:
    """A tqdm bar on stderr (only on a terminal), driven by the core's plain callback."""
    if not sys.stderr.isatty():
        return lambda done, total, stage: None
    from tqdm import tqdm

    state: dict[str, Any] = {}

    def progress(done: int, total: int | None, stage: str) -> None:
        bar = state.get("bar")
        if bar is None or state.get("stage") != stage:
            if bar is not None:
                bar.close()
            bar = state["bar"] = tqdm(total=total, desc=stage or label, file=sys.stderr, leave=False, unit="")
            state["stage"] = stage
        bar.total = total
        bar.n = done
        bar.refresh()
        if total is not None and done >= total:
            bar.close()
            state.pop("bar", None)

    return progress


