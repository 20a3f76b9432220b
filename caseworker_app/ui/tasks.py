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

Who lets go of what, and where, matters as much. A job's function, callbacks and answer can
hold the last reference to a widget, or to a runner made without a parent (a test's
`TaskRunner()`), and PySide deletes a Python-owned QObject's C++ side the moment that last
reference goes, on whatever thread and in whatever destructor that happens. So:

* the UI thread, not the worker, lets go of a job's function and answer: the worker leaves
  the answer on the job and drops its own references before it signals;
* a `Task` (a Qt child of its runner) holds no callback and no reference to its runner.
  PySide 6.11.3 frees a deleted QObject's Python wrapper (its attributes with it) before
  Qt takes the object out of its parent's children; when a finished Task's wrapper held the
  last reference to its runner, the runner was deleted inside the Task's destructor and
  deleted the Task a second time (a segfault in `QObject::~QObject` under a DeferredDelete,
  6 runs in 90 of the caseload tests six at a time; or heap corruption found later by an
  exiting worker thread, in `tcache_thread_shutdown`, with no Python frame);
* a runner Python owns is never deleted where its last reference went: `__del__` hands it
  to `deleteLater`, so it goes on the UI thread, between events.
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

    answered = Signal(int)  # job id: its outcome is waiting on the job
    progressed = Signal(int, int, int, str)  # job id, done, total, message


class _Job:
    """One job, shared by the UI thread (`TaskRunner._running`) and its worker.

    The worker runs `fn` and leaves `outcome`; the UI thread takes the outcome and empties
    the job, so what the job holds is always let go of on the UI thread.
    """

    __slots__ = ("context", "fn", "job_id", "on_done", "on_error", "outcome", "task")

    def __init__(self, job_id: int, fn: Callable[[TaskContext], Any], context: TaskContext,
                 on_done: Callable[[Any], None] | None,
                 on_error: Callable[[Exception], None] | None) -> None:
        self.job_id, self.fn, self.context = job_id, fn, context
        self.on_done, self.on_error = on_done, on_error
        self.outcome: tuple[bool, Any] | None = None  # (succeeded, result or exception)
        self.task: Task | None = None

    def take(self) -> tuple[bool, Any, Callable[..., None] | None, Task | None]:
        """On the UI thread, once answered: empty the job and give back what it held."""
        assert self.outcome is not None, "taken before the worker answered"
        (ok, value), task = self.outcome, self.task
        callback = self.on_done if ok else self.on_error
        self.fn = self.on_done = self.on_error = self.outcome = self.task = None
        return ok, value, callback, task


def _run_job(job: _Job, hub: _Hub) -> None:
    """On a worker: run the job, leave its outcome on it and tell the UI thread.

    The worker lets go of everything but the hub before it signals: once the UI thread has
    the answer it may drop its own references at any moment, and the last one must not be
    the worker's (that would delete a Python-owned widget or runner on this thread).
    """
    try:
        outcome = (True, job.fn(job.context))
    except Exception as exc:  # handed to the UI thread, which decides how to show it
        if not isinstance(exc, Cancelled | CaseworkerError):  # expected: shown, not logged
            log.exception("background task failed")
        outcome = (False, exc)
    job.outcome, job_id = outcome, job.job_id
    del outcome, job  # also keeps them out of the traceback's frame
    hub.answered.emit(job_id)


class Task(QObject):
    """A running job: connect to `progressed`; call `cancel()` to stop it.

    A QObject of the UI thread, and a child of its runner. It holds no callback and no
    reference to the runner (see the module notes): freeing it must never free its parent.
    """

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, runner: TaskRunner, context: TaskContext) -> None:
        super().__init__(runner)
        self._context = context

    def cancel(self) -> None:
        """Ask the job to stop."""
        self._context.cancel()

    def _finish(self) -> None:
        self.finished.emit()
        self.deleteLater()


_LET_GO: dict[int, TaskRunner] = {}  # runners Python let go of, until the UI thread deletes them


class TaskRunner(QObject):
    """Owns the worker threads of one window.

    Give it a parent (its window), or let go of it: a runner Python owns is deleted through
    `deleteLater`, on the UI thread, never where its last reference happened to go.
    """

    error_raised = Signal(Exception)  # a job failed and its caller gave no on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="caseworker-write")
        self._readers = ThreadPoolExecutor(2, thread_name_prefix="caseworker-read")
        self._futures: set[Future[None]] = set()
        self._running: dict[int, _Job] = {}
        self._next_id = 0
        self._hub = _Hub(self)
        # Going (its window closed, or let go of): let running jobs finish before the hub
        # they answer through goes with it (destroyed() comes before the children are
        # deleted), then end the idle threads. Not a method: self is half gone by then.
        self.destroyed.connect(partial(_wind_down, id(self), self._futures, self._running,
                                       self._writer, self._readers))
        self._hub.answered.connect(self._answered)
        self._hub.progressed.connect(self._progressed)

    def __del__(self) -> None:
        """Python let go of the runner: if Python owns it (no parent), have the UI thread
        delete it, not this thread at this moment.

        The last reference to a test's parentless runner often goes in Python's cycle
        collector, which runs on whichever thread allocates: a reader thread mid-query, for
        about one runner in six in the plan tab tests. Deleted there, the runner raced the
        UI thread (which was delivering the runner's own queued destroyed() to it) and the
        process crashed in `QObject::event`. So the runner is kept (Python lets an object
        outlive `__del__`) until `deleteLater` has run on its own thread; `_wind_down`
        lets go of it then.
        """
        if shiboken6.isValid(self) and shiboken6.ownedByPython(self):
            _LET_GO[id(self)] = self
            self.deleteLater()

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
        job = _Job(self._next_id, fn, TaskContext(self._hub, self._next_id), on_done, on_error)
        job.task = task = Task(self, job.context)
        self._running[job.job_id] = job
        pool = self._writer if write else self._readers
        future = pool.submit(_run_job, job, self._hub)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return task

    @Slot(int)
    def _answered(self, job_id: int) -> None:
        job = self._running.pop(job_id, None)
        if job is None:
            return
        ok, value, callback, task = job.take()
        try:
            if ok:
                if callback is not None and _alive(callback):
                    callback(value)
            elif isinstance(value, Cancelled):
                pass
            elif callback is None:
                self.error_raised.emit(value)
            elif _alive(callback):
                callback(value)
        finally:
            if task is not None:
                task._finish()

    @Slot(int, int, int, str)
    def _progressed(self, job_id: int, done: int, total: int, message: str) -> None:
        job = self._running.get(job_id)
        if job is not None and job.task is not None:
            job.task.progressed.emit(done, total, message)

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


def _wind_down(key: int, futures: set[Future[None]], running: dict[int, _Job],
               *pools: ThreadPoolExecutor) -> None:
    wait_for(list(futures))
    running.clear()  # unanswered jobs' functions and callbacks go here, on the UI thread
    for pool in pools:
        pool.shutdown(wait=False)
    _LET_GO.pop(key, None)  # its wrapper, if Python had let go of it: C++ is gone already
