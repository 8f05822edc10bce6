"""Exporting a selection: exactly the people with the ids given, in every format, full or distribution."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.errors import UserError
from outreach.io.formats import EXTENSIONS, FORMATS
from outreach.services import contacts as contact_service
from outreach.services import gui_io
from outreach.services.exporting import NOT_FOUND, export_contacts
from outreach.services.importing import import_file
from outreach.store.database import Database

NAMES = ("Ada Bell", "Ben Cole", "Cai Dunn", "Dee Eng", "Eli Finch", "Fay Gold", "Gus Hart", "Hal Ives",
         "Ida Jones", "Jo Kerr")


def email_of(name: str) -> str:
    return name.lower().replace(" ", ".") + "@newsroom.example.org"


@pytest.fixture
def people(db: Database) -> Iterator[tuple[Database, dict[str, int]]]:
    """Ten people with an e-mail and a phone each; the last one is do-not-contact."""
    ids: dict[str, int] = {}
    for n, name in enumerate(NAMES):
        given, family = name.split()
        detail = contact_service.add_contact(db, ContactInput(
            display_name=name, given_name=given, family_name=family, organization="Metro Wire", country="GB",
            tags=["climate"], do_not_contact=name == "Jo Kerr", dnc_reason="asked" if name == "Jo Kerr" else "",
            emails=[EmailInput(email_of(name), "work", True)],
            phones=[PhoneInput(f"+44 20 7946 09{n:02d}", "work", True)]))
        ids[name] = detail.id
    yield db, ids


def file_text(path: Path) -> str:
    """What a written file says, as text (an XLSX workbook: its cells, tab-separated)."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        lines = ["\t".join(str(c) for c in row if c is not None) for row in book.active.iter_rows(values_only=True)]
        book.close()
        return "\n".join(lines)
    return path.read_text(encoding="utf-8-sig")


def named(text: str) -> set[str]:
    """The people of NAMES whose e-mail address is in the text."""
    return {name for name in NAMES if email_of(name) in text}


CHOSEN = ("Hal Ives", "Ben Cole", "Eli Finch")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("distribution", [False, True], ids=["full", "distribution"])
def test_exactly_the_selected_people_are_written(people: tuple[Database, dict[str, int]], tmp_path: Path,
                                                fmt: str, distribution: bool) -> None:
    db, ids = people
    target = tmp_path / f"selection{EXTENSIONS[fmt]}"
    report = export_contacts(db, fmt, target, ids=[ids[n] for n in CHOSEN], distribution=distribution)
    assert report.selected == 3 and report.written == 3 and not report.left_out
    assert named(file_text(target)) == set(CHOSEN)


@pytest.mark.parametrize("fmt, suffix", [("csv", ".csv"), ("vcard", ".vcf")])
def test_a_selection_reads_back_as_those_three_people(people: tuple[Database, dict[str, int]], tmp_path: Path,
                                                     fmt: str, suffix: str) -> None:
    db, ids = people
    target = tmp_path / f"three{suffix}"
    export_contacts(db, fmt, target, ids=[ids[n] for n in CHOSEN])
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert [r["Display Name"] for r in rows] == list(CHOSEN)  # in the order given
    else:
        text = target.read_text(encoding="utf-8")
        assert text.count("BEGIN:VCARD") == 3
        assert [line[3:] for line in text.splitlines() if line.startswith("FN:")] == list(CHOSEN)
    fresh = Database.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        back = import_file(fresh, target)
        assert back.created == 3 and back.errors == 0
        found = {c.display_name for c in contact_service.search_details(fresh, "", limit=None)}
        assert found == set(CHOSEN)
    finally:
        fresh.close()


def test_distribution_leaves_out_a_selected_do_not_contact_person(people: tuple[Database, dict[str, int]],
                                                                 tmp_path: Path) -> None:
    db, ids = people
    chosen = [ids["Ada Bell"], ids["Jo Kerr"], ids["Cai Dunn"]]
    target = tmp_path / "mailing.csv"
    report = export_contacts(db, "mailchimp", target, ids=chosen, distribution=True)
    assert report.selected == 3 and report.written == 2
    assert report.left_out == {"do-not-contact": 1}
    assert named(file_text(target)) == {"Ada Bell", "Cai Dunn"}
    preview = gui_io.leave_out_preview(db, "csv", "", True, chosen)
    assert preview.selected == 3 and preview.left_out == {"do-not-contact": 1}
    full = gui_io.leave_out_preview(db, "csv", "", False, [*chosen, chosen[0]])
    assert full.selected == 3 and not full.left_out


def test_trashed_people_are_exported_when_selected_and_unknown_ids_are_reported(
        people: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, ids = people
    contact_service.trash(db, [ids["Dee Eng"]])
    missing = max(ids.values()) + 1000
    target = tmp_path / "some.vcf"
    report = export_contacts(db, "vcard", target, ids=[ids["Dee Eng"], missing, ids["Ada Bell"], ids["Ada Bell"]])
    assert report.selected == 3 and report.written == 2
    assert report.left_out == {NOT_FOUND: 1}
    assert named(file_text(target)) == {"Dee Eng", "Ada Bell"}


def test_an_empty_selection_writes_only_the_header(people: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, _ = people
    target = tmp_path / "none.csv"
    report = export_contacts(db, "csv", target, ids=[])
    assert report.selected == report.written == 0
    assert named(file_text(target)) == set()


def test_ids_and_a_query_together_are_refused(people: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, ids = people
    with pytest.raises(UserError, match="not both"):
        export_contacts(db, "csv", tmp_path / "x.csv", query="beat:climate", ids=[ids["Ada Bell"]])
    assert not (tmp_path / "x.csv").exists()


def test_gui_io_export_takes_ids(people: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, ids = people
    target = tmp_path / "bcc.txt"
    report = gui_io.export(db, "bcc", target, ids=[ids[n] for n in CHOSEN])
    assert report.written == 3
    assert named(target.read_text(encoding="utf-8")) == set(CHOSEN)
