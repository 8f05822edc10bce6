"""File ▸ Import History…: every import of contacts, newest first, and rolling a whole import back.

Rolling back (services.import_history.roll_back, off the GUI thread) removes the people the import
created (deleted when untouched since, moved to the trash when someone worked with them) and takes off
what it added to people already stored; on SQLite the service backs the database up first. Afterwards
the window re-reads everything (the `rolled_back` callback, called even if the dialog was closed
meanwhile). An import already rolled back cannot be rolled back again; on a read-only database the
history can be looked at, not changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.busy import BusyDialog
from outreach.gui.errors import guarded
from outreach.gui.sendlists_page import RowsModel, make_table
from outreach.gui.timeline import when_text
from outreach.services import import_history
from outreach.store.database import Database
from outreach.store.import_batches import BatchRow  # a plain row (the service returns these)

FORMAT_TITLES = {"csv": "CSV", "vcard": "vCard", "xlsx": "Excel"}
WHEN, FILE, FORMAT, CREATED, MERGED, BY, ROLLED_BACK = range(7)
ROLL_BACK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)
READ_ONLY_TIP = "The database is read-only for you: imports cannot be rolled back"
INTRO = ("Every import of contacts, newest first. Rolling one back removes the people it created and takes off "
         "what it added to people already stored.")


def people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def format_title(fmt: str) -> str:
    return FORMAT_TITLES.get(fmt.lower(), fmt)


def file_name(row: BatchRow) -> str:
    return Path(row.source_file).name if row.source_file else "(unnamed file)"


def roll_back_question(row: BatchRow, backup: bool = False) -> tuple[str, str]:
    """The confirmation's text and informative text: which file, when, and what happens to whom."""
    text = f"Roll back the import of “{file_name(row)}” from {when_text(row.at)}?"
    parts = []
    if row.created:
        parts.append(f"The {people(row.created)} it created are removed: deleted if nobody has touched them since "
                     "(so the file can be imported again), otherwise moved to the trash.")
    else:
        parts.append("It created nobody.")
    if row.merged:
        parts.append(f"What it added to {people(row.merged)} already stored (filled-in fields, addresses, numbers, "
                     "beats, do-not-contact) is taken off again.")
    parts.append("There is no undo for this" + (", but a backup is made first (File ▸ Backups…)" if backup else "")
                 + ". The undo history is cleared.")
    return text, " ".join(parts)


def done_text(row: BatchRow, removed: int, reverted: int) -> str:
    return (f"Rolled back the import of {file_name(row)}: {people(removed)} removed, "
            f"{people(reverted)} restored to how they were")


