"""The Releases page as a workplace: stored releases, the media contacts beside the text, Add to contacts,
Link to existing…, Save release; with the test releases in tests/data/releases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QScrollArea, QTableView

from outreach.domain.contact import ContactInput
from outreach.gui.releases_model import COLUMNS, ReleasesModel
from outreach.gui.releases_page import ReleasesPage
from outreach.services import contacts as contact_service
from outreach.services import release_import

RELEASES = Path(__file__).resolve().parents[1] / "data" / "releases"
LONDON = RELEASES / "r01_london_joint.txt"  # Hannah Price (Shelter Street), Marcus Bell (Families First Trust)


def releases_page(window: Any) -> ReleasesPage:
    window.navigation.setCurrentRow(2)
    page = window.releases
    assert window.stack.currentWidget() is page
    return page


def names(page: ReleasesPage) -> list[str]:
    return [card.contact.name or "" for card in page.cards]


def card_of(page: ReleasesPage, name: str) -> Any:
    return next(card for card in page.cards if card.contact.name == name)


def emails_of(db: Any, person: int) -> set[str]:
    return {e.normalized or e.raw for e in contact_service.get_contact(db, person).emails}


def test_opening_a_file_lists_its_media_contacts(window: Any) -> None:
    page = releases_page(window)
    assert isinstance(window.findChild(QScrollArea, "releaseContacts"), QScrollArea)
    assert isinstance(window.findChild(QTableView, "releasesList"), QTableView)
    page.open_file(str(LONDON))
    assert names(page) == ["Hannah Price", "Marcus Bell"]
    hannah = card_of(page, "Hannah Price")
    assert hannah.known is None and hannah.known_label.text() == "Not in your contacts yet"
    assert hannah.add_button.isEnabled() and hannah.link_button.isEnabled()
    assert not hannah.show_button.isVisibleTo(hannah)
    shown = " ".join(label.text() for label in hannah.findChildren(type(hannah.known_label)))
    assert "hannah.price@shelterstreet.example" in shown and "+44 7911 234567 (mobile)" in shown
    assert "Press Officer · Shelter Street" in shown
    assert "r01_london_joint.txt" in page.state_label.text() and "not stored" in page.state_label.text()


def test_add_to_contacts_creates_the_person_marks_them_known_and_undo_trashes_them(window: Any) -> None:
    page = releases_page(window)
    page.open_file(str(LONDON))
    hannah = card_of(page, "Hannah Price")
    hannah.add_button.click()
    person = release_import.known_person(window.db, hannah.contact)
    assert person is not None
    assert emails_of(window.db, person) == {"hannah.price@shelterstreet.example"}
    hannah = card_of(page, "Hannah Price")
    assert hannah.known == (person, "Hannah Price")
    assert hannah.known_label.text() == "Known: Hannah Price"
    assert not hannah.add_button.isEnabled() and hannah.show_button.isVisibleTo(hannah)
    assert "Added Hannah Price" in page.last_message
    assert window.contacts.model.total == contact_service.count(window.db)  # the contacts view was refreshed

    window.undo_action.trigger()  # moves the new person to the trash
    assert release_import.known_person(window.db, hannah.contact) is None
    assert card_of(page, "Hannah Price").known_label.text() == "Not in your contacts yet"
    window.redo_action.trigger()
    assert card_of(page, "Hannah Price").known == (person, "Hannah Price")


def test_show_in_contacts_selects_the_known_person(window: Any) -> None:
    page = releases_page(window)
    page.open_file(str(LONDON))
    card_of(page, "Marcus Bell").add_button.click()
    window.contacts.search_field.setText("nobody at all matches this")  # a search that hides him
    releases_page(window)
    card = card_of(page, "Marcus Bell")
    card.show_button.click()
    assert window.stack.currentWidget() is window.contacts
    assert window.contacts.selected_ids() == [card.known[0]]


def test_link_to_existing_adds_the_release_email_to_the_chosen_person(window: Any) -> None:
    marcus = contact_service.add_contact(window.db, ContactInput(display_name="Marcus Bell",
                                                                 organization="Families First Trust")).id
    page = releases_page(window)
    page.open_file(str(LONDON))
    card = card_of(page, "Marcus Bell")
    assert card.known is None  # no e-mail in common, no phone: not the same person by the identity rule
    card.link_button.click()
    picker = page.picker
    assert picker.isVisible() and picker.search_field.text() == "Marcus Bell"
    ids = [picker.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(picker.results.count())]
    assert marcus in ids
    picker.results.setCurrentRow(ids.index(marcus))
    picker.link_button.click()
    assert not picker.isVisible()
    assert "m.bell@familiesfirst.example" in emails_of(window.db, marcus)
    assert card_of(page, "Marcus Bell").known == (marcus, "Marcus Bell")
    assert "cannot be undone" in page.last_message
    assert window.undo_stack.count() == 0  # nothing pretends to be undoable


def test_the_link_picker_searches_as_you_type(window: Any, qtbot: Any) -> None:
    page = releases_page(window)
    page.open_file(str(LONDON))
    card_of(page, "Hannah Price").link_button.click()
    picker = page.picker
    picker.search_field.setText("zzzz no such person")
    qtbot.waitUntil(lambda: picker.results.count() == 0, timeout=2000)
    assert not picker.link_button.isEnabled()
    picker.reject()


def test_save_release_stores_it_lists_it_and_saving_again_duplicates_nothing(window: Any) -> None:
    page = releases_page(window)
    before = contact_service.count(window.db)
    assert page.model.rowCount() == 0
    page.open_file(str(LONDON))
    page.save_button.click()
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert row is not None and row.title == "Two Charities Call for Cap on Temporary Accommodation Stays"
    assert row.contacts == 2
    assert page.list.selectionModel().isRowSelected(0)
    assert page.release_id == row.id and page.editor.isReadOnly()
    assert "Stored" in page.last_message and "2 created, 2 linked, 0 updated" in page.last_message
    assert contact_service.count(window.db) == before + 2
    assert [c.known is not None for c in page.cards] == [True, True]

    page.save_button.click()  # the same text again
    assert "already stored" in page.last_message and "nothing new" in page.last_message
    assert page.model.rowCount() == 1
    assert contact_service.count(window.db) == before + 2

    page.new_release()  # and once more as a new paste of the same text
    page.editor.setPlainText(LONDON.read_text(encoding="utf-8"))
    page.save_release()
    assert "already stored" in page.last_message
    assert len(release_import.list_releases(window.db)) == 1


def test_selecting_a_stored_release_shows_its_text_read_only_until_edit(window: Any) -> None:
    release_import.import_release(window.db, RELEASES / "r02_berlin_de.txt")
    release_import.import_release(window.db, LONDON)
    page = releases_page(window)
    assert page.model.rowCount() == 2
    row = page.model.row_of_id(next(r.id for r in release_import.list_releases(window.db)
                                    if r.source_file == "r02_berlin_de.txt"))
    page.list.selectRow(row)
    assert page.editor.toPlainText() == (RELEASES / "r02_berlin_de.txt").read_text(encoding="utf-8")
    assert page.editor.isReadOnly() and page.edit_button.isEnabled()
    assert "read-only" in page.state_label.text()
    assert page.cards and all(c.known is not None for c in page.cards)  # stored and linked already

    page.edit_button.click()
    assert not page.editor.isReadOnly() and not page.edit_button.isEnabled()
    page.editor.appendPlainText("\nOne more line.")
    assert page.release_id is None  # a changed text is a new release when saved
    page.new_release()
    assert page.editor.toPlainText() == "" and not page.editor.isReadOnly()
    assert not page.cards and not page.list.selectionModel().hasSelection()


def test_the_contacts_panel_follows_the_text_as_it_changes(window: Any, qtbot: Any) -> None:
    page = releases_page(window)
    page.editor.setPlainText(LONDON.read_text(encoding="utf-8"))
    qtbot.waitUntil(lambda: names(page) == ["Hannah Price", "Marcus Bell"], timeout=2000)
    kept = page.cards[0]
    cursor = page.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    page.editor.setTextCursor(cursor)
    page.editor.insertPlainText("Embargoed. ")  # nothing about the contacts changes: the cards stay
    qtbot.waitUntil(lambda: page.editor.toPlainText().startswith("Embargoed") and not page._timer.isActive(),
                    timeout=2000)
    assert page.cards[0] is kept
    text = page.editor.toPlainText().replace("Marcus Bell", "Marcia Bellamy")
    page.editor.setPlainText(text)
    qtbot.waitUntil(lambda: names(page) == ["Hannah Price", "Marcia Bellamy"], timeout=2000)
    page.editor.setPlainText("")
    qtbot.waitUntil(lambda: not page.cards, timeout=2000)
    assert page.no_contacts.isVisibleTo(page)


def test_ctrl_s_on_the_page_saves_the_release(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = releases_page(window)
    page.open_file(str(LONDON))
    window.navigation.setCurrentRow(0)  # on another page Ctrl+S is not the release's
    qtbot.keyClick(window.contacts.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 0
    releases_page(window)
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 1


def test_a_failing_save_is_reported_and_the_button_works_again(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                              reported_errors: list[BaseException]) -> None:
    page = releases_page(window)
    page.open_file(str(LONDON))

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(release_import, "store_release", broken)
    page.save_button.click()
    assert [str(e) for e in reported_errors] == ["disk full"]
    reported_errors.clear()
    assert page.save_button.isEnabled() and "not saved" in page.last_message


def test_buttons_have_names_and_take_the_keyboard(window: Any) -> None:
    page = releases_page(window)
    page.open_file(str(LONDON))
    for button in page.findChildren(QAbstractButton):
        if isinstance(button, QPushButton) and button.isVisibleTo(page):
            assert button.accessibleName() or button.text(), button.objectName()
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.text()
    for widget in (page.list, page.editor, page.findings):
        assert widget.accessibleName()
    assert page.editor.tabChangesFocus()
    # Tab from the text goes through the contact cards' buttons to the findings.
    chain = []
    widget = page.editor.nextInFocusChain()
    while widget is not page.findings and len(chain) < 200:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(page) and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    expected = [b for c in page.cards for b in (c.show_button, c.add_button, c.link_button)
                if b.isVisibleTo(page) and b.isEnabled()]
    assert expected
    assert chain == expected


def test_releases_model_passes_the_model_tester(qtmodeltester: Any, db: Any) -> None:
    model = ReleasesModel(db)
    qtmodeltester.check(model)
    release_import.import_release(db, LONDON)
    release_import.import_release(db, RELEASES / "r03_paris_fr.txt")
    model.reload()
    assert model.rowCount() == 2 and model.columnCount() == len(COLUMNS)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 4)) in {"1", "2"}
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Title"
