"""Read-only mode on the newer pages: on a read-only database (a SQLite file opened read-only) every
writing button of the Send-lists, Outreach log and Releases pages, the person bar's Log… and Erase… and
Edit ▸ Add to Send-list… are greyed out and stay so whatever is selected; export, Copy as BCC and looking
stay available, and the writing slots refuse even when reached another way (Delete, Enter, Ctrl+S)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton

from outreach.gui import create_window
from outreach.services import contacts as contact_service
from outreach.services import lists as list_service
from outreach.services import outreach_log as log_service
from outreach.services import release_import
from outreach.store import releases as release_store
from outreach.store.database import Database

RELEASES = Path(__file__).resolve().parents[1] / "data" / "releases"
LONDON = RELEASES / "r01_london_joint.txt"  # Hannah Price (Shelter Street), Marcus Bell (Families First Trust)


def fill(db_url: str) -> dict[str, Any]:
    """Before the window opens read-only: a release, a send-list for it, an overdue follow-up."""
    db = Database.open(db_url)
    try:
        with db.session() as session:
            release = int(release_store.create_release(session, title="Heat report"))
        resolved = list_service.create(db, "climate", release_id=release, query="beat:climate")
        first = resolved.members[0].id
        log_service.log(db, first, "sent", release_id=release, when=datetime.now(UTC) - timedelta(days=9))
        release_import.import_release(db, LONDON)
        events = len(log_service.events(db))
        return {"release": release, "members": [m.id for m in resolved.members], "first": first, "events": events,
                "lists": list_service.summaries(db)}
    finally:
        db.close()


def open_window(qtbot: Any, url: str) -> Any:
    win = create_window(url)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    return win


@pytest.fixture
def stored(db_url: str) -> dict[str, Any]:
    return fill(db_url)


@pytest.fixture
def read_only_window(qtbot: Any, db_url: str, stored: dict[str, Any], tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.chdir(tmp_path)  # the store makes a stray "file:" folder for URI file names
    path = db_url.removeprefix("sqlite:///")
    win = open_window(qtbot, f"sqlite:///file:{path}?mode=ro&uri=true")
    assert win.db.read_only and win.team.read_only
    yield win
    win.close()
    win.db.close()


@pytest.fixture
def writable_window(qtbot: Any, db_url: str, stored: dict[str, Any]) -> Iterator[Any]:
    win = open_window(qtbot, db_url)
    yield win
    win.close()
    win.db.close()


def show_page(win: Any, row: int) -> Any:
    win.navigation.setCurrentRow(row)
    return win.stack.currentWidget()


def assert_all_greyed(win: Any) -> None:
    for widget in win.team.editing_widgets():
        assert not widget.isEnabled(), widget.objectName()
    for action in win.team.editing_actions():
        assert not action.isEnabled(), action.objectName() or action.text()


def open_everything(win: Any, stored: dict[str, Any]) -> None:
    """Select something on every page, so that each page's own enabling has run."""
    page = show_page(win, 3)
    page.select_list("climate")
    page.members_view.selectAll()
    page = show_page(win, 4)
    page.follow_view.setCurrentIndex(page.follow_model.index(0, 0))
    page = show_page(win, 2)
    page.open_file(str(LONDON))
    show_page(win, 0)
    win.contacts.view.selectRow(0)


# -- every page declares its writing buttons, and all of them are greyed --------------------------------------

