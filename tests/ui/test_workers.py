"""Long jobs: progress from the core's plain callback, cancel, errors back on the GUI thread."""

from __future__ import annotations

import threading
import time

from warroom.errors import BusinessRuleError, Cancelled
from ui.errors import describe
from ui.workers import Job


def test_progress_and_result_arrive_on_the_gui_thread(qtbot, runner):
    seen, threads = [], []

    def work(progress):
        threads.append(threading.get_ident())
        for i in range(1, 4):
            progress(i, 3, "step")
            time.sleep(0.06)
        return "done"

    job = Job(work)
    job.signals.progress.connect(lambda d, t, s: seen.append((d, t, s)))
    results = []
    runner.start(job, results.append)
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    assert seen and seen[-1] == (3, 3, "step")
    assert threads[0] != threading.get_ident()
    assert runner.active == 0


def test_cancel_raises_cancelled_inside_the_job(qtbot, runner):
    started = threading.Event()

    def work(progress):
        started.set()
        for i in range(1000):
            progress(i, 1000, "looping")
            time.sleep(0.005)
        return "finished"

    errors = []
    job = runner.start(Job(work), on_error=errors.append)
    started.wait(5)
    job.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled)


def test_known_errors_read_as_messages_and_bugs_as_internal_errors():
    assert describe(BusinessRuleError("a suspension is already declared")) == (
        "Refused", "a suspension is already declared")
    title, text = describe(ZeroDivisionError("division by zero"))
    assert title == "Internal error" and "ZeroDivisionError" in text and "Traceback" not in text
