"""Team mode in the window: several people on one shared database.

* :class:`EditSession` -- one open contact editor: which stored version it is based on, and what
  happens when someone else saved the person meanwhile (the conflict dialog; reload, overwrite,
  merge). Nothing typed is lost until the user chooses.
* :class:`TeamMode` -- the window's banners (read-only database, server unreachable), the retry
  probe, and live refresh when others change the data (a ChangeWatcher polled by a QTimer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from outreach.domain.contact import ContactInput
from outreach.gui import commands
from outreach.gui.conflict_dialog import MERGE, OVERWRITE, RELOAD, ConflictDialog
from outreach.gui.editor import ContactEditor
from outreach.gui.errors import add_connection_handler, guarded, remove_connection_handler, report
from outreach.gui.icons import icon
from outreach.gui.worker import run_task
from outreach.services import contacts as contact_service
from outreach.services.editing import input_from_detail
from outreach.store.database import Database
from outreach.store.errors import StorageError

if TYPE_CHECKING:
    from outreach.gui.main_window import MainWindow


class WritePage(Protocol):
    """A page with writing buttons of its own: it lists them, and keeps them greyed out once read-only."""

    read_only: bool

    def write_widgets(self) -> list[QWidget]: ...

    def set_read_only(self, on: bool) -> None: ...

log = logging.getLogger(__name__)

READ_ONLY_SAFE = "readOnlySafe"  # a QAction property: this action only reads, keep it in read-only mode
POLL_MS = 2000
RETRY_MS = 4000
READ_ONLY_TEXT = ("This database is read-only for you ({name}): you can look, search and export, "
                  "but not change anything. Whoever manages the database can give you write access.")
OFFLINE_TEXT = "The database server cannot be reached — your unsaved changes are kept; retrying…"


class EditSession:
    """Saving one contact against the version the editor was opened with."""

    def __init__(self, window: MainWindow, contact_id: int) -> None:
        self.window = window
        self.db = window.db
        self.contact_id = contact_id
        detail = contact_service.get_contact(self.db, contact_id)
        self.version = detail.version
        self.base = input_from_detail(detail)  # what the editor started from (undo goes back to it)
        self.editor: ContactEditor | None = None
        self.dialog: ConflictDialog | None = None

    def save(self, data: ContactInput) -> None:
        contact_service.edit_contact(self.db, self.contact_id, data, expected_version=self.version)
        self.window.undo_stack.push(
            commands.EditContact(self.db, self.contact_id, self.base, data, self.window._changed))
        self.window._changed()

    def on_conflict(self, mine: ContactInput) -> None:
        """Someone else saved the person: show both versions and let the user choose."""
        editor = self.editor
        if editor is None:
            return
        current = contact_service.get_contact(self.db, self.contact_id)
        theirs = input_from_detail(current)
        history = contact_service.history(self.db, self.contact_id)
        changed_by = history[0].actor if history else ""
        dialog = ConflictDialog(self.base, theirs, mine, their_version=current.version, changed_by=changed_by,
                                parent=editor)
        self.dialog = dialog

        def done(_result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            self.resolve(dialog.choice, theirs, current.version, dialog.merged())

        dialog.finished.connect(guarded(done))
        dialog.open()

    def resolve(self, choice: str, theirs: ContactInput, their_version: int, merged: ContactInput) -> None:
        editor = self.editor
        if editor is None or not choice:
            return  # "decide later": the editor keeps the user's input, a new save asks again
        self.version = their_version  # every choice continues from the stored version
        self.base = theirs
        if choice == RELOAD:
            editor.reload(theirs)
            editor.show_error("Showing the saved version; your changes were discarded.")
        elif choice == OVERWRITE:
            editor.try_save()  # the editor still holds exactly what the user typed
        elif choice == MERGE:
            editor.reload(merged)
            editor.try_save()


def _banner(name: str, icon_name: str, parent: QWidget) -> tuple[QFrame, QLabel]:
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    # Palette roles only, so light and dark themes both read well.
    frame.setStyleSheet(f"QFrame#{name} {{ background: palette(tool-tip-base); color: palette(tool-tip-text); "
                        "border: 1px solid palette(mid); border-radius: 3px; }")
    box = QHBoxLayout(frame)
    box.setContentsMargins(10, 6, 10, 6)
    picture = QLabel(frame)
    picture.setPixmap(icon(icon_name).pixmap(16, 16))
    box.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
    label = QLabel(frame)
    label.setObjectName(f"{name}Text")
    label.setWordWrap(True)
    box.addWidget(label, 1)
    frame.setVisible(False)
    return frame, label


class TeamMode(QObject):
    """Banners, read-only state, connection retry and live refresh for one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.db: Database = window.db
        self.read_only = self._check_read_only()
        self.offline = False
        self.watcher: Any = None
        self._pending_refresh = False
        self._probing = False
        self._init_banners()
        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("changePollTimer")
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.retry_timer = QTimer(self)
        self.retry_timer.setObjectName("reconnectTimer")
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.retry)
        add_connection_handler(self.connection_lost)
        self.start_watching()

    # -- set-up -------------------------------------------------------------------------------------
    def _check_read_only(self) -> bool:
        try:
            return bool(self.db.read_only)
        except StorageError as error:  # cannot tell: assume writable, the first write will say
            log.warning("could not tell whether the database is read-only: %s", error)
            return False

    def _init_banners(self) -> None:
        """Put the banners between the toolbar and the pages."""
        window = self.window
        content = window.takeCentralWidget()
        host = QWidget(window)
        host.setObjectName("centralArea")
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.read_only_banner, label = _banner("readOnlyBanner", "blocked", host)
        label.setText(READ_ONLY_TEXT.format(name=self.db.name))
        self.read_only_banner.setAccessibleName("Read-only database")
        self.read_only_banner.setVisible(self.read_only)
        self.connection_banner, self.connection_label = _banner("connectionBanner", "warning", host)
        self.connection_label.setText(OFFLINE_TEXT)
        self.connection_banner.setAccessibleName("Database server unreachable")
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.connection_banner)
        if content is not None:
            layout.addWidget(content, 1)
        window.setCentralWidget(host)

    def start_watching(self) -> None:
        """Open the change watcher (off the GUI thread: connecting to a server can take a while)."""
        db = self.db
        if db.dialect == "sqlite":  # instant, and the connection stays on this thread
            self._watching(db.watch_changes())
            return
        run_task(db.watch_changes, self._watching, self._watch_failed)

    def _watching(self, watcher: Any) -> None:
        if self.watcher is not None or self.parent() is None:
            watcher.close()
            return
        self.watcher = watcher
        self.poll_timer.start()

    def _watch_failed(self, error: BaseException) -> None:
        log.warning("cannot watch for changes by others: %s", error)

    def stop(self) -> None:
        """The window is closing: no more timers, no watcher connection."""
        self.poll_timer.stop()
        self.retry_timer.stop()
        remove_connection_handler(self.connection_lost)
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    # -- read-only ----------------------------------------------------------------------------------
    def editing_actions(self) -> list[QAction]:
        w = self.window
        actions = [w.new_action, w.edit_action, w.delete_action, w.tag_action, w.dnc_action, w.sendlist_action,
                   w.restore_action, w.empty_trash_action, w.duplicates_action, *w.org_actions.all()]
        for action in w.findChildren(QAction):  # the import action, wherever the menu puts it
            if action.property(READ_ONLY_SAFE):  # e.g. File ▸ Import History… only shows the history
                continue
            if "import" in action.objectName().lower() or action.text().replace("&", "").lower() \
                    .startswith("import"):
                actions.append(action)
        return actions

    def write_pages(self) -> list[WritePage]:
        """The pages with writing buttons of their own (send-lists, outreach log, releases)."""
        w = self.window
        return [w.sendlists, w.log_page, w.releases]

    def editing_widgets(self) -> list[QWidget]:
        """Every writing button outside the window's actions: the pages' and the person bar's Log… and Erase…
        (Export Data… only reads)."""
        bar = self.window.contacts.detail.person_bar
        widgets: list[QWidget] = [bar.log_button, bar.erase_button]
        for page in self.write_pages():
            widgets.extend(page.write_widgets())
        return widgets

    def apply_read_only(self) -> None:
        """Grey every editing action and button out; called after every update of the actions, and each
        page checks `read_only` itself when it enables its buttons, so read-only wins over any selection."""
        if self.read_only:
            for action in self.editing_actions():
                action.setEnabled(False)
            for page in self.write_pages():
                if not page.read_only:
                    page.set_read_only(True)
            for widget in self.editing_widgets():
                widget.setEnabled(False)
            view = self.window.contacts.view  # dropping a file there would start an import
            view.setAcceptDrops(False)
            view.viewport().setAcceptDrops(False)

    # -- the server went away -------------------------------------------------------------------------
    def connection_lost(self, error: BaseException) -> bool:
        """Called (via errors.report) for ServerUnreachableError / TransientError from any slot."""
        if self.parent() is None:
            return False
        self.offline = True
        self.connection_banner.setToolTip(str(error))
        self.connection_banner.setVisible(True)
        if not self.retry_timer.isActive():
            self.retry_timer.start()
        return True

    @guarded
    def retry(self) -> None:
        if self._probing:
            return
        self._probing = True
        db = self.db
        run_task(lambda: probe(db), self._back_online, self._still_offline)

    def _back_online(self, _result: object) -> None:
        self._probing = False
        if not self.offline:
            return
        self.offline = False
        self.retry_timer.stop()
        self.connection_banner.setVisible(False)
        self.window.statusBar().showMessage("Connected to the database server again", 5000)
        if self.watcher is None:
            self.start_watching()
        self.refresh()

    def _still_offline(self, error: BaseException) -> None:
        self._probing = False
        if isinstance(error, StorageError):
            self.connection_banner.setToolTip(str(error))
            return
        report(error)

    # -- live refresh ---------------------------------------------------------------------------------
    def busy(self) -> bool:
        """True while the user is in the middle of something a model reset would break."""
        if QApplication.activePopupWidget() is not None or QApplication.mouseButtons() != \
                QApplication.mouseButtons().NoButton:
            return True
        views = [self.window.contacts.view, self.window.orgs.view]
        return any(v.state() != QAbstractItemView.State.NoState for v in views)

    @guarded
    def poll(self) -> None:
        if self.watcher is None or self.offline:
            return
        try:
            changed = self.watcher.poll()
        except Exception as error:  # the server went away under the LISTEN connection
            log.info("change watcher failed: %s", error)
            self.watcher.close()
            self.watcher = None
            self.poll_timer.stop()
            self.connection_lost(error)
            return
        if changed:
            self._pending_refresh = True
        if self._pending_refresh and not self.busy():
            self.refresh()

    def refresh(self) -> None:
        """Re-read what is shown, keeping selection and scroll position."""
        self._pending_refresh = False
        self.window.contacts.live_refresh()
        self.window.orgs.live_refresh()
        self.window._update_actions()
        self.window._update_status()


def probe(db: Database) -> int:
    """A cheap query: does the server answer again? (Tests replace this.)"""
    return contact_service.count(db, "")


def open_edit_session(window: MainWindow, contact_id: int,
                      open_editor: Callable[[ContactInput, Callable[[ContactInput], None]], ContactEditor]) -> None:
    session = EditSession(window, contact_id)
    editor = open_editor(session.base, session.save)
    session.editor = editor
    editor.on_conflict = session.on_conflict
    editor.edit_session = session  # type: ignore[attr-defined]  # keeps the session alive with the editor
    editor.finished.connect(lambda _result: setattr(session, "editor", None))


__all__ = ["OFFLINE_TEXT", "READ_ONLY_SAFE", "EditSession", "TeamMode", "WritePage", "open_edit_session", "probe"]
