"""The Contacts page: search field, trash toggle, the table, and the selected person's details."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolButton,
    QWidget,
)

from outreach.gui.contacts_model import COLUMNS, ContactsModel
from outreach.gui.detail_view import DetailView
from outreach.gui.errors import guarded
from outreach.gui.icons import icon
from outreach.gui.list_view import filter_field, list_pane, row_view
from outreach.services import contacts as contact_service
from outreach.store.database import Database

SEARCH_HINT = 'Search — smith  beat:climate  country:GB  org:"Metro Wire"  role:journalist  is:dnc'
DEFAULT_WIDTHS = (155, 150, 125, 115, 205, 135, 70)


class ContactsPage(QSplitter):
    """List in the middle, details on the right."""

    selectionChanged = Signal()
    activated = Signal(int)  # a contact id: open the editor

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("contactsPage")
        self._db = db
        self.model = ContactsModel(db, self)
        self._init_list()
        self.detail = DetailView("contactDetail", self)
        self.addWidget(self._list_pane)
        self.addWidget(self.detail)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.setSizes([990, 280])
        self.setChildrenCollapsible(False)
        self._connect_signals()

    def _init_list(self) -> None:
        pane, layout = list_pane(self)

        bar = QHBoxLayout()
        self.search_field = filter_field(pane, "searchField", "Search contacts", SEARCH_HINT)
        self.search_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        bar.addWidget(self.search_field, 1)

        self.trash_toggle = QToolButton(pane)
        self.trash_toggle.setObjectName("trashToggle")
        self.trash_toggle.setCheckable(True)
        self.trash_toggle.setText("Trash")
        self.trash_toggle.setIcon(icon("trash"))
        self.trash_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.trash_toggle.setAccessibleName("Show trash")
        self.trash_toggle.setToolTip("Show people moved to the trash")
        bar.addWidget(self.trash_toggle)
        layout.addLayout(bar)

        self.trash_banner = QLabel("Trash — people here are kept until you empty the trash.", pane)
        self.trash_banner.setObjectName("trashBanner")
        self.trash_banner.setAccessibleName("Trash notice")
        self.trash_banner.setVisible(False)
        layout.addWidget(self.trash_banner)

        view = row_view("contactsView", "Contacts", self.model, pane, multi=True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        for column, width in enumerate(DEFAULT_WIDTHS[: len(COLUMNS)]):
            view.setColumnWidth(column, width)
        view.setSortingEnabled(True)  # header clicks call model.sort(): SQL ORDER BY
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view = view
        layout.addWidget(view, 1)
        self._list_pane = pane

    def _connect_signals(self) -> None:
        self.search_field.textChanged.connect(self._on_search)
        self.trash_toggle.toggled.connect(self._on_trash_toggled)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._on_selection)
        self.model.totalChanged.connect(self._update_banner)

    # -- slots ---------------------------------------------------------------------------------
    @guarded
    def _on_search(self, text: str) -> None:
        # No debounce: the query takes a few milliseconds in SQL even on 100k contacts.
        self.model.set_search(text)

    @guarded
    def _on_trash_toggled(self, on: bool) -> None:
        self.trash_banner.setVisible(on)
        self.model.set_trash(on)
        self._update_banner()

    @guarded
    def _update_banner(self, *_args: object) -> None:
        if not self.model.showing_trash:
            return
        if self.model.total:
            self.trash_banner.setText("Trash — people here are kept until you empty the trash "
                                      "(Edit ▸ Restore from Trash puts them back).")
        else:
            self.trash_banner.setText("The trash is empty.")

    @guarded
    def _on_selection(self, *_args: QItemSelection) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            detail = contact_service.get_contact(self._db, ids[0])
            self.detail.show_contact(detail, contact_service.history(self._db, ids[0]))
        elif ids:
            self.detail.show_nothing(f"{len(ids)} people selected")
        else:
            self.detail.show_nothing()
        self.selectionChanged.emit()

    @guarded
    def _on_activated(self, index: object) -> None:
        ids = self.selected_ids()
        if ids:
            self.activated.emit(ids[0])

    # -- for the window -----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        out = []
        for r in rows:
            row = self.model.row_at(r)
            if row is not None:
                out.append(row.id)
        return out

    def select_id(self, contact_id: int, max_pages: int = 10) -> None:
        """Select a person, loading a few more pages if they are further down the list."""
        row = self.model.row_of_id(contact_id)
        while row < 0 and max_pages > 0 and self.model.canFetchMore():
            self.model.fetchMore()
            max_pages -= 1
            row = self.model.row_of_id(contact_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def refresh(self) -> None:
        """Re-read rows after a change, keeping the selection (by id), current row and scroll position.

        A person someone else deleted simply drops out of the selection (the details then clear).
        """
        keep = self.selected_ids()
        current = self.model.row_at(self.view.currentIndex().row())
        current_column = max(self.view.currentIndex().column(), 0)
        scroll = self.view.verticalScrollBar().value(), self.view.horizontalScrollBar().value()
        self.model.refresh_rows()
        selection = self.view.selectionModel()
        if current is not None and (row := self.model.row_of_id(current.id)) >= 0:
            selection.setCurrentIndex(self.model.index(row, current_column),
                                      selection.SelectionFlag.NoUpdate)
        for contact_id in keep:
            row = self.model.row_of_id(contact_id)
            if row >= 0:
                selection.select(self.model.index(row, 0),
                                 selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        self.view.verticalScrollBar().setValue(scroll[0])
        self.view.horizontalScrollBar().setValue(scroll[1])
        self._on_selection()

    def live_refresh(self) -> None:
        """Someone else changed the data: the same as after an own change."""
        self.refresh()
