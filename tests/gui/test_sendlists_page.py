"""Send-lists page: a list from a search shows members and the excluded with reasons; hand removal (and
undo); refresh keeps hand edits; Add to Send-list… from the contacts selection; deleting a list can be undone;
export and Copy as BCC; pitching opens a mailto: with BCC for a small list and writes .eml drafts for a
big one, each recipient logged as sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from outreach.domain.contact import ContactInput, EmailInput
from outreach.gui.pitch_dialog import PitchDialog
from outreach.gui.sendlists_page import (
    AddToListDialog,
    NewListDialog,
    SendListsPage,
    excluded_model,
    lists_model,
    members_model,
)
from outreach.services import contacts as contact_service
from outreach.services import lists as list_service
from outreach.services import outreach_log as log_service
from outreach.store.queries.lists import DO_NOT_CONTACT


def open_page(window: Any) -> SendListsPage:
    window.navigation.setCurrentRow(3)
    page = window.sendlists
    assert page.isVisible() and page.view.objectName() == "sendListsView"
    return page


def make_list(page: SendListsPage, name: str, query: str) -> None:
    dialog = page.new_list()
    assert isinstance(dialog, NewListDialog)
    dialog.name_field.setText(name)
    dialog.query_field.setText(query)
    dialog.update_preview()
    expected = contact_service.count(page.db, query)
    assert f"finds {expected:,} " in dialog.preview.text()
    dialog.create_button.click()
    assert not dialog.isVisible()
    assert page.current_name() == name


def test_every_model_passes_the_model_tester(qtmodeltester: Any, window: Any) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    for model in (page.lists_model, page.members_model, page.excluded_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    for empty in (lists_model(), members_model(), excluded_model()):
        qtmodeltester.check(empty)


def test_a_list_from_a_search_shows_members_and_the_excluded_with_reasons(window: Any, db: Any) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    resolved = list_service.show(db, "climate")
    assert page.members_model.rowCount() == len(resolved.members) > 0
    assert page.excluded_model.rowCount() == len(resolved.excluded) > 0
    reasons = {page.excluded_model.index(r, 1).data() for r in range(page.excluded_model.rowCount())}
    assert DO_NOT_CONTACT in reasons
    first = resolved.members[0]
    assert [page.members_model.index(0, c).data() for c in range(3)] == [first.name, first.organization,
                                                                          first.email]
    row = page.lists_model.rows[page.view.currentIndex().row()]
    assert (row.members, row.excluded) == (len(resolved.members), len(resolved.excluded))
    assert f"({len(resolved.members)})" in page.members_label.text()


def test_hand_removal_is_undoable_and_refresh_keeps_hand_edits(window: Any, db: Any) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    before = len(list_service.show(db, "climate").members)
    gone = page.members_model.rows[0].id
    page.members_view.selectRow(0)
    assert page.remove_button.isEnabled()
    page.remove_button.click()
    assert gone not in [m.id for m in list_service.show(db, "climate").members]
    assert page.members_model.rowCount() == before - 1
    # A new match arrives; a refresh adds it and does not bring back the person taken off.
    new = contact_service.add_contact(db, ContactInput(display_name="Zed New", organization="Heat Desk",
                                                       tags=["climate"], emails=[EmailInput("zed@heat.example")]))
    page.refresh_button.click()
    ids = [m.id for m in page.members_model.rows]
    assert new.id in ids and gone not in ids
    assert "1 new match" in page.status.text()
    window.undo_action.trigger()  # Remove … from climate
    assert gone in [m.id for m in list_service.show(db, "climate").members]
    assert gone in [m.id for m in page.members_model.rows]


def test_add_to_send_list_from_the_contacts_selection(window: Any, db: Any) -> None:
    window.contacts.view.selectRow(0)
    window.contacts.view.selectionModel().select(
        window.contacts.model.index(1, 0),
        window.contacts.view.selectionModel().SelectionFlag.Select
        | window.contacts.view.selectionModel().SelectionFlag.Rows)
    ids = window.contacts.selected_ids()
    assert len(ids) == 2 and window.sendlist_action.isEnabled()
    window.sendlist_action.trigger()
    dialog = window.findChild(AddToListDialog, "addToListDialog")
    dialog.target.setEditText("hand picked")
    assert "new list" in dialog.note.text()
    dialog.ok_button.click()
    resolved = list_service.show(db, "hand picked")
    assert {m.id for m in resolved.members} | {x.contact.id for x in resolved.excluded} == set(ids)
    # Again, onto the existing list: nobody twice.
    window.sendlist_action.trigger()
    dialog = window.sendlists.add_dialog
    assert dialog.names == ["hand picked"]
    dialog.target.setCurrentText("hand picked")
    assert dialog.note.text() == ""
    dialog.ok_button.click()
    assert "were on it already" in window.sendlists.status.text()


def test_the_delete_key_removes_members_and_deletes_the_list_undoably(window: Any, db: Any, qtbot: Any) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    before = page.members_model.rowCount()
    page.members_view.setFocus()
    page.members_view.selectRow(0)
    qtbot.keyClick(page.members_view, Qt.Key.Key_Delete)
    assert page.members_model.rowCount() == before - 1
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert page.findChild(QMessageBox) is None  # undoable, so nothing asks first
    assert list_service.summaries(db) == []
    window.undo_action.trigger()
    assert [s.name for s in list_service.summaries(db)] == ["climate"]


def test_delete_asks_nothing_and_can_be_undone(window: Any, db: Any) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    page.delete_button.click()
    assert page.findChild(QMessageBox) is None
    assert list_service.summaries(db) == []
    assert page.lists_model.rowCount() == 0 and page.members_model.rowCount() == 0
    assert "Undo with Ctrl+Z" in page.status.text()
    window.undo_action.trigger()
    assert [s.name for s in list_service.summaries(db)] == ["climate"] and page.current_name() == "climate"


def test_export_and_copy_as_bcc(window: Any, db: Any, tmp_path: Path) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    resolved = list_service.show(db, "climate")
    dialog = page.export_current()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    target = tmp_path / "climate.csv"
    dialog.path_field.setText(str(target))
    dialog.export_button.click()
    assert target.is_file()
    assert f"Wrote {len(resolved.members)} member(s)" in dialog.result_label.text()
    assert "excluded left out" in dialog.result_label.text()
    page.bcc_button.click()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == len(resolved.members)
    assert all(m.email in line for m, line in zip(resolved.members, lines, strict=True))


def test_pitching_a_small_list_opens_a_mailto_with_bcc_and_logs_sent(window: Any, db: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    ids = [r.id for r in contact_service.search(db, "beat:climate", limit=5)]
    list_service.create(db, "five", contact_ids=ids)
    page = open_page(window)
    page.select_list("five")
    members = [m.email for m in page.current.members]
    dialog = page.pitch()
    assert isinstance(dialog, PitchDialog) and dialog.uses_mailto()
    assert not dialog.send_button.isEnabled()  # no subject yet
    dialog.subject.setText("Heat report")
    dialog.body.setPlainText("Dear all,\nthe report is out.")
    dialog.send_button.click()
    [url] = opened
    query = parse_qs(urlsplit(url.toString(QUrl.ComponentFormattingOption.FullyEncoded)).query)
    assert query["bcc"][0].split(",") == members
    assert query["subject"] == ["Heat report"]
    assert "logged as sent" in dialog.result_label.text()
    sent = [e for e in log_service.events(db) if e.kind == "sent"]
    assert sorted(e.contact_id for e in sent) == sorted(m.id for m in page.current.members)


def test_pitching_a_big_list_writes_one_eml_per_recipient(window: Any, db: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: pytest.fail(f"opened {url}"))
    list_service.create(db, "everyone", query="")
    list_service.add(db, "everyone", [r.id for r in contact_service.search(db, "", limit=120)])
    page = open_page(window)
    page.select_list("everyone")
    n = len(page.current.members)
    assert n > 50
    dialog = page.pitch()
    assert not dialog.uses_mailto() and dialog.folder.isEnabled()
    dialog.subject.setText("Heat report")
    dialog.body.setPlainText("Hello")
    assert not dialog.send_button.isEnabled()  # no folder yet
    dialog.folder.setText(str(tmp_path / "drafts"))
    dialog.send_button.click()
    files = sorted((tmp_path / "drafts").glob("*.eml"))
    assert len(files) == n
    assert f"Wrote {n} .eml draft(s)" in dialog.result_label.text()
    assert len([e for e in log_service.events(db, limit=None) if e.kind == "sent"]) == n
    assert "Subject: Heat report" in files[0].read_text()


def test_the_page_is_keyboard_reachable_and_named(window: Any) -> None:
    page = open_page(window)
    make_list(page, "climate", "beat:climate")
    for widget in (page.view, page.members_view, page.excluded_view, page.new_button, page.remove_button,
                   page.export_button, page.bcc_button, page.pitch_button, page.log_button):
        assert widget.accessibleName(), widget.objectName()
        assert widget.focusPolicy() != widget.focusPolicy().NoFocus
    assert page.members_label.buddy() is page.members_view
