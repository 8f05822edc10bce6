"""Two people edit the same contact: the conflict dialog and its reload / overwrite / merge."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QTableView

from outreach.domain.contact import ContactInput
from outreach.gui.conflict_dialog import ConflictDialog, differing, merge
from outreach.gui.editor import ContactEditor
from outreach.services import contacts as contact_service
from outreach.services.editing import input_from_detail


def open_editor(window: Any, row: int = 0) -> tuple[ContactEditor, int]:
    view = window.findChild(QTableView, "contactsView")
    view.selectRow(row)
    [contact_id] = window.contacts.selected_ids()
    window.edit_selected()
    assert window.editor is not None and window.editor.isVisible()
    return window.editor, contact_id


def someone_else_saves(db: Any, contact_id: int, **changes: Any) -> None:
    """Another user (same database, another session) saves the person."""
    theirs = input_from_detail(contact_service.get_contact(db, contact_id))
    for key, value in changes.items():
        setattr(theirs, key, value)
    contact_service.edit_contact(db, contact_id, theirs)


def conflict_after_my_edit(window: Any, db: Any, qtbot: Any) -> tuple[ContactEditor, int, ConflictDialog, str]:
    editor, contact_id = open_editor(window)
    original_notes = contact_service.get_contact(db, contact_id).notes
    editor.title.setText("Mine")
    someone_else_saves(db, contact_id, title="Theirs", notes="changed elsewhere")
    editor.try_save()
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert editor.isVisible()  # nothing typed is lost while the user decides
    assert editor.title.text() == "Mine"
    return editor, contact_id, dialog, original_notes


def test_conflict_dialog_shows_both_versions_and_marks_the_differences(window: Any, db: Any, qtbot: Any) -> None:
    editor, _id, dialog, _notes = conflict_after_my_edit(window, db, qtbot)
    assert set(dialog.differing) == {"title", "notes"}
    assert dialog.rows["title"].property("differs") is True
    assert dialog.rows["family_name"].property("differs") is False
    # Sensible defaults: my title (I changed it), their notes (they changed them).
    assert dialog.taken_from_mine() == {"title"}
    assert "changed by someone else" in editor.error.text()
    dialog.reject()  # "decide later": back in the editor, still with my text
    assert editor.isVisible() and editor.title.text() == "Mine"


def test_reload_discards_mine_and_loads_theirs(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id, dialog, _notes = conflict_after_my_edit(window, db, qtbot)
    dialog.reload_button.click()
    assert editor.isVisible()
    assert editor.title.text() == "Theirs" and editor.notes.toPlainText() == "changed elsewhere"
    stored = contact_service.get_contact(db, contact_id)
    assert stored.title == "Theirs"
    editor.title.setText("Third try")  # the editor is now based on their version: saving works
    editor.try_save()
    assert not editor.isVisible()
    stored = contact_service.get_contact(db, contact_id)
    assert (stored.title, stored.notes) == ("Third try", "changed elsewhere")


def test_overwrite_saves_mine_over_theirs(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id, dialog, original_notes = conflict_after_my_edit(window, db, qtbot)
    dialog.overwrite_button.click()
    assert not editor.isVisible()
    stored = contact_service.get_contact(db, contact_id)
    assert (stored.title, stored.notes) == ("Mine", original_notes)
    window.undo_action.trigger()  # undo goes back to their version, not to the one I opened
    stored = contact_service.get_contact(db, contact_id)
    assert (stored.title, stored.notes) == ("Theirs", "changed elsewhere")


def test_merge_keeps_the_picked_fields(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id, dialog, _notes = conflict_after_my_edit(window, db, qtbot)
    dialog.pick("title", "mine")
    dialog.pick("notes", "theirs")
    dialog.merge_button.click()
    assert not editor.isVisible()
    stored = contact_service.get_contact(db, contact_id)
    assert (stored.title, stored.notes) == ("Mine", "changed elsewhere")


def test_merge_takes_whole_lists(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id = open_editor(window, 3)
    editor.beats.setText("mine-only beat")
    editor.emails.rows[0].value.setText("mine@example.org")
    someone_else_saves(db, contact_id, tags=["their beat"], notes="theirs")
    editor.try_save()
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert dialog is not None
    assert {"tags", "emails", "notes"} <= set(dialog.differing)
    dialog.pick("tags", "theirs")
    dialog.pick("emails", "mine")
    dialog.merge_button.click()
    stored = contact_service.get_contact(db, contact_id)
    assert list(stored.tags) == ["their beat"]
    assert stored.emails[0].raw == "mine@example.org"
    assert stored.notes == "theirs"


def test_a_second_conflict_during_overwrite_asks_again(window: Any, db: Any, qtbot: Any) -> None:
    editor, contact_id, dialog, _notes = conflict_after_my_edit(window, db, qtbot)
    someone_else_saves(db, contact_id, title="Theirs again")  # while the dialog was open
    dialog.overwrite_button.click()
    assert editor.isVisible()
    again = [d for d in window.findChildren(ConflictDialog) if d.isVisible()]
    assert len(again) == 1 and again[0] is not dialog
    again[0].overwrite_button.click()
    assert contact_service.get_contact(db, contact_id).title == "Mine"


@pytest.mark.parametrize("mine_display", ["", "Ann Smith"])
def test_built_display_names_are_not_a_difference(mine_display: str) -> None:
    theirs = ContactInput(display_name="Ann Smith", given_name="Ann", family_name="Smith")
    mine = ContactInput(display_name=mine_display, given_name="Ann", family_name="Smith")
    assert differing(theirs, mine) == []
    assert merge(theirs, mine, {"display_name"}).display_name == "Ann Smith"
