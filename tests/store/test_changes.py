"""Another user's change is noticed, so an open window can refresh."""

import time

from outreach.domain.contact import ContactInput
from outreach.services import contacts
from outreach.store.changes import ChangeWatcher
from outreach.store.database import Database


def test_a_change_by_another_connection_is_noticed_once(db_url: str) -> None:
    mine = Database.open(db_url)
    theirs = Database.open(db_url)
    watcher = ChangeWatcher(mine.engine)
    try:
        assert watcher.poll() == set()
        contacts.add_contact(theirs, ContactInput(display_name="Ann Lee"))
        changed: set[str] = set()
        deadline = time.monotonic() + 5
        while not changed and time.monotonic() < deadline:  # a notification arrives a moment after the commit
            changed = watcher.poll()
            time.sleep(0.02)
        assert "contacts" in changed or "*" in changed
        time.sleep(0.2)
        assert watcher.poll() == set()  # reported once
    finally:
        watcher.close()
        mine.close()
        theirs.close()
