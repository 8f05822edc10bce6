"""Importing the files users bring: samples from Outlook, Google, Mailchimp, Excel and vCard programs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from outreach.errors import InputFileError
from outreach.services import contacts as contact_service
from outreach.services.importing import ImportCancelled, import_file
from outreach.store.database import Database

FORMATS = Path(__file__).parent.parent / "data" / "formats"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(str(tmp_path / "t.db"))
    yield database
    database.close()


def people(db: Database) -> list[Any]:
    return contact_service.search_details(db, "", limit=None)


def by_name(db: Database) -> dict[str, Any]:
    return {p.display_name: p for p in people(db)}


def test_outlook_bom_csv_imports_everyone_and_rejects_the_formula_address(db: Database) -> None:
    report = import_file(db, FORMATS / "outlook_contacts.csv")
    assert (report.created, report.errors, report.format) == (7, 0, "csv")
    found = by_name(db)
    assert "Aoife Murphy" in found  # the BOM did not eat the "First Name" header
    aoife = found["Aoife Murphy"]
    assert aoife.organization == "The Harbour Post" and aoife.title == "Political Correspondent"
    assert set(aoife.tags) == {"politics", "housing"}
    farah = found["Farah Haddad"]
    assert [e.status for e in farah.emails] == ["invalid"]  # kept, marked, never an address
    assert "formula" in farah.emails[0].message
    farah_row = next(o for o in report.outcomes if o.name == "Farah Haddad")
    assert farah_row.line == 7 and any(p["field"] == "email" for p in farah_row.problems)


def test_google_csv_splits_labels_and_keeps_multiline_notes(db: Database) -> None:
    report = import_file(db, FORMATS / "google_contacts.csv")
    assert report.created == 7
    aoife = by_name(db)["Aoife Murphy"]
    assert aoife.notes == "Met at press briefing\nprefers email"
    assert set(aoife.tags) == {"politics", "housing"}  # "* myContacts" is Google's, not a tag
    assert aoife.emails[0].label == "work"
    assert [o.line for o in report.outcomes][:2] == [2, 4]  # lines where each multi-line row starts


def test_mailchimp_csv(db: Database) -> None:
    assert import_file(db, FORMATS / "mailchimp_audience.csv").created == 7
    elena = by_name(db)["Elena García"]
    assert elena.emails[0].normalized.lower() == "elena.garcia@civictimes.example"
    assert elena.phones[0].extension == "7"


def test_semicolon_cp1252_csv_with_german_headers(db: Database) -> None:
    report = import_file(db, FORMATS / "excel_semicolon_cp1252.csv", region="DE")
    assert report.encoding == "cp1252" and report.created == 3
    zoe = by_name(db)["Zoë Brückner"]
    assert zoe.organization == "Die Rundschau"
    assert zoe.phones[0].e164 == "+49309025 4473".replace(" ", "")
    assert zoe.tags == ("Klima – Umwelt",)


def test_utf16_unicode_text_tab_separated(db: Database) -> None:
    report = import_file(db, FORMATS / "excel_unicode_text.txt")
    assert report.encoding.startswith("utf-16") and report.created == 4
    assert by_name(db)["Bjørn Lindqvist"].organization == "Northern Star"


def test_encoding_override(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Name,Email\nRené Côté,rene@example.com\n".encode("latin-1"))
    import_file(db, path, encoding="latin-1")
    assert "René Côté" in by_name(db)


def test_vcard_21_quoted_printable(db: Database) -> None:
    assert import_file(db, FORMATS / "contact_v21_qp.vcf").created == 1
    anna = by_name(db)["Анна Иванова"]
    assert (anna.given_name, anna.family_name) == ("Анна", "Иванова")
    assert anna.phones[0].label == "mobile" and anna.phones[0].e164 == "+79123456789"


def test_vcard_30_escapes_categories_uid(db: Database) -> None:
    report = import_file(db, FORMATS / "contacts_v3.vcf")
    assert report.created == 6
    aoife = by_name(db)["Aoife Murphy"]
    assert aoife.notes == "Covers politics; housing, prefers email\nmet 2025"
    assert aoife.uid == "urn:uuid:00000000-aaaa-4bbb-8ccc-000000000000"
    assert set(aoife.tags) == {"politics", "housing"}


def test_vcard_40_tel_uris_and_folded_multibyte_note(db: Database) -> None:
    import_file(db, FORMATS / "contact_v4.vcf")
    haruto = by_name(db)["Haruto Sato"]
    assert [p.e164 for p in haruto.phones] == ["+81354127781", "+819033124456"]
    assert [p.label for p in haruto.phones] == ["work", "mobile"]
    assert "日本語" in haruto.notes and "seventy-five octets" in haruto.notes
    assert haruto.emails[0].is_primary


def test_the_same_people_from_every_sample_are_one_set(db: Database) -> None:
    for name in ("outlook_contacts.csv", "google_contacts.csv", "mailchimp_audience.csv", "contacts_v3.vcf"):
        import_file(db, FORMATS / name)
    assert contact_service.count(db) == 7


@pytest.mark.parametrize("name", sorted(p.name for p in FORMATS.iterdir()))
def test_importing_a_file_twice_adds_nothing(db: Database, name: str) -> None:
    first = import_file(db, FORMATS / name)
    counts = contact_service.count(db)
    second = import_file(db, FORMATS / name)
    assert second.created == 0 and second.merged == 0
    assert second.unchanged == first.created + first.merged + first.unchanged
    assert contact_service.count(db) == counts


def test_repeated_rows_are_one_person_and_merge_their_values(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rep.csv"
    path.write_text("Name,Email,Phone,Tags\nAna Lima,ana@lima.example,+1 202 555 0147,climate\n"
                    "ANA LIMA,ANA@lima.example,,health\n"
                    "Ana Lima,ana@lima.example,+1 415 555 0132,climate\n", encoding="utf-8")
    report = import_file(db, path)
    assert (report.created, report.merged) == (1, 2)
    ana = by_name(db)["Ana Lima"]
    assert len(ana.emails) == 1 and len(ana.phones) == 2 and set(ana.tags) == {"climate", "health"}


def test_shared_switchboard_number_never_merges_two_people(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "sw.csv"
    path.write_text("Name,Company Main Phone\nAna Lima,+44 20 7946 0000\nBen Ode,+44 20 7946 0000\n", encoding="utf-8")
    assert import_file(db, path).created == 2
    path.write_text("Name,Company Main Phone\nBen Ode,+44 20 7946 0000\n", encoding="utf-8")
    assert import_file(db, path).unchanged == 1  # same number AND name, no e-mail: the same person
    assert contact_service.count(db) == 2


def test_phone_only_and_email_only_people_are_imported(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Name,Email,Phone\n,,+1 202 555 0147\nSolo Mail,solo@x.example,\n", encoding="utf-8")
    assert import_file(db, path).created == 2


def test_merge_keeps_do_not_contact_and_fills_empty_fields(db: Database, tmp_path: Path) -> None:
    from outreach.domain.contact import ContactInput, EmailInput

    added = contact_service.add_contact(db, ContactInput(display_name="Ana Lima", do_not_contact=True,
                                                         dnc_reason="asked", emails=[EmailInput("ana@lima.example")]))
    path = tmp_path / "m.csv"
    path.write_text("Name,Email,Company,Do Not Contact,Tags\nAna Lima,ana@lima.example,Lima Post,no,food\n",
                    encoding="utf-8")
    report = import_file(db, path)
    assert report.merged == 1 and "do-not-contact" in report.outcomes[0].reason
    ana = contact_service.get_contact(db, added.id)
    assert ana.do_not_contact and ana.dnc_reason == "asked"
    assert ana.organization == "Lima Post" and ana.tags == ("food",)


def test_trashed_person_is_not_resurrected(db: Database, tmp_path: Path) -> None:
    import_file(db, FORMATS / "mailchimp_audience.csv")
    aoife = by_name(db)["Aoife Murphy"]
    contact_service.trash(db, [aoife.id])
    report = import_file(db, FORMATS / "outlook_contacts.csv")
    row = next(o for o in report.outcomes if o.name == "Aoife Murphy")
    assert row.action == "skipped" and "trash" in row.reason
    assert report.created == 0 and "Aoife Murphy" not in by_name(db)
    assert contact_service.count(db, "is:deleted") == 1


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "PNG"),
    (bytes(range(256)) * 4, "binary"),
    (b"alpha,beta,gamma\n1,2,3\n", "not a contact list"),
])
def test_unreadable_files_exit_with_a_message_and_change_nothing(db: Database, tmp_path: Path, content: bytes,
                                                                 message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        import_file(db, path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert contact_service.count(db) == 0


def test_vcard_that_is_not_a_vcard(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a vCard"):
        import_file(db, path)


def test_header_only_file_imports_nothing_and_succeeds(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    shutil.copy(FORMATS / "outlook_contacts.csv", path)
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])
    report = import_file(db, path)
    assert (report.rows, report.created) == (0, 0)


def test_ragged_rows_import_the_good_ones_and_report_the_bad_with_lines(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Name,Email,Phone\nAna Lima,ana@lima.example\nBad Row,b@x.example,+1 202 555 0147,oops,more\n"
                    "Ben Ode,ben@ode.example,+1 202 555 0148\n", encoding="utf-8")
    report = import_file(db, path)
    assert report.created == 2 and report.errors == 1
    bad = next(o for o in report.outcomes if o.action == "error")
    assert bad.line == 3 and "cells" in bad.reason
    assert "Bad Row" not in by_name(db)  # never half a row


def test_broken_card_is_reported_and_the_others_imported(db: Database, tmp_path: Path) -> None:
    text = (FORMATS / "contact_v4.vcf").read_text(encoding="utf-8")
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nN:a;b;c\r\nTEL;ENCODING=QUOTED-PRINTABLE:=ZZ\r\n" \
             "this line has no colon\r\nEND:VCARD\r\n"
    path = tmp_path / "mixed.vcf"
    path.write_text(broken + text, encoding="utf-8")
    report = import_file(db, path)
    assert report.created == 1 and report.errors == 1
    assert next(o for o in report.outcomes if o.action == "error").line == 1


def test_cancelled_import_changes_nothing(db: Database) -> None:
    with pytest.raises(ImportCancelled):
        import_file(db, FORMATS / "outlook_contacts.csv", progress=lambda done, total: done < total)
    assert contact_service.count(db) == 0


def test_dry_run_changes_nothing(db: Database) -> None:
    report = import_file(db, FORMATS / "outlook_contacts.csv", dry_run=True)
    assert report.created == 7 and contact_service.count(db) == 0


def test_cli_import_json_report_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--database", url, "contacts", "import", str(FORMATS / "outlook_contacts.csv"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == 7 and {o["line"] for o in report["outcomes"]} == set(range(2, 9))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["--database", url, "contacts", "import", str(empty)]) == 1
    assert "empty.csv" in capsys.readouterr().err
    assert main(["--database", url, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["contacts"] == 7
