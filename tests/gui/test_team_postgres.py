"""Team mode on a real PostgreSQL server (skipped without OUTREACH_TEST_DATABASE_URL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QFrame
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from outreach.domain.contact import ContactInput
from outreach.gui import create_window
from outreach.gui.conflict_dialog import ConflictDialog
from outreach.services import contacts as contact_service
from outreach.services.editing import input_from_detail
from outreach.store.database import Database

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_window(qtbot: Any, pg_url: str) -> Iterator[Any]:
    seed = Database.open(pg_url)
    for name in ("Ada Lovelace", "Grace Hopper", "Linus Pauling"):
        given, family = name.split()
        contact_service.add_contact(seed, ContactInput(given_name=given, family_name=family))
    seed.close()
    win = create_window(pg_url)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    yield win
    win.close()
    win.db.close()


def test_pg_window_is_writable_and_watching(pg_window: Any) -> None:
    assert pg_window.db.dialect == "postgresql"
    assert not pg_window.team.read_only
    assert pg_window.team.watcher is not None and pg_window.team.poll_timer.isActive()


def test_live_refresh_via_notify_keeps_the_selection(pg_window: Any, pg_url: str, qtbot: Any) -> None:
    win = pg_window
    win.contacts.view.selectRow(1)
    [selected] = win.contacts.selected_ids()
    assert win.contacts.model.total == 3
    other = Database.open(pg_url)  # another team member
    try:
        contact_service.add_contact(other, ContactInput(given_name="Aaron", family_name="Aardvark"))
    finally:
        other.close()

    def refreshed() -> bool:
        win.team.poll()
        return win.contacts.model.total == 4

    qtbot.waitUntil(refreshed, timeout=5000)
    assert win.contacts.selected_ids() == [selected]
    assert win.contacts.model.row_of_id(selected) == 2


def test_conflict_on_the_server(pg_window: Any, pg_url: str) -> None:
    win = pg_window
    win.contacts.view.selectRow(0)
    [contact_id] = win.contacts.selected_ids()
    win.edit_selected()
    editor = win.editor
    editor.title.setText("Mine")
    other = Database.open(pg_url)
    try:
        theirs = input_from_detail(contact_service.get_contact(other, contact_id))
        theirs.notes = "theirs"
        contact_service.edit_contact(other, contact_id, theirs)
    finally:
        other.close()
    editor.try_save()
    dialog = win.findChild(ConflictDialog)
    assert dialog is not None and dialog.differing == ["title", "notes"]
    dialog.merge_button.click()
    stored = contact_service.get_contact(win.db, contact_id)
    assert (stored.title, stored.notes) == ("Mine", "theirs")
    history = contact_service.history(win.db, contact_id)
    assert f"({make_url(pg_url).username}@" in history[0].actor  # the role shows who it was


def test_read_only_role_gets_the_banner(qtbot: Any, pg_url: str) -> None:
    seed = Database.open(pg_url)
    seed.close()
    url = make_url(pg_url)
    schema = url.query["options"].split("=", 1)[1].split(",")[0]
    role = f"ro_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))
    try:
        win = create_window(url.set(username=role))
        qtbot.addWidget(win)
        win.show()
        try:
            assert win.team.read_only
            assert win.findChild(QFrame, "readOnlyBanner").isVisible()
            assert not win.new_action.isEnabled()
        finally:
            win.close()
            win.db.close()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()
