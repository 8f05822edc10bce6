"""Organisations in the window: new / edit / delete through the UI, each undone and redone; the editor's
conflict handling and inline errors; read-only; the undo commands report a failing refresh."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from outreach.errors import UserError
from outreach.gui import commands, create_window
from outreach.gui.contacts_model import COLUMNS
from outreach.gui.editor import ContactEditor
from outreach.gui.main_window import MainWindow
from outreach.gui.org_editor import OrgEditor
from outreach.gui.orgs_page import OrgActions
from outreach.services import contacts as contact_service
from outreach.store.database import Database
from outreach.store.orgs_write import OrgFields

ORG_COLUMN = next(i for i, (title, _key) in enumerate(COLUMNS) if title == "Organisation")


# -- helpers ----------------------------------------------------------------------------------------------

def show_orgs(window: Any) -> None:
    window.navigation.setCurrentRow(1)
    assert window.stack.currentWidget() is window.orgs
    assert window.orgs.model.rowCount() > 0


def org_with_people(window: Any, minimum: int = 2) -> tuple[int, int]:
    """(row, id) of an organisation in the list with at least `minimum` people."""
    model = window.orgs.model
    for row in range(model.rowCount()):
        org = model.row_at(row)
        if org.people >= minimum:
            return row, org.id
    raise AssertionError("the demo data has no organisation with people")


def select_org(window: Any, row: int) -> None:
    window.orgs.view.setFocus()
    window.orgs.view.selectRow(row)
    QApplication.processEvents()


def open_org_editor(window: Any) -> OrgEditor:
    editor = window.org_actions.editor
    assert isinstance(editor, OrgEditor) and editor.isVisible()
    assert editor.objectName() == "orgEditor" and editor in window.findChildren(OrgEditor, "orgEditor")
    return editor


def org_column_for(window: Any, contact_id: int) -> str:
    """What the contacts view shows in the organisation column for one person (searching by their name)."""
    name = contact_service.get_contact(window.db, contact_id).display_name
    window.contacts.search_field.setText(f'"{name}"')
    model = window.contacts.model
    row = model.row_of_id(contact_id)
    assert row >= 0, name
    return str(model.index(row, ORG_COLUMN).data())


def org_ids(db: Any) -> set[int]:
    return {o.id for o in contact_service.list_orgs(db, "", limit=None)}


# -- new --------------------------------------------------------------------------------------------------

def test_new_organisation_with_its_shortcut_then_undo_and_redo(window: Any, db: Any, qtbot: Any) -> None:
    show_orgs(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    before = org_ids(db)
    qtbot.keyClick(window.orgs.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    editor = open_org_editor(window)
    assert editor.windowTitle() == "New organisation"
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClicks(editor.name, "Northern Light Gazette")
    editor.kind.setCurrentText("outlet")
    editor.website.setText("https://nlg.example")
    qtbot.keyClicks(editor.country, "no")
    editor.notes.setPlainText("Weekly, Tuesdays.")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert not editor.isVisible()

    [new_id] = org_ids(db) - before
    fields, _version = contact_service.org_fields(db, new_id)
    assert fields == OrgFields("Northern Light Gazette", "outlet", "https://nlg.example", "NO", "Weekly, Tuesdays.")
    assert window.orgs.selected_id() == new_id  # the new one is selected, its details shown
    assert "Northern Light Gazette" in window.orgs.detail.toPlainText()
    assert window.undo_stack.undoText() == "New organisation Northern Light Gazette"

    window.undo_action.trigger()
    assert new_id not in org_ids(db)
    assert all(r.id != new_id for r in window.orgs.model._rows)
    window.redo_action.trigger()
    assert new_id in org_ids(db)  # back with the same id
    assert contact_service.org_fields(db, new_id)[0].name == "Northern Light Gazette"
    assert any(r.id == new_id for r in window.orgs.model._rows)


def test_ctrl_n_stays_new_contact_on_the_organisations_page(window: Any, qtbot: Any) -> None:
    show_orgs(window)
    qtbot.keyClick(window.orgs.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.editor, ContactEditor)
    assert window.org_actions.editor is None
    window.editor.reject()
    assert "Ctrl+Shift+N" in window.org_actions.new_action.toolTip()


def test_an_organisation_needs_a_name(window: Any, db: Any) -> None:
    show_orgs(window)
    count = len(org_ids(db))
    window.org_actions.new_action.trigger()
    editor = open_org_editor(window)
    editor.try_save()
    assert editor.isVisible() and editor.error.isVisible() and "name" in editor.error.text()
    assert len(org_ids(db)) == count and window.undo_stack.count() == 0
    editor.reject()


# -- edit -------------------------------------------------------------------------------------------------

def test_edit_with_enter_renames_people_follow_then_undo_and_redo(window: Any, db: Any, qtbot: Any) -> None:
    show_orgs(window)
    row, org_id = org_with_people(window)
    old, _version = contact_service.org_fields(db, org_id)
    _org, people = contact_service.org_with_people(db, org_id)
    person = people[0].id
    select_org(window, row)
    qtbot.keyClick(window.orgs.view, Qt.Key.Key_Return)  # Enter opens the editor
    editor = open_org_editor(window)
    assert editor.windowTitle() == f"Edit {old.name}" and editor.name.text() == old.name
    editor.name.setText("Renamed Desk Ltd")
    editor.kind.setCurrentText("company")
    editor.try_save()
    assert not editor.isVisible()

    fields, _ = contact_service.org_fields(db, org_id)
    assert (fields.name, fields.kind) == ("Renamed Desk Ltd", "company")
    assert (fields.website, fields.notes) == (old.website, old.notes)
    assert window.orgs.model.row_at(window.orgs.view.currentIndex().row()).name == "Renamed Desk Ltd"
    assert "Renamed Desk Ltd" in window.orgs.detail.toPlainText()
    assert org_column_for(window, person) == "Renamed Desk Ltd"

    window.undo_action.trigger()
    assert contact_service.org_fields(db, org_id)[0] == old
    assert org_column_for(window, person) == old.name
    assert old.name in window.orgs.detail.toPlainText()
    window.redo_action.trigger()
    assert contact_service.org_fields(db, org_id)[0].name == "Renamed Desk Ltd"
    assert org_column_for(window, person) == "Renamed Desk Ltd"


def test_double_click_and_ctrl_e_open_the_organisation_editor(window: Any, qtbot: Any) -> None:
    show_orgs(window)
    select_org(window, 0)
    view = window.orgs.view
    rect = view.visualRect(window.orgs.model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # Qt wants the press first
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # no button left down
    assert QApplication.mouseButtons() == Qt.MouseButton.NoButton
    open_org_editor(window).reject()
    assert window.org_actions.editor is None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = open_org_editor(window)
    assert window.editor is None  # not the contact editor
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc cancels
    assert not editor.isVisible() and window.undo_stack.count() == 0
    window.navigation.setCurrentRow(0)  # on the contacts page Ctrl+E still edits the selected person
    window.contacts.view.setFocus()
    window.contacts.view.selectRow(0)
    qtbot.keyClick(window.contacts.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.editor, ContactEditor) and window.editor.isVisible()
    window.editor.reject()


def test_saving_unchanged_fields_pushes_nothing(window: Any) -> None:
    show_orgs(window)
    select_org(window, 0)
    window.org_actions.edit_action.trigger()
    editor = open_org_editor(window)
    editor.try_save()
    assert not editor.isVisible() and window.undo_stack.count() == 0


def test_a_conflicting_edit_is_explained_and_reload_shows_the_stored_values(window: Any, db_url: str) -> None:
    show_orgs(window)
    select_org(window, 0)
    org_id = window.orgs.selected_id()
    window.org_actions.edit_action.trigger()
    editor = open_org_editor(window)
    other = Database.open(db_url)  # someone else saves the organisation meanwhile
    try:
        theirs, _ = contact_service.org_fields(other, org_id)
        contact_service.edit_org(other, org_id, OrgFields(theirs.name, theirs.kind, "https://theirs.example",
                                                          theirs.country, "their notes"))
    finally:
        other.close()
    editor.notes.setPlainText("my notes")
    editor.try_save()
    assert editor.isVisible() and editor.error.isVisible()
    assert "Someone else changed this organisation" in editor.error.text()
    reload = editor.findChild(QPushButton, "reloadButton")
    assert reload.isVisible() and reload.accessibleName()
    assert contact_service.org_fields(window.db, org_id)[0].notes == "their notes"  # nothing overwritten
    assert window.undo_stack.count() == 0

    reload.click()
    assert editor.isVisible()
    assert editor.website.text() == "https://theirs.example" and editor.notes.toPlainText() == "their notes"
    assert not reload.isVisible() and "stored version" in editor.error.text()
    editor.notes.setPlainText("their notes, and mine")  # saving again goes over the stored version
    editor.try_save()
    assert not editor.isVisible()
    assert contact_service.org_fields(window.db, org_id)[0].notes == "their notes, and mine"
    window.undo_action.trigger()  # undo goes back to what was reloaded, not what was first opened
    assert contact_service.org_fields(window.db, org_id)[0].notes == "their notes"


def test_an_invalid_country_is_shown_as_you_type_and_on_save(window: Any, db: Any, qtbot: Any) -> None:
    show_orgs(window)
    select_org(window, 0)
    org_id = window.orgs.selected_id()
    before = contact_service.org_fields(db, org_id)
    window.org_actions.edit_action.trigger()
    editor = open_org_editor(window)
    editor.country.clear()
    qtbot.keyClicks(editor.country, "d")
    assert editor.country_problem and "two letters" in editor.country_message.text()
    assert editor.country_status.accessibleName() == "Country: invalid"
    qtbot.keyClicks(editor.country, "3")  # the validator takes letters only
    assert editor.country.text() == "d"
    editor.try_save()
    assert editor.isVisible() and editor.error.isVisible() and "country code" in editor.error.text()
    assert not editor.findChild(QPushButton, "reloadButton").isVisible()
    assert contact_service.org_fields(db, org_id) == before
    qtbot.keyClicks(editor.country, "e")
    assert editor.country_status.accessibleName() == "Country: valid" and not editor.country_problem
    editor.try_save()
    assert not editor.isVisible()
    assert contact_service.org_fields(db, org_id)[0].country == "DE"


def test_a_user_error_from_the_service_is_shown_inline(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    show_orgs(window)
    select_org(window, 0)
    window.org_actions.edit_action.trigger()
    editor = open_org_editor(window)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise UserError("kind: 'x' is not one of outlet, nonprofit")

    monkeypatch.setattr(contact_service, "edit_org", refuse)
    editor.name.setText("Something else")
    editor.try_save()
    assert editor.isVisible() and "is not one of" in editor.error.text()
    assert window.undo_stack.count() == 0
    editor.reject()


# -- delete -----------------------------------------------------------------------------------------------

def test_delete_key_deletes_the_organisation_people_stay_undo_and_redo(window: Any, db: Any, qtbot: Any) -> None:
    show_orgs(window)
    row, org_id = org_with_people(window)
    name = contact_service.org_fields(db, org_id)[0].name
    _org, people = contact_service.org_with_people(db, org_id)
    members = sorted(p.id for p in people)
    select_org(window, row)
    qtbot.keyClick(window.orgs.view, Qt.Key.Key_Delete)

    assert org_id not in org_ids(db)
    assert all(contact_service.get_contact(db, i).id == i for i in members)  # the people stay
    assert org_column_for(window, members[0]) == ""
    assert f"its {len(members)} people stay" in window.statusBar().currentMessage()
    assert all(r.id != org_id for r in window.orgs.model._rows)
    assert window.orgs.detail.toPlainText().strip() == "Nothing selected"

    window.undo_action.trigger()
    assert org_id in org_ids(db)
    assert sorted(p.id for p in contact_service.org_with_people(db, org_id)[1]) == members  # they rejoin
    assert org_column_for(window, members[0]) == name
    window.redo_action.trigger()
    assert org_id not in org_ids(db)
    assert org_column_for(window, members[0]) == ""
    window.undo_action.trigger()
    assert sorted(p.id for p in contact_service.org_with_people(db, org_id)[1]) == members


def test_delete_in_the_filter_field_edits_text(window: Any, db: Any, qtbot: Any) -> None:
    show_orgs(window)
    select_org(window, 0)
    count = len(org_ids(db))
    field = window.orgs.filter_field
    field.setText("ab")
    field.setFocus()
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "b" and len(org_ids(db)) == count


# -- actions, read-only, the guard ---------------------------------------------------------------------------

def test_org_actions_follow_the_page_and_the_selection(window: Any) -> None:
    actions = window.org_actions
    assert not actions.edit_action.isVisible() and not actions.delete_action.isVisible()  # contacts page
    assert actions.new_action.isEnabled()
    show_orgs(window)
    window.orgs.view.clearSelection()
    window.orgs.view.setCurrentIndex(window.orgs.model.index(-1, -1))
    window._update_actions()
    assert actions.edit_action.isVisible() and not actions.edit_action.isEnabled()
    select_org(window, 0)
    assert actions.edit_action.isEnabled() and actions.delete_action.isEnabled()
    for action in actions.all():
        assert action.toolTip() and action.text() and action.objectName()
    assert "people stay" in actions.delete_action.toolTip()
    toolbar = window.orgs.toolbar
    assert toolbar.accessibleName() and set(toolbar.actions()) == set(actions.all())



def test_read_only_database_disables_the_org_actions_and_find_duplicates(read_only_window: Any) -> None:
    win = read_only_window
    assert win.team.read_only
    show_orgs(win)
    select_org(win, 0)
    assert win.orgs.selected_id() is not None
    for action in (*win.org_actions.all(), win.duplicates_action):
        assert action in win.team.editing_actions()
        assert not action.isEnabled(), action.text()
    win.org_actions.edit_org(win.orgs.selected_id())  # Enter / double-click: no editor either
    win.org_actions.new_org()
    assert win.org_actions.editor is None and "read-only" in win.statusBar().currentMessage()


def test_the_org_slots_are_guarded_and_made_with_the_window_action(qtbot: Any, db_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    real = MainWindow._action

    def recording(self: MainWindow, text: str, slot: object, *args: Any, **kwargs: Any) -> Any:
        action = real(self, text, slot, *args, **kwargs)
        made.append((action, slot))
        return action

    monkeypatch.setattr(MainWindow, "_action", recording)
    win = create_window(db_url)
    qtbot.addWidget(win)
    slots = dict(made)
    for action in win.org_actions.all():
        assert getattr(slots[action], "__guarded__", False), action.text()
    for slot in (OrgActions.new_org, OrgActions.edit_selected, OrgActions.edit_org, OrgActions.delete_selected,
                 OrgActions.update, OrgActions.changed, OrgEditor.try_save, OrgEditor.reload_stored):
        assert getattr(slot, "__guarded__", False), slot.__qualname__
    win.close()
    win.db.close()


def test_the_org_actions_report_failing_services(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                 reported_errors: list[BaseException]) -> None:
    show_orgs(window)
    select_org(window, 0)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("injected fault")

    for name in ("org_fields", "delete_org", "add_org"):
        monkeypatch.setattr(contact_service, name, broken)
    window.org_actions.edit_action.trigger()
    window.org_actions.delete_action.trigger()
    assert [str(e) for e in reported_errors] == ["injected fault"] * 2
    reported_errors.clear()
    window.org_actions.new_action.trigger()
    editor = open_org_editor(window)
    editor.name.setText("Will Fail")
    editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert [str(e) for e in reported_errors] == ["injected fault"] and editor.isVisible()
    reported_errors.clear()
    editor.reject()
    assert window.undo_stack.count() == 0 and window.isVisible()


# -- the commands' refresh ------------------------------------------------------------------------------------

def test_a_failing_refresh_after_undo_and_redo_is_reported(window: Any, db: Any,
                                                           reported_errors: list[BaseException]) -> None:
    org = contact_service.add_org(db, "Refresh Fails Inc")
    calls = []

    def failing_refresh() -> None:
        calls.append(1)
        raise RuntimeError("refresh failed")

    window.undo_stack.push(commands.CreateOrg(db, org.id, org.name, failing_refresh))
    assert not reported_errors  # the first redo is the change already made: no refresh
    window.undo_stack.undo()
    assert org.id not in org_ids(db)  # the step itself still happened
    assert [str(e) for e in reported_errors] == ["refresh failed"]
    window.undo_stack.redo()
    assert org.id in org_ids(db)
    assert [str(e) for e in reported_errors] == ["refresh failed"] * 2 and len(calls) == 2
    reported_errors.clear()
    assert commands._ContactCommand is commands.ContactCommand  # the old name still works
