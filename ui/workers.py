"""Long jobs in worker threads, with progress and cancel, results back on the GUI thread.

A job is a plain function ``fn(progress) -> result`` that calls the core with ``progress`` (the
core's callback: ``progress(done, total, stage)``).  Cancel sets a flag; the next progress call
raises :class:`warroom.errors.Cancelled`, so the core's unit of work rolls back.  Each job opens
its own sessions (services do); nothing but plain values crosses threads.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from warroom.errors import Cancelled

JobFunction = Callable[[Callable[[int, int | None, str], None]], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)      # total -1: unknown
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """One run of ``fn`` on the thread pool.  Connect to ``signals`` before :meth:`start`."""

    EMIT_EVERY = 0.05   # seconds between progress signals (the core may call far more often)

    def __init__(self, fn: JobFunction, name: str = "job") -> None:
        super().__init__()
        self.setAutoDelete(False)          # Python keeps the reference (see JobRunner)
        self.fn = fn
        self.name = name
        self.signals = _Signals()
        self._cancel = threading.Event()
        self._last_emit = 0.0
        self.finished = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int | None, stage: str) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - self._last_emit >= self.EMIT_EVERY or (total is not None and done >= total):
            self._last_emit = now
            self.signals.progress.emit(int(done), -1 if total is None else int(total), stage)

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(self._progress)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread as a dialog
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class JobRunner(QObject):
    """The one place that starts jobs; keeps each job referenced until it finishes."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self.jobs: set[Job] = set()

    @property
    def active(self) -> int:
        return len(self.jobs)

    def start(self, job: Job, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> Job:
        def finish() -> None:
            job.finished = True
            self.jobs.discard(job)
            self.busy_changed.emit(len(self.jobs))

        def done(result: Any) -> None:
            finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if on_error is not None:
                on_error(exc)

        job.signals.done.connect(done)
        job.signals.failed.connect(failed)
        self.jobs.add(job)
        self.busy_changed.emit(len(self.jobs))
        self.pool.start(job)
        return job

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (closing the window, tests)."""
        return self.pool.waitForDone(msecs)


def run_with_dialog(runner: JobRunner, parent: QWidget | None, title: str, job: Job,
                    on_done: Callable[[Any], None] | None = None,
                    on_error: Callable[[BaseException], None] | None = None,
                    cancellable: bool = True) -> tuple[Job, QProgressDialog]:
    """Run ``job`` with a window-modal progress dialog and a Cancel button (never blocks).

    ``title`` is the caller's (translated) words; the stages come from the core's progress calls,
    in English (they are the same the `warroom` command prints), and are shown under it as they are."""
    cancel_text = QCoreApplication.translate("JobProgress", "Cancel")
    dialog = QProgressDialog(title, cancel_text if cancellable else "", 0, 0, parent)
    dialog.setObjectName("jobProgress")
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    if not cancellable:
        dialog.setCancelButton(None)

    def progress(done: int, total: int, stage: str) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        dialog.setLabelText(f"{title}\n{stage}" if stage else title)

    def cancel() -> None:
        job.cancel()
        dialog.setLabelText(title + "\n" + QCoreApplication.translate("JobProgress", "cancelling…"))

    def close() -> None:
        dialog.canceled.disconnect(cancel)
        dialog.close()
        dialog.deleteLater()

    def done(result: Any) -> None:
        close()
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        close()
        if on_error is not None:
            on_error(exc)

    job.signals.progress.connect(progress)
    dialog.canceled.connect(cancel)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    runner.start(job, done, failed)
    return job, dialog
