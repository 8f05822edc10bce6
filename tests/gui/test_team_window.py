"""Team mode in the window: read-only banner, live refresh, a server that goes away and comes back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QLabel, QTableView

from outreach.domain.contact import ContactInput
from outreach.gui import team
from outreach.services import contacts as contact_service
from outreach.store.database import Database
from outreach.store.errors import ServerUnreachableError, TransientError


def test_read_only_database_shows_a_banner_and_disables_editing(read_only_window: Any, qtbot: Any) -> None:
    win = read_only_window
    assert win.db.read_only
    banner = win.findChild(QFrame, "readOnlyBanner")
    assert banner is not None and banner.isVisible()
    assert "read-only" in banner.findChild(QLabel, "readOnlyBannerText").text()
    win.contacts.view.selectRow(0)
    assert win.contacts.selected_ids()
    names = ("newContactAction", "deleteAction", "importAction")
    for name in names:
        action = win.findChild(QAction, name)
        if action is not None:  # the import action comes with the import wizard
            assert not action.isEnabled(), name
    for action in (win.new_action, win.edit_action, win.delete_action, win.tag_action, win.dnc_action,
                   win.restore_action, win.empty_trash_action):
        assert not action.isEnabled(), action.text()
    win.contacts.trash_toggle.setChecked(True)  # still no restore or empty trash in the trash view
    win.contacts.view.selectRow(0)
    assert not win.restore_action.isEnabled() and not win.empty_trash_action.isEnabled()
    win.contacts.trash_toggle.setChecked(False)
    # Looking and searching still work; double-clicking does not open an editor.
    win.contacts.search_field.setText("is:dnc")
    assert win.contacts.model.search_text == "is:dnc"
    assert win.find_action.isEnabled()
    win.contacts.view.selectRow(0)
    win.edit_contact(win.contacts.selected_ids()[0])
    assert win.editor is None
    assert not win.contacts.view.viewport().acceptDrops()  # no import by dropping a file either
    export = win.findChild(QAction, "exportAction")
    if export is not None:
        assert export.isEnabled()


def test_writable_database_has_no_banner(window: Any) -> None:
    assert not window.findChild(QFrame, "readOnlyBanner").isVisible()
    assert not window.findChild(QFrame, "connectionBanner").isVisible()
    assert window.new_action.isEnabled()


def test_live_refresh_shows_a_contact_added_elsewhere_and_keeps_the_selection(window: Any, db_url: str) -> None:
    view = window.findChild(QTableView, "contactsView")
    view.selectRow(5)
    [selected] = window.contacts.selected_ids()
    total = window.contacts.model.total
    other = Database.open(db_url)  # another user's connection to the same file
    try:
        contact_service.add_contact(other, ContactInput(given_name="Aaron", family_name="Aardvark"))
    finally:
        other.close()
    window.team.poll()  # what the timer does every two seconds
    assert window.contacts.model.total == total + 1
    assert window.contacts.selected_ids() == [selected]
    assert window.contacts.model.row_of_id(selected) == 6  # "Aardvark" sorts first: the row moved
    assert contact_service.get_contact(window.db, selected).display_name in window.contacts.detail.toPlainText()


def test_live_refresh_clears_the_details_when_the_selected_person_is_deleted_elsewhere(
        window: Any, db_url: str) -> None:
    window.contacts.view.selectRow(2)
    [selected] = window.contacts.selected_ids()
    other = Database.open(db_url)
    try:
        contact_service.trash(other, [selected])
    finally:
        other.close()
    window.team.poll()
    assert window.contacts.selected_ids() == []
    assert "Nothing selected" in window.contacts.detail.toPlainText()


def test_live_refresh_keeps_the_scroll_position(window: Any, db_url: str, qtbot: Any) -> None:
    view = window.contacts.view
    view.verticalScrollBar().setValue(40)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() == 40)
    other = Database.open(db_url)
    try:
        contact_service.add_contact(other, ContactInput(given_name="Zz", family_name="Zzyzx"))
    finally:
        other.close()
    window.team.poll()
    assert view.verticalScrollBar().value() == 40


def test_live_refresh_waits_while_the_user_is_busy(window: Any, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    total = window.contacts.model.total
    other = Database.open(db_url)
    try:
        contact_service.add_contact(other, ContactInput(given_name="Later", family_name="Person"))
    finally:
        other.close()
    monkeypatch.setattr(window.team, "busy", lambda: True)
    window.team.poll()
    assert window.contacts.model.total == total  # not now: a drag or menu is in progress
    monkeypatch.setattr(window.team, "busy", lambda: False)
    window.team.poll()  # nothing new since, but the change is still pending
    assert window.contacts.model.total == total + 1


def test_the_poll_timer_runs(window: Any) -> None:
    assert window.team.poll_timer.isActive()
    assert window.team.poll_timer.interval() <= 2000


@pytest.mark.parametrize("error", [ServerUnreachableError("the database server cannot be reached"),
                                   TransientError("the connection to the database server was lost")])
def test_connection_banner_instead_of_an_error_box_and_gone_after_a_retry(
        window: Any, monkeypatch: pytest.MonkeyPatch, reported_errors: list[BaseException],
        error: Exception) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> object:
        raise error

    banner = window.findChild(QFrame, "connectionBanner")
    monkeypatch.setattr(contact_service, "get_contact", unreachable)
    window.contacts.view.selectRow(1)  # the selection slot reads the person: the server is gone
    assert banner.isVisible()
    assert "cannot be reached" in window.team.connection_label.text()
    assert reported_errors == []  # no modal error box
    assert window.team.retry_timer.isActive()

    monkeypatch.setattr(team, "probe", unreachable)
    window.team.retry()
    assert banner.isVisible()  # still gone

    monkeypatch.undo()
    probes: list[Database] = []
    monkeypatch.setattr(team, "probe", lambda db: probes.append(db) or 1)
    window.team.retry()
    assert probes == [window.db]
    assert not banner.isVisible() and not window.team.retry_timer.isActive()
    assert window.contacts.selected_ids()  # refreshed, selection kept, details shown again
    assert "Nothing selected" not in window.contacts.detail.toPlainText()


def test_saving_while_the_server_is_gone_keeps_the_editor_and_its_content(
        window: Any, monkeypatch: pytest.MonkeyPatch, reported_errors: list[BaseException]) -> None:
    window.contacts.view.selectRow(0)
    window.edit_selected()
    editor = window.editor
    editor.title.setText("Typed while offline")

    def unreachable(*_args: object, **_kwargs: object) -> object:
        raise ServerUnreachableError("the database server cannot be reached")

    monkeypatch.setattr(contact_service, "edit_contact", unreachable)
    editor.try_save()
    assert editor.isVisible() and editor.title.text() == "Typed while offline"
    assert "nothing you typed is lost" in editor.error.text()
    assert window.findChild(QFrame, "connectionBanner").isVisible()
    assert reported_errors == []
    monkeypatch.undo()
    monkeypatch.setattr(team, "probe", lambda db: 1)
    window.team.retry()
    editor.try_save()
    assert not editor.isVisible()
    assert contact_service.get_contact(window.db, window.contacts.selected_ids()[0]).title == "Typed while offline"


def test_other_errors_still_go_to_the_error_box(window: Any, monkeypatch: pytest.MonkeyPatch,
                                                reported_errors: list[BaseException]) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(contact_service, "get_contact", broken)
    window.contacts.view.selectRow(1)
    assert [type(e) for e in reported_errors] == [RuntimeError]
    assert not window.findChild(QFrame, "connectionBanner").isVisible()
    reported_errors.clear()


def test_live_refresh_keeps_the_selected_organisation(window: Any, db_url: str) -> None:
    window.navigation.setCurrentRow(1)
    orgs = window.orgs
    orgs.view.selectRow(3)
    org_id = orgs.model.row_at(3).id
    count = orgs.model.rowCount()
    other = Database.open(db_url)
    try:
        contact_service.add_org(other, "AAA First Outlet")
    finally:
        other.close()
    window.team.poll()
    assert orgs.model.rowCount() == count + 1
    assert orgs.model.row_at(orgs.view.currentIndex().row()).id == org_id
    assert orgs.model.row_at(orgs.view.currentIndex().row()).name in orgs.detail.toPlainText()


def test_a_failing_change_watcher_shows_the_connection_banner(
        window: Any, monkeypatch: pytest.MonkeyPatch, reported_errors: list[BaseException]) -> None:
    def gone() -> set[str]:
        raise OSError("server closed the connection unexpectedly")

    monkeypatch.setattr(window.team.watcher, "poll", gone)
    window.team.poll()
    assert window.findChild(QFrame, "connectionBanner").isVisible()
    assert window.team.watcher is None and not window.team.poll_timer.isActive()
    monkeypatch.setattr(team, "probe", lambda db: 1)
    window.team.retry()
    assert not window.findChild(QFrame, "connectionBanner").isVisible()
    assert window.team.watcher is not None and window.team.poll_timer.isActive()  # watching again
    assert reported_errors == []
