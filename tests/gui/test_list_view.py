"""list_view: the pane, filter field and table the contacts and organisations pages build alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QWidget

from outreach.gui.list_view import filter_field, list_pane, row_view
from outreach.gui.orgs_page import OrgsModel


def test_the_list_pages_widgets(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    pane, layout = list_pane(host)
    assert pane.parent() is host and pane.layout() is layout and layout.spacing() == 4
    field = filter_field(pane, "someFilter", "Filter things", "type to filter")
    assert (field.objectName(), field.accessibleName(), field.placeholderText()) == \
        ("someFilter", "Filter things", "type to filter")
    assert field.isClearButtonEnabled()
    model = OrgsModel(host)
    single = row_view("someView", "Things", model, pane)
    multi = row_view("otherView", "Other things", model, pane, multi=True)
    assert single.model() is model and single.objectName() == "someView" and single.accessibleName() == "Things"
    assert single.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert multi.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    for view in (single, multi):
        assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
        assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert not view.showGrid() and not view.tabKeyNavigation() and view.alternatingRowColors()
        assert view.verticalHeader().isHidden() and not view.horizontalHeader().highlightSections()
        assert view.verticalHeader().defaultSectionSize() == view.fontMetrics().height() + 8
