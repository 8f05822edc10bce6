"""`db copy`: SQLite -> PostgreSQL -> SQLite gives the same data, verified."""

from pathlib import Path

import pytest
from sqlalchemy import insert

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts
from outreach.services.demo import fill
from outreach.store.copy import copy_database
from outreach.store.database import Database
from outreach.store.errors import StorageError
from outreach.store.models import OutreachEvent, Release, ReleaseContact
from outreach.store.types import utcnow


def _filled(url: str) -> Database:
    db = Database.open(url)
    fill(db, 120, seed=9)
    with db.session() as s:
        s.execute(insert(Release), [{"id": 1, "title": "Harbor cleanup", "body": "text", "created_at": utcnow(),
                                     "updated_at": utcnow(), "status": "sent", "dateline_region": "US",
                                     "source_file": "r.txt", "body_hash": "x"}])
        s.execute(insert(ReleaseContact), [{"release_id": 1, "contact_id": 5, "role": "media_contact"}])
        s.execute(insert(OutreachEvent), [{"contact_id": i, "release_id": 1, "kind": "sent", "channel": "email",
                                           "occurred_at": utcnow(), "notes": "", "coverage_url": ""}
                                          for i in range(1, 40)])
    contacts.trash(db, [7])
    return db


def test_a_round_trip_through_postgresql_keeps_everything(tmp_path: Path, pg_url: str) -> None:
    source = _filled(f"sqlite:///{tmp_path / 'a.db'}")
    middle = Database.open(pg_url)
    first = copy_database(source.engine, middle.engine)
    back = Database.open(f"sqlite:///{tmp_path / 'b.db'}")
    second = copy_database(middle.engine, back.engine)
    assert first.checksums == second.checksums
    assert first.tables["contacts"] == 120 and first.tables["outreach_events"] == 39
    # The copy is a working database: search, trash and new ids all behave.
    name = contacts.search(source, "", limit=1)[0].name
    assert [r.name for r in contacts.search(back, name)] == [r.name for r in contacts.search(source, name)]
    assert contacts.count(middle, "is:deleted") == 1
    added = contacts.add_contact(middle, ContactInput(display_name="New Person", emails=[EmailInput("n@x.example")]))
    assert added.id == 121  # the sequence continues after the highest copied id
    for db in (source, middle, back):
        db.close()


def test_copying_into_a_database_that_has_data_is_refused(tmp_path: Path) -> None:
    source = _filled(f"sqlite:///{tmp_path / 'a.db'}")
    target = Database.open(f"sqlite:///{tmp_path / 'b.db'}")
    contacts.add_contact(target, ContactInput(display_name="Already here"))
    with pytest.raises(StorageError, match="not empty"):
        copy_database(source.engine, target.engine)
    assert contacts.count(target) == 1
    source.close()
    target.close()


def test_cli_copy_reports_verified_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from outreach.cli import main

    _filled(f"sqlite:///{tmp_path / 'a.db'}").close()
    code = main(["db", "copy", "--from", f"sqlite:///{tmp_path / 'a.db'}", "--to", f"sqlite:///{tmp_path / 'c.db'}",
                 "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and "checksums match" in err
    assert json.loads(out)["tables"]["contacts"] == 120
