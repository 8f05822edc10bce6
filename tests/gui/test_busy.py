"""BusyDialog: the status line, busy bar, buttons and worker callbacks the backups, duplicates and
import-history dialogs share."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QLabel, QProgressBar, QPushButton, QVBoxLayout

from outreach.gui.backups_dialog import BackupsDialog
from outreach.gui.busy import BusyDialog, flat_list
from outreach.gui.duplicates_dialog import DuplicatesDialog
from outreach.gui.import_history_dialog import ImportHistoryDialog


class Dialog(BusyDialog):
    def __init__(self) -> None:
        super().__init__()
        self.updates = 0
        layout = QVBoxLayout(self)
        self.list = flat_list(self, "thingsList", "Things", ["One", "Two"])
        layout.addWidget(self.list)
        layout.addLayout(self._status_row("things", max_height=14))
        layout.addWidget(self._button_box("things"))
        self.go_button = self._button("&Go", "goButton", "Go on")
        self.close_button = self._close_button()
        self.calls: list[tuple[str, object]] = []

    def _update_buttons(self) -> None:
        self.updates += 1
        self.go_button.setEnabled(not self.busy.isVisibleTo(self))

    def start(self, func: Any) -> None:
        self._set_busy(True, "Working…")
        self._run(func, lambda result: self.calls.append(("done", result)),
                  lambda: self.calls.append(("failed", None)),
                  always=lambda result: self.calls.append(("always", result)),
                  closed=lambda result: self.calls.append(("closed", result)))


def test_the_shared_widgets(qtbot: Any) -> None:
    dialog = Dialog()
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "thingsStatus") is dialog.status
    busy = dialog.findChild(QProgressBar, "thingsBusy")
    assert busy is dialog.busy and busy.isHidden() and (busy.minimum(), busy.maximum()) == (0, 0)
    assert busy.maximumHeight() == 14 and busy.maximumWidth() == 160 and busy.accessibleName() == "Working"
    assert dialog.findChild(QDialogButtonBox, "thingsButtons") is dialog.buttons
    go = dialog.findChild(QPushButton, "goButton")
    assert go is dialog.go_button and go.toolTip() == go.accessibleDescription() == "Go on"
    assert not go.autoDefault()
    assert dialog.findChild(QPushButton, "closeButton") is dialog.close_button
    assert dialog.list.objectName() == "thingsList" and dialog.list.headerItem().text(1) == "Two"
    assert dialog.list.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert not dialog.list.rootIsDecorated()
    dialog.open()
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_done_runs_while_the_dialog_is_there(qtbot: Any) -> None:
    dialog = Dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start(lambda: 42)
    assert dialog.calls == [("always", 42), ("done", 42)]
    assert dialog.busy.isVisible() and dialog.status.text() == "Working…" and not dialog.go_button.isEnabled()
    dialog._set_busy(False)
    assert not dialog.busy.isVisible() and dialog.status.text() == "Working…" and dialog.go_button.isEnabled()


def test_a_failure_is_reported(qtbot: Any, reported_errors: list[BaseException]) -> None:
    dialog = Dialog()
    qtbot.addWidget(dialog)
    problem = RuntimeError("no")

    def fail() -> None:
        raise problem

    dialog.start(fail)
    assert dialog.calls == [("failed", None)]
    assert reported_errors == [problem]
    reported_errors.clear()


def test_after_the_dialog_went_only_always_and_closed_run(qtbot: Any, reported_errors: list[BaseException]) -> None:
    dialog = Dialog()
    assert dialog._alive()
    shiboken6.delete(dialog)  # as when it was closed with WA_DeleteOnClose while the task ran
    assert not dialog._alive()
    dialog._run(lambda: 7, lambda result: dialog.calls.append(("done", result)),
                lambda: dialog.calls.append(("failed", None)),
                always=lambda result: dialog.calls.append(("always", result)),
                closed=lambda result: dialog.calls.append(("closed", result)))
    problem = RuntimeError("late")

    def fail() -> None:
        raise problem

    dialog._run(fail, lambda result: dialog.calls.append(("done", result)),
                lambda: dialog.calls.append(("failed", None)))
    assert dialog.calls == [("always", 7), ("closed", 7)]
    assert reported_errors == [problem]
    reported_errors.clear()


def test_the_dialogs_are_busy_dialogs() -> None:
    for dialog in (BackupsDialog, DuplicatesDialog, ImportHistoryDialog):
        assert issubclass(dialog, BusyDialog)
        assert dialog._run is BusyDialog._run and dialog._alive is BusyDialog._alive
