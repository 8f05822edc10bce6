"""The import wizard: file → columns → check (dry run) → import (off the GUI thread) → report.

Everything that reads or writes goes through :mod:`outreach.services.gui_io` on the worker pool; the
pages only show plain values. Cancelling an import makes the service roll back, so nothing changes.
The people an import created can be moved back out with Edit ▸ Undo (they go to the trash).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from outreach.errors import UserError
from outreach.gui import commands
from outreach.gui.errors import guarded, report
from outreach.gui.icons import icon
from outreach.gui.worker import run_task
from outreach.services import gui_io
from outreach.store.database import Database

IMPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".vcf", ".vcard", ".xlsx", ".xlsm")
FILE_FILTER = "Contact files (*.csv *.tsv *.txt *.vcf *.vcard *.xlsx *.xlsm);;All files (*)"
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "mac_roman")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
DELIMITER_CHOICES = (("Comma", ","), ("Semicolon", ";"), ("Tab", "\t"), ("Pipe", "|"))
OTHER_DELIMITER = "other"  # the combo's data for "Other…": the character is typed in a field beside it
PREVIEW_ROWS = 20

FIELD_LABELS: dict[str, str] = {
    "ignore": "— ignore —",
    "display_name": "Full name", "given_name": "First name", "middle_name": "Middle name",
    "family_name": "Last name", "title": "Job title", "role": "Role", "organization": "Organisation",
    "email": "E-mail", "email:work": "E-mail (work)", "email:home": "E-mail (home)",
    "phone": "Phone", "phone:work": "Phone (work)", "phone:mobile": "Phone (mobile)",
    "phone:home": "Phone (home)", "phone:switchboard": "Phone (switchboard)", "phone:fax": "Fax",
    "phone:other": "Phone (other)", "tags": "Beats (tags)", "country": "Country",
    "time_zone": "Time zone", "preferred_channel": "Preferred channel", "notes": "Notes",
    "do_not_contact": "Do not contact", "dnc_reason": "Do-not-contact reason",
    "dnc_date": "Do-not-contact date", "consent_basis": "Consent basis", "last_verified": "Last verified",
    "uid": "UID", "socials": "Socials (JSON)",
}
FIELD_SPECS = tuple(FIELD_LABELS)
SPEC_ROLE = Qt.ItemDataRole.UserRole
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 1


def field_label(spec: str) -> str:
    """What a field spec is called in the column combo ("email#g1.label" → "E-mail 1 label")."""
    if spec in FIELD_LABELS:
        return FIELD_LABELS[spec]
    if spec.startswith("cont:"):
        return f"More of “{spec[5:]}”"
    if spec.startswith("social:"):
        return f"Social: {spec[7:]}"
    kind, _, rest = spec.partition("#")
    noun = "E-mail" if kind.startswith("email") else "Phone"
    if rest:
        slot, _, attr = rest.partition(".")
        return f"{noun} {slot.lstrip('g')}" + (f" {attr}" if attr else "")
    _, _, label = spec.partition(":")
    return f"{noun} ({label})" if label else noun


def delimiter_name(delimiter: str) -> str:
    """'comma', 'tab'…, or the character quoted ("'#'")."""
    return DELIMITER_NAMES.get(delimiter, repr(delimiter))


def delimiter_problem(text: str) -> str:
    """Why `text` cannot be the delimiter ('' when it can)."""
    if len(text) != 1:
        return "Type the one character that separates the columns."
    if text in ('"', "\r", "\n"):
        return "A quote or a line break cannot separate columns; type another character."
    return ""


def _compact(table: QTableWidget) -> None:
    """Rows as high as a line of text (like the contacts list), no row numbers, Tab leaves the table."""
    header = table.verticalHeader()
    header.setVisible(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)


class _ReadyFlag(QLineEdit):
    """A hidden mandatory field: the page is complete while it holds text.

    QWizardPage's own isComplete() reads it, so no Python isComplete() override is called from C++
    while a worker thread runs Python (PySide6 6.11 was seen to drop references to such overrides then).
    """

    def __init__(self, page: QWizardPage, name: str) -> None:
        super().__init__(page)
        self.setVisible(False)
        page.registerField(f"{name}*", self)

    def set(self, on: bool) -> None:
        self.setText("yes" if on else "")


def _warning_icon(widget: QWidget) -> Any:
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class FileDropFilter(QObject):
    """Lets a view accept a contact file dropped on it; `opened(path)` is called with the file."""

    def __init__(self, target: QWidget, opened: Callable[[str], None]) -> None:
        super().__init__(target)
        self._opened = opened
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    @staticmethod
    def _path(event: QDragEnterEvent | QDropEvent) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMPORT_SUFFIXES:
                return url.toLocalFile()
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        try:
            if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                    event, QDragEnterEvent | QDropEvent):
                if self._path(event):
                    event.acceptProposedAction()
                    return True
            elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
                path = self._path(event)
                if path:
                    event.acceptProposedAction()
                    self._opened(path)
                    return True
        except Exception as error:  # called from C++: never let it vanish
            report(error)
        return False


def install_file_drop(view: QAbstractItemView, opened: Callable[[str], None]) -> FileDropFilter:
    """Dropping a contact file on the view (its viewport) opens the import wizard with it."""
    view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
    return FileDropFilter(view.viewport(), opened)


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits on it and the slot runs on the GUI thread."""

    progressed = Signal(int, int)


