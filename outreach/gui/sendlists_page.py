"""The Send-lists page: lists with their counts | the chosen list's members and the excluded (with reasons).

Everything is read through outreach.services (lists, gui_lists) as plain rows, off the GUI thread;
the tables are small QAbstractTableModels over those rows. Deleting a list and taking people off a
list are steps on the window's undo stack (Edit ▸ Undo brings them back), so neither asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from email.utils import formataddr
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.commands import ContactCommand, DeleteSendList
from outreach.gui.contacts_page import SEARCH_HINT
from outreach.gui.errors import guarded, report
from outreach.gui.export_dialog import FORMAT_TITLES
from outreach.gui.list_view import row_view
from outreach.gui.row_model import RIGHT_ALIGNED, AnyIndex, RowModel
from outreach.gui.worker import run_task
from outreach.services import gui_lists
from outreach.services import lists as list_service
from outreach.services.lists import DeletedList, ListOverview
from outreach.store.database import Database

Column = tuple[str, Callable[[Any], object]]
PREVIEW_DELAY_MS = 250
READ_ONLY_NOTE = "The database is read-only for you: nothing can be changed"


# -- a table over plain rows ------------------------------------------------------------------------------

class RowsModel(RowModel[Any]):
    """A read-only table over a list of plain rows (dataclasses); columns are (header, row -> value).

    Numbers are right-aligned; UserRole gives the row itself (not its id: some rows have none).
    """

    def __init__(self, columns: Sequence[Column], parent: Any = None,
                 tooltip: Callable[[Any], str] | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self.headers = tuple(header for header, _ in self._columns)
        self._tooltip = tooltip

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def text_of(self, row: Any, column: int) -> str:
        value = self._columns[column][1](row)
        return "" if value is None else str(value)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.UserRole:
            return self.row_at(index.row()) if index.isValid() and not index.parent().isValid() else None
        return super().data(index, role)

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(self._columns[column][1](row), int | float):
            return RIGHT_ALIGNED
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(row) or None
        return None


def make_table(name: str, accessible: str, model: QAbstractTableModel, parent: QWidget,
               widths: Sequence[int] = (), multi: bool = False) -> QTableView:
    """A dense, read-only table in the look of the contacts table, with these column widths."""
    view = row_view(name, accessible, model, parent, multi)
    view.setWordWrap(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class Busy:
    """Runs service calls off the GUI thread with an indeterminate progress bar shown meanwhile."""

    def __init__(self, bar: QProgressBar) -> None:
        self.bar = bar
        self.count = 0
        bar.setRange(0, 0)
        bar.setMaximumWidth(120)
        bar.setMaximumHeight(14)
        bar.setTextVisible(False)
        bar.setAccessibleName("Working")
        bar.setVisible(False)

    def run(self, func: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] = report) -> None:
        self.count += 1
        self.bar.setVisible(True)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self.count -= 1
            if shiboken6.isValid(self.bar):
                self.bar.setVisible(self.count > 0)
                callback(value)

        run_task(func, guarded(lambda value: finish(done, value)), lambda error: finish(failed, error))


def release_combo(parent: QWidget, name: str, accessible: str, none_text: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.addItem(none_text, None)
    combo.setMinimumContentsLength(18)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def fill_releases(combo: QComboBox, releases: Sequence[Any], current: int | None = None) -> None:
    """Keep the first ("none") item; add "title (id)" for each release; select `current`."""
    blocker = QSignalBlocker(combo)
    keep = combo.currentData() if current is None else current
    while combo.count() > 1:
        combo.removeItem(1)
    for r in releases:
        combo.addItem(f"{r.title or '(untitled)'} ({r.id})", r.id)
    at = combo.findData(keep)
    combo.setCurrentIndex(max(at, 0))
    del blocker


def bcc_lines(members: Sequence[list_service.MemberRow]) -> list[str]:
    return [formataddr((m.name, m.email)) if m.name else m.email for m in members]


# -- models -----------------------------------------------------------------------------------------------

def lists_model(parent: Any = None) -> RowsModel:
    return RowsModel([("Name", lambda r: r.name), ("Release", lambda r: r.release_title),
                      ("Members", lambda r: r.members), ("Excluded", lambda r: r.excluded)], parent,
                     tooltip=lambda r: f"Search: {r.query}" if r.query else "Built by hand")


def members_model(parent: Any = None) -> RowsModel:
    return RowsModel([("Name", lambda m: m.name), ("Organisation", lambda m: m.organization),
                      ("Address", lambda m: m.email)], parent,
                     tooltip=lambda m: "added by hand" if m.added_by == "hand" else "found by the list's search")


def excluded_model(parent: Any = None) -> RowsModel:
    return RowsModel([("Name", lambda x: x.contact.name), ("Reason", lambda x: x.reason)], parent,
                     tooltip=lambda x: " · ".join(v for v in (x.contact.organization, x.contact.email) if v))


class RemoveMembers(ContactCommand):
    """Taking people off a list by hand; undo puts them back (as added by hand)."""

    def __init__(self, db: Database, name: str, ids: list[int], changed: Callable[[], None]) -> None:
        super().__init__(f"Remove {len(ids)} from {name}", db, changed)
        self._name, self._ids = name, ids

    def _do(self) -> None:
        list_service.remove(self._db, self._name, self._ids)

    def _undo(self) -> None:
        list_service.add(self._db, self._name, self._ids)


# -- dialogs ----------------------------------------------------------------------------------------------

class NewListDialog(QDialog):
    """Name, optional release and a search query with a live count of who it finds."""

    created = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, *, contact_ids: Sequence[int] = (),
                 releases: Sequence[Any] = ()) -> None:
        super().__init__(parent)
        self.db = db
        self.contact_ids = list(contact_ids)
        self.setObjectName("newListDialog")
        self.setWindowTitle("New send-list")
        self.setAccessibleName("New send-list")
        self.name_field = QLineEdit(self)
        self.name_field.setObjectName("listName")
        self.name_field.setAccessibleName("List name")
        self.release = release_combo(self, "listRelease", "Release", "No release")
        fill_releases(self.release, releases)
        self.query_field = QLineEdit(self)
        self.query_field.setObjectName("listQuery")
        self.query_field.setAccessibleName("Search query")
        self.query_field.setPlaceholderText(SEARCH_HINT)
        self.query_field.setMinimumWidth(460)
        self.preview = QLabel(self)
        self.preview.setObjectName("listQueryCount")
        self.preview.setAccessibleName("People the search finds")
        form = QFormLayout()
        form.addRow("&Name:", self.name_field)
        form.addRow("&Release:", self.release)
        form.addRow("&Search:", self.query_field)
        form.addRow("", self.preview)
        if self.contact_ids:
            form.addRow("", QLabel(f"{len(self.contact_ids):,} selected people are added by hand.", self))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = self.buttons.addButton("C&reate list", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createListButton")
        self.create_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self._generation = 0
        self.name_field.textChanged.connect(self._on_name)
        self.query_field.textChanged.connect(lambda _text: self._timer.start())
        self.buttons.accepted.connect(self.create_list)
        self.buttons.rejected.connect(self.reject)
        self.update_preview()

    @guarded
    def _on_name(self, text: str) -> None:
        self.create_button.setEnabled(bool(text.strip()))

    @guarded
    def update_preview(self) -> None:
        query = self.query_field.text().strip()
        if not query:
            self.preview.setText("Without a search the list holds only people added by hand.")
            return
        self._generation += 1
        generation, db = self._generation, self.db

        def shown(count: int) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self.preview.setText(f"The search finds {count:,} {'person' if count == 1 else 'people'} now.")

        self.preview.setText("Counting…")
        run_task(lambda: gui_lists.count_matches(db, query), guarded(shown))

    @guarded
    def create_list(self) -> None:
        name = self.name_field.text().strip()
        if not name:
            return
        db, release, query, ids = self.db, self.release.currentData(), self.query_field.text().strip(), self.contact_ids
        self.create_button.setEnabled(False)

        def done(_resolved: object) -> None:
            self.created.emit(name)
            self.accept()

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.create_button.setEnabled(True)
            report(error)

        run_task(lambda: list_service.create(db, name, release_id=release, query=query, contact_ids=ids),
                 guarded(done), failed)


class AddToListDialog(QDialog):
    """Choose a send-list for the selected people, or type a new name to create one."""

    added = Signal(str, int)  # list name, how many were not on it yet

    def __init__(self, db: Database, ids: Sequence[int], names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ids = list(ids)
        self.names = list(names)
        self.setObjectName("addToListDialog")
        self.setWindowTitle("Add to send-list")
        self.setAccessibleName("Add to send-list")
        self.target = QComboBox(self)
        self.target.setObjectName("targetList")
        self.target.setAccessibleName("Send-list")
        self.target.setEditable(True)
        self.target.addItems(self.names)
        self.target.setMinimumContentsLength(28)
        self.note = QLabel(self)
        self.note.setObjectName("targetNote")
        form = QFormLayout()
        form.addRow(QLabel(f"Add {len(self.ids):,} selected {'person' if len(self.ids) == 1 else 'people'} to:", self))
        form.addRow("&Send-list:", self.target)
        form.addRow("", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Add")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.target.editTextChanged.connect(self._on_text)
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        self._on_text(self.target.currentText())

    @guarded
    def _on_text(self, text: str) -> None:
        name = text.strip()
        self.ok_button.setEnabled(bool(name))
        self.note.setText("" if not name or name in self.names else f"A new list “{name}” will be made.")

    @guarded
    def add(self) -> None:
        name = self.target.currentText().strip()
        if not name:
            return
        db, ids, new = self.db, self.ids, name not in self.names

        def work() -> int:
            if new:
                return len(list_service.create(db, name, contact_ids=ids).members)
            return list_service.add(db, name, ids)

        def done(count: int) -> None:
            self.added.emit(name, count)
            self.accept()

        run_task(work, guarded(done))


class ListExportDialog(QDialog):
    """Format and file for one send-list (members only, at the list's addresses)."""

    exported = Signal(object)

    def __init__(self, db: Database, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.name = db, name
        self.setObjectName("listExportDialog")
        self.setWindowTitle(f"Export “{name}”")
        self.setAccessibleName("Export send-list")
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("listExportFormat")
        self.format_combo.setAccessibleName("Format")
        for fmt in list_service.export_formats():
            self.format_combo.addItem(FORMAT_TITLES.get(fmt, fmt), fmt)
        self.path_field = QLineEdit(self)
        self.path_field.setObjectName("listExportPath")
        self.path_field.setAccessibleName("File")
        self.path_field.setPlaceholderText("Where to save the file")
        self.path_field.setMinimumWidth(360)
        browse = QPushButton("&Browse…", self)
        browse.setObjectName("listExportBrowse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_field, 1)
        row.addWidget(browse)
        self.result_label = QLabel("Only the members are written — never the excluded.", self)
        self.result_label.setObjectName("listExportResult")
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        form.addRow("&File:", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = buttons.addButton("&Export", QDialogButtonBox.ButtonRole.ApplyRole)
        self.export_button.setObjectName("listExportButton")
        self.export_button.clicked.connect(self.start_export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)

    @guarded
    def _browse(self) -> None:
        fmt = str(self.format_combo.currentData())
        suffix = {"bcc": "txt"}.get(fmt, fmt)
        dialog = QFileDialog(self, "Export send-list", f"{self.name}.{suffix}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(guarded(self.path_field.setText))
        self.file_dialog = dialog
        dialog.open()

    @guarded
    def start_export(self) -> None:
        path = self.path_field.text().strip()
        if not path:
            self.result_label.setText("Choose a file first.")
            return
        db, name, fmt = self.db, self.name, str(self.format_combo.currentData())
        self.export_button.setEnabled(False)
        self.result_label.setText("Exporting…")

        def done(result: list_service.ExportResult) -> None:
            self.export_button.setEnabled(True)
            text = f"Wrote {result.written:,} member(s) to {Path(result.file).name}"
            if result.excluded:
                text += f"; {result.excluded:,} excluded left out"
            self.result_label.setText(text + "".join(f"\nNote: {loss}" for loss in result.losses))
            self.exported.emit(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.export_button.setEnabled(True)
                self.result_label.setText("Nothing was exported.")
            report(error)

        run_task(lambda: list_service.export(db, name, fmt, path), guarded(done), failed)


# -- the page ---------------------------------------------------------------------------------------------

class SendListsPage(QSplitter):
    """Lists on the left; the chosen list's members and excluded people on the right."""

    listsChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, undo_stack: QUndoStack | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("sendListsPage")
        self.db = db
        self.undo_stack = undo_stack
        self.releases: list[Any] = []
        self.current: list_service.ResolvedList | None = None
        self.loaded = False
        self.read_only = False  # set by the window (team.py) for a read-only database
        self._generation = 0
        self._deleting: set[str] = set()  # lists being deleted now (a second Delete does nothing)
        self.delete_shortcuts: list[QShortcut] = []
        self._init_lists_pane()
        self._init_detail_pane()
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([470, 780])
        self.setChildrenCollapsible(False)
        self._update_buttons()

    # -- read-only (team.py) ----------------------------------------------------------------------------
    def write_widgets(self) -> list[QWidget]:
        """The buttons that change the database; Export… and Copy as BCC only read."""
        return [self.new_button, self.refresh_button, self.delete_button, self.remove_button, self.pitch_button,
                self.log_button]

    def set_read_only(self, on: bool) -> None:
        """Grey the writing buttons out (and keep them so); Delete in the tables does nothing."""
        self.read_only = on
        for shortcut in self.delete_shortcuts:
            shortcut.setEnabled(not on)
        self._update_buttons()

    def _refused(self) -> bool:
        """True (and says so) when the database is read-only: every writing slot checks this first."""
        if self.read_only:
            self._say(READ_ONLY_NOTE)
        return self.read_only

    def _button(self, text: str, name: str, slot: Callable[..., Any], tip: str, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _init_lists_pane(self) -> None:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        self.new_button = self._button("&New List…", "newListButton", self.new_list,
                                       "Make a send-list from a search (and people added by hand)", pane)
        self.refresh_button = self._button("Re&fresh", "refreshListButton", self.refresh_current,
                                           "Add new matches of the list's saved search; people taken off stay off",
                                           pane)
        self.delete_button = self._button("&Delete", "deleteListButton", self.delete_current,
                                          "Delete the list (the people and their history stay); "
                                          "Edit ▸ Undo brings it back", pane)
        for button in (self.new_button, self.refresh_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.busy = Busy(QProgressBar(pane))
        self.busy.bar.setObjectName("sendListsBusy")
        bar.addWidget(self.busy.bar)
        layout.addLayout(bar)
        self.lists_model = lists_model(self)
        self.view = make_table("sendListsView", "Send-lists", self.lists_model, pane, (130, 90, 64))
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        layout.addWidget(self.view, 1)
        self.status = QLabel(pane)
        self.status.setObjectName("sendListsStatus")
        self.status.setAccessibleName("Send-list status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.addWidget(pane)

    def _init_detail_pane(self) -> None:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = QLabel(pane)
        self.title.setObjectName("sendListTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        bar = QHBoxLayout()
        self.remove_button = self._button("&Remove from List", "removeMembersButton", self.remove_selected,
                                          "Take the selected members off (a refresh will not bring them back)", pane)
        self.export_button = self._button("E&xport…", "exportListButton", self.export_current,
                                          "Write the members (never the excluded) to a file", pane)
        self.bcc_button = self._button("Copy as &BCC", "copyListBccButton", self.copy_bcc,
                                       "Copy the members as “Name <address>” lines for a mail's BCC", pane)
        self.pitch_button = self._button("&Pitch…", "pitchListButton", self.pitch,
                                         "Write a pitch to the members; each is logged as sent", pane)
        self.log_button = self._button("&Log…", "logListButton", self.log_list,
                                       "Log a reply, coverage or another event for every member", pane)
        for button in (self.remove_button, self.export_button, self.bcc_button, self.pitch_button, self.log_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical, pane)
        split.setChildrenCollapsible(False)
        self.members_model = members_model(self)
        self.excluded_model = excluded_model(self)
        self.members_label = QLabel("Members", pane)
        self.excluded_label = QLabel("Excluded", pane)
        self.members_view = make_table("membersView", "Members", self.members_model, pane, (190, 190), multi=True)
        self.excluded_view = make_table("excludedView", "Excluded", self.excluded_model, pane, (190,))
        self.members_label.setBuddy(self.members_view)
        self.excluded_label.setBuddy(self.excluded_view)
        for label, view in ((self.members_label, self.members_view), (self.excluded_label, self.excluded_view)):
            box = QWidget(split)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(2)
            inner.addWidget(label)
            inner.addWidget(view, 1)
            split.addWidget(box)
        split.setSizes([520, 200])
        self.members_view.selectionModel().selectionChanged.connect(self._update_buttons)
        # Delete in a table: take the selected members off, or delete the list (both undoable). Shortcuts, not
        # QActions: every QAction of the window is made by MainWindow._action (tests/gui/test_slot_guard.py).
        for view, slot in ((self.members_view, self.remove_selected), (self.view, self.delete_current)):
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
            self.delete_shortcuts.append(shortcut)
        layout.addWidget(split, 1)
        self.addWidget(pane)

    # -- loading ----------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # cheap, and another page (or window) may have changed the lists

    @guarded
    def reload(self, select: str | None = None) -> None:
        """Re-read the lists (and releases), then the current list."""
        keep = select or self.current_name()
        db = self.db

        def done(result: tuple[list[ListOverview], list[Any]]) -> None:
            self.lists_model.set_rows(result[0])
            self.releases = result[1]
            self.loaded = True
            self.select_list(keep)
            if self.view.currentIndex().row() < 0:
                self._show_list(None)

        self.busy.run(lambda: (gui_lists.overviews(db), gui_lists.releases(db)), done)

    def current_name(self) -> str | None:
        row = self.lists_model.row_at(self.view.currentIndex().row())
        return row.name if row is not None else None

    def names(self) -> list[str]:
        return [r.name for r in self.lists_model.rows]

    def select_list(self, name: str | None) -> None:
        names = self.names()
        if not names:
            return
        row = names.index(name) if name in names else 0
        if row == self.view.currentIndex().row():
            self._load_current()
        else:
            self.view.selectRow(row)

    @guarded
    def _on_current(self, *_args: object) -> None:
        self._load_current()

    def _load_current(self) -> None:
        name = self.current_name()
        if name is None:
            self._show_list(None)
            return
        self._generation += 1
        generation, db = self._generation, self.db

        def done(resolved: list_service.ResolvedList) -> None:
            if generation == self._generation:
                self._show_list(resolved)

        self.busy.run(lambda: list_service.show(db, name), done)

    def _show_list(self, resolved: list_service.ResolvedList | None) -> None:
        self.current = resolved
        self.members_model.set_rows(resolved.members if resolved else [])
        self.excluded_model.set_rows(resolved.excluded if resolved else [])
        if resolved is None:
            self.title.setText("<i>No send-list yet — New List… makes one from a search.</i>" if not self.names()
                               else "")
        else:
            overview = next((r for r in self.lists_model.rows if r.name == resolved.name), None)
            parts = [f"<b>{_esc(resolved.name)}</b>"]
            if overview is not None and overview.release_title:
                parts.append(f"for “{_esc(overview.release_title)}”")
            parts.append(f"search: <code>{_esc(resolved.query)}</code>" if resolved.query else "built by hand")
            self.title.setText(" · ".join(parts))
        members = len(resolved.members) if resolved else 0
        excluded = len(resolved.excluded) if resolved else 0
        self.members_label.setText(f"&Members ({members:,})")
        self.excluded_label.setText(f"Excl&uded ({excluded:,}) — never exported or sent to")
        self._update_buttons()

    @guarded
    def _update_buttons(self, *_args: object) -> None:
        has = self.current is not None
        members = bool(self.current and self.current.members)
        writable = not self.read_only  # read-only wins over any selection
        self.new_button.setEnabled(writable)
        self.refresh_button.setEnabled(writable and has and bool(self.current and self.current.query))
        self.delete_button.setEnabled(writable and has)
        self.remove_button.setEnabled(writable and bool(self.selected_member_ids()))
        for button in (self.export_button, self.bcc_button):
            button.setEnabled(members)
        for button in (self.pitch_button, self.log_button):  # both log events
            button.setEnabled(writable and members)

    def selected_member_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.members_view.selectionModel().selectedRows()})
        members = (self.members_model.row_at(r) for r in rows)
        return [member.id for member in members if member is not None]

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _announce(self, text: str) -> None:
        """The page's status line and the window's status bar (undo and redo can come from any page)."""
        if not shiboken6.isValid(self):
            return
        self._say(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    def _done_elsewhere(self, text: str) -> None:
        """A pitch or log entry was made: the lists are the same, the log has changed."""
        self._say(text)
        self.listsChanged.emit()

    def _after_change(self, name: str | None = None) -> None:
        self.reload(name)
        self.listsChanged.emit()

    # -- actions ------------------------------------------------------------------------------------------
    @guarded
    def new_list(self, contact_ids: Sequence[int] = ()) -> NewListDialog | None:
        if self._refused():
            return None
        dialog = NewListDialog(self.db, self, contact_ids=list(contact_ids) if contact_ids else (),
                               releases=self.releases)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        def created(name: str) -> None:
            self._say(f"Made send-list “{name}”")
            self._after_change(name)

        dialog.created.connect(guarded(created))
        self.new_dialog = dialog
        dialog.open()
        return dialog

    @guarded
    def add_people(self, ids: Sequence[int]) -> AddToListDialog | None:
        """Edit ▸ Add to Send-list…: the contacts page's selection onto a chosen (or new) list."""
        if not ids or self._refused():
            return None
        if not self.loaded:
            self.lists_model.set_rows(gui_lists.overviews(self.db))
            self.loaded = True
        dialog = AddToListDialog(self.db, ids, self.names(), self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def added(name: str, count: int) -> None:
            self._say(f"Added {count:,} to “{name}”" + (f"; {len(ids) - count:,} were on it already"
                                                        if count < len(ids) else ""))
            self._after_change(name)

        dialog.added.connect(guarded(added))
        self.add_dialog = dialog
        dialog.open()
        return dialog

    @guarded
    def refresh_current(self) -> None:
        name = self.current_name()
        if name is None or self._refused():
            return
        db = self.db

        def done(added: int) -> None:
            self._say(f"{added:,} new match(es) of the search added to “{name}”")
            self._after_change(name)

        self.busy.run(lambda: list_service.refresh(db, name), done)

    @guarded
    def remove_selected(self) -> None:
        name = self.current_name()
        ids = self.selected_member_ids()
        if name is None or not ids or self._refused():
            return
        removed = list_service.remove(self.db, name, ids)
        if self.undo_stack is not None:
            self.undo_stack.push(RemoveMembers(self.db, name, ids, lambda: self._after_change(name)))
        self._say(f"Took {removed:,} off “{name}”" + (" — Ctrl+Z puts them back" if self.undo_stack else ""))
        self._after_change(name)

    @guarded
    def delete_current(self) -> None:
        """Delete (button or the Delete key in the lists table): no question asked, Ctrl+Z brings it back."""
        name = self.current_name()
        if name is None:
            return
        self.delete_list(name)

    @guarded
    def delete_list(self, name: str) -> None:
        """Delete the list off the GUI thread; once done, put the step on the undo stack."""
        if self._refused() or name in self._deleting:
            return
        db, stack = self.db, self.undo_stack
        self._deleting.add(name)

        def done(deleted: DeletedList) -> None:
            self._deleting.discard(name)
            if stack is not None:
                stack.push(DeleteSendList(db, deleted, self._after_step, self._announce))
            self._announce(DeleteSendList.deleted_text(deleted.name, undoable=stack is not None))
            self._after_change()

        def failed(error: BaseException) -> None:
            self._deleting.discard(name)
            report(error)

        self.busy.run(lambda: list_service.delete(db, name), done, failed)

    confirm_delete = delete_list  # the old name (from when deleting asked first)

    def _after_step(self, name: str | None) -> None:
        """After an undo or redo of a delete: read again, showing the restored list."""
        if shiboken6.isValid(self):
            self._after_change(name)

    @guarded
    def export_current(self) -> ListExportDialog | None:
        name = self.current_name()
        if name is None:
            return None
        dialog = ListExportDialog(self.db, name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @guarded
    def copy_bcc(self) -> None:
        if self.current is None:
            return
        lines = bcc_lines(self.current.members)
        if lines:
            QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        left = len(self.current.excluded)
        self._say(f"Copied {len(lines):,} address{'es' if len(lines) != 1 else ''} for BCC"
                  + (f"; {left:,} excluded left out" if left else ""))

    @guarded
    def pitch(self) -> QDialog | None:
        from outreach.gui.pitch_dialog import PitchDialog  # it imports this module

        if self.current is None or self._refused():
            return None
        dialog = PitchDialog(self.db, self.current, self.releases, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pitched.connect(guarded(self._done_elsewhere))
        self.pitch_dialog = dialog
        dialog.open()
        return dialog

    @guarded
    def log_list(self) -> QDialog | None:
        from outreach.gui.log_page import LogDialog

        if self.current is None or self._refused():
            return None
        dialog = LogDialog(self.db, self, list_name=self.current.name, release_id=self.current.release_id,
                           releases=self.releases)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(guarded(self._done_elsewhere))
        self.log_dialog = dialog
        dialog.open()
        return dialog


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
