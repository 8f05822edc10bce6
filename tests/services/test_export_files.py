"""Exports: full round-trips per format, spreadsheet safety, atomic writes, distribution lists."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.io import formats as io_formats
from outreach.io.formats import format_losses
from outreach.services import contacts as contact_service
from outreach.services.exporting import export_contacts
from outreach.services.importing import import_file
from outreach.store.database import Database

FORMATS = Path(__file__).parent.parent / "data" / "formats"
IGNORED = {"id", "organization_id", "created_at", "updated_at", "version", "deleted_at", "source", "source_detail",
           "jobs"}


def open_db(path: Path) -> Database:
    return Database.open(str(path))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "src.db")
    for name in ("outlook_contacts.csv", "contacts_v3.vcf", "contact_v4.vcf", "contact_v21_qp.vcf",
                 "excel_semicolon_cp1252.csv"):
        import_file(database, FORMATS / name)
    contact_service.add_contact(database, ContactInput(
        display_name="Dana Ode", given_name="Dana", family_name="Ode", title="Editor, Nights; Weekends",
        organization="Lima Post", country="GB", role="spokesperson", notes="=cmd|' /C calc'!A0\nsecond line",
        do_not_contact=True, dnc_reason="asked, twice", socials={"x": "@dana"}, consent_basis="legitimate interest",
        tags=["health"], emails=[EmailInput("dana@lima.example", "work", True), EmailInput("dana@gmial.com", "home")],
        phones=[PhoneInput("+44 20 7946 0958", "switchboard", True), PhoneInput("020 7946 0123", "mobile")]))
    yield database
    database.close()


def comparable(detail: object) -> dict[str, Any]:
    data = {k: v for k, v in dataclasses.asdict(detail).items() if k not in IGNORED}  # type: ignore[call-overload]
    data["emails"] = [{k: v for k, v in e.items() if k != "id"} for e in data["emails"]]
    data["phones"] = [{k: v for k, v in p.items() if k != "id"} for p in data["phones"]]
    data["tags"] = sorted(data["tags"])
    return data


@pytest.mark.parametrize("fmt, name", [("csv", "all.csv"), ("vcard", "all.vcf"), ("vcard4", "all.vcf"),
                                       ("xlsx", "all.xlsx")])
def test_full_export_round_trips_into_an_empty_database(db: Database, tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    report = export_contacts(db, fmt, out)
    assert report.written == report.selected == contact_service.count(db)
    fresh = open_db(tmp_path / f"fresh-{fmt}.db")
    try:
        imported = import_file(fresh, out)
        assert imported.errors == 0 and imported.created == report.written
        before = {p.display_name: comparable(p) for p in contact_service.search_details(db, "", None)}
        after = {p.display_name: comparable(p) for p in contact_service.search_details(fresh, "", None)}
        assert after == before
    finally:
        fresh.close()


def test_csv_export_neutralises_formulas_but_keeps_phone_numbers(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    export_contacts(db, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c and (c[0] in "=@\t\r" or (c[0] in "+-" and not c[1:2].isdigit()))]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")@x" in cells
    assert "+44 20 7946 0958" in cells


def test_xlsx_export_is_safe_and_readable(db: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "all.xlsx"
    export_contacts(db, "xlsx", out)
    ws = load_workbook(out).worksheets[0]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(isinstance(v, str) for v in values)  # phone numbers stored as text, no formulas
    assert not [v for v in values if v.startswith("=")]
    assert "+44 20 7946 0958" in values


def test_xlsx_long_notes_are_split_and_joined_again(db: Database, tmp_path: Path) -> None:
    long_notes = "x" * 40_000 + "END"
    contact_service.add_contact(db, ContactInput(display_name="Long Notes", notes=long_notes,
                                                 emails=[EmailInput("long@notes.example")]))
    out = tmp_path / "long.xlsx"
    export_contacts(db, "xlsx", out, query="long")
    fresh = open_db(tmp_path / "f.db")
    try:
        report = import_file(fresh, out)
        assert any("split" in w for w in report.warnings)
        assert contact_service.search_details(fresh, "", None)[0].notes == long_notes
    finally:
        fresh.close()


def test_a_failed_export_leaves_the_old_file_intact(db: Database, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "list.csv"
    out.write_text("old content", encoding="utf-8")
    real = io_formats.full_row
    calls = {"n": 0}

    def failing(person, shape):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(person, shape)

    monkeypatch.setattr(io_formats, "full_row", failing)
    with pytest.raises(OSError):
        export_contacts(db, "csv", out)
    assert out.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".list")] == []


def test_distribution_leaves_out_dnc_and_people_without_a_valid_email(db: Database, tmp_path: Path) -> None:
    contact_service.add_contact(db, ContactInput(display_name="Phone Only", phones=[PhoneInput("+1 202 555 0147")]))
    out = tmp_path / "bcc.txt"
    report = export_contacts(db, "bcc", out, distribution=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert report.left_out["do-not-contact"] == 1
    assert sum(report.left_out.values()) == 3  # Dana (dnc), Farah (formula address), Phone Only
    assert "Aoife Murphy <aoife.murphy@harbourpost.example>" in lines
    assert not [line for line in lines if "Dana" in line or "HYPERLINK" in line]
    assert len(lines) == report.written == report.selected - 3


@pytest.mark.parametrize("fmt", ["outlook", "google", "mailchimp"])
def test_other_csv_dialects_read_back_in_our_import(db: Database, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"{fmt}.csv"
    report = export_contacts(db, fmt, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") == (fmt == "outlook")
    fresh = open_db(tmp_path / "f.db")
    try:
        imported = import_file(fresh, out)
        assert imported.created == report.written
        names = {p.display_name for p in contact_service.search_details(fresh, "", None)}
        assert "Aoife Murphy" in names
    finally:
        fresh.close()


def test_format_losses_tell_what_a_format_drops() -> None:
    assert any("3 e-mail" in loss for loss in format_losses("outlook"))
    assert any("without a valid e-mail" in loss for loss in format_losses("mailchimp"))
    with pytest.raises(ValueError):
        format_losses("pdf")


def test_cli_export_query_and_distribution_message(db: Database, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    url = f"sqlite:///{db.sqlite_path}"
    out = tmp_path / "c.vcf"
    assert main(["--database", url, "contacts", "export", "--format", "vcard", "-o", str(out),
                 "--query", "org:\"Lima Post\"", "--distribution"]) == 0
    err = capsys.readouterr().err
    assert "left out 1 contact(s): do-not-contact" in err