def test_each_page_declares_its_writing_buttons(writable_window: Any) -> None:
    win = writable_window
    pages = win.team.write_pages()
    assert {p.objectName() for p in pages} == {"sendListsPage", "outreachLogPage", "releasesView"}
    sendlists = {w.objectName() for w in win.sendlists.write_widgets()}
    assert sendlists == {"newListButton", "refreshListButton", "deleteListButton", "removeMembersButton",
                         "pitchListButton", "logListButton"}
    assert {w.objectName() for w in win.log_page.write_widgets()} == {"logButton"}
    show_page(win, 2).open_file(str(LONDON))
    names = [w.objectName() for w in win.releases.write_widgets()]
    assert names[0] == "saveRelease" and names.count("addMediaContact") == names.count("linkMediaContact") == 2
    widgets = set(win.team.editing_widgets())
    for page in pages:
        assert set(page.write_widgets()) <= widgets
    assert {"timelineLogButton", "erasePersonButton"} <= {w.objectName() for w in widgets}
    assert win.sendlist_action in win.team.editing_actions()
    assert win.import_history_action not in win.team.editing_actions()  # looking at the history only reads


def test_on_a_writable_database_the_same_buttons_work(writable_window: Any, stored: dict[str, Any]) -> None:
    win = writable_window
    assert not win.team.read_only
    open_everything(win, stored)
    page = win.sendlists
    for button in (page.new_button, page.refresh_button, page.delete_button, page.remove_button, page.pitch_button,
                   page.log_button):
        assert button.isEnabled(), button.objectName()
    assert win.log_page.log_button.isEnabled()
    assert win.releases.save_button.isEnabled()
    for card in win.releases.cards:  # known since the release was stored: Add is for new people only
        assert card.link_button.isEnabled() and card.add_button.isEnabled() == (card.known is None)
    assert win.sendlist_action.isEnabled()
    bar = win.contacts.detail.person_bar
    assert bar.log_button.isEnabled() and bar.erase_button.isEnabled()


def test_read_only_greys_out_every_writing_button_and_keeps_the_reading_ones(read_only_window: Any,
                                                                             stored: dict[str, Any]) -> None:
    win = read_only_window
    open_everything(win, stored)
    assert_all_greyed(win)
    # Send-lists: the list and its members are shown; export and Copy as BCC work.
    page = win.sendlists
    assert page.current is not None and page.members_model.rowCount() == len(stored["members"])
    assert page.selected_member_ids()
    for button in (page.new_button, page.refresh_button, page.delete_button, page.remove_button, page.pitch_button,
                   page.log_button):
        assert not button.isEnabled(), button.objectName()
    assert page.export_button.isEnabled() and page.bcc_button.isEnabled()
    assert not any(s.isEnabled() for s in page.delete_shortcuts)
    # Outreach log: events, follow-ups and the board are shown; Log… is greyed.
    log_page = win.log_page
    assert log_page.events_model.rowCount() == stored["events"] and log_page.follow_model.rowCount() == 1
    assert not log_page.log_button.isEnabled()
    assert log_page.board_release.isEnabled() and log_page.release_filter.isEnabled()
    # Releases: opening, checking and looking work; nothing can be saved, added or linked.
    releases = win.releases
    assert [c.contact.name for c in releases.cards] == ["Hannah Price", "Marcus Bell"]
    assert not releases.save_button.isEnabled()
    for card in releases.cards:
        assert not card.add_button.isEnabled() and not card.link_button.isEnabled()
    for button in (releases.new_button, releases.open_button):
        assert button.isEnabled()
    assert "read-only" in releases.state_label.text()
    # The contacts page: the person bar's Export Data… reads, Log… and Erase… write.
    bar = win.contacts.detail.person_bar
    assert bar.contact_id is not None
    assert bar.export_button.isEnabled()
    assert not bar.log_button.isEnabled() and not bar.erase_button.isEnabled()
    assert not win.sendlist_action.isEnabled() and win.bcc_action.isEnabled() and win.export_action.isEnabled()
    assert win.import_history_action.isEnabled()


