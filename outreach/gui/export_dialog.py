"""The export dialog and "Copy as BCC".

Before anything is written the dialog shows what the chosen format cannot hold and, for a
distribution list, how many people will be left out and why. Who is exported: everyone, the current
search, or the contacts selected in the list (their ids, plain integers from the contacts page). The
export runs on the worker pool; the service writes atomically, so a failed or cancelled export leaves
an existing file as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from outreach.errors import UserError
from outreach.gui.errors import guarded, report
from outreach.gui.icons import icon
from outreach.gui.worker import run_task
from outreach.services import gui_io
from outreach.store.database import Database

FORMAT_TITLES = {
    "csv": "Outreach CSV — every field; imports back without loss",
    "xlsx": "Excel workbook (.xlsx) — every field",
    "outlook": "Outlook CSV",
    "google": "Google Contacts CSV",
    "mailchimp": "Mailchimp audience CSV",
    "vcard": "vCard 3.0 (.vcf) — phones, Apple and most address books",
    "vcard4": "vCard 4.0 (.vcf)",
    "bcc": "BCC list (.txt) — “Name <address>” lines to paste into a mail",
}
FILTERS = {".csv": "CSV files (*.csv)", ".vcf": "vCard files (*.vcf)", ".xlsx": "Excel workbooks (*.xlsx)",
           ".txt": "Text files (*.txt)"}
FULL_HELP = "Everyone in the chosen scope, with every field the format can hold. For backups and moving data."
DISTRIBUTION_HELP = ("For mail tools: leaves out people marked do-not-contact and people without a usable "
                     "e-mail address (invalid, bounced or opted out).")


def _left_out_text(left_out: dict[str, int]) -> str:
    return "; ".join(f"{count:,} {reason}" for reason, count in sorted(left_out.items(), key=lambda i: -i[1]))


class _Relay(QObject):
    progressed = Signal(int)


class ExportDialog(QDialog):
    """Opened with `open()`; `exported(report)` after a successful export."""

    exported = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, *, query: str = "",
                 selected_ids: Sequence[int] = ()) -> None:
        super().__init__(parent)
        self.db = db
        self.query = query
        self.selected_ids = list(selected_ids)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export contacts")
        self.setWindowIcon(icon("outreach"))
        self.setAccessibleName("Export contacts")
        self.running = False
        self.export_report: gui_io.ExportReport | None = None
        self.leave_out: gui_io.LeaveOut | None = None
        self._generation = 0
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        self._init_widgets()
        self._connect_signals()
        self._on_format()
        self._count_scopes()
        self.resize(680, 480)

    # -- set-up -----------------------------------------------------------------------------------------
    def _init_widgets(self) -> None:
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        self.format_combo.setAccessibleName("Export format")
        for fmt in gui_io.FORMATS:
            self.format_combo.addItem(FORMAT_TITLES.get(fmt, fmt), fmt)

        self.full_radio = QRadioButton("&Full export", self)
        self.full_radio.setObjectName("exportFull")
        self.full_radio.setToolTip(FULL_HELP)
        self.distribution_radio = QRadioButton("&Distribution list (for mail tools)", self)
        self.distribution_radio.setObjectName("exportDistribution")
        self.distribution_radio.setToolTip(DISTRIBUTION_HELP)
        self.full_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.full_radio)
        self.kind_group.addButton(self.distribution_radio)
        self.kind_help = QLabel(FULL_HELP, self)
        self.kind_help.setObjectName("exportKindHelp")
        self.kind_help.setWordWrap(True)
        kind_box = QVBoxLayout()
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.full_radio)
        kind_row.addWidget(self.distribution_radio)
        kind_row.addStretch(1)
        kind_box.addLayout(kind_row)
        kind_box.addWidget(self.kind_help)

        self.scope_all = QRadioButton("&Everyone", self)
        self.scope_all.setObjectName("scopeAll")
        self.scope_search = QRadioButton("The current &search", self)
        self.scope_search.setObjectName("scopeSearch")
        self.scope_selection = QRadioButton(self._selection_text(), self)
        self.scope_selection.setObjectName("scopeSelection")
        self.scope_selection.setToolTip("Exactly the people selected in the contacts list")
        self.scope_group = QButtonGroup(self)
        for button in (self.scope_all, self.scope_search, self.scope_selection):
            self.scope_group.addButton(button)
        self.scope_search.setEnabled(bool(self.query.strip()))
        self.scope_selection.setEnabled(bool(self.selected_ids))
        (self.scope_search if self.query.strip() else self.scope_all).setChecked(True)
        scope_box = QVBoxLayout()
        for button in (self.scope_all, self.scope_search, self.scope_selection):
            scope_box.addWidget(button)

        self.losses_label = QLabel(self)
        self.losses_label.setObjectName("exportLosses")
        self.losses_label.setAccessibleName("What this format cannot hold")
        self.losses_label.setWordWrap(True)
        self.losses_label.setTextFormat(Qt.TextFormat.RichText)
        self.left_out_label = QLabel(self)
        self.left_out_label.setObjectName("exportLeftOut")
        self.left_out_label.setAccessibleName("Who will be left out")
        self.left_out_label.setWordWrap(True)
        check_box = QGroupBox("Before you export", self)
        check_layout = QVBoxLayout(check_box)
        check_layout.addWidget(self.losses_label)
        check_layout.addWidget(self.left_out_label)

        self.path_field = QLineEdit(self)
        self.path_field.setObjectName("exportPath")
        self.path_field.setAccessibleName("File to write")
        self.path_field.setPlaceholderText("Where to save the file")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.path_field.setText(str(Path(folder or Path.home()) / "outreach-contacts.csv"))
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.setObjectName("exportBrowse")
        self.browse_button.setAccessibleName("Choose where to save")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(self.browse_button)

        form = QFormLayout()
        for text, field, buddy in (("F&ormat:", self.format_combo, self.format_combo),
                                   ("Kind:", kind_box, None), ("Who:", scope_box, None),
                                   ("&File:", path_row, self.path_field)):
            label = QLabel(text, self)
            if buddy is not None:
                label.setBuddy(buddy)
            form.addRow(label, field)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setAccessibleName("Export progress")
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setAccessibleName("Export result")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("exportCancel")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(check_box)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.format_combo.currentIndexChanged.connect(self._on_format)
        self.kind_group.buttonToggled.connect(self._on_choice)
        self.scope_group.buttonToggled.connect(self._on_choice)
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)

    # -- what the choice means ------------------------------------------------------------------------
    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def distribution(self) -> bool:
        return self.distribution_radio.isChecked()

    def scope_query(self) -> str:
        return self.query if self.scope_search.isChecked() else ""

    def scope_ids(self) -> list[int] | None:
        """The selected people's ids when the selection is the scope, else None (a query decides)."""
        return list(self.selected_ids) if self.scope_selection.isChecked() else None

    def _selection_text(self) -> str:
        n = len(self.selected_ids)
        return f"Se&lected contacts ({n:,})" if n else "Se&lected contacts (none selected)"

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    @guarded
    def _on_format(self, *_args: object) -> None:
        fmt = self.fmt()
        losses = gui_io.format_losses(fmt)
        items = "".join(f"<li>{_escape(line)}</li>" for line in losses)
        self.losses_label.setText(f"<b>{_escape(FORMAT_TITLES.get(fmt, fmt).split(' — ')[0])} cannot hold:</b>"
                                  f"<ul style='margin-left: -20px'>{items}</ul>" if losses else
                                  "This format holds everything Outreach stores.")
        suffix = gui_io.EXTENSIONS[fmt]
        text = self.path_field.text().strip()
        if text:
            self.path_field.setText(str(Path(text).with_suffix(suffix)))
        self._on_choice()

    @guarded
    def _on_choice(self, *_args: object) -> None:
        self.kind_help.setText(DISTRIBUTION_HELP if self.distribution() else FULL_HELP)
        self._generation += 1
        generation = self._generation
        self.leave_out = None
        self.left_out_label.setText("Counting who will be exported…")
        db, fmt, query, distribution = self.db, self.fmt(), self.scope_query(), self.distribution()
        ids = self.scope_ids()

        def counted(result: gui_io.LeaveOut) -> None:
            if generation == self._generation:
                self._show_leave_out(result)

        run_task(lambda: gui_io.leave_out_preview(db, fmt, query, distribution, ids), guarded(counted))

    def _show_leave_out(self, result: gui_io.LeaveOut) -> None:
        self.leave_out = result
        if not result.total_left_out:
            self.left_out_label.setText(f"All {result.selected:,} people will be exported; nobody is left out.")
            return
        self.left_out_label.setText(
            f"{result.total_left_out:,} of {result.selected:,} people will be left out: "
            f"{_left_out_text(result.left_out)}. {result.selected - result.total_left_out:,} will be exported.")

    def _count_scopes(self) -> None:
        db, query = self.db, self.query

        def counts() -> tuple[int, int]:
            from outreach.services import contacts as contact_service

            return contact_service.count(db, ""), contact_service.count(db, query) if query.strip() else 0

        def show(values: tuple[int, int]) -> None:
            everyone, found = values
            self.scope_all.setText(f"&Everyone ({everyone:,})")
            if self.query.strip():
                self.scope_search.setText(f"The current &search “{self.query.strip()}” ({found:,})")
            self.scope_selection.setText(self._selection_text())

        run_task(counts, guarded(show))

    @guarded
    def _browse(self) -> None:
        fmt = self.fmt()
        suffix = gui_io.EXTENSIONS[fmt]
        dialog = QFileDialog(self, "Export to", self.path_field.text(), FILTERS.get(suffix, "All files (*)"))
        dialog.setObjectName("exportFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix.lstrip("."))
        dialog.fileSelected.connect(guarded(self.path_field.setText))
        self._file_dialog = dialog
        dialog.open()

    # -- the export -----------------------------------------------------------------------------------
    @guarded
    def start_export(self) -> None:
        if self.running:
            return
        text = self.path_field.text().strip()
        if not text:
            self.status.setText("Choose a file to write first.")
            self.path_field.setFocus()
            return
        path = Path(text).expanduser()
        if not path.suffix:
            path = path.with_suffix(gui_io.EXTENSIONS[self.fmt()])
            self.path_field.setText(str(path))
        self.running = True
        self.export_report = None
        self._cancel.clear()
        self._set_running(True)
        self.status.setText(f"Writing {path.name}…")
        total = self.leave_out.selected if self.leave_out else 0
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        db, fmt, query, distribution = self.db, self.fmt(), self.scope_query(), self.distribution()
        ids = self.scope_ids()
        cancel, relay = self._cancel, self._relay

        def work() -> gui_io.ExportReport:  # on the worker thread
            return gui_io.export(db, fmt, path, query=query, distribution=distribution, ids=ids,
                                 progress=relay.progressed.emit, cancel=cancel)

        run_task(work, guarded(self._done), guarded(self._failed))

    def _set_running(self, on: bool) -> None:
        self.progress.setVisible(on)
        for widget in (self.format_combo, self.full_radio, self.distribution_radio, self.scope_all,
                       self.scope_search, self.scope_selection, self.path_field, self.browse_button,
                       self.export_button):
            widget.setEnabled(not on)
        if not on:
            self.scope_search.setEnabled(bool(self.query.strip()))
            self.scope_selection.setEnabled(bool(self.selected_ids))
        self.cancel_button.setText("Cancel" if on else "Close")

    @guarded
    def _on_progress(self, done: int) -> None:
        if self.progress.maximum() and done <= self.progress.maximum():
            self.progress.setValue(done)

    def _done(self, result: gui_io.ExportReport) -> None:
        self.running = False
        self.export_report = result
        self._set_running(False)
        text = f"Wrote {result.written:,} of {result.selected:,} people to {result.file}."
        if result.left_out:
            text += f" Left out: {_left_out_text(result.left_out)}."
        self.status.setText(text)
        self.exported.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self._set_running(False)
        if isinstance(error, gui_io.ExportCancelled):
            self.status.setText("Export cancelled — no file was written; an existing file was left as it was.")
        elif isinstance(error, UserError | OSError):
            self.status.setText(f"Export failed: {error}. An existing file was left as it was.")
        else:
            self.status.setText("Export failed (an unexpected error; see the log). "
                                "An existing file was left as it was.")
            report(error)

    @guarded
    def _cancel_or_close(self) -> None:
        if self.running:
            self._cancel.set()
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:
        if self.running:  # Esc while writing: cancel, stay open to say so
            self._cancel.set()
            return
        super().reject()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Copy as BCC -------------------------------------------------------------------------------------

def copy_as_bcc(db: Database, ids: Sequence[int], status_bar: QStatusBar) -> None:
    """Put "Name <address>" lines of these people on the clipboard (distribution rules), off the GUI thread."""
    if not ids:
        status_bar.showMessage("Select people to copy as BCC first", 5000)
        return
    chosen = list(ids)
    status_bar.showMessage(f"Copying {len(chosen):,} addresses…")

    def copied(result: tuple[list[str], dict[str, int]]) -> None:
        lines, left_out = result
        clipboard = QGuiApplication.clipboard()
        if lines:
            clipboard.setText("\n".join(lines) + "\n")
        text = f"Copied {len(lines):,} address{'es' if len(lines) != 1 else ''} for BCC"
        total = sum(left_out.values())
        text += f"; left out {total:,}: {_left_out_text(left_out)}" if total else "; nobody left out"
        status_bar.showMessage(text, 10000)

    run_task(lambda: gui_io.bcc_for(db, chosen), guarded(copied))
