"""The contact editor: every field of a person, e-mails and phones checked as you type.

The dialog does not write anything itself: Save hands the ContactInput to `save` (the window's
callback, which goes through the services). A UserError from it -- a version conflict, a bad
value -- is shown in the dialog, which stays open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.domain.emails import check_email
from outreach.domain.phones import check_phone, format_international
from outreach.gui.errors import guarded
from outreach.gui.icons import icon
from outreach.gui.save_dialog import SaveDialog
from outreach.services.gui_support import ROLES
from outreach.settings import default_region
from outreach.store.errors import ConflictError

Save = Callable[[ContactInput], None]
OnConflict = Callable[[ContactInput], None]


class _EntryRow(QWidget):
    """One e-mail or phone: value, label, status icon and message; checked on every keystroke."""

    def __init__(self, kind: str, value: str, label: str, primary: bool, region: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._region = region
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        line = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setFixedWidth(18)
        self.value = QLineEdit(value, self)
        self.value.setObjectName(f"{kind}Value")
        self.value.setAccessibleName("E-mail address" if kind == "email" else "Phone number")
        self.value.setPlaceholderText("name@example.com" if kind == "email" else "+44 20 7946 0958")
        self.label = QLineEdit(label, self)
        self.label.setObjectName(f"{kind}Label")
        self.label.setAccessibleName("Label")
        self.label.setPlaceholderText("work, mobile…")
        self.label.setMaximumWidth(110)
        self.primary_button = QRadioButton(self)
        self.primary_button.setObjectName(f"{kind}Primary")
        self.primary_button.setAccessibleName("Primary")
        self.primary_button.setToolTip("Use this one first")
        self.primary_button.setChecked(primary)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setAccessibleName("Remove")
        self.remove.setToolTip("Remove this entry")
        line.addWidget(self.status)
        line.addWidget(self.value, 1)
        line.addWidget(self.label)
        line.addWidget(self.primary_button)
        line.addWidget(self.remove)
        outer.addLayout(line)
        self.message = QLabel(self)
        self.message.setObjectName(f"{kind}Message")
        self.message.setAccessibleName("Check result")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(22, 0, 0, 0)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)
        self.check_status = ""
        self.value.textChanged.connect(self.recheck)
        self.recheck()

    @property
    def primary(self) -> bool:
        return self.primary_button.isChecked()

    @guarded
    def recheck(self, *_args: object) -> None:
        text = self.value.text()
        if not text.strip():
            self._show("", "")
            return
        if self.kind == "email":
            mail = check_email(text)
            if not mail.valid:
                self._show("invalid", mail.message)
            elif mail.suggestion:
                self._show("warning", f"Did you mean {mail.suggestion}?")
            else:
                self._show("valid", "")
            return
        phone = check_phone(text, self._region())
        parts = []
        if phone.e164 and phone.valid:  # no "E.164" preview for a number that is not one
            parts.append(f"{format_international(phone.e164, phone.extension)}  (E.164 {phone.e164})")
        if phone.message:
            parts.append(phone.message)
        if phone.suggestion:
            parts.append(f"maybe {phone.suggestion}")
        status = {"valid": "valid", "possible": "warning"}.get(phone.status, "invalid")
        self._show(status, " — ".join(parts))

    def _show(self, status: str, message: str) -> None:
        if status:
            self.status.setPixmap(icon(status).pixmap(14, 14))
        else:
            self.status.clear()
        self.status.setToolTip(status)
        self.status.setAccessibleName(f"Status: {status or 'empty'}")
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.check_status = status


class _EntryList(QGroupBox):
    def __init__(self, kind: str, title: str, region: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.kind = kind
        self._region = region
        self.rows: list[_EntryRow] = []
        self._primary_group = QButtonGroup(self)  # at most one primary per list
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(4)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName(f"add_{kind}")
        self.add_button.setText("Add e-mail" if kind == "email" else "Add phone")
        self.add_button.setIcon(icon("new"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setAccessibleName(self.add_button.text())
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._add_empty)

    def add(self, value: str = "", label: str = "", primary: bool = False) -> _EntryRow:
        row = _EntryRow(self.kind, value, label, primary, self._region, self)
        self._primary_group.addButton(row.primary_button)
        row.remove.clicked.connect(lambda: self._remove(row))
        self._layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        return row

    @guarded
    def _add_empty(self) -> None:
        self.add().value.setFocus()

    @guarded
    def _remove(self, row: _EntryRow) -> None:
        self.rows.remove(row)
        self._primary_group.removeButton(row.primary_button)
        row.deleteLater()

    def recheck(self) -> None:
        for row in self.rows:
            row.recheck()


class ContactEditor(SaveDialog[ContactInput]):
    def __init__(self, original: ContactInput | None, save: Save, org_names: list[str] | None = None,
                 parent: QWidget | None = None, on_conflict: OnConflict | None = None) -> None:
        super().__init__(original or ContactInput(source="typed"), save, parent)
        self.setObjectName("contactEditor")
        # Called with what the user typed when someone else saved the person meanwhile (the window
        # then offers reload / overwrite / merge); without it the conflict is only explained.
        self.on_conflict = on_conflict
        name = self._original.name()
        self.setWindowTitle(f"Edit {name}" if original else "New contact")
        self.setAccessibleName(self.windowTitle())
        self._org_model = QStringListModel(org_names or [], self)
        self._init_fields()
        self._add_buttons(self._layout, "editorButtons")
        self._load(self._original)
        self.resize(640, self.sizeHint().height())

    # -- building -------------------------------------------------------------------------------
    def _init_fields(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.given = self._line("givenName", "Given name")
        self.family = self._line("familyName", "Family name")
        self.display = self._line("displayName", "Display name", "built from the name parts if empty")
        names = QHBoxLayout()
        names.addWidget(self.given)
        names.addWidget(self.family)
        name_label = QLabel("&Name (given, family)", self)
        name_label.setBuddy(self.given)
        form.addRow(name_label, names)
        form.addRow("&Display name", self.display)
        self.title = self._line("title", "Job title")
        form.addRow("&Title", self.title)
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        self.role.setAccessibleName("Role")
        self.role.addItems(list(ROLES))
        form.addRow("&Role", self.role)
        self.organization = self._line("organization", "Organisation", "start typing to pick one")
        completer = QCompleter(self._org_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.organization.setCompleter(completer)
        form.addRow("&Organisation", self.organization)
        self.country = self._line("country", "Country code", "GB, DE, US…")
        self.country.setMaxLength(2)
        self.country.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,2}", self.country))
        self.country.setMaximumWidth(60)
        form.addRow("&Country", self.country)
        self.beats = self._line("beats", "Beats", "climate, energy, health")
        form.addRow("&Beats", self.beats)
        layout.addLayout(form)

        self.emails = _EntryList("email", "E-mail addresses  (◉ = primary)", self._region, self)
        self.phones = _EntryList("phone", "Phone numbers  (◉ = primary)", self._region, self)
        layout.addWidget(self.emails)
        layout.addWidget(self.phones)

        dnc = QHBoxLayout()
        self.dnc = QCheckBox("Do &not contact", self)
        self.dnc.setObjectName("doNotContact")
        self.dnc.setAccessibleName("Do not contact")
        self.dnc_reason = self._line("dncReason", "Reason for do not contact",
                                     "reason (asked to be removed…)")
        dnc.addWidget(self.dnc)
        dnc.addWidget(self.dnc_reason, 1)
        layout.addLayout(dnc)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(60)
        self.notes.setMaximumHeight(110)
        layout.addWidget(self.notes)
        layout.addStretch(1)

        layout.addWidget(self._error_label("editorError"))
        self._layout = layout

        self.dnc.toggled.connect(self.dnc_reason.setEnabled)
        self.country.textChanged.connect(self._on_country)

    def reload(self, data: ContactInput) -> None:
        """Show `data` instead (someone else's newer version); what was typed is discarded."""
        self._original = data
        for entries in (self.emails, self.phones):
            for row in list(entries.rows):
                row.hide()
                entries._remove(row)
        self._load(data)
        self.error.setVisible(False)

    def _load(self, data: ContactInput) -> None:
        self.given.setText(data.given_name)
        self.family.setText(data.family_name)
        built = " ".join(p for p in (data.given_name, data.family_name) if p)
        self.display.setText("" if data.display_name == built else data.display_name)
        self.title.setText(data.title)
        index = self.role.findText(data.role)
        self.role.setCurrentIndex(max(index, 0))
        self.organization.setText(data.organization)
        self.country.setText(data.country)
        self.beats.setText(", ".join(data.tags))
        for e in data.emails:
            self.emails.add(e.raw, e.label, e.primary)
        for p in data.phones:
            self.phones.add(p.raw, p.label, p.primary)
        if not data.emails:
            self.emails.add()
        if not data.phones:
            self.phones.add()
        self.dnc.setChecked(data.do_not_contact)
        self.dnc_reason.setText(data.dnc_reason)
        self.dnc_reason.setEnabled(data.do_not_contact)
        self.notes.setPlainText(data.notes)

    # -- behaviour ------------------------------------------------------------------------------
    def set_org_names(self, names: list[str]) -> None:
        self._org_model.setStringList(names)

    def _region(self) -> str:
        return self.country.text().strip().upper() or default_region()

    @guarded
    def _on_country(self, *_args: object) -> None:
        self.phones.recheck()

    def value(self) -> ContactInput:
        """What the fields say now; fields the editor does not show are kept from the original."""
        return dataclasses.replace(
            self._original,
            given_name=self.given.text().strip(),
            family_name=self.family.text().strip(),
            display_name=self.display.text().strip(),
            title=self.title.text().strip(),
            role=self.role.currentText(),
            organization=self.organization.text().strip(),
            country=self.country.text().strip().upper(),
            tags=[t.strip() for t in self.beats.text().split(",") if t.strip()],
            emails=[EmailInput(r.value.text().strip(), r.label.text().strip(), r.primary)
                    for r in self.emails.rows if r.value.text().strip()],
            phones=[PhoneInput(r.value.text().strip(), r.label.text().strip(), r.primary)
                    for r in self.phones.rows if r.value.text().strip()],
            do_not_contact=self.dnc.isChecked(),
            dnc_reason=self.dnc_reason.text().strip() if self.dnc.isChecked() else "",
            notes=self.notes.toPlainText(),
        )

    def _refused(self, data: ContactInput) -> bool:
        if not data.name():
            self.show_error("Give the person a name, an e-mail address or a phone number.")
            return True
        return False

    def _conflict(self, data: ContactInput, error: ConflictError) -> None:
        self.show_error(str(error))
        if self.on_conflict is not None:
            self.on_conflict(data)
