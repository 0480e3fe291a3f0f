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

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from warroom.errors import BadInput, Cancelled
from warroom.services import imports

from ui.context import Console
from ui.errors import describe
from ui.settings import open_settings
from ui.workers import Job, run_with_dialog

KINDS = ("orders", "messages")


def kind_texts(kind: str) -> tuple[str, str]:
    """(the dialog's title, the file dialog's filters) of an import, translated."""
    if kind == "orders":
        return (QCoreApplication.translate("ImportFlow", "Import order reports"),
                QCoreApplication.translate("ImportFlow", "Order reports and SP-API files (*.txt *.tsv *.csv *.json)")
                + ";;" + QCoreApplication.translate("ImportFlow", "All files (*)"))
    return (QCoreApplication.translate("ImportFlow", "Import buyer messages"),
            QCoreApplication.translate("ImportFlow", "Buyer messages (*.eml *.mbox *.mbx *.csv)")
            + ";;" + QCoreApplication.translate("ImportFlow", "All files (*)"))
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
        title, filters = kind_texts(kind)
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
        title = kind_texts(kind)[0]
        run: Callable[..., Any] = imports.import_orders if kind == "orders" else imports.import_messages
        db, actor = self.console.db, self.console.actor
        done: list[dict[str, Any]] = []

        def work(progress: Any) -> list[dict[str, Any]]:
            for number, path in enumerate(paths, 1):
                where = self.tr("file {number} of {count}: {name}").format(number=number, count=len(paths),
                                                                            name=Path(path).name)

                def file_progress(count: int, total: int | None, stage: str, _where: str = where) -> None:
                    progress(count, total, f"{_where}\n{stage}")

                file_progress(0, None, self.tr("reading"))
                run(db, actor, [path], skip_bad=skip_bad, progress=file_progress, on_file_done=done.append)
            return done

        job = Job(work, "import")
        self.job = job
        run_with_dialog(self.console.runner, self.parent_widget, title, job,
                        lambda summaries: self._show(kind, paths, summaries, None, skip_bad),
                        lambda exc: self._show(kind, paths, done, exc, skip_bad))
        return job

    # ------------------------------------------------------------ the outcome

    def _before(self, n: int) -> str:
        return (self.tr("; the file before it is imported.") if n == 1
                else self.tr("; the {n} files before it are imported.").format(n=n))

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
                lines.append("    " + self.tr("… and {n} more (all are listed in the audit entry)").format(
                    n=len(skipped) - SHOWN_SKIPPED))
        failed_at = len(done)
        if exc is None:
            icon, title = QMessageBox.Icon.Information, self.tr("Import finished")
            head = (self.tr("1 file imported.") if len(done) == 1
                    else self.tr("{n} files imported.").format(n=len(done)))
        elif isinstance(exc, Cancelled):
            icon, title = QMessageBox.Icon.Information, self.tr("Import cancelled")
            head = (self.tr("Cancelled during {name}: nothing of that file was written").format(
                name=Path(paths[failed_at]).name) + (self._before(failed_at) if done else self.tr(".")))
        else:
            title, text = describe(exc)
            icon = QMessageBox.Icon.Warning
            head = text + "\n\n" + self.tr("Nothing of {name} was written").format(
                name=Path(paths[failed_at]).name) + (self._before(failed_at) if done else self.tr("."))
            later = len(paths) - failed_at - 1
            if later > 0:
                head += " " + (self.tr("1 later file was not tried.") if later == 1
                               else self.tr("{n} later files were not tried.").format(n=later))
        box = QMessageBox(icon, title, head + ("\n\n" + "\n".join(lines) if lines else ""),
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setObjectName("importResult")
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = None
        if isinstance(exc, BadInput) and not skip_bad:
            rest = paths[failed_at:]
            self.retry_button = box.addButton(self.tr("Import again, skipping bad records"),
                                              QMessageBox.ButtonRole.AcceptRole)
            self.retry_button.setObjectName("retrySkippingBad")
            self.retry_button.clicked.connect(lambda _c=False: self.start(kind, rest, skip_bad=True))
        self.box = box
        box.open()
        self.finished.emit(done)
