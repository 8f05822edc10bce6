"""The editor, undo/redo, the trash and bulk actions, as a user sees them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView

from outreach.gui import create_window
from outreach.gui.editor import ContactEditor
from outreach.services import contacts as contact_service


def select_rows(window: Any, *rows: int) -> list[int]:
    view = window.findChild(QTableView, "contactsView")
    selection = view.selectionModel()
    for r in rows:
        selection.select(view.model().index(r, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    return window.contacts.selected_ids()


def open_editor(window: Any, row: int = 0) -> tuple[ContactEditor, int]:
    [contact_id] = select_rows(window, row)
    window.edit_selected()
    assert window.editor is not None and window.editor.isVisible()
    return window.editor, contact_id


def test_editor_checks_emails_as_you_type(window: Any) -> None:
    editor, _ = open_editor(window)
    row = editor.emails.rows[0]
    row.value.setText("maria@gmail.con")
    assert row.check_status == "warning"
    assert row.message.text() == "Did you mean maria@gmail.com?"
    row.value.setText("maria at example")
    assert row.check_status == "invalid"
    assert "@" in row.message.text()
    row.value.setText("maria@example.org")
    assert row.check_status == "valid" and row.message.text() == ""


def test_editor_checks_phones_as_you_type_with_e164_preview(window: Any) -> None:
    editor, _ = open_editor(window)
    editor.country.setText("GB")
    row = editor.phones.rows[0]
    row.value.setText("020 7946 0958")
    assert row.check_status == "valid"
    assert "+44 20 7946 0958" in row.message.text() and "E.164 +442079460958" in row.message.text()
    row.value.setText("12")
    assert row.check_status == "invalid"
    assert row.message.text()


def test_saving_an_edit_and_undoing_it(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id = open_editor(window)
    old_title = contact_service.get_contact(db, contact_id).title
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.title.clear()
    qtbot.keyClicks(editor.title, "Chief Pitch Catcher")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert not editor.isVisible()
    assert contact_service.get_contact(db, contact_id).title == "Chief Pitch Catcher"
    assert "Chief Pitch Catcher" in window.contacts.detail.toPlainText()
    window.undo_action.trigger()
    assert contact_service.get_contact(db, contact_id).title == old_title
    window.redo_action.trigger()
    assert contact_service.get_contact(db, contact_id).title == "Chief Pitch Catcher"


def test_escape_cancels_the_editor_without_saving(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id = open_editor(window)
    before = contact_service.get_contact(db, contact_id)
    editor.title.setText("Not saved")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert contact_service.get_contact(db, contact_id).version == before.version


def test_a_conflicting_edit_is_explained_and_the_editor_stays_open(window: Any, db: Any) -> None:
    editor, contact_id = open_editor(window)
    from outreach.services.editing import input_from_detail

    other = input_from_detail(contact_service.get_contact(db, contact_id))
    other.notes = "changed elsewhere"
    contact_service.edit_contact(db, contact_id, other)
    editor.title.setText("Mine")
    editor.try_save()
    assert editor.isVisible()
    assert "changed by someone else" in editor.error.text()
    assert contact_service.get_contact(db, contact_id).title != "Mine"
    editor.reject()


def test_new_contact_with_ctrl_n_and_undo(window: Any, db: Any, qtbot: Any) -> None:
    qtbot.keyClick(window.contacts.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    assert editor is not None and editor.windowTitle() == "New contact"
    editor.given.setText("Zelda")
    editor.family.setText("Quill")
    editor.emails.rows[0].value.setText("zelda.quill@example.org")
    editor.try_save()
    assert not editor.isVisible()
    assert contact_service.count(db, "Zelda Quill") == 1
    assert window.contacts.selected_ids()  # the new person is selected
    window.undo_action.trigger()
    assert contact_service.count(db, "Zelda Quill") == 0
    assert contact_service.count(db, "is:deleted Zelda Quill") == 1


def test_delete_key_moves_selection_to_trash_and_undo_restores(window: Any, db: Any, qtbot: Any) -> None:
    ids = select_rows(window, 0, 1, 2)
    view = window.contacts.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert contact_service.count(db, "") == 297
    assert not set(ids) & {view.model().index(r, 0).data(Qt.ItemDataRole.UserRole)
                           for r in range(view.model().rowCount())}
    assert "297 matching" in window.count_label.text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert contact_service.count(db, "") == 300
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert contact_service.count(db, "") == 297


def test_delete_key_in_the_search_field_edits_text(window: Any, db: Any, qtbot: Any) -> None:
    select_rows(window, 0)
    field = window.contacts.search_field
    field.setText("ab")
    field.setFocus()
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "b"
    assert contact_service.count(db, "") == 300


def test_trash_survives_reopening_the_window(window: Any, db_url: str, qtbot: Any) -> None:
    ids = select_rows(window, 0, 1)
    window.trash_selected()
    window.close()
    again = create_window(db_url)
    qtbot.addWidget(again)
    again.show()
    again.contacts.trash_toggle.setChecked(True)
    view = again.contacts.view
    shown = {view.model().index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(view.model().rowCount())}
    assert shown == set(ids)
    assert "2 in the trash" in again.count_label.text()
    assert again.restore_action.isEnabled() is False  # nothing selected yet
    select_rows(again, 0, 1)
    again.restore_action.trigger()
    assert view.model().rowCount() == 0
    again.close()
    again.db.close()


def test_empty_trash_asks_first(window: Any, db: Any) -> None:
    select_rows(window, 0)
    window.trash_selected()
    window.contacts.trash_toggle.setChecked(True)
    window.empty_trash_action.trigger()
    box: QMessageBox = window.trash_confirm
    assert box.isVisible() and "cannot be undone" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert contact_service.count(db, "is:deleted") == 1
    window.empty_trash_action.trigger()
    box = window.trash_confirm
    [destructive] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
    destructive.click()
    assert contact_service.count(db, "is:deleted") == 0
    assert window.contacts.view.model().rowCount() == 0


def test_bulk_add_beat_and_do_not_contact_are_undoable(window: Any, db: Any) -> None:
    ids = select_rows(window, 0, 1)
    window.tag_selected("space weather")
    assert all("space weather" in contact_service.get_contact(db, i).tags for i in ids)
    window.undo_action.trigger()
    assert not any("space weather" in contact_service.get_contact(db, i).tags for i in ids)
    select_rows(window, 0, 1)
    window.dnc_selected()
    assert all(contact_service.get_contact(db, i).do_not_contact for i in ids)
    assert window.undo_action.text() == "&Undo Mark do not contact"
    window.undo_action.trigger()
    assert not any(contact_service.get_contact(db, i).do_not_contact for i in ids)


def test_add_to_send_list_is_offered_for_a_selection(window: Any) -> None:
    select_rows(window, 0)
    assert window.sendlist_action.isEnabled()


def test_choosing_the_primary_phone_in_the_editor(window: Any, db: Any) -> None:
    editor, contact_id = open_editor(window)
    added = editor.phones.add("+44 20 7946 0958", "desk")
    added.primary_button.click()
    assert [r.primary for r in editor.phones.rows].count(True) == 1  # one primary at a time
    editor.try_save()
    detail = contact_service.get_contact(db, contact_id)
    [primary] = [p for p in detail.phones if p.is_primary]
    assert primary.e164 == "+442079460958"