class HistoryModel(RowsModel):
    """The imports as rows; a rolled-back import is shown in the disabled text colour."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            ("When", lambda r: when_text(r.at)),
            ("File", file_name),
            ("Format", lambda r: format_title(r.file_format)),
            ("Created", lambda r: r.created),
            ("Merged", lambda r: r.merged),
            ("By", lambda r: r.actor),
            ("Rolled back", lambda r: when_text(r.undone_at) if r.undone_at else ""),
        ], parent, tooltip=self._tip)

    @staticmethod
    def _tip(row: BatchRow) -> str:
        state = f"rolled back {when_text(row.undone_at)}" if row.undone_at else "can be rolled back"
        return f"{row.source_file} · import {row.id} · {state}"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and row.undone_at is not None:
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        return super().data(index, role)


class ImportHistoryDialog(BusyDialog):
    """Opened with `open()`; `rolled_back(text)` is called after a roll-back, with what was done."""

    def __init__(self, db: Database, rolled_back: Callable[[str], None], parent: QWidget | None = None, *,
                 read_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("importHistoryDialog")
        self.setWindowTitle("Import History")
        self.setAccessibleName("Import history")
        self._db = db
        self._rolled_back = rolled_back
        self.read_only = read_only
        self.confirm: QMessageBox | None = None
        self._busy = False
        self._init_widgets()
        self._connect_signals()
        self.resize(860, 420)
        self.reload()

    def _init_widgets(self) -> None:
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("importHistoryIntro")
        self.intro.setWordWrap(True)
        backup = " A backup of the database is made first." if self._db.sqlite_path is not None else ""
        self.intro.setText(INTRO + backup + (f"<br><b>{READ_ONLY_TIP}.</b>" if self.read_only else ""))
        layout.addWidget(self.intro)

        self.model = HistoryModel(self)
        metrics = self.fontMetrics()
        when = metrics.horizontalAdvance("2026-12-31 00:00") + 16
        self.table = make_table("importHistoryTable", "Imports", self.model, self,
                                (when, 220, 70, 70, 70, 150))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(ROLLED_BACK, when)
        self.table.setTabKeyNavigation(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long file name keeps its extension
        layout.addWidget(self.table, 1)

        layout.addLayout(self._status_row("importHistory", max_height=14))

        self._button_box("importHistory")
        # Its tool tip follows the selected import (_update_buttons).
        self.roll_back_button = self._button("&Roll Back Import…", "rollBackImportButton",
                                             "Undo the selected import as a whole (asks first)")
        self.roll_back_button.setAccessibleName("Roll back import")
        self.close_button = self._close_button()
        for button in (self.roll_back_button, self.close_button):
            # Enter in the table rolls back (asking first); it must never also press a default button.
            button.setAutoDefault(False)
            button.setDefault(False)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.roll_back_button.clicked.connect(self.ask_roll_back)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(self.ask_roll_back)
        # Enter and Delete on an import ask to roll it back. Taken here, not via `activated`: the ignored key
        # would go on to the dialog, whose Enter handling presses the default button of any QPushButton
        # among its children -- the confirmation's Cancel. (Nor is a single click an activation anywhere.)
        self.table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in ROLL_BACK_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.ask_roll_back()
            return True
        return super().eventFilter(watched, event)

    # -- the list ---------------------------------------------------------------------------------
    @guarded
    def reload(self, select: int | None = None) -> None:
        """Read the history (off the GUI thread), keeping or choosing the import `select`."""
        db = self._db
        current = self.selected()
        keep = select if select is not None else (current.id if current is not None else None)
        self._set_busy(True)

        def done(rows: list[BatchRow]) -> None:
            self.model.set_rows(rows)
            ids = [r.id for r in rows]
            self.select(ids.index(keep) if keep in ids else 0)
            self._set_busy(False)
            if not rows:
                self.status.setText("No imports yet — File ▸ Import Contacts… adds one.")
            elif not self.status.text():
                undone = sum(1 for r in rows if r.undone_at is not None)
                self.status.setText(f"{len(rows):,} import{'s' if len(rows) != 1 else ''}"
                                    + (f", {undone:,} rolled back" if undone else "") + ".")

        def failed() -> None:
            self._set_busy(False)
            self.status.setText("The import history could not be read.")

        self._run(lambda: import_history.history(db), done, failed)

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_buttons()

    def selected(self) -> BatchRow | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row if isinstance(row, BatchRow) else None

    @guarded
    def _on_current(self, *_args: object) -> None:
        self._update_buttons()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        super()._set_busy(busy, text)

    def _update_buttons(self) -> None:
        row = self.selected()
        can = self.can_roll_back(row)
        self.roll_back_button.setEnabled(can)
        if self.read_only:
            tip = READ_ONLY_TIP
        elif row is not None and row.undone_at is not None:
            tip = f"This import was rolled back {when_text(row.undone_at)}"
        else:
            tip = "Move the people the import created to the trash and take off what it added (asks first)"
        self.roll_back_button.setToolTip(tip)

    def can_roll_back(self, row: BatchRow | None) -> bool:
        return not self.read_only and not self._busy and row is not None and row.undone_at is None

    # -- rolling back -----------------------------------------------------------------------------
    @guarded
    def ask_roll_back(self, *_args: object) -> QMessageBox | None:
        row = self.selected()
        if row is None:
            return None
        if not self.can_roll_back(row):
            if row.undone_at is not None:
                self.status.setText(f"The import of {file_name(row)} was already rolled back "
                                    f"{when_text(row.undone_at)}.")
            elif self.read_only:
                self.status.setText(READ_ONLY_TIP + ".")
            return None
        text, details = roll_back_question(row, backup=self._db.sqlite_path is not None)
        box = QMessageBox(QMessageBox.Icon.Warning, "Roll back import", text, QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("rollBackConfirm")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setInformativeText(details)
        confirm = box.addButton("Roll Back", QMessageBox.ButtonRole.DestructiveRole)
        confirm.setObjectName("confirmRollBackButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter does not roll back by accident

        def finished(_result: int) -> None:
            self.confirm = None
            if box.clickedButton() is confirm:
                self.roll_back(row)

        box.finished.connect(guarded(finished))
        self.confirm = box
        box.open()
        return box

    @guarded
    def roll_back(self, row: BatchRow) -> None:
        """Roll back without asking (after the confirmation)."""
        if not self.can_roll_back(row):
            return
        db, batch = self._db, row.id
        self._set_busy(True, f"Rolling back the import of {file_name(row)}…")
        rolled_back = self._rolled_back

        def finish(text: str) -> None:
            self.status.setText(text)
            self._busy = False
            self.reload(batch)  # after a failure too: someone else may have rolled it back meanwhile

        self._run(lambda: import_history.roll_back(db, batch),
                  lambda result: finish(done_text(row, *result) + "."),
                  lambda: finish("Nothing was rolled back."),
                  # the window re-reads everything, even if this dialog was closed meanwhile
                  always=lambda result: rolled_back(done_text(row, *result)))


__all__ = ["HistoryModel", "ImportHistoryDialog", "roll_back_question"]
