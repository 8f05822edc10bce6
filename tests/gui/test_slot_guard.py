"""Every slot ends in the error handler: nothing a user can trigger dies silently or takes the window down.

Two checks:
* structural -- every QAction of the main window is made with `MainWindow._action` and connected to a
  slot wrapped by `errors.guarded` (or a Qt method, or one that calls nothing); an action made any
  other way fails the test until it is listed here with the reason it is safe;
* behavioural -- with every service function raising RuntimeError, each action, the search field,
  the contacts view's selection and every button of the duplicates and backups dialogs is used; each
  error must reach the handler (logged with its traceback) and the window must keep working.
  pytest-qt fails the test if an exception escapes a slot instead.
"""

from __future__ import annotations

import inspect
import logging
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu, QMessageBox, QPushButton, QToolBar, QWidget

from outreach.domain.contact import ContactInput, EmailInput
from outreach.gui import commands, create_window
from outreach.gui.backups_dialog import BackupsDialog
from outreach.gui.contacts_page import ContactsPage
from outreach.gui.duplicates_dialog import DuplicatesDialog
from outreach.gui.main_window import MainWindow
from outreach.services import backups as backup_service
from outreach.services import contacts as contact_service

INJECTED = "injected fault"


def is_guarded(slot: object) -> bool:
    return bool(getattr(slot, "__guarded__", False))


def is_safe(slot: object) -> bool:
    """Guarded, a Qt (C++) method, or a function that calls nothing at all (`lambda: None`)."""
    if is_guarded(slot) or isinstance(slot, types.BuiltinMethodType):
        return True
    code = getattr(slot, "__code__", None)
    return code is not None and not code.co_names


def qt_owned(window: MainWindow) -> set[QAction]:
    """Actions Qt makes itself: menus' own actions, separators, toolbar toggles, line-edit buttons."""
    owned: set[QAction] = set()
    for action in window.findChildren(QAction):
        parent = action.parent()
        if action.isSeparator() or action.menu() is not None or isinstance(parent, QLineEdit | QMenu):
            owned.add(action)
    owned.update(bar.toggleViewAction() for bar in window.findChildren(QToolBar))
    return owned


def test_every_action_of_the_window_is_connected_to_a_guarded_slot(qtbot: Any, db_url: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[QAction, object] = {}
    real = MainWindow._action

    def recording(self: MainWindow, text: str, slot: object, *args: Any, **kwargs: Any) -> QAction:
        action = real(self, text, slot, *args, **kwargs)
        made[action] = slot
        return action

    monkeypatch.setattr(MainWindow, "_action", recording)
    window = create_window(db_url)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)

    # Actions whose triggered() goes to Qt, which in turn calls a guarded slot (or a QUndoCommand,
    # whose undo/redo report their own errors: commands._ContactCommand._run).
    indirect = {window.undo_action: "QUndoStack.undo", window.redo_action: "QUndoStack.redo"}
    indirect.update({a: "navigation.setCurrentRow -> MainWindow._on_page" for a in window.page_actions})
    assert is_guarded(window._on_page)

    problems = []
    owned = qt_owned(window)
    for action in window.findChildren(QAction):
        name = action.text().replace("&", "") or action.objectName()
        if action in owned or action in indirect:
            continue
        if action not in made:
            problems.append(f"{name}: not made with MainWindow._action (or list it here with why it is safe)")
        elif not is_safe(made[action]):
            problems.append(f"{name}: slot {made[action]!r} is not wrapped by errors.guarded")
    assert not problems, "\n".join(problems)
    assert window.duplicates_action in made and window.backups_action in made  # the check did see them
    assert len(made) >= 18
    window.close()
    window.db.close()


def test_the_known_signal_slots_are_guarded() -> None:
    for slot in (ContactsPage._on_search, ContactsPage._on_selection, ContactsPage._on_trash_toggled,
                 ContactsPage._on_activated, MainWindow._update_actions, MainWindow._update_status,
                 MainWindow._on_page, MainWindow._on_trash_mode, MainWindow.edit_contact,
                 DuplicatesDialog._on_current, DuplicatesDialog._on_undo_stack, DuplicatesDialog.merge_into_left,
                 DuplicatesDialog.merge_into_right, DuplicatesDialog.mark_not_duplicate, DuplicatesDialog.skip,
                 DuplicatesDialog.reload, BackupsDialog.back_up_now, BackupsDialog.ask_restore,
                 BackupsDialog.restore, BackupsDialog.show_folder, BackupsDialog._on_current):
        assert is_guarded(slot), slot.__qualname__


# -- behaviour: everything failing ---------------------------------------------------------------------

def service_functions() -> Iterator[tuple[types.ModuleType, str]]:
    import outreach.services as package

    for name, module in list(sys.modules.items()):
        if not name.startswith(package.__name__ + ".") or module is None:
            continue
        for attr, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == name and not attr.startswith("_"):
                yield module, attr


def break_services(monkeypatch: pytest.MonkeyPatch) -> int:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(INJECTED)

    count = 0
    for module, attr in service_functions():
        monkeypatch.setattr(module, attr, broken)
        count += 1
    return count


def close_dialogs(window: QWidget) -> None:
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and isinstance(widget, QDialog):
            widget.close()
    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            dialog.close()


