"""`release import`: a release is stored once and its media contacts are matched by the identity rule."""

from pathlib import Path

import pytest

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.services import contacts
from outreach.services.release_import import import_release
from outreach.store.database import Database

DATA = Path(__file__).parents[1] / "data" / "releases"
OPENMIC = DATA / "d00_openmic_2020.txt"


def test_importing_a_release_creates_its_contacts_and_links_them(db: Database) -> None:
    report = import_release(db, OPENMIC)
    assert report.release_created and report.created == ["Michael Connor"]
    (row,) = contacts.search(db, "connor")
    person = contacts.get_contact(db, row.id)
    assert person.role == "spokesperson" and person.source == "release"
    assert person.source_detail == "d00_openmic_2020.txt"
    assert [e.normalized for e in person.emails] == ["mconnor@openmic.org"]
    assert [p.e164 for p in person.phones] == ["+12128759381"]
    with db.read() as s:
        from outreach.store.queries.stats import counts
        assert counts(s)["releases"] == 1


def test_importing_the_same_release_again_duplicates_nothing(db: Database) -> None:
    import_release(db, OPENMIC)
    again = import_release(db, OPENMIC)
    assert not again.release_created and again.created == [] and again.linked == []
    assert contacts.count(db) == 1
    with db.read() as s:
        from outreach.store.queries.stats import counts
        assert counts(s)["releases"] == 1


def test_an_existing_person_is_matched_by_email_in_any_case(db: Database) -> None:
    known = contacts.add_contact(db, ContactInput(display_name="Mike Connor",
                                                  emails=[EmailInput("MConnor@OpenMIC.org")]))
    report = import_release(db, OPENMIC)
    assert report.created == [] and report.linked == ["Michael Connor"]
    assert contacts.count(db) == 1
    merged = contacts.get_contact(db, known.id)
    assert merged.display_name == "Mike Connor"  # what a person typed is not overwritten
    assert [p.e164 for p in merged.phones] == ["+12128759381"]  # what the release adds is kept


def test_a_shared_number_alone_never_matches_another_person(db: Database) -> None:
    contacts.add_contact(db, ContactInput(display_name="Front Desk", phones=[PhoneInput("(212) 875-9381")]),
                         region="US")
    report = import_release(db, OPENMIC)
    assert report.created == ["Michael Connor"]
    assert contacts.count(db) == 2


def test_a_person_in_the_trash_is_not_brought_back(db: Database) -> None:
    known = contacts.add_contact(db, ContactInput(display_name="Michael Connor",
                                                  emails=[EmailInput("mconnor@openmic.org")]))
    contacts.trash(db, [known.id])
    report = import_release(db, OPENMIC)
    assert report.skipped and "trash" in report.skipped[0]
    assert contacts.count(db) == 0


def test_an_unreadable_release_changes_nothing(db: Database, tmp_path: Path) -> None:
    from outreach.errors import UserError

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(UserError):
        import_release(db, empty)
    with db.read() as s:
        from outreach.store.queries.stats import counts
        assert counts(s)["releases"] == 0


def test_cli_release_import_prints_what_it_did(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from outreach.cli import main

    url = f"sqlite:///{tmp_path / 'r.db'}"
    assert main(["--database", url, "release", "import", str(OPENMIC)]) == 0
    out = capsys.readouterr().out
    assert "stored as release 1" in out and "created: Michael Connor" in out
    assert main(["--database", url, "release", "import", str(OPENMIC)]) == 0
    assert "already stored" in capsys.readouterr().out


def test_add_and_link_one_extracted_contact_as_the_window_does(db: Database) -> None:
    from outreach.domain.release import parse_release
    from outreach.io.release_text import read_release_text
    from outreach.services import release_import

    check = parse_release(read_release_text(str(OPENMIC)))
    (media,) = check.media_contacts
    assert release_import.known_person(db, media) is None
    person = release_import.add_media_contact(db, media, "d00.txt")
    assert release_import.known_person(db, media) == person
    stored = import_release(db, OPENMIC)
    assert stored.created == [] and stored.linked == ["Michael Connor"]
    detail = release_import.get_release(db, stored.release_id)
    assert detail.contact_ids == (person,) and "Open MIC" in detail.body
    assert [r.title for r in release_import.list_releases(db)] == [detail.title]

    other = contacts.add_contact(db, ContactInput(display_name="M. Connor (home)"))
    assert release_import.link_media_contact(db, media, other.id, "d00.txt", release_id=stored.release_id)
    assert [e.normalized for e in contacts.get_contact(db, other.id).emails] == ["mconnor@openmic.org"]
    assert set(release_import.get_release(db, stored.release_id).contact_ids) == {person, other.id}
