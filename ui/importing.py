"""File > Import: Amazon order reports and buyer messages into the offline cache.

The files are imported one after the other in a worker (``warroom.services.imports``: each
file is one transaction, all of it or nothing), with a progress dialog naming the file and a
Cancel button (the file in progress is then not imported at all).  The outcome is a message
box listing what each file brought.  If a file is refused, the box names the file, the line or
record, and the field, and offers to import the rest of the files again, skipping the bad
records."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from warroom.errors import BadInput, Cancelled
from warroom.services import imports

from ui.context import Console
from ui.errors import describe
from ui.settings import open_settings
from ui.workers import Job, run_with_dialog

KINDS: dict[str, tuple[str, str]] = {
    "orders": ("Import order reports",
               "Order reports and SP-API files (*.txt *.tsv *.csv *.json);;All files (*)"),
    "messages": ("Import buyer messages",
                 "Buyer messages (*.eml *.mbox *.mbx *.csv);;All files (*)"),
}
SHOWN_SKIPPED = 20          # skipped records listed in the box (all of them are in the audit entry)


class ImportFlow(QObject):
    """Choose files, import them in a worker, show what happened."""

    finished = Signal(object)     # the summaries of the files imported (a list of dicts)

    def __init__(self, parent: QWidget, console: Console) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.console = console
        self.job: Job | None = None
        self.box: QMessageBox | None = None          # the last outcome shown (tests read it)
        self.retry_button: Any = None

    def choose(self, kind: str) -> Job | None:
        title, filters = KINDS[kind]
        settings = open_settings()
        start = str(settings.value("import/dir", "") or str(Path.home()))
        paths, _ = QFileDialog.getOpenFileNames(self.parent_widget, title, start, filters)
        if not paths:
            return None
        settings.setValue("import/dir", str(Path(paths[0]).parent))
        return self.start(kind, paths)

    def start(self, kind: str, paths: list[str], *, skip_bad: bool = False) -> Job | None:
        if self.job is not None and not self.job.finished:
            return self.job
        title = KINDS[kind][0]
        run: Callable[..., Any] = imports.import_orders if kind == "orders" else imports.import_messages
        db, actor = self.console.db, self.console.actor
        done: list[dict[str, Any]] = []

        def work(progress: Any) -> list[dict[str, Any]]:
            for number, path in enumerate(paths, 1):
                where = f"file {number} of {len(paths)}: {Path(path).name}"

                def file_progress(count: int, total: int | None, stage: str, _where: str = where) -> None:
                    progress(count, total, f"{_where}\n{stage}")

                file_progress(0, None, "reading")
                run(db, actor, [path], skip_bad=skip_bad, progress=file_progress, on_file_done=done.append)
            return done

        job = Job(work, "import")
        self.job = job
        run_with_dialog(self.console.runner, self.parent_widget, title, job,
                        lambda summaries: self._show(kind, paths, summaries, None, skip_bad),
                        lambda exc: self._show(kind, paths, done, exc, skip_bad))
        return job

    # ------------------------------------------------------------ the outcome

    def _show(self, kind: str, paths: list[str], done: list[dict[str, Any]], exc: BaseException | None,
              skip_bad: bool) -> None:
        if getattr(self.parent_widget, "_closing", False):
            return                              # the window closed meanwhile (the import rolled back)
        lines: list[str] = []
        for summary in done:
            lines.append(imports.describe_summary(summary))
            skipped = summary["skipped"]
            lines.extend(f"    {imports.describe_skipped(s)}" for s in skipped[:SHOWN_SKIPPED])
            if len(skipped) > SHOWN_SKIPPED:
                lines.append(f"    … and {len(skipped) - SHOWN_SKIPPED} more (all are listed in the audit entry)")
        failed_at = len(done)
        if exc is None:
            icon, title = QMessageBox.Icon.Information, "Import finished"
            head = f"{len(done)} file(s) imported."
        elif isinstance(exc, Cancelled):
            icon, title = QMessageBox.Icon.Information, "Import cancelled"
            head = (f"Cancelled during {Path(paths[failed_at]).name}: nothing of that file was written"
                    + (f"; the {failed_at} file(s) before it are imported." if done else "."))
        else:
            title, text = describe(exc)
            icon = QMessageBox.Icon.Warning
            head = f"{text}\n\nNothing of {Path(paths[failed_at]).name} was written" + (
                f"; the {failed_at} file(s) before it are imported." if done else ".")
            if failed_at + 1 < len(paths):
                head += f" {len(paths) - failed_at - 1} later file(s) were not tried."
        box = QMessageBox(icon, title, head + ("\n\n" + "\n".join(lines) if lines else ""),
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setObjectName("importResult")
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = None
        if isinstance(exc, BadInput) and not skip_bad:
            rest = paths[failed_at:]
            self.retry_button = box.addButton("Import again, skipping bad records",
                                              QMessageBox.ButtonRole.AcceptRole)
            self.retry_button.setObjectName("retrySkippingBad")
            self.retry_button.clicked.connect(lambda _c=False: self.start(kind, rest, skip_bad=True))
        self.box = box
        box.open()
        self.finished.emit(done)
