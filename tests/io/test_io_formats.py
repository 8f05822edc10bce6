"""File-format pieces without a database: the lean vCard writer, mappings, spreadsheet safety, decoding."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from outreach.errors import InputFileError, UserError
from outreach.io.csv_format import read_csv_table
from outreach.io.mapping import guess_mapping, load_mapping, preview, save_mapping
from outreach.io.safety import neutralise, restore
from outreach.io.textfile import decode
from outreach.io.vcard import card_text, fold, read_vcards
from outreach.services.demo import generate
from outreach.store.queries.contacts import ContactDetail, EmailRow, PhoneRow

FORMATS = Path(__file__).parent.parent / "data" / "formats"


def detail_from(prepared, n: int) -> ContactDetail:  # type: ignore[no-untyped-def]
    c = prepared.columns
    return ContactDetail(
        id=n, display_name=c["display_name"], given_name=c["given_name"], family_name=c["family_name"],
        title=c["title"] + ", night desk; weekends", role=c["role"], organization_id=None,
        organization=prepared.organization, country=c["country"], time_zone=c["time_zone"], time_zone_inferred=True,
        preferred_channel="", socials=c["socials"], notes="Line one\nline two, with 日本語 — and a \\ backslash " * 3,
        do_not_contact=c["do_not_contact"], dnc_reason=c["dnc_reason"], dnc_date=None, source="demo",
        source_detail="", consent_basis="", last_verified=None, uid=f"urn:uuid:{n:08d}", created_at=None,  # type: ignore[arg-type]
        updated_at=None, version=1, deleted_at=None, tags=tuple(prepared.tags),  # type: ignore[arg-type]
        emails=tuple(EmailRow(0, e["raw"], e["normalized"], e["label"], e["is_primary"], e["status"], e["message"],
                              e["suggestion"], "ok") for e in prepared.emails),
        phones=tuple(PhoneRow(0, p["raw"], p["e164"], p["extension"], p["label"], p["number_type"], p["is_primary"],
                              p["status"], p["message"]) for p in prepared.phones))


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_every_card_the_lean_writer_writes_parses_back_identically_through_vobject(version: str) -> None:
    people = [detail_from(p, n) for n, p in enumerate(generate(300, seed=7))]
    for person in people:
        card = vobject.readOne(card_text(person, version))
        assert card.fn.value == person.display_name
        assert (card.n.value.family, card.n.value.given) == (person.family_name, person.given_name)
        assert card.org.value[0] == person.organization
        assert card.title.value == person.title
        assert card.note.value == person.notes
        assert card.uid.value == person.uid
        assert [e.value for e in card.contents.get("email", [])] == [e.raw for e in person.emails]
        assert [t.value for t in card.contents.get("tel", [])] == [p.raw for p in person.phones]
        assert list(card.categories.value) == list(person.tags)
    rows, errors, count = read_vcards("".join(card_text(p, version) for p in people))
    assert count == len(people) and not errors
    assert [r.contact.name() for r in rows] == [p.display_name for p in people]
    assert [[e.raw for e in r.contact.emails] for r in rows] == [[e.raw for e in p.emails] for p in people]


def test_folding_never_cuts_a_multibyte_character_and_keeps_lines_short() -> None:
    line = "NOTE:" + "日本語テキスト" * 30
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "").rstrip("\r\n") == line


def test_neutralise_and_restore() -> None:
    for value in ("=1+1", "@SUM(A1)", "-2+3", "+cmd", "\tx", "\rx"):
        assert neutralise(value) == "'" + value and restore(neutralise(value)) == value
    for value in ("+44 20 7946 0958", "-", "(212) 874-3391", "plain", ""):
        assert neutralise(value) in (value, "'" + value)
    assert neutralise("+44 20 7946 0958") == "+44 20 7946 0958"


def test_known_headers_map_outlook_google_mailchimp_and_german() -> None:
    outlook = read_csv_table(FORMATS / "outlook_contacts.csv")
    mapping = guess_mapping(outlook.headers)
    assert mapping["First Name"] == "given_name" and mapping["E-mail Address"] == "email"
    assert mapping["Business Phone"] == "phone:work" and mapping["Categories"] == "tags"
    google = guess_mapping(read_csv_table(FORMATS / "google_contacts.csv").headers)
    assert google["E-mail 1 - Value"] == "email#g1" and google["Phone 1 - Label"] == "phone#g1.label"
    german = read_csv_table(FORMATS / "excel_semicolon_cp1252.csv")
    assert german.delimiter == ";" and guess_mapping(german.headers)["E-Mail"] == "email"


def test_mapping_presets_save_and_load_from_the_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = save_mapping("press list", {"Who": "display_name", "Mail": "email:work"})
    assert path == tmp_path / "cfg" / "mappings" / "press list.json"
    assert load_mapping("press list") == {"Who": "display_name", "Mail": "email:work"}
    with pytest.raises(UserError, match="no saved mapping"):
        load_mapping("other")
    with pytest.raises(UserError, match="unknown field"):
        save_mapping("bad", {"Who": "shoe_size"})


def test_preview_shows_the_first_rows_and_their_problems() -> None:
    table = read_csv_table(FORMATS / "mailchimp_audience.csv")
    rows = preview(table, limit=6, region="US")
    assert len(rows) == 6 and rows[0].name == "Aoife Murphy"
    assert any("formula" in p for p in rows[5].problems)


def test_decoding_order() -> None:
    assert decode("é".encode(), "f")[1] == "utf-8"
    assert decode("é".encode("cp1252"), "f")[1] == "cp1252"
    assert decode(b"\xef\xbb\xbfName", "f")[0] == "Name"
    assert decode("Name\tX".encode("utf-16"), "f")[0] == "Name\tX"
    with pytest.raises(InputFileError, match="ZIP"):
        decode(b"PK\x03\x04rest", "f")


@pytest.mark.parametrize("delimiter", ['"', "\n", "\r", ";;"])
def test_a_delimiter_that_cannot_separate_columns_is_refused(delimiter: str, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name;E-mail Address\nAnn Lee;ann@x.example\n", encoding="utf-8")
    assert read_csv_table(path).headers == ["Name", "E-mail Address"]  # none given: sniffed
    with pytest.raises(InputFileError, match="delimiter must be one character"):
        read_csv_table(path, delimiter=delimiter)


def test_a_given_delimiter_overrides_the_guess(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name|E-mail Address\nAnn Lee|ann@x.example\n", encoding="utf-8")
    assert read_csv_table(path, delimiter="|").headers == ["Name", "E-mail Address"]


@pytest.mark.parametrize("body", ["Lee, Ann\r\nOde; Ben\r\n", ",\r\n", "Ann Lee\r\n"])
def test_a_one_column_file_keeps_each_line_one_value(body: str, tmp_path: Path) -> None:
    # The header shows no delimiter, so the file has one column: commas and semicolons in it are text.
    path = tmp_path / "names.csv"
    path.write_text("Name\r\n" + body, encoding="utf-8")
    table = read_csv_table(path)
    assert table.headers == ["Name"]
    assert [cells for _, cells in table.rows] == [[line] for line in body.split("\r\n") if line]


def test_blank_lines_before_the_header_do_not_hide_its_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\n  \nName,E-mail Address\nAnn Lee,ann@x.example\n", encoding="utf-8")
    table = read_csv_table(path)
    assert table.headers == ["Name", "E-mail Address"]
    assert [cells for _, cells in table.rows] == [["Ann Lee", "ann@x.example"]]
