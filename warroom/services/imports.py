"""`warroom import orders|messages`: one transaction per file, all of it or nothing.

A file is parsed completely before anything is written; a bad file (without ``--skip-bad``)
raises BadInput naming the file, line or record and field, and the database is unchanged.
Re-importing an identical file changes nothing and writes no audit entry; a newer report
updates the cached orders in one audit entry listing what changed.
"""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from warroom.domain.roles import Actor, Permission
from warroom.domain.tickets import id_runs
from warroom.errors import BadInput
from warroom.progress import Progress, no_progress
from warroom.records import MessageLimits, ParseResult
from warroom.storage.engine import Database
from warroom.storage.uow import UnitOfWork
from warroom.services.clocks import archive_messages
from warroom.services.ingest import store_messages
from warroom.services.triage import summarize
from warroom.services.orders import store_orders
from warroom.services.settings import read_setting
from warroom.services.users import current_actor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise BadInput(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    return digest.hexdigest()


@contextmanager
def _bulk_allocation():
    """Pause the cyclic garbage collector while one file is parsed and stored: a large import
    allocates hundreds of thousands of small objects that are not cycles, and the collector's
    repeated passes over them cost ~25% of storing an order report.  It runs again as usual after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def describe_summary(summary: dict[str, Any]) -> str:
    """One line for a user: what a file brought (the CLI prints it; the console shows it).

    A message import also says how many imported messages came with problems and how many
    MIME parts were dropped (``dropped:`` problems), so that nothing is lost silently."""
    if "duplicates" in summary:
        detail = (f"{summary['new_messages']} new messages, {summary['duplicates']} already present, "
                  f"{summary['tickets_created']} new tickets")
        if summary.get("notices"):
            detail += f", {summary['notices']} Amazon notices"
    else:
        detail = (f"{summary['orders_new']} new orders, {summary['orders_updated']} updated, "
                  f"{summary['orders_unchanged']} unchanged")
    line = (f"{summary['file']}: read {summary['read']}, imported {summary['imported']} ({detail}), "
            f"skipped {len(summary['skipped'])}")
    problems = summary.get("problems") or []
    if problems:
        line += f", {len(problems)} imported with problems"
        dropped = sum(1 for p in problems for text in p["problems"] if text.startswith("dropped:"))
        if dropped:
            line += f" ({dropped} with MIME parts dropped)"
    return line


def _record(line: int | str) -> str:
    return f"line {line}" if isinstance(line, int) else str(line)


def describe_skipped(skipped: dict[str, Any]) -> str:
    """``skipped line 7 field purchase-date: invalid timestamp '…'``; ``skipped message 3
    (Message-ID <…>) field body: …``."""
    where = _record(skipped["line"])
    if skipped.get("message_id"):
        where += f" (Message-ID <{skipped['message_id']}>)"
    return (f"skipped {where}" + (f" field {skipped['field']}" if skipped["field"] else "")
            + f": {skipped['reason']}")


def describe_problem(problem: dict[str, Any]) -> str:
    """``problems in message 2 (Message-ID <…>): dropped: 4,002 MIME part(s) …; …``."""
    where = _record(problem["record"])
    if problem.get("message_id"):
        where += f" (Message-ID <{problem['message_id']}>)"
    return f"problems in {where}: " + "; ".join(problem["problems"])


def _skipped(result: ParseResult) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in result.skipped:
        entry: dict[str, Any] = {"line": s.line, "field": s.field, "reason": s.reason}
        if s.message_id:
            entry["message_id"] = s.message_id
        out.append(entry)
    return out


def _problems(result: ParseResult) -> list[dict[str, Any]]:
    return [{"record": p.record, "message_id": p.message_id, "problems": list(p.problems)}
            for p in result.problems]


def message_limits(db: Database) -> MessageLimits:
    """The per-message caps of a message import, from the settings ``import.max_*``."""
    from warroom.importers.messages import LIMIT_SETTINGS

    with UnitOfWork(db, write=False) as uow:
        return MessageLimits(**{name: read_setting(uow.session, key) for name, key in LIMIT_SETTINGS.items()})


def _import_files(db: Database, actor: Actor, files: Sequence[str | Path], kind: str,
                  parse: Callable[..., ParseResult], store: Callable[[UnitOfWork, ParseResult], dict[str, Any]],
                  skip_bad: bool, progress: Progress, on_file_done: Callable[[dict[str, Any]], None] | None) -> list[dict[str, Any]]:
    summaries: list[dict[str, Any]] = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            raise BadInput("no such file", file=str(path))
        sha = _sha256(path)
        with _bulk_allocation():
            summary = _import_one(db, actor, path, sha, kind, parse, store, skip_bad, progress)
        summaries.append(summary)
        if on_file_done is not None:
            on_file_done(summary)
    return summaries


def _import_one(db: Database, actor: Actor, path: Path, sha: str, kind: str, parse: Callable[..., ParseResult],
                store: Callable[[UnitOfWork, ParseResult], dict[str, Any]], skip_bad: bool,
                progress: Progress) -> dict[str, Any]:
    result = parse(path, skip_bad=skip_bad, progress=progress)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.IMPORT)
        stored = store(uow, result)
        # rows read = imported + skipped, always: "imported" counts the records accepted into
        # the cache (new, updated or already identical); the other counts say which.
        summary = {"file": str(path), "sha256": sha, "format": result.format, "read": result.read,
                   "imported": result.read - len(result.skipped),
                   **{k: v for k, v in stored.items() if not k.startswith("_")},
                   "skipped": _skipped(result)}
        if kind == "messages":
            summary["problems"] = _problems(result)
        if stored["_changed"]:
            payload = {"file": path.name, "sha256": sha, "format": result.format, "read": result.read,
                       **stored["_audit"], "skipped": summary["skipped"]}
            if summary.get("problems"):     # each message keeps its own list (message.problems)
                payload["with_problems"] = len(summary["problems"])
            uow.audit(actor.name, f"import.{kind}", f"file:{path.name}", payload)
            uow.commit()
    return summary


def _store_orders(uow: UnitOfWork, result: ParseResult) -> dict[str, Any]:
    stored = store_orders(uow, result.orders)
    changed = bool(stored["inserted"] or stored["updated"])
    return {"updated": len(stored["updated"]), "orders_new": len(stored["inserted"]),
            "orders_updated": len(stored["updated"]), "orders_unchanged": stored["unchanged"], "_changed": changed,
            "_audit": {"inserted_orders": id_runs(stored["inserted"]), "inserted_count": len(stored["inserted"]),
                       "updated_orders": stored["updated"], "unchanged_count": stored["unchanged"]}}


def import_orders(db: Database, actor: Actor, files: Sequence[str | Path], *, skip_bad: bool = False,
                  progress: Progress = no_progress,
                  on_file_done: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    from warroom.importers.orders import parse_orders_file

    return _import_files(db, actor, files, "orders", parse_orders_file, _store_orders, skip_bad, progress, on_file_done)


def archive_options(archive: bool, before: str | None) -> dict[str, Any]:
    """``import messages --archive [--archive-before TIME]`` as :func:`import_messages` keywords
    (TIME: ISO 8601, not in the future; giving it implies ``--archive``)."""
    from warroom.services.inputs import past_time

    if before is not None:
        return {"archive": True, "archive_before": past_time(before, field="--archive-before")}
    return {"archive": True} if archive else {}


def import_messages(db: Database, actor: Actor, files: Sequence[str | Path], *, skip_bad: bool = False,
                    progress: Progress = no_progress,
                    on_file_done: Callable[[dict[str, Any]], None] | None = None,
                    archive: bool = False, archive_before: datetime | None = None) -> list[dict[str, Any]]:
    """``archive``: the files are old mail; their messages (those received before
    ``archive_before``, or all) are history and start no clock (services.clocks)."""
    from warroom.importers.messages import parse_messages_file

    limits = message_limits(db)

    def parse(path: Path, *, skip_bad: bool, progress: Progress) -> ParseResult:
        return parse_messages_file(path, skip_bad=skip_bad, progress=progress, limits=limits)

    def store(uow: UnitOfWork, result: ParseResult) -> dict[str, Any]:
        from warroom.services.notices import split_notices, store_notices

        buyer_messages, amazon_notices = split_notices(result.messages)   # Amazon's own mail: the register
        notices = store_notices(uow, amazon_notices, actor=actor.name) if amazon_notices else None
        stored = store_messages(uow, buyer_messages, actor=actor.name, progress=progress)
        changed = bool(stored["messages"]) or bool(notices and notices["notices"])
        history = archive_messages(uow, stored["messages"], archive_before) if archive else None
        return {**({"history": len(history.history), "kept_clock": len(history.kept_clock)} if history else {}),
                "updated": 0, "new_messages": len(stored["messages"]),
                "duplicates": stored["duplicates"] + (notices["duplicates"] if notices else 0),
                **({"notices": len(notices["notices"]), "claims_opened": len(notices["claims_opened"])}
                   if notices else {}),
                "tickets_created": len(stored["tickets_created"]), "tickets_updated": len(stored["tickets_updated"]),
                "_changed": changed,
                "flagged": sum(1 for c in stored["triage"].values() if c.get("tags_added")),
                "_audit": {"message_ids": id_runs(stored["messages"]), "imported_count": len(stored["messages"]),
                           "triage": summarize(stored["triage"]),
                           "tickets_created": id_runs(stored["tickets_created"]),
                           "tickets_updated": id_runs(stored["tickets_updated"]), "duplicates": stored["duplicates"],
                           **({"archive": history.audit()} if history else {}),
                           **({"notices": notices["notices"], "claims_opened": notices["claims_opened"]}
                              if notices and notices["notices"] else {})}}

    return _import_files(db, actor, files, "messages", parse, store, skip_bad, progress, on_file_done)
