"""File ▸ Backups…, restoring an earlier state, and the automatic backup after the window opens."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from outreach.domain.contact import ContactInput
from outreach.gui import app as gui_app
from outreach.gui import create_window, worker
from outreach.gui.backups_dialog import BackupsDialog
from outreach.services import backups as backup_service
from outreach.services import contacts as contact_service


def open_dialog(window: Any) -> BackupsDialog:
    window.backups_action.trigger()
    dialog = window.findChild(BackupsDialog, "backupsDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def shown_names(window: Any, text: str) -> list[str]:
    window.contacts.search_field.setText(text)
    model = window.contacts.model
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_back_up_now_lists_a_manual_backup(window: Any) -> None:
    dialog = open_dialog(window)
    assert dialog.table.topLevelItemCount() == 0 and "No backups yet" in dialog.status.text()
    assert not dialog.restore_button.isEnabled()
    dialog.backup_button.click()
    assert [b.reason for b in backup_service.list_backups(window.db)] == ["manual"]
    assert dialog.table.topLevelItemCount() == 1
    row = dialog.table.topLevelItem(0)
    assert row is not None and row.text(1) == "By hand" and row.text(2).endswith(("KB", "MB"))
    assert row.text(0)[:2] == "20"  # a local date and time
    assert dialog.restore_button.isEnabled() and "Backed up as" in dialog.status.text()


def test_restore_brings_back_the_earlier_state_and_reloads_the_window(window: Any, qtbot: Any) -> None:
    backup_service.make_backup(window.db, "manual")
    added = contact_service.add_contact(window.db, ContactInput(display_name="Zed Afterbackup"))
    window._changed()
    assert shown_names(window, "Afterbackup") == ["Zed Afterbackup"]
    window.contacts.select_id(added.id)
    assert "Zed Afterbackup" in window.contacts.detail.toPlainText()
    window.tag_selected("late")  # something on the undo stack
    assert window.undo_stack.count() == 1

    dialog = open_dialog(window)
    dialog.select(0)
    dialog.restore_button.click()
    box = dialog.findChild(QMessageBox, "restoreConfirm")
    assert box is not None and box.isVisible()
    assert "backed up first" in box.informativeText()
    assert contact_service.count(window.db, "Afterbackup") == 1  # nothing happens before the click
    confirm = box.button(QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is confirm  # Enter does not restore by accident
    restore = next(b for b in box.buttons() if b.objectName() == "confirmRestoreButton")
    restore.click()

    assert contact_service.count(window.db, "Afterbackup") == 0
    assert window.contacts.model.rowCount() == 0  # the view re-read: the person is gone
    assert "Zed Afterbackup" not in window.contacts.detail.toPlainText()
    assert window.undo_stack.count() == 0  # the undo steps referred to the replaced state
    reasons = [b.reason for b in backup_service.list_backups(window.db)]
    assert sorted(reasons) == ["before-restore", "manual"]  # the state before is kept
    assert dialog.table.topLevelItemCount() == 2 and "Restored the backup" in dialog.status.text()


def test_cancelling_the_confirmation_restores_nothing(window: Any) -> None:
    backup_service.make_backup(window.db, "manual")
    contact_service.add_contact(window.db, ContactInput(display_name="Zed Afterbackup"))
    dialog = open_dialog(window)
    dialog.restore_button.click()
    box = dialog.findChild(QMessageBox, "restoreConfirm")
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert contact_service.count(window.db, "Afterbackup") == 1
    assert [b.reason for b in backup_service.list_backups(window.db)] == ["manual"]


def test_restore_runs_off_the_gui_thread_with_a_busy_indicator(window: Any, qtbot: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    made = backup_service.make_backup(window.db, "manual")
    gate = threading.Event()
    threads: list[threading.Thread] = []
    real = backup_service.restore

    def slow(db: Any, backup: Any) -> Any:
        threads.append(threading.current_thread())
        gate.wait(10)
        return real(db, backup)

    monkeypatch.setattr(backup_service, "restore", slow)
    dialog = open_dialog(window)
    worker.set_synchronous(False)
    try:
        dialog.restore(made)
        assert dialog.busy.isVisibleTo(dialog) and "Restoring" in dialog.status.text()
        assert not dialog.restore_button.isEnabled() and not dialog.backup_button.isEnabled()
        QApplication.processEvents()
        assert window.contacts.model.rowCount() > 0  # the window is not blocked meanwhile
        gate.set()
        qtbot.waitUntil(lambda: not dialog.busy.isVisibleTo(dialog), timeout=10000)
        assert threads and threads[0] is not threading.main_thread()
        assert "Restored" in dialog.status.text()
    finally:
        gate.set()
        worker.wait_for_tasks()
        worker.set_synchronous(True)


def test_show_folder_opens_the_backups_folder(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_dialog(window)
    dialog.folder_button.click()
    assert [u.toLocalFile() for u in opened] == [str(backup_service.folder(window.db))]
    assert backup_service.folder(window.db).is_dir()


def test_on_a_server_the_dialog_explains_and_everything_is_disabled(qtbot: Any) -> None:
    dialog = BackupsDialog(SimpleNamespace(sqlite_path=None), lambda: None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert "PostgreSQL" in dialog.intro.text()
    for widget in (dialog.table, dialog.backup_button, dialog.restore_button, dialog.folder_button):
        assert not widget.isEnabled()


# -- the automatic backup on opening ----------------------------------------------------------------

def test_the_automatic_backup_runs_after_opening_without_delaying_it(qtbot: Any, db_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    threads: list[threading.Thread] = []
    real = backup_service.automatic_backup

    def slow(db: Any) -> Any:
        threads.append(threading.current_thread())
        gate.wait(10)
        return real(db)

    monkeypatch.setattr(backup_service, "automatic_backup", slow)
    worker.set_synchronous(False)
    try:
        started = time.monotonic()
        window = create_window(db_url)
        qtbot.addWidget(window)
        window.show()
        window.start_automatic_backup()  # what app.run does once the window is shown
        assert time.monotonic() - started < 5  # the backup is still waiting on the gate
        assert not gate.is_set() and backup_service.list_backups(window.db) == []
        qtbot.waitUntil(lambda: bool(threads))
        assert threads[0] is not threading.main_thread()
        window.contacts.search_field.setText("beat:climate")  # the window is usable meanwhile
        assert window.contacts.model.rowCount() > 0
        gate.set()
        qtbot.waitUntil(lambda: "Backed up the database" in window.statusBar().currentMessage(), timeout=10000)
        assert [b.reason for b in backup_service.list_backups(window.db)] == ["open"]
    finally:
        gate.set()
        worker.wait_for_tasks()
        worker.set_synchronous(True)
    window.close()
    window.db.close()


def test_no_automatic_backup_note_when_none_was_due(window: Any) -> None:
    backup_service.make_backup(window.db, "manual")  # a fresh backup: the next is an hour away
    window.statusBar().clearMessage()
    window.start_automatic_backup()
    assert window.statusBar().currentMessage() == ""
    assert [b.reason for b in backup_service.list_backups(window.db)] == ["manual"]


def test_a_failing_automatic_backup_is_logged_and_noted_quietly(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    def full(_db: Any) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(backup_service, "automatic_backup", full)
    window.start_automatic_backup()
    assert "automatic backup failed" in caplog.text
    assert "No space left" in window.statusBar().currentMessage()


def test_the_program_starts_the_automatic_backup_after_showing_the_window(
        qapp: Any, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    window = create_window(db_url)
    monkeypatch.setattr(gui_app, "open_with_password", lambda _url, _opener: (window, None))
    monkeypatch.setattr(type(window), "start_automatic_backup",
                        lambda self: seen.append("backup, shown" if self.isVisible() else "backup, hidden"))
    monkeypatch.setattr(type(qapp), "exec", lambda _self: seen.append("event loop") or 0)
    assert gui_app.run(db_url) == 0
    assert seen == ["backup, shown", "event loop"]
    window.close()


def test_the_dialog_works_from_the_keyboard(window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    backup_service.make_backup(window.db, "manual")
    dialog = open_dialog(window)
    reached, widget = [], dialog.table
    for _ in range(30):
        widget = widget.nextInFocusChain()
        if widget is dialog.table:
            break
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            reached.append(widget)
    names = {w.objectName() for w in reached}
    assert {"backupNowButton", "restoreButton", "showFolderButton", "closeButton"} <= names
    assert dialog.table.accessibleName() == "Backups"
    assert "&" in dialog.restore_button.text() and "&" in dialog.backup_button.text()  # Alt+letter