def test_read_only_wins_over_selection_changes_and_reloads(read_only_window: Any, stored: dict[str, Any]) -> None:
    """Each page enables its buttons as the selection changes or data arrives; read-only must win every time
    (checked before the window's own update of the actions could grey them out again)."""
    win = read_only_window
    open_everything(win, stored)

    def greyed(page: Any) -> None:
        for widget in page.write_widgets():
            assert not widget.isEnabled(), (page.objectName(), widget.objectName())

    page = show_page(win, 3)
    page.view.clearSelection()
    page.select_list("climate")  # the page enables its buttons on a new current list…
    greyed(page)
    page.members_view.selectRow(0)  # …and on the members' selection
    greyed(page)
    page.reload("climate")
    page._update_buttons()
    greyed(page)
    log_page = show_page(win, 4)
    log_page.reload()  # enables Log… when there are send-lists
    greyed(log_page)
    releases = show_page(win, 2)
    releases.new_release()
    greyed(releases)
    releases.open_file(str(LONDON))  # new cards
    greyed(releases)
    releases.list.selectRow(0)  # a stored release: Edit text is offered, saving is not
    assert releases.release_id is not None and releases.edit_button.isEnabled()
    greyed(releases)
    releases.edit_release()
    for card in releases.cards:
        card.set_known(None)  # what the known-people lookup does when it answers
    releases._update_state()
    greyed(releases)
    show_page(win, 0)
    win.contacts.view.selectRow(1)
    win._update_actions()
    assert_all_greyed(win)


def test_the_writing_slots_refuse_when_reached_another_way(read_only_window: Any, stored: dict[str, Any],
                                                           qtbot: Any) -> None:
    win = read_only_window
    open_everything(win, stored)
    page = show_page(win, 3)
    page.select_list("climate")
    page.members_view.selectAll()
    page.members_view.setFocus()
    qtbot.keyClick(page.members_view, Qt.Key.Key_Delete)  # would take the members off
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)  # would ask to delete the list
    assert win.findChild(QMessageBox, "deleteListConfirm") is None
    for slot in (page.new_list, page.refresh_current, page.remove_selected, page.delete_current, page.pitch,
                 page.log_list):
        assert slot() is None, slot.__name__
    page.confirm_delete("climate")
    assert page.add_people(stored["members"][:1]) is None  # Edit ▸ Add to Send-list…
    assert "read-only" in page.status.text()
    assert [s.name for s in list_service.summaries(win.db)] == [s.name for s in stored["lists"]]
    assert len(list_service.show(win.db, "climate").members) == len(stored["members"])

    log_page = show_page(win, 4)
    log_page.follow_view.setCurrentIndex(log_page.follow_model.index(0, 0))
    assert log_page.log_follow_up() is None and log_page.log_for_list() is None  # Enter on a follow-up
    assert "read-only" in log_page.status.text()

    releases = show_page(win, 2)
    releases.open_file(str(LONDON))
    stored_releases = releases.model.rowCount()
    assert stored_releases == 2  # Heat report and the London release
    releases.editor.setFocus()
    releases.editor.appendPlainText("\nA changed text would be a new release.")
    qtbot.keyClick(releases.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = releases.cards[0]
    releases.add_contact(card)
    releases.ask_link(card)
    releases.link_contact(card, stored["first"])
    assert card.known is None or card.known[0] != stored["first"]
    releases.reload_list()
    assert releases.model.rowCount() == stored_releases and "read-only" in releases.last_message
    assert len(log_service.events(win.db)) == stored["events"]
    assert contact_service.count(win.db, "Hannah Price") == 1  # from the stored release, nothing new


def test_no_writing_button_of_the_pages_is_enabled_by_a_late_answer(read_only_window: Any,
                                                                    stored: dict[str, Any]) -> None:
    """Every push button of the three pages that is enabled is one that only reads."""
    win = read_only_window
    open_everything(win, stored)
    reading = {"exportListButton", "copyListBccButton", "newRelease", "openRelease", "editRelease",
               "showKnownContact", "qt_scrollarea_viewport"}
    for page in win.team.write_pages():
        enabled = {b.objectName() for b in page.findChildren(QPushButton) if b.isEnabled()}
        assert enabled <= reading, (page.objectName(), enabled - reading)
    assert not any(a.isEnabled() for a in win.findChildren(QAction) if a.objectName() == "addToSendListAction")
