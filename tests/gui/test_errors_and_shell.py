"""Error handling, shortcuts, keyboard access, remembered layout, the worker and the program entry."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox, QPushButton, QWidget

from outreach.errors import UserError
from outreach.gui import app as gui_app
from outreach.gui import create_window, errors, worker


def test_an_exception_in_a_slot_is_reported_and_the_app_lives_on(window: Any,
                                                                reported_errors: list[BaseException]) -> None:
    button = QPushButton("Boom", window)

    @errors.guarded
    def explode() -> None:
        raise RuntimeError("kaboom")

    button.clicked.connect(explode)  # clicked(bool) is passed on only if the slot takes it
    button.click()
    assert [str(e) for e in reported_errors] == ["kaboom"]
    assert window.isVisible()
    window.contacts.search_field.setText("beat:climate")  # still works
    assert window.contacts.model.rowCount() > 0
    reported_errors.clear()


def test_a_failing_service_call_inside_a_window_slot_is_reported(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                                 reported_errors: list[BaseException]) -> None:
    from outreach.services import contacts as contact_service

    def broken(*_args: object, **_kwargs: object) -> None:
        raise UserError("the database is locked")

    monkeypatch.setattr(contact_service, "search", broken)
    window.contacts.search_field.setText("smith")
    assert [str(e) for e in reported_errors] == ["the database is locked"]
    assert window.isVisible()
    reported_errors.clear()


def test_the_excepthook_routes_uncaught_errors_to_the_handler(reported_errors: list[BaseException],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    try:
        raise ValueError("uncaught")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert [type(e) for e in reported_errors] == [ValueError]
    reported_errors.clear()


def test_the_default_handler_shows_a_non_modal_message_box(qtbot: Any) -> None:
    errors.show_error_dialog(RuntimeError("bug in a slot"))  # returns at once: open(), not exec()
    bug = errors._open_boxes[-1]
    assert bug.isVisible() and "bug in a slot" in bug.text()
    assert "RuntimeError" in bug.detailedText()
    errors.show_error_dialog(UserError("disk full"))
    user = errors._open_boxes[-1]
    assert user.isVisible() and user.text() == "disk full" and not user.detailedText()
    for box in (bug, user):
        box.done(0)
    assert bug not in errors._open_boxes and user not in errors._open_boxes


def test_keyboard_shortcuts(window: Any, qtbot: Any) -> None:
    shortcuts = {a.text(): a.shortcut().toString() for a in
                 (window.new_action, window.find_action, window.delete_action, window.undo_action,
                  window.redo_action, window.quit_action)}
    assert shortcuts["&New Contact…"] == "Ctrl+N"
    assert shortcuts["&Find"] == "Ctrl+F"
    assert shortcuts["Move to &Trash"] == "Del"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert shortcuts["&Quit"] == "Ctrl+Q"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.contacts.view.setFocus()
    qtbot.keyClick(window.contacts.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.findChild(QLineEdit, "searchField")


def test_menus_follow_platform_conventions(window: Any) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]


def test_every_focusable_control_has_an_accessible_name(window: Any) -> None:
    missing = []
    for widget in window.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            continue
        if not widget.accessibleName() and widget.objectName() != "qt_scrollarea_viewport":
            missing.append(f"{type(widget).__name__}:{widget.objectName()}")
    assert not missing


def test_layout_and_column_widths_are_remembered(window: Any, db_url: str, qtbot: Any) -> None:
    window.contacts.view.setColumnWidth(1, 333)
    window.contacts.setSizes([700, 400])
    sizes = window.contacts.sizes()
    window.close()
    again = create_window(db_url)
    qtbot.addWidget(again)
    assert again.contacts.view.columnWidth(1) == 333
    again.resize(window.size())
    again.show()
    assert again.contacts.sizes() == sizes
    again.close()
    again.db.close()


def test_worker_runs_off_the_gui_thread_and_answers_on_it(qtbot: Any) -> None:
    worker.set_synchronous(False)
    threads: list[threading.Thread] = []
    answers: list[tuple[int, threading.Thread]] = []

    def work() -> int:
        threads.append(threading.current_thread())
        return 42

    worker.run_task(work, lambda value: answers.append((value, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(answers))
    assert answers == [(42, threading.main_thread())]
    assert threads[0] is not threading.main_thread()


def test_worker_failures_reach_the_error_handler(qtbot: Any, reported_errors: list[BaseException]) -> None:
    worker.set_synchronous(False)

    def work() -> None:
        raise UserError("export failed: disk full")

    worker.run_task(work, lambda _value: None)
    qtbot.waitUntil(lambda: bool(reported_errors))
    assert str(reported_errors[0]) == "export failed: disk full"
    reported_errors.clear()


def test_run_shows_a_message_and_exits_1_when_the_database_cannot_be_opened(
        qapp: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    bad = tmp_path / "not-a-db.db"
    bad.write_text("this is not a database at all" * 100)
    assert gui_app.run(str(bad)) == 1
    assert shown and "Cannot open the database" in shown[0]


def test_icons_come_from_resources_and_are_optional(db_url: str, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Any) -> None:
    from outreach.gui import icons

    assert (icons.resources_dir() / "outreach.desktop").is_file()
    assert not icons.icon("trash").isNull()
    icons.icon.cache_clear()
    monkeypatch.setattr(icons, "resources_dir", lambda: tmp_path / "no-resources")  # a wheel install
    try:
        assert icons.icon("trash").isNull()
        win = create_window(db_url)
        qtbot.addWidget(win)
        win.show()
        assert win.contacts.model.rowCount() > 0
        win.close()
        win.db.close()
    finally:
        icons.icon.cache_clear()
