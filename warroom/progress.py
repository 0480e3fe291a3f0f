"""Progress reporting for long jobs: a plain callable, no Qt, no threads.

A job calls ``progress(done, total, stage)`` now and then (``total`` may be None when
unknown).  To cancel, the callback raises :class:`warroom.errors.Cancelled`; the job's
unit of work then rolls back, so a cancelled job leaves nothing behind.
"""

from __future__ import annotations

from typing import Callable, Optional

Progress = Callable[[int, Optional[int], str], None]


def no_progress(done: int, total: int | None, stage: str) -> None:  # noqa: ARG001
    """The default callback: ignores everything."""


class Throttled:
    """Wraps a callback so it is called at most every ``every`` units (plus the last one)."""

    def __init__(self, progress: Progress, every: int = 1000) -> None:
        self._progress = progress
        self._every = every
        self._last = -every

    def __call__(self, done: int, total: int | None, stage: str) -> None:
        if done - self._last >= self._every or (total is not None and done >= total):
            self._last = done
            self._progress(done, total, stage)
