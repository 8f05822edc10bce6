"""The import wizard's delimiter choice: detected, or chosen (comma, semicolon, tab, pipe, other)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from outreach.gui.import_wizard import ImportWizard
from outreach.services import contacts as contact_service

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
NOTES = "Notes (beats, regions, languages, desks, shifts, etc.)"
PEOPLE = {"Ann Lee": "ann@metro.example.org", "Bob Roe": "bob@metro.example.org", "Cy Poe": "cy@metro.example.org"}


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONFIG_DIR", str(tmp_path / "config"))


def semicolon_file(folder: Path, name: str = "semicolons.csv", delimiter: str = ";") -> Path:
    """A file whose header has more commas (inside a quoted name) than delimiters: the sniffer says comma."""
    path = folder / name
    lines = [delimiter.join(["Name", "E-mail", f'"{NOTES}"']),
             *(delimiter.join([n, e, '"climate, energy, EU"']) for n, e in PEOPLE.items())]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.fixture
def wizard(qtbot: Any, db: Any, tmp_path: Path) -> Iterator[ImportWizard]:
    wiz = ImportWizard(db, path=str(semicolon_file(tmp_path)))
    qtbot.addWidget(wiz)
    wiz.show()
    yield wiz
    wiz.close()


def choose(wiz: ImportWizard, data: str) -> None:
    combo = wiz.file_page.delimiter_combo
    combo.setCurrentIndex(combo.findData(data))


def test_the_delimiter_is_a_choice_that_shows_what_was_detected(wizard: ImportWizard) -> None:
    page = wizard.file_page
    combo = page.findChild(QComboBox, "importDelimiter")
    assert combo is page.delimiter_combo and combo.isEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Detected: comma", "Comma", "Semicolon", "Tab", "Pipe", "Other…"]
    assert page.delimiter() is None
    assert page.info is not None and page.info.delimiter == ","  # fooled by the commas in the header
    assert not page.findChild(QLineEdit, "importDelimiterOther").isVisible()


def test_choosing_semicolon_rereads_the_file_and_the_import_uses_it(wizard: ImportWizard, db: Any) -> None:
    page = wizard.file_page
    wrong = page.info
    assert wrong is not None and "Name" not in wrong.headers
    wizard.next()
    assert wizard.mapping_page.mapping() == {h: "ignore" for h in wrong.headers}  # nothing recognised
    wizard.back()

    choose(wizard, ";")
    assert page.delimiter() == ";"
    assert page.info is not None and page.info is not wrong
    assert page.info.delimiter == ";" and page.info.headers == ["Name", "E-mail", NOTES]
    assert page.delimiter_label.text() == "semicolon (';'), as chosen (detected: comma)"
    assert page.delimiter_combo.itemText(0) == "Detected: comma"
    assert "3 rows" in page.detected_label.text() and "3 columns" in page.detected_label.text()
    assert page.isComplete()

    wizard.next()  # the mapping and its preview follow the new columns
    mapping = wizard.mapping_page.mapping()
    assert mapping is not None and mapping["Name"] == "display_name" and mapping["E-mail"] == "email"
    assert [(r.name, r.emails) for r in wizard.mapping_page.rows] == [(n, [e]) for n, e in PEOPLE.items()]
    assert wizard.mapping_page.preview_table.rowCount() == 3

    wizard.next()
    assert wizard.check_page.result is not None and wizard.check_page.result.created == 3
    wizard.next()
    result = wizard.import_page.result
    assert wizard.import_page.finished_ok and result is not None
    assert result.created == 3 and result.errors == 0
    found = {c.display_name: [e.raw for e in c.emails]
             for c in contact_service.search_details(db, "metro.example.org", limit=None)}
    assert found == {n: [e] for n, e in PEOPLE.items()}


def test_other_takes_one_typed_character(qtbot: Any, db: Any, tmp_path: Path) -> None:
    wiz = ImportWizard(db, path=str(semicolon_file(tmp_path, "hashes.csv", "#")))
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.file_page
    choose(wiz, "other")
    other = page.delimiter_other
    assert other.isVisible() and other.maxLength() == 1
    assert page.info is None and not page.isComplete()  # nothing typed yet
    assert "one character" in page.detected_label.text()
    qtbot.keyClicks(other, '"')
    assert page.info is None and "quote" in page.detected_label.text()
    other.clear()
    qtbot.keyClicks(other, "#")
    assert page.delimiter() == "#"
    assert page.info is not None and page.info.headers == ["Name", "E-mail", NOTES]
    assert "'#'" in page.delimiter_label.text()
    wiz.next()
    wiz.next()
    assert wiz.check_page.result is not None and wiz.check_page.result.created == 3


def test_a_new_file_goes_back_to_the_detected_delimiter(wizard: ImportWizard) -> None:
    page = wizard.file_page
    choose(wizard, "\t")
    assert page.info is not None and page.info.delimiter == "\t"
    page.set_path(str(FORMATS / "excel_semicolon_cp1252.csv"))
    assert page.delimiter() is None
    assert page.delimiter_combo.currentIndex() == 0
    assert page.delimiter_combo.itemText(0) == "Detected: semicolon"
    assert page.info is not None and page.info.delimiter == ";"
    assert "detected" in page.delimiter_label.text()


def test_a_vcard_file_has_no_delimiter(wizard: ImportWizard) -> None:
    page = wizard.file_page
    page.set_path(str(FORMATS / "contacts_v3.vcf"))
    assert page.info is not None and page.info.format == "vcard"
    assert not page.delimiter_combo.isEnabled()
    assert "not a CSV file" in page.delimiter_label.text()


def test_the_delimiter_can_be_chosen_by_keyboard(qtbot: Any, wizard: ImportWizard) -> None:
    page = wizard.file_page
    page.delimiter_combo.setFocus()
    qtbot.keyClick(page.delimiter_combo, Qt.Key.Key_Down)
    qtbot.keyClick(page.delimiter_combo, Qt.Key.Key_Down)
    assert page.delimiter() == ";"
    assert page.info is not None and page.info.headers[0] == "Name"
