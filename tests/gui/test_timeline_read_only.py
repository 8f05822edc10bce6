"""The person bar on a read-only database: Log… and Erase… refuse with a line in the status bar (no
dialog, nothing written) however they are reached — a signal, a direct call, a button enabled by
mistake, the mnemonic; Export Data… still works, since it only reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from outreach.services import contacts as contact_service
from outreach.services import outreach_log as log_service


def no_dialogs(win: Any) -> None:
    assert win.person_actions.dialog is None
    assert win.findChild(QMessageBox, "erasePersonConfirm") is None
    assert [d for d in win.findChildren(QDialog) if d.isVisible()] == []


def test_log_and_erase_refuse_on_a_read_only_database(read_only_window: Any, qtbot: Any, tmp_path: Path) -> None:
    win = read_only_window
    win.contacts.view.selectRow(0)
    [cid] = win.contacts.selected_ids()
    name = contact_service.get_contact(win.db, cid).display_name
    events = len(log_service.events(win.db, limit=None))
    bar = win.contacts.detail.person_bar
    assert bar.contact_id == cid and not bar.log_button.isEnabled() and not bar.erase_button.isEnabled()
    actions = win.person_actions

    def refused() -> None:
        no_dialogs(win)
        assert "read-only" in win.statusBar().currentMessage()
        win.statusBar().clearMessage()

    bar.logRequested.emit(cid, name)
    refused()
    bar.eraseRequested.emit(cid, name)
    refused()
    assert actions.log_person(cid, name) is None
    refused()
    assert actions.erase_person(cid, name) is None
    refused()
    actions.confirm_erase(cid, name)  # the step after the confirmation
    refused()
    for button in (bar.log_button, bar.erase_button):  # enabled by a mistake somewhere else
        button.setEnabled(True)
        button.click()
        refused()
    qtbot.keyClick(bar, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Log…'s mnemonic
    no_dialogs(win)
    assert contact_service.get_contact(win.db, cid).id == cid
    assert len(log_service.events(win.db, limit=None)) == events

    target = tmp_path / "person.json"  # reading is still allowed
    actions.export_person(cid, name, str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["contact"]["id"] == cid


def test_on_a_writable_database_log_opens_its_dialog(window: Any) -> None:
    window.contacts.view.selectRow(0)
    [cid] = window.contacts.selected_ids()
    assert not window.team.read_only
    dialog = window.person_actions.log_person(cid, "X")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    box = window.person_actions.erase_person(cid, "X")
    assert isinstance(box, QMessageBox) and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
