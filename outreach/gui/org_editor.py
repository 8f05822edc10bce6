"""The organisation editor: name, kind, website, country (checked as you type) and notes.

Like the contact editor it writes nothing itself: Save hands the OrgFields to `save` (the window's
callback, which goes through the services). A UserError from it -- a bad value -- is shown in the
dialog, which stays open. A ConflictError (someone else saved the organisation since it was opened)
is explained and offers Reload: the dialog then shows the stored values, still open; saving again
saves over that version.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.errors import guarded
from outreach.gui.icons import icon
from outreach.gui.save_dialog import SaveDialog
from outreach.store.errors import ConflictError
from outreach.store.models import ORG_KINDS
from outreach.store.orgs_write import OrgFields

Save = Callable[[OrgFields], None]
Reload = Callable[[], OrgFields]

COUNTRY_HINT = "Two letters, e.g. GB, DE, US"


def country_problem(text: str) -> str:
    """Why `text` is not a country code ('' if it is one, or empty)."""
    code = text.strip()
    if not code:
        return ""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return f"A country code has two letters ({COUNTRY_HINT.removeprefix('Two letters, ')})"
    return ""


class OrgEditor(SaveDialog[OrgFields]):
    def __init__(self, original: OrgFields | None, save: Save, reload: Reload | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(original or OrgFields(""), save, parent)
        self.setObjectName("orgEditor")
        self._reload = reload  # fetches the stored fields after a conflict (None: no Reload offered)
        self.setWindowTitle(f"Edit {self._original.name}" if original else "New organisation")
        self.setAccessibleName(self.windowTitle())
        self._init_fields()
        self._add_buttons(self._layout, "orgEditorButtons", cancel_tip="Close without saving (Esc)")
        self.load(self._original)
        self.resize(520, self.sizeHint().height())

    # -- building -------------------------------------------------------------------------------
    def _init_fields(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = self._line("orgName", "Organisation name", "Metro Wire, Green Future Trust…")
        form.addRow("&Name", self.name)
        self.kind = QComboBox(self)
        self.kind.setObjectName("orgKind")
        self.kind.setAccessibleName("Kind")
        self.kind.addItems(list(ORG_KINDS))
        form.addRow("&Kind", self.kind)
        self.website = self._line("orgWebsite", "Website", "https://example.org")
        form.addRow("&Website", self.website)

        country_row = QHBoxLayout()
        self.country = self._line("orgCountry", "Country code", "GB")
        self.country.setMaxLength(2)
        self.country.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,2}", self.country))
        self.country.setMaximumWidth(60)
        self.country.setToolTip(COUNTRY_HINT)
        self.country_status = QLabel(self)
        self.country_status.setObjectName("orgCountryStatus")
        self.country_status.setFixedWidth(18)
        self.country_message = QLabel(COUNTRY_HINT, self)
        self.country_message.setObjectName("orgCountryMessage")
        self.country_message.setAccessibleName("Country check")
        country_row.addWidget(self.country)
        country_row.addWidget(self.country_status)
        country_row.addWidget(self.country_message, 1)
        country_label = QLabel("&Country", self)
        country_label.setBuddy(self.country)
        form.addRow(country_label, country_row)

        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("orgNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Notes (desks, how they like to be pitched…)")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.notes.setMaximumHeight(140)
        notes_label = QLabel("N&otes", self)
        notes_label.setBuddy(self.notes)
        form.addRow(notes_label, self.notes)
        layout.addLayout(form)

        error_row = QHBoxLayout()
        self._error_label("orgEditorError")
        self.reload_button = QPushButton(icon("restore"), "&Reload", self)
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.setAccessibleName("Reload the stored version")
        self.reload_button.setToolTip("Show the organisation as it is stored now; your changes are discarded")
        self.reload_button.setAutoDefault(False)
        self.reload_button.setVisible(False)
        error_row.addWidget(self.error, 1)
        error_row.addWidget(self.reload_button)
        layout.addLayout(error_row)
        self._layout = layout

        self.country.textChanged.connect(self._check_country)
        self.reload_button.clicked.connect(self.reload_stored)

    # -- values ---------------------------------------------------------------------------------
    def load(self, fields: OrgFields) -> None:
        self._original = fields
        self.name.setText(fields.name)
        index = self.kind.findText(fields.kind)
        self.kind.setCurrentIndex(max(index, 0))
        self.website.setText(fields.website)
        self.country.setText(fields.country)
        self.notes.setPlainText(fields.notes)
        self._check_country()

    def value(self) -> OrgFields:
        return OrgFields(
            name=" ".join(self.name.text().split()),
            kind=self.kind.currentText(),
            website=self.website.text().strip(),
            country=self.country.text().strip().upper(),
            notes=self.notes.toPlainText(),
        )

    # -- behaviour ------------------------------------------------------------------------------
    @guarded
    def _check_country(self, *_args: object) -> None:
        text = self.country.text()
        problem = country_problem(text)
        if not text.strip():
            self.country_status.clear()
            self.country_status.setAccessibleName("Country: empty")
            self.country_message.setText(COUNTRY_HINT)
        elif problem:
            self.country_status.setPixmap(icon("invalid").pixmap(14, 14))
            self.country_status.setAccessibleName("Country: invalid")
            self.country_message.setText(problem)
        else:
            self.country_status.setPixmap(icon("valid").pixmap(14, 14))
            self.country_status.setAccessibleName("Country: valid")
            self.country_message.setText("")
        self.country_problem = problem

    def _refused(self, data: OrgFields) -> bool:
        if not data.name:
            self.show_error("Give the organisation a name.")
            self.name.setFocus()
            return True
        if country_problem(data.country):
            self.show_error("Fix the country code before saving: two letters, or leave it empty.")
            self.country.setFocus()
            return True
        return False

    def _conflict(self, data: OrgFields, error: ConflictError) -> None:
        self.show_error("Someone else changed this organisation since you opened it, so nothing was saved. "
                        "Reload shows the stored version (what you typed here is discarded); "
                        "Cancel leaves it as stored.", conflict=self._reload is not None)

    @guarded
    def reload_stored(self) -> None:
        if self._reload is None:
            return
        self.load(self._reload())
        self.show_error("Showing the stored version; your changes were discarded.")
        self.name.setFocus()

    def show_error(self, message: str, conflict: bool = False) -> None:
        super().show_error(message)
        self.reload_button.setVisible(conflict)
        if conflict:
            self.reload_button.setFocus()

    def clear_error(self) -> None:
        self.error.setVisible(False)
        self.reload_button.setVisible(False)
