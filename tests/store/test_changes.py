"""Another user's change is noticed, so an open window can refresh."""

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
        changed = watcher.poll()
        assert changed and ("contacts" in changed or "*" in changed)
        assert watcher.poll() == set()  # reported once
    finally:
        watcher.close()
        mine.close()
        theirs.close()
