"""Automatic backups, thinning, and restoring one (with erasures re-applied)."""

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from outreach.domain.contact import ContactInput, EmailInput
from outreach.errors import UserError
from outreach.services import backups, contacts
from outreach.store.database import Database


@pytest.fixture
def filedb(tmp_path: Path) -> Database:
    db = Database.open(f"sqlite:///{tmp_path / 'press.db'}")
    yield db
    db.close()


def test_opening_backs_up_a_changed_database_at_most_hourly(filedb: Database) -> None:
    contacts.add_contact(filedb, ContactInput(display_name="Ann Lee"))
    first = backups.automatic_backup(filedb)
    assert first is not None and first.reason == "open" and first.path.exists()
    contacts.add_contact(filedb, ContactInput(display_name="Bo Li"))
    assert backups.automatic_backup(filedb) is None  # within the hour
    later = datetime.now(UTC) + timedelta(hours=2)
    assert backups.automatic_backup(filedb, now=later) is not None


def test_an_unchanged_database_is_not_backed_up_again(filedb: Database) -> None:
    contacts.add_contact(filedb, ContactInput(display_name="Ann Lee"))
    backups.automatic_backup(filedb)
    past = time.time() - 7200
    path = filedb.sqlite_path
    assert path is not None
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            os.utime(p, (past, past))
    assert backups.automatic_backup(filedb, now=datetime.now(UTC) + timedelta(hours=3)) is None


def test_thinning_keeps_manual_backups_and_thins_automatic_ones(filedb: Database) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hours in range(0, 24 * 60, 6):  # two months of automatic backups
        backups.make_backup(filedb, "open", now=start + timedelta(hours=hours))
    manual = backups.make_backup(filedb, "manual", now=start)
    names = {b.path.name for b in backups.list_backups(filedb)}
    assert manual.path.name in names
    assert len(names) < 60  # 240 made, thinned as they went


def test_restore_brings_back_the_old_state_after_saving_the_current_one(filedb: Database) -> None:
    contacts.add_contact(filedb, ContactInput(display_name="Ann Lee"))
    saved = backups.make_backup(filedb, "manual")
    contacts.add_contact(filedb, ContactInput(display_name="Bo Li"))
    safety = backups.restore(filedb, saved)
    assert [r.name for r in contacts.search(filedb, "")] == ["Ann Lee"]
    assert safety.reason == "before-restore"
    # and the state before the restore can itself be restored
    backups.restore(filedb, safety)
    assert contacts.count(filedb) == 2


def test_an_erased_person_does_not_come_back_with_an_older_backup(filedb: Database) -> None:
    from outreach.services.privacy import erase

    ann = contacts.add_contact(filedb, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
    contacts.add_contact(filedb, ContactInput(display_name="Bo Li", emails=[EmailInput("bo@x.example")]))
    before_erasure = backups.make_backup(filedb, "manual")
    erase(filedb, ann.id)
    assert "before-erase" in {b.reason for b in backups.list_backups(filedb)}  # a safety copy first
    backups.restore(filedb, before_erasure)
    assert [r.name for r in contacts.search(filedb, "")] == ["Bo Li"]


def test_restoring_something_that_is_not_a_backup_changes_nothing(filedb: Database, tmp_path: Path) -> None:
    contacts.add_contact(filedb, ContactInput(display_name="Ann Lee"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(UserError, match=r"not a readable database|not an intact"):
        backups.restore(filedb, backups.find(filedb, str(junk)))
    assert contacts.count(filedb) == 1