def check_reported(reported: list[BaseException], caplog: pytest.LogCaptureFixture, what: str) -> int:
    """All reported errors are the injected fault, each logged with its traceback; returns how many."""
    assert all(isinstance(e, RuntimeError) and str(e) == INJECTED for e in reported), (what, reported)
    logged = [r for r in caplog.records if r.name == "outreach.gui.errors" and r.levelno == logging.ERROR]
    assert len(logged) == len(reported), what
    assert all(r.exc_info and r.exc_info[1] is e for r, e in zip(logged, reported, strict=True)), what
    count = len(reported)
    reported.clear()
    caplog.clear()
    return count


@pytest.fixture
def pair(window: Any) -> tuple[int, int]:
    a = contact_service.add_contact(window.db, ContactInput(display_name="Ann Twice", organization="Same Org",
                                                            emails=[EmailInput("ann@twice.example")]))
    b = contact_service.add_contact(window.db, ContactInput(display_name="Ann Twice", organization="Same Org",
                                                            emails=[EmailInput("ann@twice.example")]))
    return a.id, b.id


def test_every_action_with_every_service_failing_ends_in_the_error_handler(
        window: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        reported_errors: list[BaseException]) -> None:
    caplog.set_level(logging.INFO, logger="outreach")
    window.contacts.view.selectRow(0)  # so that actions on the selection have something to act on
    first = window.contacts.selected_ids()[0]
    window.undo_stack.push(commands.TrashContacts(window.db, [first], window._changed))  # for Undo and Redo
    assert break_services(monkeypatch) > 20
    monkeypatch.setattr(QMessageBox, "about", lambda *_args: None)  # a blocking box

    failed_in: dict[str, int] = {}
    actions = [a for a in window.findChildren(QAction) if a not in qt_owned(window) and a is not window.quit_action]
    for action in actions:
        action.setEnabled(True)  # the guard matters even where the action is normally disabled
        action.trigger()
        QApplication.processEvents()
        close_dialogs(window)
        failed_in[action.text().replace("&", "")] = check_reported(reported_errors, caplog, action.text())
        assert window.isVisible()

    # Signals of the contacts page: typing a search and selecting a row.
    window.contacts.search_field.setText("smith")
    window.contacts.view.selectRow(1)
    failed_in["search and selection"] = check_reported(reported_errors, caplog, "search")
    hit = sorted(name for name, n in failed_in.items() if n)
    # The fault is reached (and handled) in the actions that talk to the database.
    for name in ("Edit Contact…", "Move to Trash", "Mark Do Not Contact", "Restore from Trash", "Copy as BCC",
                 "Find Duplicates…", "Backups…", "Organisations", "search and selection"):
        assert name in hit, (name, hit)

    monkeypatch.undo()  # the services work again: so does the window
    window.contacts.trash_toggle.setChecked(False)  # Show Trash was among the actions
    window.contacts.search_field.setText("")
    assert window.contacts.model.rowCount() > 0
    window.quit_action.trigger()
    assert not window.isVisible()


def test_every_button_of_the_duplicates_dialog_reports_a_failing_service(
        window: Any, pair: tuple[int, int], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        reported_errors: list[BaseException]) -> None:
    window.find_duplicates()
    dialog = window.findChild(DuplicatesDialog, "duplicatesDialog")
    dialog.select_pair(*pair)
    caplog.clear()
    break_services(monkeypatch)
    buttons = [b for b in dialog.findChildren(QPushButton) if b.objectName() != "closeButton"]
    assert {b.objectName() for b in buttons} >= {"mergeLeftButton", "mergeRightButton", "notDuplicateButton",
                                                "skipButton"}
    for button in buttons:
        if not dialog.isVisible():
            break
        dialog.select_row(0)
        button.setEnabled(True)
        button.click()
        QApplication.processEvents()
        n = check_reported(reported_errors, caplog, button.objectName())
        assert n >= (0 if button.objectName() == "skipButton" else 1), button.objectName()
        assert window.undo_stack.count() == 0  # nothing half-done was pushed
    dialog.select_row(1 - dialog.current_row())  # selecting another pair reads both people
    assert check_reported(reported_errors, caplog, "select a pair") == 1
    dialog.reload()
    assert check_reported(reported_errors, caplog, "reload") == 1
    assert dialog.isVisible() and window.isVisible()


def test_every_button_of_the_backups_dialog_reports_a_failing_service(
        window: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        reported_errors: list[BaseException]) -> None:
    made = backup_service.make_backup(window.db, "manual")
    window.open_backups()
    dialog = window.findChild(BackupsDialog, "backupsDialog")
    caplog.clear()
    break_services(monkeypatch)
    for name in ("backupNowButton", "showFolderButton"):
        button = dialog.findChild(QPushButton, name)
        button.click()
        assert check_reported(reported_errors, caplog, name) == 1
    dialog.backups = [made]
    dialog.select(0)
    dialog.findChild(QPushButton, "restoreButton").click()
    confirm = dialog.findChild(QMessageBox, "restoreConfirm")
    next(b for b in confirm.buttons() if b.objectName() == "confirmRestoreButton").click()
    assert check_reported(reported_errors, caplog, "restore") >= 1
    assert dialog.isVisible() and window.isVisible() and "Nothing was restored" in dialog.status.text()


def test_view_show_trash_switches_the_list_found_by_the_guard_test(window: Any) -> None:
    """It was connected to QToolButton.setChecked, which PySide called with no argument (a TypeError)."""
    window.trash_view_action.trigger()
    assert window.contacts.trash_toggle.isChecked() and window.contacts.model.showing_trash
    window.trash_view_action.trigger()
    assert not window.contacts.trash_toggle.isChecked() and not window.contacts.model.showing_trash
