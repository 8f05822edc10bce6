"""The Organisations page: a filterable list, and the selected organisation with its people.

:class:`OrgActions` adds, edits and deletes organisations from the window (all undoable, on the
window's QUndoStack): New Organisation (Ctrl+Shift+N -- Ctrl+N stays New Contact everywhere), Edit
Organisation (Ctrl+E, Enter or double-click in the list) and Delete Organisation (Delete in the
list; the people stay, without the organisation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QToolBar,
    QWidget,
)

from outreach.gui import commands
from outreach.gui.detail_view import DetailView
from outreach.gui.errors import guarded
from outreach.gui.list_view import filter_field, list_pane, row_view
from outreach.gui.org_editor import OrgEditor
from outreach.gui.row_model import RowModel
from outreach.gui.worker import run_task
from outreach.services import contacts as contact_service
from outreach.store.database import Database
from outreach.store.orgs_write import OrgFields
from outreach.store.queries.orgs import OrgRow

if TYPE_CHECKING:
    from outreach.gui.main_window import MainWindow

HEADERS = ("Organisation", "Kind", "Country", "People")


class OrgsModel(RowModel[OrgRow]):
    headers = HEADERS
    right_aligned = frozenset({3})  # People

    def text_of(self, row: OrgRow, column: int) -> str:
        return (row.name, row.kind, row.country, str(row.people))[column]


class OrgsPage(QSplitter):
    """Loaded the first time it is shown, off the GUI thread (thousands of organisations)."""

    selectionChanged = Signal()
    activated = Signal(int)  # an organisation id (Enter or double-click): open the editor

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("orgsPage")
        self._db = db
        self._loaded = False
        self._select_after: int | None = None  # select this organisation once the list is re-read
        self.model = OrgsModel(self)
        pane, layout = list_pane(self)
        bar = QHBoxLayout()
        self.filter_field = filter_field(pane, "orgFilter", "Filter organisations", "Filter organisations by name")
        bar.addWidget(self.filter_field, 1)
        self.toolbar = QToolBar("Organisation", pane)  # the window puts its organisation actions here
        self.toolbar.setObjectName("orgsToolbar")
        self.toolbar.setAccessibleName("Organisation actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(16, 16))
        bar.addWidget(self.toolbar)
        layout.addLayout(bar)
        view = row_view("orgsView", "Organisations", self.model, pane)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view = view
        layout.addWidget(view, 1)
        self.detail = DetailView("orgDetail", self)
        self.addWidget(pane)
        self.addWidget(self.detail)
        self.setSizes([600, 400])
        self.setChildrenCollapsible(False)
        self.filter_field.textChanged.connect(self._reload)
        view.selectionModel().currentRowChanged.connect(self._on_current)
        view.selectionModel().selectionChanged.connect(self._on_selection)
        view.activated.connect(self._on_activated)  # Enter, or a double-click

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
        chosen, self._select_after = self._select_after, None
        wanted = chosen if chosen is not None else current.id if current is not None else None
        scroll = self.view.verticalScrollBar().value()
        self.model.set_rows(rows)
        row = next((i for i, r in enumerate(rows) if r.id == wanted), -1)
        if row >= 0:
            self.view.selectRow(row)  # shows the (re-read) details again
        elif wanted is not None:
            self.detail.show_nothing()  # deleted (here or by someone else)
        self.view.verticalScrollBar().setValue(scroll)
        if chosen is not None and row >= 0:
            self.view.scrollTo(self.model.index(row, 0))
        self.selectionChanged.emit()

    def live_refresh(self) -> None:
        """Others changed the data: re-read the list (only if it was ever shown)."""
        if self._loaded:
            self._reload()

    def refresh(self, select_id: int | None = None) -> None:
        """Re-read after an own change (if the list was ever shown), then select `select_id` if given."""
        if self._loaded:
            self._select_after = select_id
            self._reload()

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        org = self.model.row_at(rows[0].row()) if rows else None
        return org.id if org is not None else None

    @guarded
    def _on_activated(self, index: QModelIndex) -> None:
        org = self.model.row_at(index.row())
        if org is not None:
            self.activated.emit(org.id)

    @guarded
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        org = self.model.row_at(current.row())
        if org is None:
            self.detail.show_nothing()
            return
        found, people = contact_service.org_with_people(self._db, org.id)
        self.detail.show_org(found, people)

    @guarded
    def _on_selection(self, *_args: object) -> None:
        self.selectionChanged.emit()


class OrgActions(QObject):
    """New / Edit / Delete Organisation for the window: the actions, their slots and the undo steps.

    The actions are made with MainWindow._action (guarded slots); the window puts them in its menus
    and calls :meth:`update` from its own _update_actions (before the read-only check).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.page: OrgsPage = window.orgs
        self.editor: OrgEditor | None = None
        self.new_action = window._action(
            "New &Organisation…", self.new_org, "Ctrl+Shift+N", "new",
            "Add an organisation (Ctrl+Shift+N; Ctrl+N adds a contact)")
        self.new_action.setObjectName("newOrgAction")
        self.edit_action = window._action(
            "Edit &Organisation…", self.edit_selected, "Ctrl+E", "edit",
            "Edit the selected organisation (Ctrl+E, Enter or double-click in the list)")
        self.edit_action.setObjectName("editOrgAction")
        self.delete_action = window._action(
            "De&lete Organisation", self.delete_selected, QKeySequence.StandardKey.Delete, "trash",
            "Delete the selected organisation; its people stay, without it (undoable)")
        self.delete_action.setObjectName("deleteOrgAction")
        # Delete only means "delete the organisation" in the list; in the filter it deletes a character.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.page.view.addAction(self.delete_action)
        for action in self.all():
            self.page.toolbar.addAction(action)
        self.page.activated.connect(self.edit_org)
        self.page.selectionChanged.connect(self.update)

    def all(self) -> list[QAction]:
        return [self.new_action, self.edit_action, self.delete_action]

    @guarded
    def update(self) -> None:
        on_page = self.window.stack.currentWidget() is self.page
        has = on_page and self.page.selected_id() is not None
        read_only = self.window.team.read_only if hasattr(self.window, "team") else False
        self.new_action.setEnabled(not read_only)
        self.edit_action.setEnabled(has and not read_only)
        self.delete_action.setEnabled(has and not read_only)
        self.edit_action.setVisible(on_page)  # Ctrl+E edits a contact on the contacts page
        self.delete_action.setVisible(on_page)

    @guarded
    def changed(self, select_id: int | None = None) -> None:
        """After a change or its undo/redo: the list, the contacts (organisation column) and details."""
        self.page.refresh(select_id)
        self.window._changed()

    def _refuse_read_only(self) -> bool:
        if self.window.team.read_only:
            self.window.statusBar().showMessage("The database is read-only for you: nothing can be changed", 5000)
            return True
        return False

    # -- new ------------------------------------------------------------------------------------------
    @guarded
    def new_org(self) -> None:
        if self._refuse_read_only():
            return
        window, db = self.window, self.window.db

        def save(fields: OrgFields) -> None:
            org = contact_service.add_org(db, fields.name, fields.kind, fields.website, fields.country, fields.notes)
            window.undo_stack.push(commands.CreateOrg(db, org.id, org.name, self.changed))
            if window.stack.currentWidget() is self.page:
                self.page.ensure_loaded()
            self.changed(org.id)
            window.statusBar().showMessage(f"Added the organisation {org.name} — Ctrl+Z removes it", 5000)

        self._open(OrgEditor(None, save, parent=window))

    # -- edit -----------------------------------------------------------------------------------------
    @guarded
    def edit_selected(self) -> None:
        org_id = self.page.selected_id()
        if org_id is not None:
            self.edit_org(org_id)

    @guarded
    def edit_org(self, org_id: int) -> None:
        if self._refuse_read_only():
            return
        db, window = self.window.db, self.window
        # What undo goes back to, and the stored version a save is checked against (both follow Reload).
        base, version = contact_service.org_fields(db, org_id)

        def save(new: OrgFields) -> None:
            if new == base:
                return  # nothing changed: nothing to save or undo
            contact_service.edit_org(db, org_id, new, expected_version=version)
            window.undo_stack.push(commands.EditOrg(db, org_id, base, new, self.changed))
            self.changed()
            window.statusBar().showMessage(f"Saved {new.name} — Ctrl+Z undoes it", 5000)

        def reload() -> OrgFields:
            nonlocal base, version
            base, version = contact_service.org_fields(db, org_id)
            return base

        self._open(OrgEditor(base, save, reload, parent=window))

    # -- delete ---------------------------------------------------------------------------------------
    @guarded
    def delete_selected(self) -> None:
        org_id = self.page.selected_id()
        if org_id is None or self._refuse_read_only():
            return
        window = self.window
        deleted = contact_service.delete_org(window.db, org_id)
        window.undo_stack.push(commands.DeleteOrg(window.db, deleted, self.changed))
        self.changed()
        people = len(deleted.member_ids)
        stay = f"its {people} {'person stays' if people == 1 else 'people stay'}, without it" if people \
            else "it had no people"
        window.statusBar().showMessage(f"Deleted the organisation {deleted.fields.name} ({stay}) — "
                                       "Ctrl+Z brings it back", 8000)

    def _open(self, editor: OrgEditor) -> None:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor = editor
        editor.finished.connect(lambda _result: setattr(self, "editor", None)
                                if self.editor is editor else None)
        editor.open()  # window-modal, never blocks the caller
