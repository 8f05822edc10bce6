"""RowModel: the table plumbing the contacts, organisations and releases models share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from outreach.gui.contacts_model import ContactsModel
from outreach.gui.orgs_page import OrgsModel
from outreach.gui.releases_model import ReleasesModel
from outreach.gui.row_model import RIGHT_ALIGNED, RowModel
from outreach.store.releases import ReleaseRow


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    count: int


class ThingsModel(RowModel[Thing]):
    headers = ("Name", "Count")
    right_aligned = frozenset({1})

    def text_of(self, row: Thing, column: int) -> str:
        return row.name if column == 0 else str(row.count)

    def extra_data(self, row: Thing, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name} ({row.id})"
        return None


THINGS = [Thing(7, "seven", 70), Thing(3, "three", 30), Thing(5, "five", 50)]


def test_rows_headers_and_roles(qtmodeltester: Any) -> None:
    model = ThingsModel()
    qtmodeltester.check(model)
    model.set_rows(iter(THINGS))
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == ["Name", "Count", None]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.row_at(1) == THINGS[1] and model.row_at(3) is None and model.row_at(-1) is None
    assert model.row_of_id(5) == 2 and model.row_of_id(4) == -1
    name, count = model.index(0, 0), model.index(0, 1)
    assert model.data(name) == "seven" and model.data(count) == "70"
    assert model.data(name, Qt.ItemDataRole.UserRole) == 7
    assert model.data(count, Qt.ItemDataRole.TextAlignmentRole) == RIGHT_ALIGNED
    assert model.data(name, Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(count, Qt.ItemDataRole.ToolTipRole) == "seven (7)"
    assert model.data(QModelIndex()) is None
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.flags(name) & Qt.ItemFlag.ItemIsSelectable and not model.flags(name) & Qt.ItemFlag.ItemIsEditable


def test_set_rows_resets_the_model(qtbot: Any) -> None:
    model = ThingsModel()
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_rows(THINGS)
    assert model.rowCount() == 3


def test_the_list_models_are_row_models() -> None:
    for model in (ContactsModel, OrgsModel, ReleasesModel):
        assert issubclass(model, RowModel)
        assert model.rowCount is RowModel.rowCount and model.data is RowModel.data


def test_releases_model_roles(qtmodeltester: Any) -> None:
    model = ReleasesModel(None)
    model.set_rows([ReleaseRow(4, "", date(2026, 1, 2), "GB", "draft", "a.txt", 12),
                    ReleaseRow(9, "Launch", None, "", "sent", "", 0)])
    qtmodeltester.check(model)
    assert [model.data(model.index(0, c)) for c in range(5)] == ["(untitled)", "2026-01-02", "GB", "draft", "12"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "\na.txt"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole) == "Launch"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(model.index(1, 4), Qt.ItemDataRole.TextAlignmentRole) == RIGHT_ALIGNED
    assert model.row_of_id(9) == 1
