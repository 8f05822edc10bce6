"""The Organisations page: a filterable list, and the selected organisation with its people."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.detail_view import DetailView
from outreach.gui.errors import guarded
from outreach.gui.worker import run_task
from outreach.services import contacts as contact_service
from outreach.store.database import Database
from outreach.store.queries.orgs import OrgRow

AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("Organisation", "Kind", "Country", "People")


class OrgsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[OrgRow] = []

    def set_rows(self, rows: list[OrgRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> OrgRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        org = self.row_at(index.row())
        if org is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (org.name, org.kind, org.country, str(org.people))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return org.id
        return None


class OrgsPage(QSplitter):
    """Loaded the first time it is shown, off the GUI thread (thousands of organisations)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("orgsPage")
        self._db = db
        self._loaded = False
        self.model = OrgsModel(self)
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter_field = QLineEdit(pane)
        self.filter_field.setObjectName("orgFilter")
        self.filter_field.setAccessibleName("Filter organisations")
        self.filter_field.setPlaceholderText("Filter organisations by name")
        self.filter_field.setClearButtonEnabled(True)
        layout.addWidget(self.filter_field)
        view = QTableView(pane)
        view.setObjectName("orgsView")
        view.setAccessibleName("Organisations")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setTabKeyNavigation(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().setHighlightSections(False)
        self.view = view
        layout.addWidget(view, 1)
        self.detail = DetailView("orgDetail", self)
        self.addWidget(pane)
        self.addWidget(self.detail)
        self.setSizes([600, 400])
        self.setChildrenCollapsible(False)
        self.filter_field.textChanged.connect(self._reload)
        view.selectionModel().currentRowChanged.connect(self._on_current)

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._reload()

    @guarded
    def _reload(self, *_args: object) -> None:
        text = self.filter_field.text()
        db = self._db

        def done(rows: list[OrgRow]) -> None:
            if text == self.filter_field.text():  # ignore an answer to an older filter
                self._set_rows_keeping_selection(rows)

        run_task(lambda: contact_service.list_orgs(db, text, limit=None), done)

    def _set_rows_keeping_selection(self, rows: list[OrgRow]) -> None:
        current = self.model.row_at(self.view.currentIndex().row())
        scroll = self.view.verticalScrollBar().value()
        self.model.set_rows(rows)
        if current is not None:
            row = next((i for i, r in enumerate(rows) if r.id == current.id), -1)
            if row >= 0:
                self.view.selectRow(row)  # shows the (re-read) details again
            else:
                self.detail.show_nothing()  # someone else removed it
        self.view.verticalScrollBar().setValue(scroll)

    def live_refresh(self) -> None:
        """Others changed the data: re-read the list (only if it was ever shown)."""
        if self._loaded:
            self._reload()

    @guarded
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        org = self.model.row_at(current.row())
        if org is None:
            self.detail.show_nothing()
            return
        found, people = contact_service.org_with_people(self._db, org.id)
        self.detail.show_org(found, people)
