"""The widgets the list pages (contacts, organisations) build alike: the pane, its filter field, the table."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QVBoxLayout, QWidget


def list_pane(parent: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """The list side of a page: a widget with a tight column layout (filter bar above the table)."""
    pane = QWidget(parent)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    return pane, layout


def filter_field(parent: QWidget, name: str, accessible: str, placeholder: str) -> QLineEdit:
    """A search or filter line with a clear button."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field


def row_view(name: str, accessible: str, model: QAbstractItemModel, parent: QWidget,
             multi: bool = False) -> QTableView:
    """A read-only table of whole rows without a grid or row numbers; Tab leaves it, arrows move inside."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view
