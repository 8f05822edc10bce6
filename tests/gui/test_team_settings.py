"""Settings dialog, password prompt and the person's history in the detail pane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit
from sqlalchemy.engine import URL, make_url

from outreach import settings
from outreach.gui import password
from outreach.gui.detail_view import SHOW_ALL, history_html
from outreach.gui.settings_dialog import SettingsDialog
from outreach.services import contacts as contact_service
from outreach.services.editing import input_from_detail
from outreach.store.audit import AuditRow
from outreach.store.errors import PasswordRequiredError, ServerUnreachableError


def open_settings(window: Any) -> SettingsDialog:
    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_settings_dialog_saves_the_region(window: Any) -> None:
    dialog = open_settings(window)
    assert dialog.region.text() == "US"
    dialog.region.setText("gb")
    dialog.save()
    assert not dialog.isVisible()
    assert settings.default_region() == "GB"
    assert "Settings saved" in window.statusBar().currentMessage()


def test_settings_dialog_refuses_an_unknown_region(window: Any) -> None:
    dialog = open_settings(window)
    dialog.region.setText("QQ")
    dialog.save()
    assert dialog.isVisible() and "not a known" in dialog.error.text()
    assert settings.default_region() == "US"
    dialog.reject()


def test_settings_dialog_saves_the_url_for_the_next_start_but_never_a_password(window: Any) -> None:
    dialog = open_settings(window)
    dialog.url.setText("postgresql+psycopg://alice:secret@server/outreach")
    dialog.save()
    assert dialog.isVisible() and "password" in dialog.error.text()
    assert settings.get("database-url") == ""
    dialog.url.setText("postgresql+psycopg://alice@server/outreach")
    dialog.save()
    assert settings.get("database-url") == "postgresql+psycopg://alice@server/outreach"
    assert "next time" in window.statusBar().currentMessage()


def test_test_connection_reports_engine_name_and_access(window: Any, db_url: str) -> None:
    dialog = open_settings(window)
    dialog.url.setText(db_url)
    dialog.test_button.click()
    text = dialog.test_result.text()
    assert "sqlite" in text and Path(db_url).name in text and "you may change data" in text
    dialog.url.setText(f"sqlite:///{Path(db_url).parent / 'new.db'}")
    dialog.test_button.click()
    assert "will create it" in dialog.test_result.text()
    assert not (Path(db_url).parent / "new.db").exists()
    dialog.reject()


def test_test_connection_asks_for_a_password_when_the_server_wants_one(
        window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[URL] = []

    def fake_info(url: Any) -> Any:
        seen.append(url)
        if not url.password:
            raise PasswordRequiredError("the database server asks for a password; put it in the URL or the keyring")
        from outreach.services.gui_support import ConnectionInfo

        return ConnectionInfo("postgresql", "outreach@server", True)

    import outreach.gui.settings_dialog as module

    monkeypatch.setattr(module, "connection_info", fake_info)
    dialog = open_settings(window)
    dialog.url.setText("postgresql+psycopg://alice@server/outreach")
    dialog.test_button.click()
    prompt = dialog.password_dialog
    assert prompt.isVisible()
    field = prompt.findChild(QLineEdit, "passwordField")
    assert field.echoMode() == QLineEdit.EchoMode.Password
    field.setText("s3cret")
    prompt.accept()
    assert seen[-1].password == "s3cret"
    assert "read-only for you" in dialog.test_result.text()
    dialog.save()
    assert "s3cret" not in settings.config_path().read_text()


def test_opening_asks_for_a_password_until_it_works(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[str | URL] = []

    def opener(url: str | URL) -> str:
        tried.append(url)
        parsed = url if isinstance(url, URL) else make_url(url)
        if parsed.password != "right":
            what = "refused the password" if parsed.password else "asks for a password"
            raise PasswordRequiredError(f"the database server {what}")
        return "window"

    answers = iter([("wrong", False), ("right", True)])
    messages: list[str] = []

    def prompt(url: URL, message: str) -> tuple[str, bool]:
        messages.append(message)
        return next(answers)

    stored: list[tuple[str, str]] = []
    monkeypatch.setattr(password, "remember_password", lambda url, pw: stored.append((url.username, pw)) or True)
    result, note = password.open_with_password("postgresql+psycopg://alice@server/outreach", opener, prompt)
    assert result == "window" and len(tried) == 3
    assert messages == ["", "The server refused that password; try again."]
    assert stored == [("alice", "right")] and "keyring" in note


def test_cancelling_the_password_prompt_opens_nothing() -> None:
    def opener(url: str | URL) -> str:
        raise PasswordRequiredError("the database server asks for a password")

    assert password.open_with_password("postgresql+psycopg://a@h/d", opener, lambda u, m: None) == (None, "")


def test_other_errors_are_not_a_password_question() -> None:
    def opener(url: str | URL) -> str:
        raise ServerUnreachableError("the database server cannot be reached")

    with pytest.raises(ServerUnreachableError):
        password.open_with_password("postgresql+psycopg://a@h/d", opener, lambda u, m: ("x", False))


def test_password_dialog_says_when_there_is_no_keyring(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(password, "keyring_available", lambda: False)
    dialog = password.PasswordDialog(make_url("postgresql+psycopg://alice@server/outreach"))
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled() and "no keyring" in dialog.remember.text()


def test_history_shows_an_edit_with_actor_and_changed_field(window: Any, db: Any) -> None:
    window.contacts.view.selectRow(0)
    [contact_id] = window.contacts.selected_ids()
    data = input_from_detail(contact_service.get_contact(db, contact_id))
    old_title = data.title
    data.title = "Night editor"
    contact_service.edit_contact(db, contact_id, data)
    window.team.poll()  # another connection changed it: the pane refreshes
    text = window.contacts.detail.toPlainText()
    assert "History" in text
    assert db.actor in text and "edited" in text
    assert f"title: {old_title or '—'} → Night editor" in text
    data.title = "Day editor"
    contact_service.edit_contact(db, contact_id, data)
    window.team.poll()
    text = window.contacts.detail.toPlainText()
    assert text.index("Night editor → Day editor") < text.index(f"{old_title or '—'} → Night editor")  # newest first


def test_history_is_collapsed_to_the_last_few_with_show_all() -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 1, 1, tzinfo=UTC)
    entries = [AuditRow(start + timedelta(hours=i), "ann", "update", {"notes": [str(i), str(i + 1)]})
               for i in reversed(range(9))]
    short = history_html(entries)
    assert "notes: 8 → 9" in short and "notes: 0 → 1" not in short and SHOW_ALL in short
    assert "notes: 0 → 1" in history_html(entries, show_all=True)


def test_show_all_link_expands_the_history(window: Any, db: Any) -> None:
    from PySide6.QtCore import QUrl

    window.contacts.view.selectRow(0)
    [contact_id] = window.contacts.selected_ids()
    for n in range(6):
        data = input_from_detail(contact_service.get_contact(db, contact_id))
        data.notes = f"note {n}"
        contact_service.edit_contact(db, contact_id, data)
    window.team.poll()
    detail = window.contacts.detail
    assert "note 0 → note 1" not in detail.toPlainText()
    detail.anchorClicked.emit(QUrl(SHOW_ALL))
    assert "note 0 → note 1" in detail.toPlainText()
    window.team.poll()
    assert detail.history_expanded  # a refresh keeps it open for the same person
