"""The task runner: work off the UI thread, answers back on it, nothing left running."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel

from caseworker_app.errors import ValidationError
from caseworker_app.ui.tasks import TaskRunner


@pytest.fixture
def runner():
    made = TaskRunner()
    yield made
    made.wait()


def test_jobs_run_off_the_ui_thread_and_answer_on_it(qtbot, runner) -> None:
    ui = threading.get_ident()
    seen = {}
    runner.run(lambda: threading.get_ident(),
               on_done=lambda worker: seen.update(worker=worker, answer=threading.get_ident()))
    qtbot.waitUntil(lambda: "answer" in seen, timeout=5000)
    assert seen["worker"] != ui and seen["answer"] == ui
    assert runner.pending == 0


def test_writes_run_one_at_a_time_in_the_order_asked(qtbot, runner) -> None:
    order, busy = [], threading.Lock()

    def write(n: int) -> int:
        assert busy.acquire(blocking=False), "two writes at once"
        try:
            order.append(n)
            return n
        finally:
            busy.release()

    for n in range(20):
        runner.run(lambda n=n: write(n), write=True)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert order == list(range(20))


def test_a_failure_goes_to_its_handler_and_progress_arrives(qtbot, runner) -> None:
    errors, progress = [], []

    def job(context) -> None:
        context.report(1, 2, "half")
        raise ValidationError({"x": "bad"})

    task = runner.run_job(job, on_error=errors.append)
    task.progressed.connect(lambda done, total, text: progress.append((done, total, text)))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValidationError)
    assert progress == [(1, 2, "half")]


def test_an_answer_for_a_widget_closed_meanwhile_is_dropped(qtbot, runner) -> None:
    label = QLabel()
    gate = threading.Event()
    runner.run(lambda: gate.wait(5) and "late", on_done=label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _valid(label), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)  # no RuntimeError raised


def _valid(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_a_runner_deleted_mid_job_waits_for_it_before_its_hub_goes(qtbot) -> None:
    gate, finished = threading.Event(), threading.Event()
    made = TaskRunner()

    def job() -> str:
        gate.wait(5)
        finished.set()
        return "done"

    made.run(job)
    threading.Timer(0.05, gate.set).start()
    made.deleteLater()
    qtbot.waitUntil(lambda: not _valid(made), timeout=5000)
    assert finished.is_set()  # deletion waited for the job, whose answer had a hub to go to
