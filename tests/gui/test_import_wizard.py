"""The import wizard with the real sample files: mapping, preview, presets, dry run, import, cancel, report."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox

from outreach.gui import worker
from outreach.gui.import_wizard import PROBLEMS_ROLE, SPEC_ROLE, ImportWizard
from outreach.services import contacts as contact_service

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
OUTLOOK = FORMATS / "outlook_contacts.csv"
PREVIEW_EMAILS = 3  # column of the preview table


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Presets (config_dir()/mappings) and settings go to a temporary folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("OUTREACH_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def wizard(qtbot: Any, db: Any) -> Iterator[ImportWizard]:
    wiz = ImportWizard(db, path=str(OUTLOOK))
    qtbot.addWidget(wiz)
    wiz.show()
    yield wiz
    wiz.close()


def preview_row(wiz: ImportWizard, line: int) -> int:
    table = wiz.mapping_page.preview_table
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item is not None and item.text() == str(line):
            return r
    raise AssertionError(f"line {line} not in the preview")


def report_rows(wiz: ImportWizard) -> list[tuple[str, str, str, str]]:
    table = wiz.import_page.report_table
    out = []
    for r in range(table.rowCount()):
        cells = [table.item(r, c) for c in range(4)]
        out.append(tuple(c.text() if c is not None else "" for c in cells))
    return out  # type: ignore[return-value]


def test_outlook_csv_is_detected_and_mapped_automatically(wizard: ImportWizard) -> None:
    page = wizard.file_page
    assert page.info is not None and page.info.format == "csv"
    assert page.ready() and page.isComplete()
    assert "comma" in page.delimiter_label.text()
    assert "utf-8" in page.detected_label.text() and "7 rows" in page.detected_label.text()
    assert page.region() == "US"  # the default region from the settings
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    mapping = wizard.mapping_page.mapping()
    assert mapping is not None
    assert mapping["First Name"] == "given_name"
    assert mapping["Last Name"] == "family_name"
    assert mapping["E-mail Address"] == "email"
    assert mapping["Company"] == "organization"
    assert mapping["Categories"] == "tags"
    assert mapping["Gender"] == "ignore"
    assert len(wizard.mapping_page.rows) == 7


def test_preview_flags_the_formula_in_the_email_column(wizard: ImportWizard) -> None:
    wizard.next()
    table = wizard.mapping_page.preview_table
    row = preview_row(wizard, 7)
    email = table.item(row, PREVIEW_EMAILS)
    assert email is not None
    assert email.text().startswith("=HYPERLINK")
    assert "spreadsheet formula" in email.toolTip()
    assert not email.icon().isNull()
    assert email.data(PROBLEMS_ROLE)
    clean = table.item(preview_row(wizard, 2), PREVIEW_EMAILS)
    assert clean is not None and clean.toolTip() == "" and clean.icon().isNull()
    assert "3 of the first 7 rows have problems" in wizard.mapping_page.preview_summary.text()


def test_changing_a_mapping_changes_the_preview(wizard: ImportWizard, qtbot: Any) -> None:
    wizard.next()
    page = wizard.mapping_page
    table = page.preview_table
    assert table.item(preview_row(wizard, 2), 2).text() == "The Harbour Post"  # type: ignore[union-attr]
    page.set_spec("Company", "ignore")
    assert table.item(preview_row(wizard, 2), 2).text() == ""  # type: ignore[union-attr]

    # The same through the combo box in the table, as a user does it (F2 opens the editor).
    view = page.mapping_table
    row = next(r for r in range(view.rowCount()) if view.item(r, 0).text() == "E-mail Address")  # type: ignore[union-attr]
    index = view.model().index(row, 2)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.findChild(QComboBox)
    assert combo is not None
    combo.setCurrentIndex(combo.findData("ignore"))
    combo.activated.emit(combo.currentIndex())
    assert view.item(row, 2).data(SPEC_ROLE) == "ignore"  # type: ignore[union-attr]
    assert table.item(preview_row(wizard, 7), PREVIEW_EMAILS).text() == ""  # type: ignore[union-attr]
    assert not any("spreadsheet formula" in p for r in page.rows for p in r.problems)


def test_saving_and_loading_a_preset(wizard: ImportWizard, qtbot: Any, db: Any, config_in_tmp: Path) -> None:
    wizard.next()
    page = wizard.mapping_page
    page.set_spec("Company", "ignore")
    page.set_spec("Notes", "dnc_reason")
    page.preset_name.setText("Outlook without company")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = config_in_tmp / "mappings" / "Outlook without company.json"
    assert saved.is_file()
    assert "Saved as" in page.preset_status.text()

    other = ImportWizard(db, path=str(OUTLOOK))
    qtbot.addWidget(other)
    other.show()
    other.next()
    again = other.mapping_page
    assert again.mapping()["Company"] == "organization"  # type: ignore[index]
    assert again.preset_combo.findText("Outlook without company") >= 0
    again.preset_combo.setCurrentText("Outlook without company")
    qtbot.mouseClick(again.load_button, Qt.MouseButton.LeftButton)
    loaded = again.mapping()
    assert loaded is not None
    assert loaded["Company"] == "ignore" and loaded["Notes"] == "dnc_reason"
    assert "Loaded" in again.preset_status.text()
    assert again.preview_table.item(preview_row(other, 2), 2).text() == ""  # type: ignore[union-attr]


def test_dry_run_shows_counts_and_changes_nothing(wizard: ImportWizard, db: Any) -> None:
    before = contact_service.count(db)
    wizard.next()
    wizard.next()
    page = wizard.check_page
    assert wizard.currentPage() is page
    assert page.result is not None and page.result.dry_run
    assert page.count_labels["created"].text() == "7"
    assert page.count_labels["invalid_values"].text() == "1"
    assert page.ready() and page.isComplete()
    assert contact_service.count(db) == before
    assert contact_service.count(db, "harbourpost") == 0


def test_a_real_import_adds_the_people_refreshes_the_view_and_can_be_undone(window: Any) -> None:
    assert window.contacts.model.total == 300
    window.import_action.trigger()
    wiz = window.import_wizard
    assert wiz.objectName() == "importWizard"
    wiz.file_page.set_path(str(OUTLOOK))
    wiz.next()
    wiz.next()
    wiz.next()
    page = wiz.import_page
    assert page.finished_ok and page.result is not None
    assert page.result.created == 7
    assert "nothing was changed" not in page.status.text()
    assert window.contacts.model.total == 307  # the window refreshed
    assert contact_service.count(window.db, "harbourpost") == 1
    assert window.undo_stack.undoText().startswith("Import 7 contacts")
    window.undo_action.trigger()
    assert window.contacts.model.total == 300
    assert contact_service.count(window.db, "harbourpost") == 0
    window.redo_action.trigger()
    assert window.contacts.model.total == 307


def test_cancel_in_the_middle_of_an_import_changes_nothing(wizard: ImportWizard, db: Any, qtbot: Any) -> None:
    before = contact_service.count(db)
    seen: list[tuple[int, int]] = []

    def on_progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == total and total:  # every row read, checked and matched; nothing written yet
            qtbot.mouseClick(wizard.import_page.cancel_button, Qt.MouseButton.LeftButton)

    wizard.importProgress.connect(on_progress)
    wizard.next()
    wizard.next()
    wizard.next()
    page = wizard.import_page
    assert (7, 7) in seen
    assert not page.running and not page.finished_ok
    assert "nothing was changed" in page.status.text()
    assert page.title() == "Import cancelled"
    assert contact_service.count(db) == before
    assert contact_service.count(db, "harbourpost") == 0


def test_the_report_lists_bad_rows_first_with_line_numbers(qtbot: Any, db: Any, tmp_path: Path) -> None:
    source = tmp_path / "press.csv"
    source.write_text(
        "Name,Email,Phone\n"
        "Ada Reporter,ada@paper.example,+44 20 7946 0000\n"
        "Bad Row,bad@paper.example,+44 20 7946 0001,extra,cells\n"
        "Formula,=1+2@x,\n"
        ",,\n"
        "Cleo Desk,cleo@paper.example,\n", encoding="utf-8")
    wiz = ImportWizard(db, path=str(source))
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.next()
    wiz.next()
    wiz.next()
    rows = report_rows(wiz)
    assert rows[0][0] == "3" and rows[0][2] == "error" and "cells" in rows[0][3]
    assert rows[1][:3] == ("4", "email", "created") and "formula" in rows[1][3]
    assert {r[0] for r in rows[2:]} == {"2", "6"}
    assert all(r[2] == "created" for r in rows[2:])

    saved = tmp_path / "report.csv"
    wiz.import_page.save_report(str(saved))
    with open(saved, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["Line", "Field", "Outcome", "Reason"]
    assert lines[1][:3] == ["3", "", "error"]
    assert lines[2][:3] == ["4", "email", "created"]
    assert lines[2][3].startswith("'")  # the formula is neutralised for spreadsheets
    assert "Report saved" in wiz.import_page.status.text()


def test_the_import_runs_off_the_gui_thread(qtbot: Any, db: Any) -> None:
    previous = worker.set_synchronous(False)
    try:
        wiz = ImportWizard(db, path=str(OUTLOOK))
        qtbot.addWidget(wiz)
        wiz.show()
        qtbot.waitUntil(lambda: wiz.file_page.ready(), timeout=10000)
        wiz.next()
        wiz.next()
        qtbot.waitUntil(lambda: wiz.check_page.ready(), timeout=10000)
        assert wiz.check_page.result is not None and wiz.check_page.result.created == 7
        wiz.next()
        assert wiz.import_page.running  # the window is free while the worker imports
        assert not wiz.import_page.isComplete()
        qtbot.waitUntil(lambda: wiz.import_page.finished_ok, timeout=10000)
        assert contact_service.count(db, "harbourpost") == 1
        assert wiz.import_page.isComplete()
    finally:
        worker.wait_for_tasks()
        worker.set_synchronous(previous)


def test_closing_while_importing_cancels_first(qtbot: Any, db: Any) -> None:
    wiz = ImportWizard(db, path=str(OUTLOOK))
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.importProgress.connect(lambda done, total: wiz.reject())  # Esc during the import
    wiz.next()
    wiz.next()
    wiz.next()
    assert "nothing was changed" in wiz.import_page.status.text()
    assert contact_service.count(db, "harbourpost") == 0
    assert not wiz.isVisible()


def test_a_file_dropped_on_the_contacts_list_opens_the_wizard(window: Any) -> None:
    viewport = window.contacts.view.viewport()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(OUTLOOK))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    wiz = window.import_wizard
    assert wiz.isVisible()
    assert wiz.file_page.path_field.text() == str(OUTLOOK)
    assert wiz.file_page.info is not None


def test_vcard_needs_no_mapping(qtbot: Any, db: Any) -> None:
    wiz = ImportWizard(db, path=str(FORMATS / "contacts_v3.vcf"))
    qtbot.addWidget(wiz)
    wiz.show()
    assert wiz.file_page.info is not None and wiz.file_page.info.format == "vcard"
    wiz.next()
    page = wiz.mapping_page
    assert page.mapping() is None
    assert page.mapping_stack.currentWidget() is page.vcard_note
    assert page.preview_table.rowCount() == 6
    wiz.next()
    assert wiz.check_page.result is not None and wiz.check_page.result.created == 6


def test_excel_semicolon_file_shows_encoding_and_delimiter(qtbot: Any, db: Any) -> None:
    wiz = ImportWizard(db, path=str(FORMATS / "excel_semicolon_cp1252.csv"))
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.file_page
    assert "semicolon" in page.delimiter_label.text()
    assert "cp1252" in page.detected_label.text()
    page.region_field.setText("DE")
    wiz.next()
    names = [r.name for r in wiz.mapping_page.rows]
    assert "Jonas Müller" in names
    assert wiz.mapping_page.mapping()["Telefon"] == "phone:work"  # type: ignore[index]


def test_an_unreadable_file_says_why_and_cannot_go_on(qtbot: Any, db: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    wiz = ImportWizard(db, path=str(empty))
    qtbot.addWidget(wiz)
    wiz.show()
    assert not wiz.file_page.ready()
    assert "Cannot read this file" in wiz.file_page.detected_label.text()
