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
from pathlib import Path
from typing import Any, Callable, Sequence

from warroom.domain.roles import Actor, Permission
from warroom.domain.tickets import id_runs
from warroom.errors import BadInput
from warroom.progress import Progress, no_progress
from warroom.records import ParseResult
from warroom.storage.engine import Database
from warroom.storage.uow import UnitOfWork
from warroom.services.ingest import store_messages
from warroom.services.triage import summarize
from warroom.services.orders import store_orders
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
    """One line for a user: what a file brought (the CLI prints it; the console shows it)."""
    if "duplicates" in summary:
        detail = (f"{summary['new_messages']} new messages, {summary['duplicates']} already present, "
                  f"{summary['tickets_created']} new tickets")
    else:
        detail = (f"{summary['orders_new']} new orders, {summary['orders_updated']} updated, "
                  f"{summary['orders_unchanged']} unchanged")
    return (f"{summary['file']}: read {summary['read']}, imported {summary['imported']} ({detail}), "
            f"skipped {len(summary['skipped'])}")


def describe_skipped(skipped: dict[str, Any]) -> str:
    """``skipped line 7 field purchase-date: invalid timestamp '…'``."""
    return (f"skipped line {skipped['line']}" + (f" field {skipped['field']}" if skipped["field"] else "")
            + f": {skipped['reason']}")


def _skipped(result: ParseResult) -> list[dict[str, Any]]:
    return [{"line": s.line, "field": s.field, "reason": s.reason} for s in result.skipped]


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
        if stored["_changed"]:
            payload = {"file": path.name, "sha256": sha, "format": result.format, "read": result.read,
                       **stored["_audit"], "skipped": summary["skipped"]}
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


def import_messages(db: Database, actor: Actor, files: Sequence[str | Path], *, skip_bad: bool = False,
                    progress: Progress = no_progress,
                    on_file_done: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    from warroom.importers.messages import parse_messages_file

    def store(uow: UnitOfWork, result: ParseResult) -> dict[str, Any]:
        stored = store_messages(uow, result.messages, actor=actor.name, progress=progress)
        changed = bool(stored["messages"])
        return {"updated": 0, "new_messages": len(stored["messages"]), "duplicates": stored["duplicates"],
                "tickets_created": len(stored["tickets_created"]), "tickets_updated": len(stored["tickets_updated"]),
                "_changed": changed,
                "flagged": sum(1 for c in stored["triage"].values() if c.get("tags_added")),
                "_audit": {"message_ids": id_runs(stored["messages"]), "imported_count": len(stored["messages"]),
                           "triage": summarize(stored["triage"]),
                           "tickets_created": id_runs(stored["tickets_created"]),
                           "tickets_updated": id_runs(stored["tickets_updated"]), "duplicates": stored["duplicates"]}}

    return _import_files(db, actor, files, "messages", parse_messages_file, store, skip_bad, progress, on_file_done)
