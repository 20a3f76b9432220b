"""Guards against a Qt binding that would crash the app in normal use.

PySide6 6.12.0 released one reference to Python's True on every signal emit, so the app
aborted ("bool_dealloc") after a few thousand emits. setup.cfg excludes it; this test
fails if an upgrade brings such a leak back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(int)


def test_signal_emit_keeps_reference_counts_of_true_and_none(qapp) -> None:
    emitter = _Emitter()
    received = []
    emitter.happened.connect(received.append)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(500):
        emitter.happened.emit(i)
    assert len(received) == 500
    assert sys.getrefcount(True) - before_true > -50
    assert sys.getrefcount(None) - before_none > -50
