"""Dialogs that run service calls off the GUI thread (backups, duplicates, import history).

:class:`BusyDialog` gives them what they share: a status line with an indeterminate busy bar beside
it, a button box of action buttons with Close, and :meth:`BusyDialog._run`, which hands a task to the
worker and calls back into the dialog only while it still exists (it may be closed meanwhile); a
failure is always reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QWidget,
)

from outreach.gui.errors import report
from outreach.gui.worker import run_task

T = TypeVar("T")


def flat_list(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    """A list with columns (no tree), one item selectable at a time; the caller sizes the columns."""
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setStretchLastSection(False)
    return tree


class BusyDialog(QDialog):
    """Subclasses build their widgets with `_status_row` and `_button_box`, and say in `_update_buttons`
    what can be used (called whenever the busy state changes)."""

    status: QLabel
    busy: QProgressBar
    buttons: QDialogButtonBox
    _last_button: QPushButton

    # -- building ---------------------------------------------------------------------------------
    def _status_row(self, name: str, max_height: int = 0) -> QHBoxLayout:
        """`status` (`{name}Status`), and beside it `busy` (`{name}Busy`), hidden until something runs."""
        row = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName(f"{name}Status")
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.busy = QProgressBar(self)
        self.busy.setObjectName(f"{name}Busy")
        self.busy.setAccessibleName("Working")
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        if max_height:
            self.busy.setMaximumHeight(max_height)
        self.busy.setVisible(False)
        row.addWidget(self.busy)
        return row

    def _button_box(self, name: str) -> QDialogButtonBox:
        """`buttons` (`{name}Buttons`): add the action buttons with `_button`, then `_close_button`."""
        self.buttons = QDialogButtonBox(self)
        self.buttons.setObjectName(f"{name}Buttons")
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        button.setAutoDefault(False)
        self._last_button = button  # see _alive
        return button

    def _close_button(self) -> QPushButton:
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("closeButton")
        return close

    # -- running ----------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        """Enable what can be used now."""

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy.setVisible(busy)
        if text:
            self.status.setText(text)
        self._update_buttons()

    def _alive(self) -> bool:
        """False once the dialog has been deleted, or is being deleted.

        While it goes, its buttons are deleted before the dialog and the button box are: the last action
        button made tells.
        """
        return shiboken6.isValid(self) and shiboken6.isValid(self._last_button)

    def _run(self, func: Callable[[], T], done: Callable[[T], None], failed: Callable[[], None], *,
             always: Callable[[T], None] | None = None, closed: Callable[[T], None] | None = None) -> None:
        """Run `func` off the GUI thread.

        Its result goes to `always` first (even when the dialog was closed meanwhile), then to `done`
        if the dialog is still there, else to `closed`. A failure goes to `failed` if the dialog is
        still there, and is reported in any case.
        """
        alive = self._alive

        def on_done(result: Any) -> None:
            if always is not None:
                always(result)
            if alive():
                done(result)
            elif closed is not None:
                closed(result)

        def on_failed(error: BaseException) -> None:
            if alive():
                failed()
            report(error)

        run_task(func, on_done, on_failed)
