"""A real import is a batch in the import history: rolled back whole, backed up first, and the
suppression list keeps erased and opted-out people from coming back through it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts, outreach_log, privacy
from outreach.services.backups import list_backups
from outreach.services.import_history import history, roll_back
from outreach.services.importing import ImportCancelled, import_file
from outreach.store.database import Database

HEADER = "First Name,Last Name,E-mail Address,Business Phone,Company,Job Title,Categories\n"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database.open(db_url)
    yield database
    database.close()


def write(tmp_path: Path, rows: str, name: str = "outlook.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_an_import_rolls_back_whole_and_the_file_can_be_imported_again(db: Database, tmp_path: Path) -> None:
    ann = contacts.add_contact(db, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
    path = write(tmp_path, "Ann,Lee,ANN@x.example,+44 20 7946 0958,,Editor,climate\n"
                           "Bob,Ray,bob@y.example,,Metro Wire,Reporter,\n"
                           "Cy,Dee,cy@z.example,,,,\n")
    report = import_file(db, path)
    assert (report.created, report.merged) == (2, 1)
    (entry,) = history(db)
    assert (entry.id, entry.source_file, entry.file_format, entry.created, entry.merged, entry.undone_at) == \
        (report.batch_id, "outlook.csv", "csv", 2, 1, None)
    merged = contacts.get_contact(db, ann.id)
    assert (merged.title, merged.tags, len(merged.phones)) == ("Editor", ("climate",), 1)
    cy = next(r for r in contacts.search(db, "Cy"))
    contacts.edit_contact(db, cy.id, ContactInput(display_name="Cy Dee", notes="met at the summit",
                                                  emails=[EmailInput("cy@z.example")]))

    assert report.batch_id is not None
    assert roll_back(db, report.batch_id) == (2, 1)
    assert [r.name for r in contacts.search(db, "")] == ["Ann Lee"]
    assert [r.name for r in contacts.search(db, "is:deleted")] == ["Cy Dee"]  # edited since: kept, restorable
    back = contacts.get_contact(db, ann.id)
    assert (back.title, back.tags, back.phones) == ("", (), ())
    assert [e.normalized for e in back.emails] == ["ann@x.example"]
    assert history(db)[0].undone_at is not None
    with pytest.raises(Exception, match="already rolled back"):
        roll_back(db, report.batch_id)

    again = import_file(db, path)  # Bob was deleted outright: he comes back; Cy stays in the trash
    outcome = {o.name: o.action for o in again.outcomes}
    assert outcome == {"Ann Lee": "merged", "Bob Ray": "created", "Cy Dee": "skipped"}
    assert [e.created for e in history(db)] == [1, 2]


def test_a_dry_run_or_a_cancelled_import_leaves_no_history(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "Bob,Ray,bob@y.example,,,,\n")
    assert import_file(db, path, dry_run=True).batch_id is None
    with pytest.raises(ImportCancelled):
        import_file(db, path, progress=lambda done, total: False)
    assert history(db) == [] and contacts.count(db) == 0
    # ... and leaves the search index working: people added afterwards, by any path, are found
    import_file(db, path)
    contacts.add_contact(db, ContactInput(display_name="Zed Typed", emails=[EmailInput("zed@typed.example")]))
    assert contacts.count(db, "y.example") == 1 and contacts.count(db, "typed") == 1


def test_an_import_into_a_sqlite_file_is_backed_up_first(tmp_path: Path) -> None:
    db = Database.open(str(tmp_path / "team.db"))
    try:
        contacts.add_contact(db, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
        import_file(db, write(tmp_path, "Bob,Ray,bob@y.example,,,,\nCy,Dee,cy@z.example,,,,\n"))
        assert contacts.count(db) == 3
        (backup,) = [b for b in list_backups(db) if b.reason == "before-import"]
        with sqlite3.connect(backup.path) as copy:  # the state just before the import
            assert copy.execute("SELECT display_name FROM contacts").fetchall() == [("Ann Lee",)]
    finally:
        db.close()


def test_an_erased_person_does_not_come_back_through_an_import(db: Database, tmp_path: Path) -> None:
    gone = contacts.add_contact(db, ContactInput(display_name="Eve Gone", emails=[EmailInput("eve@gone.example")]))
    privacy.erase(db, gone.id, compact=False)
    report = import_file(db, write(tmp_path, "Eve,Gone,Eve@Gone.example,,,,\nBob,Ray,bob@y.example,,,,\n"))
    eve = next(o for o in report.outcomes if o.line == 2)
    assert eve.action == "skipped" and "suppression list" in eve.reason and eve.contact_id is None
    assert [r.name for r in contacts.search(db, "")] == ["Bob Ray"]


def test_an_opted_out_person_is_still_matched_but_their_address_never_returns(db: Database, tmp_path: Path) -> None:
    out = contacts.add_contact(db, ContactInput(display_name="Oli Out", emails=[EmailInput("oli@out.example")]))
    outreach_log.log(db, out.id, "opted_out")
    report = import_file(db, write(tmp_path, "Oli,Out,oli@out.example,,,Editor,\n"))
    assert [o.action for o in report.outcomes] == ["merged"]  # the known person, not a new one
    oli = contacts.get_contact(db, out.id)
    assert oli.title == "Editor" and [e.normalized for e in oli.emails] == ["oli@out.example"]
    assert contacts.count(db) == 1
