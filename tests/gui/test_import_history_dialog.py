"""File ▸ Import History…: real imports (services.importing.import_file) listed newest first in local time;
rolling one back asks (naming the file and the counts), runs off the GUI thread with a busy bar, removes
the people it created and what it added, refreshes the contacts and says so in the status bar; a rolled-back
import cannot be rolled back again; keyboard; read-only; a failing roll-back is reported."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from outreach.gui import create_window, worker
from outreach.gui.import_history_dialog import HistoryModel, ImportHistoryDialog
from outreach.gui.timeline import when_text
from outreach.services import backups as backup_service
from outreach.services import contacts as contact_service
from outreach.services import import_history
from outreach.services.importing import import_file
from outreach.store.database import Database

GOOGLE = Path(__file__).resolve().parents[1] / "data" / "formats" / "google_contacts.csv"  # 7 new people
AOIFE = "aoife.murphy@harbourpost.example"  # in GOOGLE
WHEN, FILE, FORMAT, CREATED, MERGED, BY, ROLLED_BACK = range(7)


def more_csv(folder: Path) -> Path:
    """A second file: one new person, and a beat for someone the first import made (a merge)."""
    path = folder / "more.csv"
    path.write_text("First Name,Last Name,E-mail Address,Categories\n"
                    f"Aoife,Murphy,{AOIFE},water\nZora,Newperson,zora@new.example,water\n", encoding="utf-8")
    return path


def open_dialog(window: Any) -> ImportHistoryDialog:
    window.import_history_action.trigger()
    dialog = window.findChild(ImportHistoryDialog, "importHistoryDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def cells(dialog: ImportHistoryDialog, row: int) -> list[str]:
    return [dialog.model.index(row, column).data() for column in range(dialog.model.columnCount())]


def confirm_box(dialog: ImportHistoryDialog) -> QMessageBox:
    box = dialog.confirm  # the open one (a closed one is deleted later)
    assert box is not None and box.isVisible() and box.objectName() == "rollBackConfirm"
    return box


def click_roll_back(box: QMessageBox) -> None:
    next(b for b in box.buttons() if b.objectName() == "confirmRollBackButton").click()


def shown_names(window: Any, text: str) -> list[str]:
    window.contacts.search_field.setText(text)
    model = window.contacts.model
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_file_menu_opens_the_history_newest_first_in_local_time(window: Any, tmp_path: Path,
                                                                qtmodeltester: Any) -> None:
    first = import_file(window.db, GOOGLE)
    second = import_file(window.db, more_csv(tmp_path))
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_history_action in file_menu.actions()
    assert window.import_history_action.objectName() == "importHistoryAction"
    dialog = open_dialog(window)
    assert dialog.table.objectName() == "importHistoryTable" and dialog.model.rowCount() == 2
    rows = import_history.history(window.db)
    assert [r.id for r in rows] == [second.batch_id, first.batch_id]  # newest first
    assert [dialog.model.row_at(r).id for r in range(2)] == [r.id for r in rows]
    newest = cells(dialog, 0)
    assert newest[FILE] == "more.csv" and newest[FORMAT] == "CSV"
    assert (newest[CREATED], newest[MERGED]) == ("1", "1") and newest[ROLLED_BACK] == ""
    assert newest[WHEN] == when_text(rows[0].at) and newest[BY] == rows[0].actor != ""
    assert cells(dialog, 1)[FILE] == "google_contacts.csv" and cells(dialog, 1)[CREATED] == "7"
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["When", "File", "Format", "Created", "Merged", "By", "Rolled back"]
    assert dialog.selected() == rows[0] and dialog.roll_back_button.isEnabled()
    assert dialog.roll_back_button.objectName() == "rollBackImportButton"
    assert dialog.roll_back_button.text().replace("&", "") == "Roll Back Import…"
    assert dialog.status.text() == "2 imports."
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(HistoryModel())


def test_rolling_back_asks_then_removes_the_import_and_refreshes_the_window(window: Any, tmp_path: Path) -> None:
    import_file(window.db, GOOGLE)
    window.contacts.view.selectRow(0)  # a demo person, not one of the import's
    window.tag_selected("kept-for-undo")  # something on the undo stack
    assert shown_names(window, "harbourpost") == ["Aoife Murphy"]
    assert window.undo_stack.count() == 1
    backups = len(backup_service.list_backups(window.db))

    dialog = open_dialog(window)
    dialog.roll_back_button.click()
    box = confirm_box(dialog)
    assert "google_contacts.csv" in box.text() and when_text(dialog.selected().at) in box.text()
    assert "7 people it created" in box.informativeText() and "backup is made first" in box.informativeText() \
        and "undo history is cleared" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter does not roll back
    assert contact_service.count(window.db, "harbourpost") == 1  # nothing happens before the click
    click_roll_back(box)

    assert contact_service.count(window.db, "harbourpost") == 0
    assert window.contacts.model.rowCount() == 0  # the contacts page re-read: Aoife is gone
    assert window.undo_stack.count() == 0
    message = window.statusBar().currentMessage()
    assert message == "Rolled back the import of google_contacts.csv: 7 people removed, 0 people restored to how " \
                      "they were"
    assert message in dialog.status.text()
    [row] = import_history.history(window.db)
    assert row.undone_at is not None
    assert cells(dialog, 0)[ROLLED_BACK] == when_text(row.undone_at)
    assert dialog.model.index(0, FILE).data(Qt.ItemDataRole.ForegroundRole) is not None  # shown greyed
    assert not dialog.roll_back_button.isEnabled() and "rolled back" in dialog.roll_back_button.toolTip()
    assert dialog.ask_roll_back() is None and "already rolled back" in dialog.status.text()
    assert not confirm_box_visible(dialog)
    assert len(backup_service.list_backups(window.db)) == backups + 1  # a backup first (SQLite)
    # Imported again, the file is listed above the rolled-back import, which stays selected.
    import_file(window.db, GOOGLE)
    dialog.reload()
    assert dialog.model.rowCount() == 2 and cells(dialog, 0)[ROLLED_BACK] == ""
    assert dialog.selected() == import_history.history(window.db)[1] and not dialog.roll_back_button.isEnabled()


def confirm_box_visible(dialog: ImportHistoryDialog) -> bool:
    return any(box.isVisible() for box in dialog.findChildren(QMessageBox, "rollBackConfirm"))


def test_rolling_back_a_merge_takes_off_only_what_the_import_added(window: Any, tmp_path: Path) -> None:
    import_file(window.db, GOOGLE)
    import_file(window.db, more_csv(tmp_path))
    aoife = contact_service.search(window.db, AOIFE, limit=1)[0].id
    assert "water" in contact_service.get_contact(window.db, aoife).tags
    dialog = open_dialog(window)
    dialog.select(0)  # more.csv
    dialog.ask_roll_back()
    box = confirm_box(dialog)
    assert "more.csv" in box.text()
    assert "1 person it created" in box.informativeText() and "1 person already stored" in box.informativeText()
    click_roll_back(box)
    assert "1 person removed, 1 person restored" in window.statusBar().currentMessage()
    assert "water" not in contact_service.get_contact(window.db, aoife).tags
    assert contact_service.count(window.db, "zora@new.example") == 0
    assert contact_service.count(window.db, "harbourpost") == 1  # the first import stays
    assert dialog.selected() is not None and dialog.selected().source_file == "more.csv"  # kept selected
    assert cells(dialog, 1)[ROLLED_BACK] == "" and cells(dialog, 0)[ROLLED_BACK] != ""
    dialog.select(1)
    assert dialog.roll_back_button.isEnabled()


def test_cancelling_rolls_back_nothing(window: Any) -> None:
    import_file(window.db, GOOGLE)
    dialog = open_dialog(window)
    dialog.roll_back_button.click()
    confirm_box(dialog).button(QMessageBox.StandardButton.Cancel).click()
    assert contact_service.count(window.db, "harbourpost") == 1
    assert import_history.history(window.db)[0].undone_at is None
    assert dialog.roll_back_button.isEnabled() and dialog.isVisible()


def test_keyboard_enter_and_delete_ask_escape_closes(window: Any, qtbot: Any) -> None:
    import_file(window.db, GOOGLE)
    dialog = open_dialog(window)
    dialog.table.setFocus()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Delete):
        qtbot.keyClick(dialog.table, key)
        box = confirm_box(dialog)
        assert dialog.isVisible()  # Enter asked; it did not also press a button of the dialog
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        assert not box.isVisible() and dialog.isVisible()
    assert contact_service.count(window.db, "harbourpost") == 1
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_rolling_back_runs_off_the_gui_thread_with_a_busy_bar(window: Any, qtbot: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(window.db, GOOGLE)
    dialog = open_dialog(window)
    seen: dict[str, Any] = {}
    real = import_history.roll_back
    release = threading.Event()

    def slow(db: Database, batch: int) -> tuple[int, int]:
        seen["thread"] = threading.current_thread()
        release.wait(10)
        return real(db, batch)

    monkeypatch.setattr(import_history, "roll_back", slow)
    previous = worker.set_synchronous(False)
    try:
        dialog.roll_back(dialog.selected())
        qtbot.waitUntil(lambda: "thread" in seen)
        assert seen["thread"] is not threading.main_thread()
        assert dialog.busy.isVisible() and not dialog.roll_back_button.isEnabled()
        assert "Rolling back the import of google_contacts.csv" in dialog.status.text()
        release.set()
        qtbot.waitUntil(lambda: not dialog.busy.isVisible(), timeout=10000)
    finally:
        release.set()
        worker.wait_for_tasks()
        QApplication.processEvents()
        worker.set_synchronous(previous)
    assert contact_service.count(window.db, "harbourpost") == 0
    assert "Rolled back" in window.statusBar().currentMessage()


def test_a_failing_roll_back_is_reported_and_changes_nothing(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                             reported_errors: list[BaseException]) -> None:
    import_file(window.db, GOOGLE)
    dialog = open_dialog(window)

    def broken(_db: Database, _batch: int) -> tuple[int, int]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_history, "roll_back", broken)
    dialog.roll_back(dialog.selected())
    assert [str(e) for e in reported_errors] == ["disk on fire"]
    reported_errors.clear()
    assert dialog.status.text() == "Nothing was rolled back." and not dialog.busy.isVisible()
    assert dialog.roll_back_button.isEnabled() and contact_service.count(window.db, "harbourpost") == 1


def test_no_imports_yet(window: Any) -> None:
    dialog = open_dialog(window)
    assert dialog.model.rowCount() == 0 and "No imports yet" in dialog.status.text()
    assert not dialog.roll_back_button.isEnabled() and dialog.ask_roll_back() is None


@pytest.fixture
def read_only_window(qtbot: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    db = Database.open(db_url)
    try:
        import_file(db, GOOGLE)
    finally:
        db.close()
    monkeypatch.chdir(tmp_path)  # the store makes a stray "file:" folder for URI file names
    path = db_url.removeprefix("sqlite:///")
    win = create_window(f"sqlite:///file:{path}?mode=ro&uri=true")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    win.db.close()


def test_read_only_shows_the_history_but_nothing_can_be_rolled_back(read_only_window: Any, qtbot: Any) -> None:
    win = read_only_window
    assert win.team.read_only and win.import_history_action.isEnabled()  # looking only reads
    assert not win.import_action.isEnabled()
    dialog = open_dialog(win)
    assert dialog.model.rowCount() == 1 and dialog.selected() is not None
    assert not dialog.roll_back_button.isEnabled() and "read-only" in dialog.roll_back_button.toolTip()
    assert "read-only" in dialog.intro.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert not confirm_box_visible(dialog) and "read-only" in dialog.status.text()
    dialog.roll_back(dialog.selected())
    assert contact_service.count(win.db, "harbourpost") == 1


def test_the_slots_are_guarded_and_a_failing_history_is_reported(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                                 reported_errors: list[BaseException]) -> None:
    for slot in (ImportHistoryDialog.reload, ImportHistoryDialog._on_current, ImportHistoryDialog.ask_roll_back,
                 ImportHistoryDialog.roll_back, type(window).open_import_history):
        assert getattr(slot, "__guarded__", False), slot.__qualname__

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(import_history, "history", broken)
    dialog = open_dialog(window)
    assert [str(e) for e in reported_errors] == ["injected fault"]
    reported_errors.clear()
    assert dialog.status.text() == "The import history could not be read." and not dialog.busy.isVisible()
    assert not dialog.roll_back_button.isEnabled() and dialog.isVisible()


def test_the_send_list_on_screen_follows_a_roll_back(window: Any) -> None:
    from outreach.services import lists as list_service

    import_file(window.db, GOOGLE)
    list_service.create(window.db, "harbour", query="harbourpost")
    window.navigation.setCurrentRow(3)
    page = window.sendlists
    page.select_list("harbour")
    assert page.members_model.rowCount() == 1
    dialog = open_dialog(window)
    dialog.roll_back_button.click()
    click_roll_back(confirm_box(dialog))
    assert page.members_model.rowCount() == 0 and page.current_name() == "harbour"
