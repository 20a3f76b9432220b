"""Run work off the UI thread and hand the result back on it.

Modelled on Anki's CollectionOp: `tasks.run(fn, on_done=...)` runs `fn` on a worker thread;
`on_done(result)` or `on_error(exception)` then run on the UI thread through queued signals.
Writes go to a single worker (SQLite allows one writer), reads to a small pool. Long jobs
take a `TaskContext` to report progress and notice cancellation. Nothing in `fn` may touch a
widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from caseworker_app.errors import CaseworkerError

log = logging.getLogger(__name__)


class Cancelled(Exception):  # noqa: N818 - reads better than CancelledError at call sites
    """Raised inside a job when the person pressed Cancel."""


class TaskContext:
    """Given to long jobs: report progress, and check whether to stop."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        """Tell the UI how far the job has got (`done` of `total`)."""
        self._signals.progressed.emit(done, total, message)

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once Cancel was pressed."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if the person asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()


class _Signals(QObject):
    succeeded = Signal(object)  # the job's result, of whatever type the job returns
    failed = Signal(Exception)
    progressed = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], signals: _Signals,
                 context: TaskContext) -> None:
        super().__init__()
        self._fn, self._signals, self._context = fn, signals, context

    def run(self) -> None:
        try:
            result = self._fn(self._context)
        except Exception as exc:  # handed to the UI thread, which decides how to show it
            if not isinstance(exc, Cancelled | CaseworkerError):  # expected: shown, not logged
                log.exception("background task failed")
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class Task(QObject):
    """A running job: connect to `progressed`; call `cancel()` to stop it.

    Being a QObject of the UI thread, its slots receive the worker's signals queued, so the
    callbacks always run on the UI thread.
    """

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, runner: TaskRunner, context: TaskContext,
                 on_done: Callable[[Any], None] | None,
                 on_error: Callable[[Exception], None] | None) -> None:
        super().__init__(runner)
        self._runner, self._context = runner, context
        self._on_done, self._on_error = on_done, on_error

    def cancel(self) -> None:
        """Ask the job to stop."""
        self._context.cancel()

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self._finish()

    @Slot(Exception)
    def _failed(self, exc: Exception) -> None:
        try:
            if isinstance(exc, Cancelled):
                pass
            elif self._on_error is not None:
                self._on_error(exc)
            else:
                self._runner.error_raised.emit(exc)
        finally:
            self._finish()

    def _finish(self) -> None:
        self._runner._job_finished(self)
        self.finished.emit()
        self.deleteLater()


class TaskRunner(QObject):
    """Owns the worker threads of one window."""

    error_raised = Signal(Exception)  # a job failed and its caller gave no on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._running: dict[Task, _Signals] = {}

    @property
    def pending(self) -> int:
        """How many jobs have not yet reported back."""
        return len(self._running)

    def run(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, write: bool = False) -> Task:
        """Run a short job that needs no progress or cancel."""
        return self.run_job(lambda _ctx: fn(), on_done=on_done, on_error=on_error, write=write)

    def run_job(self, fn: Callable[[TaskContext], Any], *,
                on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[Exception], None] | None = None,
                write: bool = False) -> Task:
        """Run `fn(context)` on a worker; results come back on the UI thread."""
        signals = _Signals()
        context = TaskContext(signals)
        task = Task(self, context, on_done, on_error)
        # The task owns its signals, so they die with it on the UI thread. Left to Python, the
        # worker could drop the last reference and destroy them there while the task is being
        # deleted here, which crashes inside PySide.
        signals.setParent(task)
        self._running[task] = signals
        signals.succeeded.connect(task._succeeded)
        signals.failed.connect(task._failed)
        signals.progressed.connect(task.progressed)
        (self._writer if write else self._readers).start(_Job(fn, signals, context))
        return task

    def _job_finished(self, task: Task) -> None:
        self._running.pop(task, None)

    def wait(self) -> None:
        """Block until every job has finished (used when the window closes)."""
        self._writer.waitForDone()
        self._readers.waitForDone()
