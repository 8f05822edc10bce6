"""The main window: navigation | list | details, menus, shortcuts, undo and the status bar.

Set-up is split into `_init_*` methods; the pages are their own widgets (contacts_page, orgs_page).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from outreach.domain.contact import ContactInput
from outreach.gui import commands
from outreach.gui.backups_dialog import BackupsDialog
from outreach.gui.contacts_page import ContactsPage
from outreach.gui.duplicates_dialog import DuplicatesDialog
from outreach.gui.editor import ContactEditor
from outreach.gui.errors import guarded
from outreach.gui.export_dialog import ExportDialog, copy_as_bcc
from outreach.gui.icons import icon
from outreach.gui.import_history_dialog import ImportHistoryDialog
from outreach.gui.import_wizard import ImportWizard, install_file_drop
from outreach.gui.log_page import LogPage
from outreach.gui.orgs_page import OrgActions, OrgsPage
from outreach.gui.releases_page import ReleasesPage
from outreach.gui.sendlists_page import SendListsPage
from outreach.gui.settings_dialog import SettingsDialog
from outreach.gui.team import READ_ONLY_SAFE, TeamMode, open_edit_session
from outreach.gui.timeline import PersonActions
from outreach.gui.worker import run_task
from outreach.services import backups as backup_service
from outreach.services import contacts as contact_service
from outreach.services import gui_support
from outreach.store.database import Database

log = logging.getLogger(__name__)

PAGES = (
    ("Contacts", "contacts"),
    ("Organisations", "organisations"),
    ("Releases", "releases"),
    ("Send-lists", "sendlists"),
    ("Outreach log", "log"),
)
Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def settings() -> QSettings:
    """Window state (INI format everywhere, so tests can redirect it with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Outreach", "Outreach")


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"Outreach — {db.name}")
        self.setWindowIcon(icon("outreach"))
        self.undo_stack = QUndoStack(self)
        self.editor: ContactEditor | None = None
        self._all_contacts = 0
        self._init_pages()
        self._init_actions()
        self._init_menus()
        self._init_toolbar()
        self._init_statusbar()
        self.team = TeamMode(self)  # banners, read-only, reconnecting, live refresh
        self._connect_signals()
        self._restore_settings()
        self._update_actions()
        self._update_status()

    # -- set-up -----------------------------------------------------------------------------------
    def _init_pages(self) -> None:
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        for title, icon_name in PAGES:
            QListWidgetItem(icon(icon_name), title, self.navigation)
        self.navigation.setMaximumWidth(220)
        self.navigation.setMinimumWidth(130)

        self.contacts = ContactsPage(self.db, self)
        self.orgs = OrgsPage(self.db, self)
        self.releases = ReleasesPage(self.db, self, undo_stack=self.undo_stack)
        self.sendlists = SendListsPage(self.db, self, undo_stack=self.undo_stack)
        self.log_page = LogPage(self.db, self)
        # The outreach timeline, Log…, Export Data… and Erase… in the contact details (timeline.py).
        self.person_actions = PersonActions(self.db, self, self._changed,
                                            lambda text: self.statusBar().showMessage(text, 8000), self.undo_stack)
        self.contacts.detail.timeline_source = self.person_actions.events
        self.person_actions.attach(self.contacts.detail.person_bar)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        for page in (self.contacts, self.orgs, self.releases, self.sendlists, self.log_page):
            self.stack.addWidget(page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 1250])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.navigation.setCurrentRow(0)

    def _action(self, text: str, slot: object, shortcut: Shortcut = None, icon_name: str = "",
                tip: str = "") -> QAction:
        action = QAction(icon(icon_name) if icon_name else icon("none"), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _init_actions(self) -> None:
        self.new_action = self._action("&New Contact…", self.new_contact, QKeySequence.StandardKey.New, "new",
                                       "Add a person")
        self.new_action.setObjectName("newContactAction")
        self.edit_action = self._action("&Edit Contact…", self.edit_selected, "Ctrl+E", "edit",
                                        "Edit the selected person")
        self.delete_action = self._action("Move to &Trash", self.trash_selected,
                                          QKeySequence.StandardKey.Delete, "trash",
                                          "Move the selected people to the trash (undoable)")
        self.delete_action.setObjectName("deleteAction")
        # Delete only means "trash" in the table; in a text field it still deletes a character.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.contacts.view.addAction(self.delete_action)
        self.tag_action = self._action("Add &Beat…", self.tag_selected, "Ctrl+T", "tag",
                                       "Add a beat to the selected people")
        self.dnc_action = self._action("Mark &Do Not Contact", self.dnc_selected, "Ctrl+Shift+D", "",
                                       "Mark the selected people do-not-contact")
        self.sendlist_action = self._action("Add to &Send-list…", self.add_to_sendlist, None, "sendlists",
                                            "Put the selected people on a send-list, or on a new one")
        self.sendlist_action.setObjectName("addToSendListAction")
        self.restore_action = self._action("&Restore from Trash", self.restore_selected, None, "restore",
                                           "Put the selected people back")
        self.empty_trash_action = self._action("E&mpty Trash…", self.empty_trash, None, "trash",
                                               "Delete everyone in the trash for good")
        self.trash_view_action = self._action("Show &Trash", self.show_trash,
                                              "Ctrl+Shift+T", "trash", "Show people in the trash")
        self.trash_view_action.setCheckable(True)
        self.find_action = self._action("&Find", self.focus_search, QKeySequence.StandardKey.Find, "search",
                                        "Search contacts")
        self.find_action.setObjectName("findAction")
        self.import_action = self._action("&Import Contacts…", self.import_contacts, "Ctrl+I", "",
                                          "Import people from a CSV, vCard or Excel file")
        self.import_action.setObjectName("importAction")
        self.import_history_action = self._action("Import &History…", self.open_import_history, None, "",
                                                  "Every import, newest first; roll back a whole import")
        self.import_history_action.setObjectName("importHistoryAction")
        self.import_history_action.setProperty(READ_ONLY_SAFE, True)  # looking is fine; Roll Back is greyed
        self.export_action = self._action("E&xport…", self.export_contacts, "Ctrl+Shift+E", "",
                                          "Export people to a file")
        self.export_action.setObjectName("exportAction")
        self.bcc_action = self._action("Copy as &BCC", self.copy_bcc, "Ctrl+Shift+C", "",
                                       "Copy the selected people as “Name <address>” lines for a mail's BCC")
        self.bcc_action.setObjectName("copyBccAction")
        self.file_drop = install_file_drop(self.contacts.view, self.import_contacts)
        self.settings_action = self._action("Se&ttings…", self.open_settings, QKeySequence.StandardKey.Preferences,
                                            "", "Default phone region and which database to open")
        self.settings_action.setObjectName("settingsAction")
        self.backups_action = self._action("&Backups…", self.open_backups, None, "",
                                           "Back up the database now, or restore an earlier copy")
        self.backups_action.setObjectName("backupsAction")
        self.duplicates_action = self._action("Find D&uplicates…", self.find_duplicates, None, "",
                                              "Review people who may be in the list twice, and merge them")
        self.duplicates_action.setObjectName("duplicatesAction")
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.about_action = self._action("&About Outreach", self.about)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setObjectName("undoAction")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setObjectName("redoAction")
        self.page_actions = []
        for number, (title, _icon) in enumerate(PAGES):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _checked=False, n=number: self.navigation.setCurrentRow(n))
            self.page_actions.append(action)
        self.org_actions = OrgActions(self)  # New / Edit / Delete Organisation (orgs_page.py)

    def _init_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.org_actions.new_action)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_history_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for action in (self.edit_action, self.tag_action, self.dnc_action, self.sendlist_action):
            edit_menu.addAction(action)
        edit_menu.addAction(self.bcc_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        edit_menu.addAction(self.restore_action)
        edit_menu.addAction(self.empty_trash_action)
        edit_menu.addSeparator()
        edit_menu.addActions([self.org_actions.edit_action, self.org_actions.delete_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.duplicates_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        view_menu = bar.addMenu("&View")
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.trash_view_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _init_toolbar(self) -> None:
        bar = self.addToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.new_action, self.edit_action, self.tag_action, self.delete_action,
                       self.restore_action):
            bar.addAction(action)

    def _init_statusbar(self) -> None:
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setAccessibleName("Counts")
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.navigation.currentRowChanged.connect(self._on_page)
        self.contacts.selectionChanged.connect(self._update_actions)
        self.contacts.selectionChanged.connect(self._update_status)
        self.contacts.model.totalChanged.connect(self._update_status)
        self.contacts.model.rowsInserted.connect(self._update_status)
        self.contacts.activated.connect(self.edit_contact)
        self.contacts.trash_toggle.toggled.connect(self._on_trash_mode)
        self.log_page.changed.connect(self._changed)  # the details show the person's timeline
        self.releases.contactsChanged.connect(self._changed)
        self.releases.showContact.connect(self.show_contact)

    # -- settings ---------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 820)
        splitters = (("window/mainSplitter", self.splitter), ("window/contactsSplitter", self.contacts),
                     ("window/orgsSplitter", self.orgs))
        for key, splitter in splitters:
            state = store.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
        header = store.value("contacts/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.contacts.view.horizontalHeader().restoreState(header)

    def save_settings(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/mainSplitter", self.splitter.saveState())
        store.setValue("window/contactsSplitter", self.contacts.saveState())
        store.setValue("window/orgsSplitter", self.orgs.saveState())
        store.setValue("contacts/header", self.contacts.view.horizontalHeader().saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.team.stop()
        self.save_settings()
        super().closeEvent(event)

    # -- status -----------------------------------------------------------------------------------
    @guarded
    def _update_status(self, *_args: object) -> None:
        if self.stack.currentWidget() is not self.contacts:
            self.count_label.setText("")
            return
        model = self.contacts.model
        where = "in the trash" if model.showing_trash else "matching"
        selected = len(self.contacts.selected_ids())
        text = f"{model.rowCount():,} shown · {model.total:,} {where}"
        if selected:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)

    @guarded
    def _update_actions(self) -> None:
        on_contacts = self.stack.currentWidget() is self.contacts
        has = on_contacts and bool(self.contacts.selected_ids())
        trash = self.contacts.model.showing_trash
        self.edit_action.setEnabled(has and not trash)
        self.delete_action.setEnabled(has and not trash)
        self.tag_action.setEnabled(has and not trash)
        self.dnc_action.setEnabled(has and not trash)
        self.sendlist_action.setEnabled(has and not trash)
        self.restore_action.setEnabled(has and trash)
        self.empty_trash_action.setEnabled(on_contacts and trash)
        for action in (self.edit_action, self.tag_action, self.delete_action, self.restore_action):
            action.setVisible(on_contacts)
        self.org_actions.update()
        self.team.apply_read_only()

    @guarded
    def _on_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if self.stack.currentWidget() is self.orgs:
            self.orgs.ensure_loaded()
        self._update_actions()
        self._update_status()

    @guarded
    def _on_trash_mode(self, on: bool) -> None:
        self.trash_view_action.setChecked(on)
        self._update_actions()
        self._update_status()

    @guarded  # also called by QUndoCommand.undo/redo, from C++
    def _changed(self) -> None:
        self.contacts.refresh()
        self._update_actions()
        self._update_status()

    # -- actions ----------------------------------------------------------------------------------
    @guarded
    def show_trash(self) -> None:
        # Not trash_toggle.setChecked itself: PySide calls that with no argument (a TypeError).
        self.contacts.trash_toggle.setChecked(self.trash_view_action.isChecked())

    @guarded
    def show_contact(self, contact_id: int) -> None:
        """Show one person on the Contacts page (from Releases), clearing a search or trash view hiding them."""
        self.navigation.setCurrentRow(0)
        self.contacts.select_id(contact_id)
        if contact_id not in self.contacts.selected_ids():
            self.contacts.trash_toggle.setChecked(False)
            self.contacts.search_field.setText("")
            self.contacts.select_id(contact_id)
        self.contacts.view.setFocus(Qt.FocusReason.OtherFocusReason)

    @guarded
    def focus_search(self) -> None:
        self.navigation.setCurrentRow(0)
        self.contacts.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contacts.search_field.selectAll()

    @guarded
    def new_contact(self) -> None:
        def save(data: ContactInput) -> None:
            detail = contact_service.add_contact(self.db, data)
            command = commands.CreateContact(self.db, detail.id, detail.display_name, self._changed)
            self.undo_stack.push(command)
            self._changed()
            self.contacts.select_id(detail.id)

        self._open_editor(None, save)

    @guarded
    def edit_selected(self) -> None:
        ids = self.contacts.selected_ids()
        if ids:
            self.edit_contact(ids[0])

    @guarded
    def edit_contact(self, contact_id: int) -> None:
        if self.team.read_only:
            self.statusBar().showMessage("The database is read-only for you: nothing can be changed", 5000)
            return
        open_edit_session(self, contact_id, self._open_editor)  # handles someone else saving meanwhile

    def _open_editor(self, original: ContactInput | None, save: commands.Changed | object) -> ContactEditor:
        editor = ContactEditor(original, save, parent=self)  # type: ignore[arg-type]
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor = editor
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        db = self.db

        def fill(names: list[str]) -> None:
            if self.editor is editor:
                editor.set_org_names(names)

        run_task(lambda: gui_support.org_names(db), fill)
        editor.open()  # window-modal, never blocks the caller
        return editor

    @guarded
    def trash_selected(self) -> None:
        ids = self.contacts.selected_ids()
        if not ids or self.contacts.model.showing_trash:
            return
        contact_service.trash(self.db, ids)
        self.undo_stack.push(commands.TrashContacts(self.db, ids, self._changed))
        self._changed()
        self.statusBar().showMessage(f"Moved {len(ids)} to the trash — Ctrl+Z puts them back", 5000)

    @guarded
    def restore_selected(self) -> None:
        ids = self.contacts.selected_ids()
        if not ids:
            return
        contact_service.restore(self.db, ids)
        self.undo_stack.push(commands.RestoreContacts(self.db, ids, self._changed))
        self._changed()

    @guarded
    def empty_trash(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Empty trash",
                          "Delete everyone in the trash for good? This cannot be undone.",
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("emptyTrashConfirm")
        delete = box.addButton("Delete for good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def done(_result: int) -> None:
            if box.clickedButton() is delete:
                self.confirm_empty_trash()

        box.finished.connect(guarded(done))
        self.trash_confirm = box
        box.open()

    @guarded
    def confirm_empty_trash(self) -> None:
        removed = contact_service.empty_trash(self.db)
        self.undo_stack.clear()  # commands may refer to people who no longer exist
        self._changed()
        self.statusBar().showMessage(f"Deleted {removed} for good", 5000)

    @guarded
    def tag_selected(self, beat: str | None = None) -> None:
        ids = self.contacts.selected_ids()
        if not ids:
            return
        if not isinstance(beat, str):
            dialog = QInputDialog(self)
            dialog.setObjectName("beatDialog")
            dialog.setWindowTitle("Add beat")
            dialog.setLabelText(f"Beat to add to {len(ids)} selected:")
            dialog.textValueSelected.connect(guarded(lambda text: self.tag_selected(text)))
            dialog.open()
            return
        change = gui_support.add_beat(self.db, ids, beat)
        if change:
            self.undo_stack.push(commands.BulkChange(f"Add beat {beat}", self.db, change, self._changed))
        self._changed()

    @guarded
    def dnc_selected(self) -> None:
        ids = self.contacts.selected_ids()
        if not ids:
            return
        change = gui_support.mark_do_not_contact(self.db, ids)
        if change:
            self.undo_stack.push(commands.BulkChange("Mark do not contact", self.db, change, self._changed))
        self._changed()

    @guarded
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.db.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "Settings saved" + (" — the new database opens the next time Outreach starts"
                                if dialog.url_changed else ""), 8000))
        dialog.open()

    # -- import and export (import_wizard.py, export_dialog.py) ---------------------------------------
    @guarded
    def import_contacts(self, path: str | None = None) -> None:
        wizard = ImportWizard(self.db, self, path=path if isinstance(path, str) else None,
                              undo_stack=self.undo_stack, changed=self._changed)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_wizard = wizard
        wizard.open()

    @guarded
    def open_import_history(self) -> None:
        dialog = ImportHistoryDialog(self.db, self.after_import_rolled_back, self, read_only=self.team.read_only)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_history_dialog = dialog
        dialog.open()

    def after_import_rolled_back(self, text: str) -> None:
        """People went to the trash and stored ones changed: re-read everything; undo steps (such as the
        import's own) refer to the state before."""
        self.reload_after_restore()
        self.statusBar().showMessage(text, 10000)

    @guarded
    def export_contacts(self) -> None:
        dialog = ExportDialog(self.db, self, query=self.contacts.model.search_text,
                              selected_ids=self.contacts.selected_ids())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()

    @guarded
    def add_to_sendlist(self) -> None:
        self.sendlists.add_people(self.contacts.selected_ids())

    @guarded
    def copy_bcc(self) -> None:
        copy_as_bcc(self.db, self.contacts.selected_ids(), self.statusBar())

    # -- data safety (backups_dialog.py, duplicates_dialog.py) -----------------------------------------
    def start_automatic_backup(self) -> None:
        """After the window is shown: back up off the GUI thread if due; a quiet note when one was made."""
        if self.db.sqlite_path is None:
            return
        db = self.db

        def done(made: backup_service.BackupFile | None) -> None:
            if made is not None and shiboken6.isValid(self):
                self.statusBar().showMessage(f"Backed up the database ({made.path.name})", 8000)

        def failed(error: BaseException) -> None:
            log.warning("automatic backup failed", exc_info=(type(error), error, error.__traceback__))
            if shiboken6.isValid(self):
                self.statusBar().showMessage(f"The automatic backup failed: {error}", 15000)

        run_task(lambda: backup_service.automatic_backup(db), done, failed)

    @guarded
    def open_backups(self) -> None:
        dialog = BackupsDialog(self.db, self.reload_after_restore, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backups_dialog = dialog
        dialog.open()

    def reload_after_restore(self) -> None:
        """Everything shown may have changed; undo steps refer to the state before the restore."""
        self.undo_stack.clear()
        self._changed()
        self.orgs.live_refresh()
        if self.sendlists.isVisible():  # hidden pages read again when they are shown
            self.sendlists.reload()
        if self.log_page.isVisible():
            self.log_page.reload()

    @guarded
    def find_duplicates(self) -> None:
        if self.team.read_only:
            self.statusBar().showMessage("The database is read-only for you: nothing can be merged", 5000)
            return
        dialog = DuplicatesDialog(self.db, self.undo_stack, self._changed, self,
                                  undo_actions=(self.undo_action, self.redo_action))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.duplicates_dialog = dialog
        dialog.show()  # not modal: the contacts stay usable beside it

    @guarded
    def about(self) -> None:
        QMessageBox.about(self, "About Outreach",
                          "<b>Outreach</b><br>Press contacts, releases and send-lists.")
