"""What every command group shares: parsing helpers, output, the actor and their password."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any, Callable

from warroom import clock
from warroom.domain.roles import Actor
from warroom.errors import AuthenticationError, BadInput, UsageError

__all__ = ["Parser", "common_options", "emit", "info", "open_db", "password_for_actor", "actor_of",
           "new_password", "table", "short", "progress_bar", "due_text", "UsageError"]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"warroom: usage error: {message} (see warroom {self.prog.split(' ', 1)[-1]} --help)\n")


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
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


def open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from warroom.storage.engine import open_database

    return open_database(getattr(args, "db", None))


def password_for_actor(name: str) -> str:
    password = os.environ.get("WARROOM_PASSWORD")
    if password is not None:
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Password for {name}: ")
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
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not password:
            raise AuthenticationError("password required: --password-stdin read an empty line")
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("New password: ")
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


