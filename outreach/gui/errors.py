"""One place where errors end up: user errors are shown, bugs are logged with traceback and shown.

PySide prints and swallows exceptions raised in slots; wrap slots with :func:`guarded` and call
:func:`install_excepthook` once so nothing dies silently. Tests swap the handler with
:func:`set_error_handler` and inspect what it received.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
import traceback
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from outreach.errors import UserError

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], None]
F = TypeVar("F", bound=Callable[..., Any])

_open_boxes: list[QMessageBox] = []


def show_error_dialog(error: BaseException) -> None:
    """A non-modal message box (opened with `open()`, so nothing blocks on it)."""
    parent: QWidget | None = QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    if isinstance(error, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Outreach")
        box.setText(str(error))
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Outreach — unexpected error")
        box.setText(f"Something went wrong: {type(error).__name__}: {error}")
        box.setInformativeText("The window is still usable. Details were written to the log.")
        box.setDetailedText("".join(traceback.format_exception(error)))
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()


_handler: ErrorHandler = show_error_dialog

# Windows that show a "server cannot be reached" banner instead of a modal box (weak references,
# so a closed window is simply skipped). A handler returns True when it took care of the error.
_connection_handlers: list[weakref.WeakMethod[Callable[[BaseException], bool]]] = []


def is_connection_error(error: BaseException) -> bool:
    """A dropped or unreachable server: worth retrying, never a bug and never a modal box."""
    from outreach.store.errors import ServerUnreachableError, TransientError

    return isinstance(error, ServerUnreachableError | TransientError)


def add_connection_handler(handler: Callable[[BaseException], bool]) -> None:
    """Route connection errors to `handler` (a bound method, held weakly) instead of the error box."""
    _connection_handlers.append(weakref.WeakMethod(handler))


def remove_connection_handler(handler: Callable[[BaseException], bool]) -> None:
    _connection_handlers[:] = [ref for ref in _connection_handlers if ref() not in (None, handler)]


def _handled_as_connection_error(error: BaseException) -> bool:
    if not is_connection_error(error):
        return False
    for ref in list(reversed(_connection_handlers)):
        handler = ref()
        if handler is None:
            continue
        try:
            if handler(error):
                return True
        except Exception:
            log.exception("connection handler failed")
    return False


def set_error_handler(handler: ErrorHandler) -> ErrorHandler:
    """Replace what is done with an error (tests record them); returns the previous handler."""
    global _handler
    previous, _handler = _handler, handler
    return previous


def report(error: BaseException) -> None:
    """Log the error (with traceback if it is a bug) and hand it to the handler.

    A lost or unreachable server goes to the window's connection banner when one is listening.
    """
    if _handled_as_connection_error(error):
        log.info("database server problem: %s", error)
        return
    if isinstance(error, UserError):
        log.info("user error: %s", error)
    else:
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    try:
        _handler(error)
    except Exception:  # the handler itself must never take the window down
        log.exception("error handler failed")


def _positional_limit(func: Callable[..., Any]) -> int | None:
    """How many positional arguments `func` takes (None: any number)."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def guarded(func: F) -> F:
    """Decorate a slot: an exception is reported instead of being printed and swallowed by Qt.

    Extra arguments a signal sends (`triggered(bool)`) are dropped if the slot does not take them.
    """
    limit = _positional_limit(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if limit is not None:
            args = args[:limit]
        try:
            return func(*args, **kwargs)
        except Exception as error:
            report(error)
            return None

    wrapper.__guarded__ = True  # type: ignore[attr-defined]  # tests/gui/test_slot_guard.py looks for it
    return wrapper  # type: ignore[return-value]



def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if error.__traceback__ is None:
        error = error.with_traceback(tb)
    report(error)


def install_excepthook() -> None:
    """Route uncaught exceptions (also those from unguarded slots) to :func:`report`."""
    sys.excepthook = _excepthook
