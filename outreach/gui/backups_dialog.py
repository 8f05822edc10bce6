"""File ▸ Backups…: the copies kept beside an SQLite database; back up now, restore one, show the folder.

Restoring runs off the GUI thread; the current state is backed up first (the service does that), and
afterwards the window re-reads everything (the `restored` callback). On PostgreSQL there are no
backup files here: the dialog says so and everything is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.busy import BusyDialog, flat_list
from outreach.gui.errors import guarded
from outreach.services import backups as backup_service
from outreach.services.backups import BackupFile
from outreach.store.database import Database

REASONS = {
    "open": "On opening",
    "manual": "By hand",
    "before-import": "Before an import",
    "before-erase": "Before an erasure",
    "before-merge": "Before a merge",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an upgrade",
}
SERVER_TEXT = ("Backups here are for a database kept in a file on this computer. This one is on a "
               "database server (PostgreSQL): its backups are made on the server — ask whoever runs it, "
               "or use <tt>outreach db backup FILE</tt> from the command line.")


def reason_text(reason: str) -> str:
    return REASONS.get(reason, reason.replace("-", " ").capitalize())


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def when_text(backup: BackupFile) -> str:
    made = backup.made_at if backup.made_at.tzinfo else backup.made_at.replace(tzinfo=UTC)
    return f"{made.astimezone():%Y-%m-%d %H:%M:%S}"


class BackupsDialog(BusyDialog):
    def __init__(self, db: Database, restored: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups")
        self.setAccessibleName("Backups")
        self._db = db
        self._restored = restored
        self.available = db.sqlite_path is not None
        self.backups: list[BackupFile] = []
        self.confirm: QMessageBox | None = None
        self._init_widgets()
        self._connect_signals()
        if self.available:
            self.resize(640, 420)
            self.reload()
        else:
            self.resize(560, 150)
            self._update_buttons()

    def _init_widgets(self) -> None:
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("backupsIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        if self.available:
            where = escape(str(backup_service.folder(self._db)))
            self.intro.setText(
                "Outreach keeps copies of this database: when it is opened (at most hourly, if anything "
                "changed) and before imports, merges, erasures and restores. Older automatic copies are "
                f"thinned out; copies made by hand are kept.<br><small>{where}</small>")
        else:
            self.intro.setText(SERVER_TEXT)
        layout.addWidget(self.intro)

        self.table = flat_list(self, "backupsList", "Backups", ["When", "Why", "Size"])
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVisible(self.available)  # nothing to list on a server
        layout.addWidget(self.table, 1)

        layout.addLayout(self._status_row("backups"))

        self._button_box("backups")
        self.backup_button = self._button("Back up &now", "backupNowButton", "Make a copy of the database now")
        self.restore_button = self._button("&Restore…", "restoreButton",
                                           "Replace the current data with the selected backup "
                                           "(the current state is backed up first)")
        self.folder_button = self._button("Show &folder", "showFolderButton",
                                          "Open the folder with the backup files")
        self._close_button()
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)
        self.folder_button.clicked.connect(self.show_folder)
        self.table.currentItemChanged.connect(self._on_current)

    # -- the list ---------------------------------------------------------------------------------
    @guarded
    def reload(self, select: BackupFile | None = None) -> None:
        self.backups = backup_service.list_backups(self._db)  # a directory listing: quick
        self.table.clear()
        for backup in self.backups:
            item = QTreeWidgetItem([when_text(backup), reason_text(backup.reason), size_text(backup.size)])
            item.setToolTip(0, str(backup.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        names = [b.path.name for b in self.backups]
        if select is not None and select.path.name in names:
            self.select(names.index(select.path.name))
        elif self.backups:
            self.select(0)
        if not self.busy.isVisible():
            n = len(self.backups)
            self.status.setText(f"{n} backup{'s' if n != 1 else ''}." if n else "No backups yet.")
        self._update_buttons()

    def select(self, row: int) -> None:
        item = self.table.topLevelItem(row)
        if item is not None:
            self.table.setCurrentItem(item)

    def selected(self) -> BackupFile | None:
        item = self.table.currentItem()
        if item is None:
            return None
        row = self.table.indexOfTopLevelItem(item)
        return self.backups[row] if 0 <= row < len(self.backups) else None

    @guarded
    def _on_current(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.available and not self.busy.isVisible()
        self.table.setEnabled(self.available)
        self.backup_button.setEnabled(ready)
        self.restore_button.setEnabled(ready and self.selected() is not None)
        self.folder_button.setEnabled(self.available)

    # -- actions ----------------------------------------------------------------------------------
    @guarded
    def back_up_now(self) -> None:
        db = self._db
        self._set_busy(True, "Backing up…")

        def done(made: BackupFile) -> None:
            self.reload(made)
            self._set_busy(False, f"Backed up as {made.path.name}.")

        self._run(lambda: backup_service.make_backup(db, "manual"), done,
                  lambda: self._set_busy(False, "The backup failed."))

    @guarded
    def ask_restore(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Restore a backup",
                          f"Replace all current data with the backup from {when_text(backup)} "
                          f"({reason_text(backup.reason).lower()})?", QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("restoreConfirm")
        box.setInformativeText(
            "The current state is backed up first, so you can return to it from this list. People erased "
            "since that backup stay erased. The undo history is cleared.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("confirmRestoreButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def done(_result: int) -> None:
            if box.clickedButton() is restore:
                self.restore(backup)

        box.finished.connect(guarded(done))
        self.confirm = box
        box.open()

    @guarded
    def restore(self, backup: BackupFile) -> None:
        """Restore without asking (after the confirmation)."""
        db = self._db
        self._set_busy(True, f"Restoring the backup from {when_text(backup)}…")
        restored = self._restored

        def finish(text: str) -> None:
            self.reload(backup)
            self._set_busy(False, text)

        self._run(lambda: backup_service.restore(db, backup),
                  lambda safety: finish(f"Restored the backup from {when_text(backup)}. The state before was "
                                        f"kept as a backup from {when_text(safety)}."),
                  lambda: finish("Nothing was restored."),
                  always=lambda _safety: restored())  # the window re-reads everything, even if this was closed

    @guarded
    def show_folder(self) -> None:
        path = backup_service.folder(self._db)
        path.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status.setText(f"Could not open a file manager; the folder is {path}")
