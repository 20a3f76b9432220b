"""Run work off the UI thread and hand the result back on it.

Modelled on Anki's CollectionOp: `tasks.run(fn, on_done=...)` runs `fn` on a worker thread;
`on_done(result)` or `on_error(exception)` then run on the UI thread through queued signals.
Writes go to a single worker (SQLite allows one writer), reads to a small pool. Long jobs
take a `TaskContext` to report progress and notice cancellation. Nothing in `fn` may touch a
widget.

The workers are plain Python threads (`concurrent.futures`), and the only Qt object they
touch is the runner's long-lived hub, whose signals are queued to the UI thread. Per-job Qt
objects (a QRunnable, a signals QObject) created here and deleted there made the process
crash now and then, in C++ with no Python frame, under load.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from caseworker_app.errors import CaseworkerError

log = logging.getLogger(__name__)


class Cancelled(Exception):  # noqa: N818 - reads better than CancelledError at call sites
    """Raised inside a job when the person pressed Cancel."""


class TaskContext:
    """Given to long jobs: report progress, and check whether to stop."""

    def __init__(self, hub: _Hub, job_id: int) -> None:
        self._hub, self._job_id = hub, job_id
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        """Tell the UI how far the job has got (`done` of `total`)."""
        self._hub.progressed.emit(self._job_id, done, total, message)

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


class _Hub(QObject):
    """The one object workers emit through, living as long as its runner.

    Workers never hold a QObject that the UI thread may delete: a per-job signals object,
    destroyed on the UI thread while the worker was still letting go of it, crashed the
    process now and then (a segfault with no Python frame).
    """

    succeeded = Signal(int, object)  # job id, the job's result
    failed = Signal(int, object)  # job id, the exception
    progressed = Signal(int, int, int, str)  # job id, done, total, message


def _run_job(fn: Callable[[TaskContext], Any], hub: _Hub, job_id: int,
             context: TaskContext) -> None:
    """On a worker: run the job and send its result (or failure) to the UI thread."""
    try:
        result = fn(context)
    except Exception as exc:  # handed to the UI thread, which decides how to show it
        if not isinstance(exc, Cancelled | CaseworkerError):  # expected: shown, not logged
            log.exception("background task failed")
        hub.failed.emit(job_id, exc)
    else:
        hub.succeeded.emit(job_id, result)


class Task(QObject):
    """A running job: connect to `progressed`; call `cancel()` to stop it.

    A QObject of the UI thread: the runner hands it the worker's results there, so the
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

    def _succeeded(self, result: Any) -> None:
        try:
            if self._on_done is not None and _alive(self._on_done):
                self._on_done(result)
        finally:
            self._finish()

    def _failed(self, exc: Exception) -> None:
        try:
            if isinstance(exc, Cancelled):
                pass
            elif self._on_error is not None:
                if _alive(self._on_error):
                    self._on_error(exc)
            else:
                self._runner.error_raised.emit(exc)
        finally:
            self._finish()

    def _finish(self) -> None:
        self.finished.emit()
        self.deleteLater()


class TaskRunner(QObject):
    """Owns the worker threads of one window."""

    error_raised = Signal(Exception)  # a job failed and its caller gave no on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="caseworker-write")
        self._readers = ThreadPoolExecutor(2, thread_name_prefix="caseworker-read")
        self._futures: set[Future[None]] = set()
        self._hub = _Hub(self)
        # Going (its window closed, or collected in a test): let running jobs finish before
        # the hub they answer through goes with it (destroyed() comes before the children
        # are deleted), then end the idle threads. Not a method: self is half gone by then.
        self.destroyed.connect(partial(_wind_down, self._futures, self._writer, self._readers))
        self._hub.succeeded.connect(self._succeeded)
        self._hub.failed.connect(self._failed)
        self._hub.progressed.connect(self._progressed)
        self._running: dict[int, Task] = {}
        self._next_id = 0

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
        self._next_id += 1
        job_id = self._next_id
        context = TaskContext(self._hub, job_id)
        task = Task(self, context, on_done, on_error)
        self._running[job_id] = task
        pool = self._writer if write else self._readers
        future = pool.submit(_run_job, fn, self._hub, job_id, context)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return task

    @Slot(int, object)
    def _succeeded(self, job_id: int, result: Any) -> None:
        task = self._running.pop(job_id, None)
        if task is not None:
            task._succeeded(result)

    @Slot(int, object)
    def _failed(self, job_id: int, exc: Exception) -> None:
        task = self._running.pop(job_id, None)
        if task is not None:
            task._failed(exc)

    @Slot(int, int, int, str)
    def _progressed(self, job_id: int, done: int, total: int, message: str) -> None:
        task = self._running.get(job_id)
        if task is not None:
            task.progressed.emit(done, total, message)

    def wait(self) -> None:
        """Block until every job has finished (used when the window closes)."""
        wait_for(list(self._futures))


def _alive(callback: Callable[..., Any]) -> bool:
    """False when `callback` is a method of a widget deleted while the job ran (a screen
    closed, a dialog gone): its answer has nowhere to go."""
    while isinstance(callback, partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def _wind_down(futures: set[Future[None]], *pools: ThreadPoolExecutor) -> None:
    wait_for(list(futures))
    for pool in pools:
        pool.shutdown(wait=False)
