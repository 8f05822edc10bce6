"""A database whose search-index insert trigger went missing is put right when it is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts
from outreach.store.database import Database


def test_a_lost_trigger_is_recreated_and_the_index_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "lost.db"
    db = Database.open(str(path))
    contacts.add_contact(db, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
    db.close()
    with sqlite3.connect(path) as conn:  # what the old dry-run import left behind
        conn.execute("DROP TRIGGER contacts_search_ai")
        columns = [row[1] for row in conn.execute("PRAGMA table_info(contacts)") if row[1] != "id"]
        changed = {"display_name": "'Bob Ray'", "sort_name": "'bob ray'", "search_text": "'bob ray bob@y.example'"}
        conn.execute(f"INSERT INTO contacts ({', '.join(columns)}) "
                     f"SELECT {', '.join(changed.get(c, c) for c in columns)} FROM contacts LIMIT 1")
    db = Database.open(str(path))
    try:
        assert contacts.count(db, "y.example") == 1  # the row added without the trigger is found now
        contacts.add_contact(db, ContactInput(display_name="Cy Dee", emails=[EmailInput("cy@z.example")]))
        assert contacts.count(db, "z.example") == 1 and contacts.count(db, "x.example") == 1
    finally:
        db.close()
