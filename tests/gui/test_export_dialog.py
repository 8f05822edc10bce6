"""The export dialog and Copy as BCC: round trip, losses, distribution, failures, clipboard."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QGuiApplication

from outreach.gui import worker
from outreach.gui.export_dialog import ExportDialog
from outreach.services import contacts as contact_service
from outreach.services import gui_io
from outreach.store.database import Database


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def dialog(qtbot: Any, db: Any) -> Iterator[ExportDialog]:
    dlg = ExportDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.close()


def export_to(dlg: ExportDialog, path: Path) -> gui_io.ExportReport:
    dlg.path_field.setText(str(path))
    dlg.start_export()
    assert dlg.export_report is not None, dlg.status.text()
    return dlg.export_report


def test_a_full_csv_export_reads_back_with_the_same_people(dialog: ExportDialog, tmp_path: Path) -> None:
    assert dialog.objectName() == "exportDialog"
    assert dialog.fmt() == "csv" and not dialog.distribution()
    assert "300" in dialog.scope_all.text()
    target = tmp_path / "everyone.csv"
    result = export_to(dialog, target)
    assert result.written == 300
    assert "Wrote 300 of 300" in dialog.status.text()
    fresh = Database.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        back = gui_io.import_file(fresh, target)
        assert back.rows == 300
        assert back.errors == 0 and back.skipped == 0
        assert contact_service.count(fresh) == contact_service.count(dialog.db) == 300
    finally:
        fresh.close()


def test_the_file_name_follows_the_format(dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.path_field.setText(str(tmp_path / "people.csv"))
    dialog.set_format("vcard")
    assert dialog.path_field.text().endswith("people.vcf")
    dialog.set_format("xlsx")
    assert dialog.path_field.text().endswith("people.xlsx")
    dialog.set_format("bcc")
    assert dialog.path_field.text().endswith("people.txt")


def test_losses_are_shown_before_writing(dialog: ExportDialog) -> None:
    dialog.set_format("vcard")
    assert "cannot hold" in dialog.losses_label.text()
    assert "validation problems" in dialog.losses_label.text()
    dialog.set_format("bcc")
    assert "everything but the name" in dialog.losses_label.text()
    assert "left out" in dialog.left_out_label.text()  # bcc needs an address: some people cannot go
    dialog.set_format("csv")
    assert "split into several tags" in dialog.losses_label.text()


def test_distribution_leaves_out_do_not_contact_people(dialog: ExportDialog, db: Any, tmp_path: Path) -> None:
    dnc = contact_service.count(db, "is:dnc")
    assert dnc > 0
    dialog.distribution_radio.setChecked(True)
    assert "do-not-contact" in dialog.kind_help.text()
    assert dialog.leave_out is not None
    assert dialog.leave_out.left_out["do-not-contact"] == dnc
    assert f"{dnc} do-not-contact" in dialog.left_out_label.text()
    result = export_to(dialog, tmp_path / "mailing.csv")
    assert result.left_out["do-not-contact"] == dnc
    assert result.written == 300 - dialog.leave_out.total_left_out
    written = (tmp_path / "mailing.csv").read_text(encoding="utf-8-sig")
    for person in contact_service.search_details(db, "is:dnc", limit=None):
        for email in person.emails:
            assert email.raw not in written


def test_the_current_search_is_a_scope(qtbot: Any, db: Any, tmp_path: Path) -> None:
    dlg = ExportDialog(db, query="beat:climate")
    qtbot.addWidget(dlg)
    assert dlg.scope_search.isChecked()
    expected = contact_service.count(db, "beat:climate")
    assert f"({expected})" in dlg.scope_search.text()
    assert not dlg.scope_selection.isEnabled()
    dlg.set_format("vcard")
    assert export_to(dlg, tmp_path / "climate.vcf").written == expected


def test_a_failed_export_says_why_and_leaves_the_old_file(dialog: ExportDialog, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.vcf"
    target.write_text("the old file\n", encoding="utf-8")
    calls = {"n": 0}
    import outreach.io.formats as formats

    real = formats.card_text

    def failing(person: Any, version: str = "3.0") -> str:
        calls["n"] += 1
        if calls["n"] > 10:
            raise OSError(28, "No space left on device")
        return real(person, version)

    monkeypatch.setattr(formats, "card_text", failing)
    dialog.set_format("vcard")
    dialog.path_field.setText(str(target))
    dialog.start_export()
    assert dialog.export_report is None
    assert dialog.status.text().startswith("Export failed: ")
    assert "disk is full" in dialog.status.text() or "No space left" in dialog.status.text()
    assert target.read_text(encoding="utf-8") == "the old file\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".keep.vcf.")]  # no temporary file left


def test_cancel_writes_nothing(dialog: ExportDialog, tmp_path: Path) -> None:
    target = tmp_path / "old.csv"
    target.write_text("old", encoding="utf-8")
    cancel = threading.Event()
    cancel.set()  # the service reports progress every 1,000 people; the demo has 300, so cancel up front
    with pytest.raises(gui_io.ExportCancelled):
        gui_io.export(dialog.db, "csv", target, cancel=cancel)
    assert target.read_text(encoding="utf-8") == "old"


def test_export_runs_off_the_gui_thread(qtbot: Any, db: Any, tmp_path: Path) -> None:
    previous = worker.set_synchronous(False)
    try:
        dlg = ExportDialog(db)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: dlg.leave_out is not None, timeout=10000)
        dlg.path_field.setText(str(tmp_path / "async.csv"))
        dlg.start_export()
        assert dlg.running and not dlg.export_button.isEnabled()
        qtbot.waitUntil(lambda: dlg.export_report is not None, timeout=10000)
        assert not dlg.running and dlg.export_button.isEnabled()
        assert (tmp_path / "async.csv").is_file()
    finally:
        worker.wait_for_tasks()
        worker.set_synchronous(previous)


def test_the_menu_opens_the_dialog_with_the_search(window: Any) -> None:
    window.contacts.search_field.setText("beat:climate")
    assert window.export_action.shortcut().toString() == "Ctrl+Shift+E"
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    window.export_action.trigger()
    dlg = window.export_dialog
    assert dlg.isVisible() and dlg.query == "beat:climate" and dlg.scope_search.isChecked()
    dlg.reject()


def _select_rows(window: Any, rows: list[int]) -> list[int]:
    view = window.contacts.view
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(view.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return list(window.contacts.selected_ids())


def test_copy_as_bcc_fills_the_clipboard_and_counts_who_was_left_out(window: Any) -> None:
    window.contacts.search_field.setText("is:dnc")
    dnc_ids = _select_rows(window, [0])
    window.contacts.search_field.setText("")
    ids = _select_rows(window, list(range(6)))
    lines, left_out = gui_io.bcc_for(window.db, [*ids, dnc_ids[0]])
    assert left_out.get("do-not-contact") == 1

    QGuiApplication.clipboard().clear()
    from outreach.gui.export_dialog import copy_as_bcc

    copy_as_bcc(window.db, [*ids, dnc_ids[0]], window.statusBar())
    text = QGuiApplication.clipboard().text()
    assert text.splitlines() == lines
    assert lines and all("@" in line for line in lines)
    message = window.statusBar().currentMessage()
    assert f"Copied {len(lines)} address" in message and "1 do-not-contact" in message


def test_copy_as_bcc_action_uses_the_selection(window: Any) -> None:
    ids = _select_rows(window, [0, 1, 2])
    QGuiApplication.clipboard().clear()
    window.bcc_action.trigger()
    lines, _ = gui_io.bcc_for(window.db, ids)
    assert QGuiApplication.clipboard().text().splitlines() == lines
    assert window.statusBar().currentMessage().startswith(f"Copied {len(lines)} address")