# --- page 1: the file ----------------------------------------------------------------------------------

class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("importFilePage")
        self.setTitle("Choose a contact file")
        self.setSubTitle("CSV from Outlook, Google, Mailchimp or Excel, a vCard file, or an Excel workbook. "
                         "You can also drop a file on the contacts list.")
        self.info: gui_io.FileInfo | None = None
        self._generation = 0
        self._ready = _ReadyFlag(self, "fileReady")

        self.path_field = QLineEdit(self)
        self.path_field.setObjectName("importPath")
        self.path_field.setAccessibleName("File to import")
        self.path_field.setPlaceholderText("Path to a .csv, .vcf or .xlsx file")
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.setObjectName("importBrowse")
        self.browse_button.setAccessibleName("Browse for a file")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(self.browse_button)

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("importFormat")
        self.format_combo.setAccessibleName("File format")
        self.format_combo.addItem("Detect automatically", "")
        for fmt, title in (("csv", "CSV (comma, semicolon or tab separated)"), ("vcard", "vCard"),
                           ("xlsx", "Excel workbook (.xlsx)")):
            self.format_combo.addItem(title, fmt)
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setObjectName("importEncoding")
        self.encoding_combo.setAccessibleName("Text encoding")
        self.encoding_combo.addItem("Detect automatically", "")
        for name in ENCODINGS:
            self.encoding_combo.addItem(name, name)
        self._detected = ""  # the delimiter sniffed when this file was last read without a choice
        self._read_path = ""
        self.delimiter_combo = QComboBox(self)
        self.delimiter_combo.setObjectName("importDelimiter")
        self.delimiter_combo.setAccessibleName("Column delimiter")
        self.delimiter_combo.setToolTip("What separates the columns of a CSV file. Detected from the file's first "
                                        "lines; choose another if the columns come out wrong.")
        self.delimiter_combo.addItem("Detected", "")
        for title, char in DELIMITER_CHOICES:
            self.delimiter_combo.addItem(title, char)
        self.delimiter_combo.addItem("Other…", OTHER_DELIMITER)
        self.delimiter_other = QLineEdit(self)
        self.delimiter_other.setObjectName("importDelimiterOther")
        self.delimiter_other.setAccessibleName("Other delimiter character")
        self.delimiter_other.setPlaceholderText("one character")
        self.delimiter_other.setMaxLength(1)
        self.delimiter_other.setMaximumWidth(110)
        self.delimiter_other.setVisible(False)
        self.delimiter_label = QLabel("—", self)
        self.delimiter_label.setObjectName("importDelimiterNote")
        self.delimiter_label.setAccessibleName("Delimiter in use")
        delimiter_row = QHBoxLayout()
        delimiter_row.addWidget(self.delimiter_combo)
        delimiter_row.addWidget(self.delimiter_other)
        delimiter_row.addWidget(self.delimiter_label, 1)
        self.region_field = QLineEdit(gui_io.default_region(), self)
        self.region_field.setObjectName("importRegion")
        self.region_field.setAccessibleName("Region for phone numbers")
        self.region_field.setToolTip("Phone numbers written without +country code are read as numbers of this "
                                     "region (two letters: US, GB, DE…). The default comes from the settings.")
        self.region_field.setMaxLength(2)
        self.region_field.setMaximumWidth(60)
        self.region_field.setInputMask(">AA;_")

        self.detected_label = QLabel(self)
        self.detected_label.setObjectName("importDetected")
        self.detected_label.setAccessibleName("What was found in the file")
        self.detected_label.setWordWrap(True)
        self.detected_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        for text, field, buddy in (("&File:", path_row, self.path_field),
                                   ("F&ormat:", self.format_combo, self.format_combo),
                                   ("&Encoding:", self.encoding_combo, self.encoding_combo),
                                   ("&Delimiter:", delimiter_row, self.delimiter_combo),
                                   ("Phone &region:", self.region_field, self.region_field)):
            label = QLabel(text, self)
            if buddy is not None:
                label.setBuddy(buddy)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.detected_label)
        layout.addStretch(1)

        self.browse_button.clicked.connect(self._browse)
        self.path_field.editingFinished.connect(self._reload)
        self.format_combo.currentIndexChanged.connect(self._reload)
        self.encoding_combo.currentIndexChanged.connect(self._reload)
        self.delimiter_combo.currentIndexChanged.connect(self._on_delimiter_choice)
        self.delimiter_other.textChanged.connect(self._on_other_delimiter)
        self.region_field.textChanged.connect(self._update_ready)

    def ready(self) -> bool:
        return self.info is not None and len(self.region()) == 2

    def _update_ready(self, *_args: object) -> None:
        self._ready.set(self.ready())

    def region(self) -> str:
        return self.region_field.text().strip().upper()

    def set_path(self, path: str) -> None:
        self.path_field.setText(path)
        self._reload()

    def delimiter(self) -> str | None:
        """The delimiter chosen (None: detect it); may be a character :func:`delimiter_problem` refuses."""
        data = self.delimiter_combo.currentData()
        if data == OTHER_DELIMITER:
            return self.delimiter_other.text()
        return str(data) if data else None

    def _reset_delimiter(self) -> None:
        """A new file: back to the detected delimiter (without reading the file again)."""
        self._detected = ""
        for widget in (self.delimiter_combo, self.delimiter_other):
            widget.blockSignals(True)
        try:
            self.delimiter_combo.setCurrentIndex(0)
            self.delimiter_other.clear()
        finally:
            for widget in (self.delimiter_combo, self.delimiter_other):
                widget.blockSignals(False)
        self.delimiter_other.setVisible(False)
        self.delimiter_combo.setItemText(0, "Detected")

    @guarded
    def _on_other_delimiter(self, *_args: object) -> None:
        if self.delimiter_combo.currentData() == OTHER_DELIMITER:
            self._reload()

    @guarded
    def _on_delimiter_choice(self, *_args: object) -> None:
        other = self.delimiter_combo.currentData() == OTHER_DELIMITER
        self.delimiter_other.setVisible(other)
        if other and not self.delimiter_other.text():
            self.delimiter_other.setFocus()
        self._reload()

    @guarded
    def _browse(self) -> None:
        start = self.path_field.text() or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, "Import contacts from", start, FILE_FILTER)
        dialog.setObjectName("importFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(guarded(self.set_path))
        self._file_dialog = dialog
        dialog.open()

    @guarded
    def _reload(self, *_args: object) -> None:
        text = self.path_field.text().strip()
        self.info = None
        self._generation += 1
        generation = self._generation
        self._update_ready()
        if text != self._read_path:
            self._read_path = text
            self._reset_delimiter()
        if not text:
            self.detected_label.setText("")
            self.delimiter_label.setText("—")
            return
        fmt = self.format_combo.currentData() or None
        encoding = self.encoding_combo.currentData() or None
        delimiter = self.delimiter()
        if delimiter is not None and delimiter_problem(delimiter):
            self.detected_label.setText(delimiter_problem(delimiter))
            return
        self.detected_label.setText("Reading the file…")

        def loaded(info: gui_io.FileInfo) -> None:
            if generation == self._generation:
                self._show(info)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(error, UserError | OSError):
                self.detected_label.setText(f"Cannot read this file: {error}")
            else:
                self.detected_label.setText("Cannot read this file (an unexpected error; see the log).")
                report(error)

        run_task(lambda: gui_io.inspect_file(text, fmt, encoding, delimiter=delimiter), guarded(loaded), failed)

    def _show(self, info: gui_io.FileInfo) -> None:
        self.info = info
        kind = {"csv": "CSV", "vcard": "vCard", "xlsx": "Excel workbook"}.get(info.format, info.format)
        auto_fmt = "" if self.format_combo.currentData() else " (detected)"
        auto_enc = "" if self.encoding_combo.currentData() else " (detected)"
        parts = [f"{kind}{auto_fmt}"]
        if info.encoding:
            parts.append(f"encoding {info.encoding}{auto_enc}")
        unit = "card" if info.format == "vcard" else "row"
        parts.append(f"{info.rows:,} {unit}{'s' if info.rows != 1 else ''}")
        if info.headers:
            parts.append(f"{len(info.headers)} columns")
        self.detected_label.setText(" · ".join(parts))
        self._show_delimiter(info)
        self._update_ready()

    def _show_delimiter(self, info: gui_io.FileInfo) -> None:
        csv_file = info.format == "csv"
        self.delimiter_combo.setEnabled(csv_file)
        self.delimiter_other.setEnabled(csv_file)
        if not csv_file:
            self.delimiter_combo.setItemText(0, "Detected")
            self.delimiter_label.setText("— (not a CSV file)")
            return
        chosen = self.delimiter()
        if chosen is None:
            self._detected = info.delimiter
        if self._detected:
            self.delimiter_combo.setItemText(0, f"Detected: {delimiter_name(self._detected)}")
        name = delimiter_name(info.delimiter)
        if info.delimiter in DELIMITER_NAMES:
            name += f" ({info.delimiter!r})"
        if chosen is None:
            self.delimiter_label.setText(f"{name}, detected from the file's first lines")
        else:
            self.delimiter_label.setText(f"{name}, as chosen" + (
                f" (detected: {delimiter_name(self._detected)})" if self._detected else ""))


# --- page 2: columns and preview ---------------------------------------------------------------------

class FieldDelegate(QStyledItemDelegate):
    """A combo box of Outreach fields for the "Outreach field" column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Any) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Outreach field")
        current = index.data(SPEC_ROLE) or "ignore"
        specs = list(FIELD_SPECS) if current in FIELD_SPECS else [*FIELD_SPECS, current]
        for spec in specs:
            combo.addItem(field_label(spec), spec)
        combo.activated.connect(lambda _n, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:
        if isinstance(editor, QComboBox):
            at = editor.findData(index.data(SPEC_ROLE) or "ignore")
            editor.setCurrentIndex(max(at, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:
        if isinstance(editor, QComboBox):
            spec = editor.currentData() or "ignore"
            model.setData(index, spec, SPEC_ROLE)
            model.setData(index, field_label(spec), Qt.ItemDataRole.DisplayRole)


class MappingPage(QWizardPage):
    PREVIEW_COLUMNS = ("Line", "Name", "Organisation", "E-mails", "Phones", "Beats", "Problems")

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("importMappingPage")
        self.setTitle("Match the columns")
        self.setSubTitle("Which Outreach field each column of the file goes into. The preview below shows the "
                         "first rows as they will be imported.")
        self._filling = False
        self._info: gui_io.FileInfo | None = None
        self.rows: list[gui_io.PreviewRow] = []

        self.mapping_table = QTableWidget(0, 3, self)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setAccessibleName("Column mapping")
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "First value", "Outreach field"])
        _compact(self.mapping_table)
        self.mapping_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                           | QAbstractItemView.EditTrigger.SelectedClicked
                                           | QAbstractItemView.EditTrigger.EditKeyPressed
                                           | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.mapping_table.setItemDelegateForColumn(2, FieldDelegate(self.mapping_table))
        self.mapping_table.setToolTip("Select a field and press F2 (or start typing) to change it")
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.mapping_table.setColumnWidth(0, 200)
        self.mapping_table.setColumnWidth(2, 200)
        self.vcard_note = QLabel("vCard files name their own fields, so there are no columns to match.", self)
        self.vcard_note.setObjectName("vcardNote")
        self.vcard_note.setWordWrap(True)
        self.mapping_stack = QStackedWidget(self)
        self.mapping_stack.addWidget(self.mapping_table)
        self.mapping_stack.addWidget(self.vcard_note)

        self.hide_empty = QCheckBox("&Hide columns that are empty in the file", self)
        self.hide_empty.setObjectName("hideEmptyColumns")
        self.hide_empty.setAccessibleName("Hide columns that are empty in the file")
        self.hide_empty.setChecked(True)

        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("presetCombo")
        self.preset_combo.setAccessibleName("Saved mappings")
        self.preset_combo.setMinimumContentsLength(16)
        self.load_button = QPushButton("&Load", self)
        self.load_button.setObjectName("loadPreset")
        self.load_button.setAccessibleName("Load the saved mapping")
        self.preset_name = QLineEdit(self)
        self.preset_name.setObjectName("presetName")
        self.preset_name.setAccessibleName("Name to save the mapping under")
        self.preset_name.setPlaceholderText("Name for this mapping")
        self.save_button = QPushButton("&Save mapping", self)
        self.save_button.setObjectName("savePreset")
        self.save_button.setAccessibleName("Save the mapping under this name")
        self.preset_status = QLabel(self)
        self.preset_status.setObjectName("presetStatus")
        presets = QHBoxLayout()
        saved_label = QLabel("Sa&ved mappings:", self)
        saved_label.setBuddy(self.preset_combo)
        presets.addWidget(saved_label)
        presets.addWidget(self.preset_combo)
        presets.addWidget(self.load_button)
        presets.addSpacing(16)
        presets.addWidget(self.preset_name, 1)
        presets.addWidget(self.save_button)

        self.preview_table = QTableWidget(0, len(self.PREVIEW_COLUMNS), self)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setAccessibleName("Preview of the first rows")
        self.preview_table.setHorizontalHeaderLabels(list(self.PREVIEW_COLUMNS))
        _compact(self.preview_table)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((44, 130, 120, 200, 140, 110)):
            self.preview_table.setColumnWidth(column, width)
        self.preview_summary = QLabel(self)
        self.preview_summary.setObjectName("previewSummary")
        self.preview_summary.setAccessibleName("Preview summary")
        self.preview_summary.setWordWrap(True)

        columns_box = QGroupBox("Columns", self)
        columns_layout = QVBoxLayout(columns_box)
        columns_layout.addWidget(self.hide_empty)
        columns_layout.addWidget(self.mapping_stack, 1)
        columns_layout.addLayout(presets)
        columns_layout.addWidget(self.preset_status)
        preview_box = QGroupBox("Preview", self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview_table)
        preview_layout.addWidget(self.preview_summary)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("mappingSplitter")
        self.splitter.addWidget(columns_box)
        self.splitter.addWidget(preview_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([330, 270])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.mapping_table.itemChanged.connect(self._on_item_changed)
        self.hide_empty.toggled.connect(self._apply_hiding)
        self.load_button.clicked.connect(self._load_preset)
        self.save_button.clicked.connect(self._save_preset)
        self.preset_name.returnPressed.connect(self._save_preset)

    # -- the page -------------------------------------------------------------------------------------
    def initializePage(self) -> None:
        info = self._wizard.file_page.info
        if info is None:
            return
        if info is not self._info:
            self._info = info
            self._fill(gui_io.guess_mapping(info.headers) if info.headers else {})
        self._refresh_presets()
        self.update_preview()

    def _refresh_presets(self) -> None:
        current = self.preset_combo.currentText()
        self.preset_combo.clear()
        names = gui_io.saved_mappings()
        self.preset_combo.addItems(names)
        if current in names:
            self.preset_combo.setCurrentText(current)
        self.preset_combo.setEnabled(bool(names))
        self.load_button.setEnabled(bool(names))

    def _fill(self, mapping: gui_io.Mapping) -> None:
        info = self._info
        headers = info.headers if info else []
        vcard = info is not None and info.table is None
        self.mapping_stack.setCurrentWidget(self.vcard_note if vcard else self.mapping_table)
        for widget in (self.preset_combo, self.load_button, self.preset_name, self.save_button):
            widget.setVisible(not vcard)
        self._filling = True
        try:
            self.mapping_table.setRowCount(len(headers))
            for row, header in enumerate(headers):
                name = QTableWidgetItem(header)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                sample = QTableWidgetItem(info.samples.get(header, "") if info else "")
                sample.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                spec = mapping.get(header, "ignore") or "ignore"
                target = QTableWidgetItem(field_label(spec))
                target.setData(SPEC_ROLE, spec)
                target.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                | Qt.ItemFlag.ItemIsEditable)
                target.setToolTip("Press F2 or double-click to choose the field")
                for column, item in enumerate((name, sample, target)):
                    self.mapping_table.setItem(row, column, item)
        finally:
            self._filling = False
        self.hide_empty.setVisible(not vcard)
        self._apply_hiding()

    @guarded
    def _apply_hiding(self, *_args: object) -> None:
        hide = self.hide_empty.isChecked()
        first = -1
        hidden = 0
        for row in range(self.mapping_table.rowCount()):
            empty = not self._item(row, 1).text() and self._item(row, 2).data(SPEC_ROLE) == "ignore"
            self.mapping_table.setRowHidden(row, hide and empty)
            hidden += hide and empty
            if first < 0 and not (hide and empty):
                first = row
        self.hide_empty.setText(f"&Hide columns that are empty in the file ({hidden} hidden)" if hidden
                                else "&Hide columns that are empty in the file")
        if first >= 0:
            self.mapping_table.setCurrentCell(first, 2)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.mapping_table.item(row, column)
        assert item is not None, (row, column)
        return item

    def mapping(self) -> gui_io.Mapping | None:
        """The mapping as the table shows it (None for a vCard file)."""
        if self._info is None or self._info.table is None:
            return None
        out: gui_io.Mapping = {}
        for row in range(self.mapping_table.rowCount()):
            header = self._item(row, 0).text()
            if header.strip():
                out[header] = self._item(row, 2).data(SPEC_ROLE) or "ignore"
        return out

    def set_spec(self, header: str, spec: str) -> None:
        """Map one column (what choosing in the combo does)."""
        for row in range(self.mapping_table.rowCount()):
            if self._item(row, 0).text() == header:
                item = self._item(row, 2)
                item.setData(SPEC_ROLE, spec)
                item.setText(field_label(spec))
                return
        raise KeyError(header)

    def set_mapping(self, mapping: gui_io.Mapping) -> None:
        self._fill(mapping)
        self.update_preview()

    # -- slots ----------------------------------------------------------------------------------------
    @guarded
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == 2:
            self.update_preview()

    @guarded
    def update_preview(self) -> None:
        info = self._info
        if info is None:
            return
        rows = gui_io.preview(info, self.mapping(), self._wizard.file_page.region(), PREVIEW_ROWS)
        self.rows = rows
        warn = _warning_icon(self)
        table = self.preview_table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            email_problems = [p for p in row.problems if p.startswith("email")]
            phone_problems = [p for p in row.problems if p.startswith("phone")]
            other = [p for p in row.problems if p not in email_problems and p not in phone_problems]
            cells: tuple[tuple[str, list[str]], ...] = (
                (str(row.line), []), (row.name, [p for p in other if p.startswith("name")]),
                (row.organization, []), ("; ".join(row.emails), email_problems),
                ("; ".join(row.phones), phone_problems), (", ".join(row.tags), []),
                ("; ".join(row.problems), row.problems),
            )
            for c, (text, problems) in enumerate(cells):
                item = QTableWidgetItem(text)
                if problems:
                    item.setIcon(warn)
                    item.setToolTip("\n".join(problems))
                    item.setData(PROBLEMS_ROLE, list(problems))
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "; ".join(problems))
                table.setItem(r, c, item)
        bad = sum(1 for row in rows if row.problems)
        shown = f"the first {len(rows)} row{'s' if len(rows) != 1 else ''}"
        if bad:
            self.preview_summary.setText(f"{bad} of {shown} have problems (marked ⚠; hover for the reason). "
                                         "Invalid values are kept and marked, not dropped.")
        elif rows:
            self.preview_summary.setText(f"No problems in {shown}.")
        else:
            self.preview_summary.setText("No rows with anything to import — check the column matches.")

    @guarded
    def _load_preset(self) -> None:
        name = self.preset_combo.currentText()
        if not name:
            return
        self.load_preset(name)

    def load_preset(self, name: str) -> None:
        saved = gui_io.load_mapping(name)
        current = self.mapping() or {}
        # Columns the preset does not know keep what they had; unknown preset columns are ignored.
        merged = {h: saved.get(h, spec) for h, spec in current.items()}
        self.set_mapping(merged)
        known = sum(1 for h in current if h in saved)
        self.preset_status.setText(f"Loaded “{name}” ({known} of {len(current)} columns matched).")

    @guarded
    def _save_preset(self) -> None:
        name = self.preset_name.text().strip()
        if not name:
            self.preset_status.setText("Give the mapping a name first.")
            self.preset_name.setFocus()
            return
        self.save_preset(name)

    def save_preset(self, name: str) -> None:
        mapping = self.mapping()
        if mapping is None:
            return
        path = gui_io.save_mapping(name, mapping)
        self._refresh_presets()
        self.preset_combo.setCurrentText(name)
        self.preset_status.setText(f"Saved as “{name}” ({path}).")


# --- page 3: dry run ----------------------------------------------------------------------------------

class CheckPage(QWizardPage):
    COUNTS = (("created", "New people"), ("merged", "Merged into people already here"),
              ("unchanged", "Already here, nothing new"), ("skipped", "Skipped"),
              ("errors", "Unreadable rows"), ("invalid_values", "Invalid values (kept and marked)"))

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("importCheckPage")
        self.setTitle("Check before importing")
        self.setSubTitle("A dry run: what the import would do. Nothing has been changed yet.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.result: gui_io.ImportReport | None = None
        self._generation = 0
        self._ready = _ReadyFlag(self, "dryRunReady")
        self.busy = QProgressBar(self)
        self.busy.setObjectName("dryRunProgress")
        self.busy.setAccessibleName("Checking the file")
        self.busy.setRange(0, 0)
        self.status = QLabel(self)
        self.status.setObjectName("dryRunStatus")
        self.status.setAccessibleName("Dry run result")
        self.status.setWordWrap(True)
        self.count_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        for n, (key, title) in enumerate(self.COUNTS):
            value = QLabel("—", self)
            value.setObjectName(f"dryRun_{key}")
            value.setAccessibleName(title)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(QLabel(title + ":", self), n, 0)
            grid.addWidget(value, n, 1)
            self.count_labels[key] = value
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def ready(self) -> bool:
        return self.result is not None and (self.result.created + self.result.merged) > 0

    def initializePage(self) -> None:
        self.result = None
        self._ready.set(False)
        self._generation += 1
        generation = self._generation
        for label in self.count_labels.values():
            label.setText("—")
        self.busy.setVisible(True)
        self.status.setText("Checking every row…")
        job = self._wizard.job(dry_run=True)

        def done(result: gui_io.ImportReport) -> None:
            if generation == self._generation:
                self._show(result)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self.busy.setVisible(False)
            self.status.setText(f"The file cannot be imported: {error}")
            if not isinstance(error, UserError | OSError):
                report(error)

        run_task(job, guarded(done), failed)

    def _show(self, result: gui_io.ImportReport) -> None:
        self.result = result
        self.busy.setVisible(False)
        for key, label in self.count_labels.items():
            label.setText(f"{getattr(result, key):,}")
        if result.created + result.merged == 0:
            self.status.setText("Nothing to import: no new people and nothing new about people already here.")
        else:
            self.status.setText(f"Ready: {result.rows:,} row(s) checked. Press Import to make these changes; "
                                "you can undo the new people afterwards with Edit ▸ Undo.")
        self._ready.set(self.ready())


# --- page 4: the import, then its report ---------------------------------------------------------------

class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("importRunPage")
        self.setTitle("Importing")
        self.setSubTitle("All or nothing: one transaction. Cancel and nothing is changed.")
        self.running = False
        self.finished_ok = False
        self.result: gui_io.ImportReport | None = None
        self.lines: list[gui_io.ReportLine] = []
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        self._ready = _ReadyFlag(self, "importStopped")

        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("&Cancel import", self)
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.setAccessibleName("Cancel the import")
        self.cancel_button.setToolTip("Stop; nothing will have been changed")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setAccessibleName("Import result")
        self.status.setWordWrap(True)

        self.report_table = QTableWidget(0, 4, self)
        self.report_table.setObjectName("reportTable")
        self.report_table.setAccessibleName("Import report")
        self.report_table.setHorizontalHeaderLabels(["Line", "Field", "Outcome", "Reason"])
        _compact(self.report_table)
        self.report_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.report_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((60, 80, 90)):
            self.report_table.setColumnWidth(column, width)
        self.save_button = QPushButton("Save &report…", self)
        self.save_button.setObjectName("saveReport")
        self.save_button.setAccessibleName("Save the report as a CSV file")
        self.save_button.setEnabled(False)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.report_table, 1)
        layout.addLayout(save_row)

        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self._choose_report_file)

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        self.running, self.finished_ok, self.result = True, False, None
        self._cancel.clear()
        self._ready.set(False)
        self.setTitle("Importing")
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.report_table.setRowCount(0)
        self.save_button.setEnabled(False)
        self.status.setText("Reading, checking and merging…")
        cancel, relay = self._cancel, self._relay

        def progress(done: int, total: int) -> bool:  # on the worker thread: no widgets here
            relay.progressed.emit(done, total)
            return not cancel.is_set()

        run_task(self._wizard.job(dry_run=False, progress=progress), guarded(self._done), guarded(self._failed))

    @guarded
    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    @guarded
    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self._wizard.importProgress.emit(done, total)

    def _stop(self) -> None:
        self.running = False
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._ready.set(True)
        self._wizard.import_stopped()

    def _done(self, result: gui_io.ImportReport) -> None:
        self.result = result
        self.finished_ok = True
        self._stop()
        self.setTitle("Import finished")
        self.setSubTitle(f"{Path(result.file).name}: the report lists every row with a problem first.")
        self.status.setText(
            f"Created {result.created:,}, merged {result.merged:,}, unchanged {result.unchanged:,}, "
            f"skipped {result.skipped:,}, unreadable rows {result.errors:,}; {result.invalid_values:,} invalid "
            "value(s) kept and marked. Problems are listed first." +
            (" Edit ▸ Undo moves the new people to the trash." if result.created else ""))
        self.show_report(result)
        self._wizard.imported(result)

    def _failed(self, error: BaseException) -> None:
        self._stop()
        if isinstance(error, gui_io.ImportCancelled):
            self.setTitle("Import cancelled")
            self.status.setText("Import cancelled — nothing was changed.")
        elif isinstance(error, UserError | OSError):
            self.setTitle("Import failed")
            self.status.setText(f"The import failed and nothing was changed: {error}")
        else:
            self.setTitle("Import failed")
            self.status.setText("The import failed (an unexpected error, see the log); nothing was changed.")
            report(error)

    def show_report(self, result: gui_io.ImportReport) -> None:
        self.lines = gui_io.report_lines(result)
        table = self.report_table
        table.setRowCount(len(self.lines))
        warn = _warning_icon(self)
        for r, line in enumerate(self.lines):
            cells = (str(line.line), line.field, line.outcome, line.reason)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.TextAlignmentRole,
                                 int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                if c == 2 and (line.outcome == "error" or line.field):
                    item.setIcon(warn)
                if c == 3:
                    item.setToolTip(text)
                table.setItem(r, c, item)
        self.save_button.setEnabled(bool(self.lines))

    @guarded
    def _choose_report_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        info = self._wizard.file_page.info
        stem = info.path.stem if info else "import"
        dialog = QFileDialog(self, "Save the import report", str(Path(folder) / f"{stem}-import-report.csv"),
                             "CSV files (*.csv)")
        dialog.setObjectName("saveReportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(guarded(self.save_report))
        self._report_dialog = dialog
        dialog.open()

    def save_report(self, path: str) -> None:
        gui_io.write_report(path, self.lines)
        self.status.setText(self.status.text().split(" Report saved")[0] + f" Report saved to {path}.")


# --- the wizard ---------------------------------------------------------------------------------------

class ImportWizard(QWizard):
    """File → columns → dry run → import → report. Opened with `open()`, never `exec()`."""

    importProgress = Signal(int, int)  # done, total (on the GUI thread)
    importFinished = Signal(object)  # the ImportReport

    def __init__(self, db: Database, parent: QWidget | None = None, *, path: str | None = None,
                 undo_stack: QUndoStack | None = None, changed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._undo_stack = undo_stack
        self._changed = changed or (lambda: None)
        self._close_after_cancel = False
        self.setObjectName("importWizard")
        self.setWindowTitle("Import contacts")
        self.setWindowIcon(icon("outreach"))
        self.setAccessibleName("Import contacts")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        self.resize(1040, 720)
        if path:
            self.file_page.set_path(path)

    def job(self, *, dry_run: bool, progress: gui_io.Progress | None = None) -> Callable[[], gui_io.ImportReport]:
        """The import as the pages are set now, as a function for the worker (captures plain values only)."""
        info = self.file_page.info
        if info is None:
            raise UserError("choose a file to import first")
        db, path, fmt = self.db, str(info.path), info.format
        encoding = self.file_page.encoding_combo.currentData() or None
        delimiter = self.file_page.delimiter() if fmt == "csv" else None
        mapping = self.mapping_page.mapping()
        region = self.file_page.region()
        return lambda: gui_io.import_file(db, path, fmt=fmt, mapping=mapping, region=region, encoding=encoding,
                                          delimiter=delimiter, dry_run=dry_run, progress=progress)

    def imported(self, result: gui_io.ImportReport) -> None:
        """After a real import: refresh the window and make the new people undoable."""
        created = sorted({o.contact_id for o in result.outcomes if o.action == "created" and o.contact_id})
        if created and self._undo_stack is not None:
            command = commands.RestoreContacts(self.db, created, self._changed)
            command.setText(f"Import {len(created)} contact{'s' if len(created) != 1 else ''} "
                            f"from {Path(result.file).name}")
            self._undo_stack.push(command)
        self._changed()
        self.importFinished.emit(result)

    def import_stopped(self) -> None:
        if self._close_after_cancel:
            self._close_after_cancel = False
            super().reject()

    def reject(self) -> None:
        if self.import_page.running:  # Esc / Cancel while importing: cancel first, close when rolled back
            self._close_after_cancel = True
            self.import_page.cancel()
            return
        super().reject()
