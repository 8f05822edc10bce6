"""Running slow work off the GUI thread (imports, exports, big queries).

`run_task(func, on_done)` runs `func()` on a QThreadPool and calls `on_done(result)` back on the GUI
thread; a failure goes to `on_error` (default: the error reporter). Worker code must never touch
widgets. Tests call `set_synchronous(True)` to run tasks inline (cf. Picard's run_task).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from outreach.gui.errors import report

_synchronous = False
_pending: set[_Signals] = set()


def set_synchronous(value: bool) -> bool:
    """Run tasks inline (for tests); returns the previous setting."""
    global _synchronous
    previous, _synchronous = _synchronous, value
    return previous


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, func: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._func = func
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._func()
        except BaseException as error:  # handed to the GUI thread, never lost
            self._signals.failed.emit(error)
        else:
            self._signals.done.emit(result)


def run_task(func: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] = report, pool: QThreadPool | None = None) -> None:
    if _synchronous:
        try:
            result = func()
        except Exception as error:
            on_error(error)
        else:
            on_done(result)
        return
    signals = _Signals()  # lives on the GUI thread, so its signals are delivered there
    _pending.add(signals)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _pending.discard(signals)
        try:
            callback(value)
        except Exception as error:
            report(error)

    signals.done.connect(lambda value: finish(on_done, value))
    signals.failed.connect(lambda error: finish(on_error, error))
    (pool or QThreadPool.globalInstance()).start(_Task(func, signals))


def wait_for_tasks(msecs: int = 10000, pool: QThreadPool | None = None) -> bool:
    return (pool or QThreadPool.globalInstance()).waitForDone(msecs)
