"""The export dialog's "Selected contacts (N)" scope writes exactly the people selected in the list."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel

from outreach.gui.export_dialog import ExportDialog
from outreach.services import contacts as contact_service
from outreach.services import gui_io


@pytest.fixture(autouse=True)
def config_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONFIG_DIR", str(tmp_path / "config"))


def select_rows(window: Any, rows: list[int]) -> list[int]:
    view = window.contacts.view
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(view.model().index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return list(window.contacts.selected_ids())


def people(db: Any, ids: list[int]) -> list[tuple[str, tuple[str, ...]]]:
    """Name and e-mail addresses of each person, as the full CSV writes them."""
    out = []
    for contact_id in ids:
        person = contact_service.get_contact(db, contact_id)
        out.append((person.display_name, tuple(e.raw for e in person.emails)))
    return sorted(out)


def csv_people(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    out = []
    for row in rows:
        emails = tuple(row[k] for k in sorted((k for k in row if k.startswith("Email ") and k[6:].isdigit()),
                                               key=lambda k: int(k[6:])) if row[k])
        out.append((row["Display Name"], emails))
    return sorted(out)


def test_exporting_the_selection_from_the_window_writes_exactly_those_people(window: Any, tmp_path: Path) -> None:
    ids = select_rows(window, [0, 3, 7])
    assert len(ids) == 3
    window.export_action.trigger()
    dlg = window.export_dialog
    assert dlg.selected_ids == ids
    assert dlg.scope_selection.isEnabled()
    assert "(3)" in dlg.scope_selection.text()
    dlg.scope_selection.setChecked(True)
    assert dlg.scope_ids() == ids
    assert dlg.leave_out is not None and dlg.leave_out.selected == 3
    assert "All 3 people" in dlg.left_out_label.text()
    target = tmp_path / "selected.csv"
    dlg.path_field.setText(str(target))
    dlg.start_export()
    assert dlg.export_report is not None, dlg.status.text()
    assert dlg.export_report.selected == dlg.export_report.written == 3
    assert "Wrote 3 of 3" in dlg.status.text()
    assert csv_people(target) == people(window.db, ids)
    assert contact_service.count(window.db) == 300  # the export changed nothing
    dlg.reject()


def test_the_selection_in_vcard_and_as_a_distribution_list(qtbot: Any, db: Any, tmp_path: Path) -> None:
    everyone = [r.id for r in contact_service.search(db, "", limit=300)]
    dnc = [r.id for r in contact_service.search(db, "is:dnc", limit=1)]
    chosen = [everyone[5], everyone[1], dnc[0], everyone[40]]
    chosen = list(dict.fromkeys(chosen))
    dlg = ExportDialog(db, selected_ids=chosen)
    qtbot.addWidget(dlg)
    assert not dlg.scope_selection.isChecked()  # the default scope stays everyone
    dlg.scope_selection.setChecked(True)
    dlg.set_format("vcard")
    target = tmp_path / "picked.vcf"
    dlg.path_field.setText(str(target))
    dlg.start_export()
    assert dlg.export_report is not None and dlg.export_report.written == len(chosen)
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == len(chosen)
    names = sorted(line.split(":", 1)[1] for line in text.splitlines() if line.startswith("FN"))
    assert names == sorted(contact_service.get_contact(db, i).display_name for i in chosen)

    dlg.distribution_radio.setChecked(True)
    assert dlg.leave_out is not None and dlg.leave_out.selected == len(chosen)
    assert dlg.leave_out.left_out.get("do-not-contact") == 1
    result = gui_io.export(db, "bcc", tmp_path / "picked.txt", ids=chosen, distribution=True)
    assert result.left_out.get("do-not-contact") == 1
    dlg.set_format("bcc")
    dlg.path_field.setText(str(tmp_path / "dialog.txt"))
    dlg.start_export()
    assert dlg.export_report is not None
    assert (tmp_path / "dialog.txt").read_text(encoding="utf-8") == (tmp_path / "picked.txt").read_text(
        encoding="utf-8")


def test_without_a_selection_the_scope_is_off(qtbot: Any, db: Any) -> None:
    dlg = ExportDialog(db)
    qtbot.addWidget(dlg)
    assert not dlg.scope_selection.isEnabled()
    assert "none selected" in dlg.scope_selection.text()
    assert dlg.scope_ids() is None
