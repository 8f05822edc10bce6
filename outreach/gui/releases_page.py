"""The Releases page: stored releases above; the release's text with its contacts, addresses and
numbers highlighted and its problems underlined (spans from the domain's release parser; hover shows
the message); beside it the media contacts found, each with whether they are already known and the
buttons Add to contacts (undoable) and Link to existing…; Save release (Ctrl+S) stores the release.

The text is re-checked shortly after each change; files are opened (button or drag and drop)
through outreach.io.release_text, read off the GUI thread, as are storing and looking people up.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QHelpEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from outreach.domain.phones import format_international
from outreach.domain.release import MediaContact, ReleaseCheck, parse_release
from outreach.gui import commands
from outreach.gui.errors import guarded, report
from outreach.gui.icons import icon
from outreach.gui.releases_model import COLUMNS, CONTACTS, DATE, REGION, STATUS, TITLE, ReleasesModel
from outreach.gui.worker import run_task
from outreach.io.release_text import read_release_text
from outreach.services import contacts as contact_service
from outreach.services import release_import
from outreach.services.release_import import ReleaseImportReport
from outreach.store.database import Database
from outreach.store.releases import ReleaseDetail

RECHECK_DELAY_MS = 150
READ_ONLY_NOTE = "The database is read-only for you: releases and contacts cannot be saved or changed"
ERROR_RED = QColor(208, 52, 44)  # the usual spell-check underline, readable on light and dark


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch: kind is contact, email, phone or problem."""

    kind: str
    start: int  # UTF-16 positions, as QTextCursor counts
    end: int
    message: str


class _Utf16:
    """Python string indices to QTextDocument positions (which count UTF-16 code units)."""

    def __init__(self, text: str) -> None:
        self._wide = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]

    def __call__(self, index: int) -> int:
        return index + bisect_right(self._wide, index - 1) if self._wide else index


def marks_of(check: ReleaseCheck, text: str) -> list[Mark]:
    pos = _Utf16(text)
    marks: list[Mark] = []

    def add(kind: str, span: tuple[int, int], message: str) -> None:
        if span[1] > span[0]:
            marks.append(Mark(kind, pos(span[0]), pos(span[1]), message))

    phones = list(check.other_phones)
    for contact in check.media_contacts:
        if contact.name_span:
            who = ", ".join(x for x in (contact.name, contact.title, contact.organization) if x)
            add("contact", contact.name_span, f"Media contact: {who}")
        for email in contact.emails:
            add("email", email.span, email.message or ("valid e-mail address" if email.valid else "invalid"))
        phones.extend(contact.phones)
    for phone in phones:
        shown = format_international(phone.e164, phone.extension) if phone.e164 else ""
        add("phone", phone.span, " — ".join(x for x in (shown, phone.message) if x) or phone.kind)
    for problem in check.problems:
        add("problem", problem.span, problem.message)
    return marks


class ReleaseEditor(QPlainTextEdit):
    """Accepts dropped files (opened as releases) as well as dropped text."""

    def __init__(self, page: ReleasesPage) -> None:
        super().__init__(page)
        self._page = page

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self._page.open_file(files[0])
            return
        super().dropEvent(event)


Known = tuple[int, str] | None  # (person id, display name) of the stored person, or None when new


def who_of(contact: MediaContact) -> str:
    """A label for an extracted contact: the name, else the first address or number."""
    if contact.name:
        return contact.name
    if contact.emails:
        return contact.emails[0].normalized or contact.emails[0].raw
    if contact.phones:
        return " ".join(contact.phones[0].raw.split())
    return "(no name)"


def _signature(contact: MediaContact) -> tuple[object, ...]:
    """What a contact card shows (spans left out: typing elsewhere moves them, not the card)."""
    return (contact.name, contact.title, contact.organization,
            tuple((e.raw, e.normalized, e.valid, e.message) for e in contact.emails),
            tuple((p.raw, p.e164, p.valid, p.message) for p in contact.phones))


def look_up_known(db: Database, contacts: list[MediaContact]) -> list[Known]:
    """Off the GUI thread: who among the extracted contacts is already stored (the identity rule)."""
    found: list[Known] = []
    for contact in contacts:
        if not contact.name and not contact.emails and not contact.phones:
            found.append(None)
            continue
        person = release_import.known_person(db, contact)
        found.append(None if person is None else (person, contact_service.get_contact(db, person).display_name))
    return found


class ContactCard(QFrame):
    """One extracted media contact: what the release says, whether they are known, and the buttons."""

    def __init__(self, contact: MediaContact, parent: QWidget, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("releaseContactCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.contact = contact
        self.known: Known = None
        self.read_only = read_only  # a read-only database: Add and Link stay greyed out
        who = who_of(contact)
        self.setAccessibleName(f"Media contact {who}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        name = QLabel(who, self)
        bold = QFont(name.font())
        bold.setBold(True)
        name.setFont(bold)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(name)
        role = " · ".join(x for x in (contact.title, contact.organization) if x)
        if role:
            role_label = QLabel(role, self)
            role_label.setWordWrap(True)
            layout.addWidget(role_label)
        for email in contact.emails:
            state = "invalid" if not email.valid else "warning" if email.suggestion else "valid"
            text = email.normalized or email.raw
            note = email.message if (email.message and state != "valid") else ""
            layout.addLayout(self._channel(state, text, note, f"E-mail {text}: {email.message or state}"))
        for phone in contact.phones:
            shown = format_international(phone.e164, phone.extension) if phone.e164 else " ".join(phone.raw.split())
            state = "valid" if phone.valid else "invalid"
            kind = {"tollfree": "toll-free"}.get(phone.kind, phone.kind)
            text = f"{shown} ({kind})"
            note = phone.message if not phone.valid else ""
            layout.addLayout(self._channel(state, text, note, f"Phone {text}: {phone.message or state}"))
        if not contact.emails and not contact.phones:
            none = QLabel("No e-mail address or phone number", self)
            none.setEnabled(False)
            layout.addWidget(none)

        known_row = QHBoxLayout()
        self.known_label = QLabel("Checking your contacts…", self)
        self.known_label.setObjectName("knownLabel")
        self.known_label.setWordWrap(True)
        self.show_button = QPushButton(icon("contacts"), "Show in Contacts", self)
        self.show_button.setObjectName("showKnownContact")
        self.show_button.setVisible(False)
        known_row.addWidget(self.known_label, 1)
        known_row.addWidget(self.show_button)
        layout.addLayout(known_row)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(icon("new"), "Add to contacts", self)
        self.add_button.setObjectName("addMediaContact")
        self.add_button.setAccessibleName(f"Add {who} to contacts")
        self.link_button = QPushButton("Link to existing…", self)
        self.link_button.setObjectName("linkMediaContact")
        self.link_button.setAccessibleName(f"Link {who} to an existing contact")
        self.link_button.setToolTip("Add this release's addresses and numbers to a person you choose")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def _channel(self, state: str, text: str, note: str, accessible: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        mark = QLabel(self)
        mark.setPixmap(icon(state).pixmap(16, 16))
        mark.setToolTip(state)
        mark.setAccessibleName(state)
        label = QLabel(f"{text} — {note}" if note else text, self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(accessible)
        label.setToolTip(accessible)
        row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        return row

    def set_known(self, known: Known) -> None:
        self.known = known
        if known is None:
            self.known_label.setText("Not in your contacts yet")
            self.add_button.setToolTip("Create a new person from this contact (Ctrl+Z moves them to the trash)")
        else:
            self.known_label.setText(f"Known: {known[1]}")
            self.show_button.setAccessibleName(f"Show {known[1]} in Contacts")
            self.add_button.setToolTip(f"Already in your contacts as {known[1]}")
        self.show_button.setVisible(known is not None)
        self._update_buttons()

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        self._update_buttons()

    def _update_buttons(self) -> None:
        usable = bool(self.contact.name or self.contact.emails or self.contact.phones) and not self.read_only
        self.add_button.setEnabled(usable and self.known is None)
        self.link_button.setEnabled(usable)


class PersonPicker(QDialog):
    """Choose a stored person to link an extracted contact to: a search field over the contacts."""

    chosen = Signal(int)

    def __init__(self, db: Database, who: str, query: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkPersonDialog")
        self.setWindowTitle("Link to existing contact")
        self._db = db
        layout = QVBoxLayout(self)
        intro = QLabel(f"Add what the release says about <b>{_escape(who)}</b> to:", self)
        layout.addWidget(intro)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("linkSearch")
        self.search_field.setAccessibleName("Search contacts")
        self.search_field.setPlaceholderText("Search by name, organisation, e-mail…")
        self.search_field.setClearButtonEnabled(True)
        intro.setBuddy(self.search_field)
        layout.addWidget(self.search_field)
        self.results = QListWidget(self)
        self.results.setObjectName("linkResults")
        self.results.setAccessibleName("Matching contacts")
        layout.addWidget(self.results, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.link_button = self.buttons.addButton("Link", QDialogButtonBox.ButtonRole.AcceptRole)
        self.link_button.setObjectName("linkChosen")
        self.link_button.setDefault(True)
        layout.addWidget(self.buttons)
        self.resize(460, 380)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search)
        self.search_field.textChanged.connect(self._timer.start)
        self.results.itemActivated.connect(self.accept)
        self.results.currentRowChanged.connect(self._update_button)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search_field.setText(query)
        self.search()

    @guarded
    def search(self) -> None:
        self._timer.stop()
        self.results.clear()
        for row in contact_service.search(self._db, self.search_field.text(), limit=50):
            extra = " · ".join(x for x in (row.organization, row.primary_email) if x)
            item = QListWidgetItem(f"{row.name} — {extra}" if extra else row.name, self.results)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update_button()

    @guarded
    def _update_button(self, *_args: object) -> None:
        self.link_button.setEnabled(self.results.currentItem() is not None)

    def chosen_id(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    @guarded
    def accept(self) -> None:
        person = self.chosen_id()
        if person is None:
            return
        super().accept()
        self.chosen.emit(person)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def report_text(result: ReleaseImportReport) -> str:
    """What storing did, for the status bar."""
    counts = f"{len(result.created)} created, {len(result.linked)} linked, {len(result.updated)} updated"
    title = f"“{result.title}”" if result.title else "The release"
    skipped = f"; skipped {', '.join(result.skipped)}" if result.skipped else ""
    if result.release_created:
        return f"Stored {title}: {counts}{skipped}"
    if result.created or result.linked or result.updated:
        return f"{title} is already stored — {counts}{skipped}"
    return f"{title} is already stored — nothing new to add{skipped}"


class ReleasesPage(QSplitter):
    """Stored releases above; below, the text and, beside it, its media contacts and findings."""

    contactsChanged = Signal()  # people were added, linked or changed: the window refreshes Contacts
    showContact = Signal(int)  # "Show in Contacts" for a known person (a contact id)

    def __init__(self, db: Database | None = None, parent: QWidget | None = None, *,
                 undo_stack: QUndoStack | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("releasesView")
        self.db = db
        self.undo_stack = undo_stack
        self.check: ReleaseCheck | None = None
        self.marks: list[Mark] = []
        self.cards: list[ContactCard] = []
        self.release_id: int | None = None  # the stored release shown, while its text is unchanged
        self.source = ""  # the file name the text came from
        self.last_message = ""
        self._loading = False
        self._loaded = False
        self.read_only = False  # set by the window (team.py) for a read-only database
        self._lookups = 0  # a newer lookup of known people makes older results stale
        self._wanted: int | None = None
        self._signatures: list[tuple[object, ...]] = []
        self._init_list()
        self._init_text()
        self._init_side()
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.setObjectName("releaseBody")
        body.addWidget(self._text_column)
        body.addWidget(self._side)
        body.setSizes([720, 420])
        body.setChildrenCollapsible(False)
        self.body = body
        self.addWidget(self._list_column)
        self.addWidget(body)
        self.setSizes([150, 650])
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_DELAY_MS)
        self._timer.timeout.connect(self.recheck)
        self.editor.textChanged.connect(self._on_text_changed)
        self.open_button.clicked.connect(self._choose_file)
        self.new_button.clicked.connect(self.new_release)
        self.edit_button.clicked.connect(self.edit_release)
        self.save_button.clicked.connect(self.save_release)
        # Ctrl+S while the focus is anywhere on this page (a QShortcut, not a window action).
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save_release)
        self.findings.currentItemChanged.connect(self._go_to_finding)
        self.list.selectionModel().currentRowChanged.connect(self._on_current_release)
        self._update_state()

    # -- set-up -----------------------------------------------------------------------------------
    def _init_list(self) -> None:
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        heading = QLabel("Stored &releases", column)
        self.model = ReleasesModel(self.db, self)
        self.list = QTableView(column)
        self.list.setObjectName("releasesList")
        self.list.setAccessibleName("Stored releases")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setTabKeyNavigation(False)
        self.list.verticalHeader().setVisible(False)
        self.list.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (DATE, REGION, STATUS, CONTACTS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        assert len(COLUMNS) == 5
        heading.setBuddy(self.list)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        self._list_column = column

    def _init_text(self) -> None:
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.new_button = QPushButton(icon("new"), "&New release", column)
        self.new_button.setObjectName("newRelease")
        self.new_button.setAccessibleName("New release")
        self.new_button.setToolTip("An empty page to paste a release into")
        self.open_button = QPushButton(icon("releases"), "&Open file…", column)
        self.open_button.setObjectName("openRelease")
        self.open_button.setAccessibleName("Open a release file")
        self.open_button.setToolTip("Open a release (.txt, .md, .html, .docx, .pdf, .eml); dropping a file works too")
        self.edit_button = QPushButton(icon("edit"), "E&dit text", column)
        self.edit_button.setObjectName("editRelease")
        self.edit_button.setAccessibleName("Edit the release text")
        self.edit_button.setToolTip("Change the stored text; saving stores the changed text as a new release")
        self.save_button = QPushButton("&Save release", column)
        self.save_button.setObjectName("saveRelease")
        self.save_button.setAccessibleName("Save release")
        self.save_button.setToolTip("Store the release and add or link its media contacts (Ctrl+S)")
        for button in (self.new_button, self.open_button, self.edit_button, self.save_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.state_label = QLabel(column)
        self.state_label.setObjectName("releaseState")
        self.state_label.setAccessibleName("Release state")
        self.state_label.setWordWrap(True)
        self.summary = QLabel("Paste a press release, open one, or drop a file here.", column)
        self.summary.setObjectName("releaseSummary")
        self.summary.setAccessibleName("Release check summary")
        layout.addWidget(self.state_label)
        layout.addWidget(self.summary)
        self.editor = ReleaseEditor(self)
        self.editor.setParent(column)
        self.editor.setObjectName("releaseText")
        self.editor.setAccessibleName("Release text")
        self.editor.setPlaceholderText("Paste the release text here…")
        self.editor.setTabChangesFocus(True)
        self.editor.viewport().setMouseTracking(True)
        self.editor.viewport().installEventFilter(self)
        layout.addWidget(self.editor, 1)
        self._text_column = column

    def _init_side(self) -> None:
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.setObjectName("releaseSide")
        top = QWidget(side)
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        heading = QLabel("&Media contacts", top)
        layout.addWidget(heading)
        self.contacts_panel = QScrollArea(top)
        self.contacts_panel.setObjectName("releaseContacts")
        self.contacts_panel.setAccessibleName("Media contacts in the release")
        self.contacts_panel.setWidgetResizable(True)
        self.contacts_panel.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contacts_panel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget(self.contacts_panel)
        inner.setObjectName("releaseContactsInner")
        self._cards_holder = inner
        self._cards_layout = QVBoxLayout(inner)
        self._cards_layout.setContentsMargins(2, 2, 2, 2)
        self._cards_layout.setSpacing(6)
        self.no_contacts = QLabel("No media contacts found yet.", inner)
        self.no_contacts.setWordWrap(True)
        self.no_contacts.setEnabled(False)
        self._cards_layout.addWidget(self.no_contacts)
        self._cards_layout.addStretch(1)
        self.contacts_panel.setWidget(inner)
        heading.setBuddy(self.contacts_panel)
        layout.addWidget(self.contacts_panel, 1)
        bottom = QWidget(side)
        layout = QVBoxLayout(bottom)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        found = QLabel("&Found in the text (choose one to go there)", bottom)
        layout.addWidget(found)
        self.findings = QListWidget(bottom)
        self.findings.setObjectName("releaseFindings")
        self.findings.setAccessibleName("Contacts and problems found")
        self.findings.setWordWrap(True)
        found.setBuddy(self.findings)
        layout.addWidget(self.findings, 1)
        side.addWidget(top)
        side.addWidget(bottom)
        side.setSizes([400, 200])
        side.setChildrenCollapsible(False)
        self._side = side

    # -- read-only (team.py) ----------------------------------------------------------------------------
    def write_widgets(self) -> list[QWidget]:
        """What stores or changes data: Save release and each card's Add / Link (New, Open, Edit text and
        Show in Contacts only check and look)."""
        widgets: list[QWidget] = [self.save_button]
        for card in self.cards:
            widgets += [card.add_button, card.link_button]
        return widgets

    def set_read_only(self, on: bool) -> None:
        """Releases can still be opened and checked; nothing is stored (Ctrl+S is refused too)."""
        self.read_only = on
        for card in self.cards:
            card.set_read_only(on)
        self.save_button.setEnabled(self.db is not None and not on)
        if on:
            self.save_button.setToolTip(READ_ONLY_NOTE)

    def _refused(self) -> bool:
        if self.read_only:
            self.say(READ_ONLY_NOTE)
        return self.read_only

    # -- the list of stored releases ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload_list()
        elif self.check is not None:
            self._look_up_known()  # people may have been added or deleted on the Contacts page

    @guarded
    def reload_list(self) -> None:
        """Re-read the stored releases, keeping the selected one."""
        keep = self.release_id
        self.list.selectionModel().blockSignals(True)
        try:
            self.model.reload()
            row = self.model.row_of_id(keep) if keep is not None else -1
            if row >= 0:
                self.list.selectRow(row)
        finally:
            self.list.selectionModel().blockSignals(False)

    @guarded
    def _on_current_release(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None and row.id != self.release_id:
            self.show_release(row.id)

    @guarded
    def show_release(self, release_id: int) -> None:
        """Load a stored release (off the GUI thread) into the editor, read-only until Edit."""
        if self.db is None:
            return
        db = self.db
        self._wanted = release_id

        def show(detail: ReleaseDetail) -> None:
            if self._wanted != detail.id:
                return  # another release was chosen meanwhile
            self._loading = True
            try:
                self.editor.setPlainText(detail.body)
            finally:
                self._loading = False
            self.release_id = detail.id
            self.source = detail.source_file
            self.editor.setReadOnly(True)
            self.recheck()
            self._update_state(detail.title)

        run_task(lambda: release_import.get_release(db, release_id), show)

    def select_release(self, release_id: int) -> None:
        row = self.model.row_of_id(release_id)
        if row >= 0:
            self.list.selectRow(row)
            self.list.scrollTo(self.model.index(row, 0))

    # -- new, edit, save ------------------------------------------------------------------------------
    @guarded
    def new_release(self) -> None:
        self._forget_release()
        self.source = ""
        self.editor.clear()
        self.recheck()
        self._update_state()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    @guarded
    def edit_release(self) -> None:
        self.editor.setReadOnly(False)
        self._update_state()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forget_release(self) -> None:
        """Nothing stored is shown any more (a new text, a file, or the stored text was changed)."""
        self._wanted = None
        self.release_id = None
        self.editor.setReadOnly(False)
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        try:
            self.list.clearSelection()
            selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.NoUpdate)
        finally:
            selection.blockSignals(False)

    @guarded
    def _on_text_changed(self) -> None:
        self._timer.start()
        if not self._loading and self.release_id is not None:
            self.release_id = None
            self._update_state()

    def _update_state(self, title: str = "") -> None:
        stored = self.release_id is not None
        self.edit_button.setEnabled(self.editor.isReadOnly())
        # A read-only text sits on the window colour, an editable one on the usual base (system palette).
        palette = self.editor.palette()
        palette.setColor(QPalette.ColorRole.Base, self.palette().color(
            QPalette.ColorRole.Window if self.editor.isReadOnly() else QPalette.ColorRole.Base))
        self.editor.setPalette(palette)
        self.save_button.setEnabled(self.db is not None and not self.read_only)
        if stored and self.editor.isReadOnly():
            name = f"“{title}”" if title else "This release"
            text = f"{name} is stored · read-only — Edit text to change it"
        elif self.read_only:
            text = "Checking only — the database is read-only for you, so nothing can be saved"
        elif stored:
            text = "Stored release · editing — Save release stores a changed text as a new release"
        elif self.source and self._wanted is None and self.editor.toPlainText():
            text = f"From {self.source} — not stored yet: Save release (Ctrl+S) stores it"
        else:
            text = "New release — paste it here, then Save release (Ctrl+S)"
        self.state_label.setText(text)

    @guarded
    def save_release(self) -> None:
        """Store the release shown (off the GUI thread); the list shows it and the status bar what it did."""
        if self.db is None or not self.save_button.isEnabled() or self._refused():  # not while a save is under way
            return
        if self._timer.isActive() or self.check is None:
            self.recheck()
        text = self.editor.toPlainText()
        if not text.strip() or self.check is None:
            self.say("Nothing to save: the release is empty")
            return
        db, check, source = self.db, self.check, self.source or "pasted release"
        self.save_button.setEnabled(False)
        self.say("Saving the release…", 0)

        def done(result: ReleaseImportReport) -> None:
            self.save_button.setEnabled(not self.read_only)
            self.model.reload()
            self.select_release(result.release_id)
            if result.created or result.linked or result.updated:
                self.contactsChanged.emit()
            self._look_up_known()
            self.say(report_text(result))

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(not self.read_only)
            self.say("The release was not saved")
            report(error)

        run_task(lambda: release_import.store_release(db, text, check, source, None), done, failed)

    def say(self, text: str, timeout: int = 10000) -> None:
        """A message in the window's status bar (and kept for tests)."""
        self.last_message = text
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, timeout)

    # -- checking -----------------------------------------------------------------------------
    @guarded
    def recheck(self) -> None:
        self._timer.stop()
        text = self.editor.toPlainText()
        if not text.strip():
            self.check, self.marks = None, []
            self.editor.setExtraSelections([])
            self.findings.clear()
            self.summary.setText("Paste a press release, open one, or drop a file here.")
            self._fill_contacts([])
            return
        self.check = parse_release(text)
        self.marks = marks_of(self.check, text)
        self.editor.setExtraSelections([self._selection(m) for m in self.marks])
        self._fill_findings(self.check)
        self._fill_contacts(self.check.media_contacts)

    def _selection(self, mark: Mark) -> QTextEdit.ExtraSelection:
        palette = self.editor.palette()
        fmt = QTextCharFormat()
        if mark.kind == "problem":
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(ERROR_RED)
        else:
            role = QPalette.ColorRole.Highlight if mark.kind == "contact" else QPalette.ColorRole.Link
            tint = QColor(palette.color(role))
            tint.setAlpha(45 if mark.kind != "contact" else 70)
            fmt.setBackground(tint)
            if mark.kind == "contact":
                fmt.setFontWeight(700)
        fmt.setToolTip(mark.message)
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _fill_findings(self, check: ReleaseCheck) -> None:
        self.findings.clear()
        for contact in check.media_contacts:
            who = ", ".join(x for x in (contact.name, contact.title, contact.organization) if x) or "(no name)"
            self._finding(icon("contacts"), who, contact.name_span or contact.span)
            for email in contact.emails:
                status = ("invalid" if not email.valid else "warning" if email.suggestion else "valid")
                extra = f" — {email.message}" if email.message else ""
                self._finding(icon(status), f"    {email.normalized or email.raw}{extra}", email.span)
            for phone in contact.phones:
                shown = format_international(phone.e164, phone.extension) if phone.e164 else phone.raw
                extra = f" — {phone.message}" if phone.message else ""
                self._finding(icon("valid" if phone.valid else "invalid"), f"    {shown} ({phone.kind}){extra}",
                              phone.span)
        for problem in check.problems:
            self._finding(icon("warning"), problem.message, problem.span)
        people = len(check.media_contacts)
        self.summary.setText(f"{people} media contact{'s' if people != 1 else ''} · "
                             f"{len(check.problems)} problem{'s' if len(check.problems) != 1 else ''}"
                             + (f" · region {check.region}" if check.region else ""))

    def _finding(self, item_icon: object, text: str, span: tuple[int, int]) -> None:
        item = QListWidgetItem(item_icon, text.replace("\n", " "), self.findings)  # type: ignore[call-overload]
        item.setData(Qt.ItemDataRole.UserRole, span)
        item.setToolTip(text)

    @guarded
    def _go_to_finding(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        start, end = current.data(Qt.ItemDataRole.UserRole)
        pos = _Utf16(self.editor.toPlainText())
        cursor = self.editor.textCursor()
        cursor.setPosition(pos(start))
        cursor.setPosition(pos(end), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def message_at(self, position: int) -> str:
        """The messages of the marks covering a document position (what hovering shows)."""
        return "\n".join(m.message for m in self.marks if m.start <= position < m.end and m.message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.editor.cursorForPosition(event.pos()).position()
            text = self.message_at(position)
            if text:
                QToolTip.showText(event.globalPos(), text, self.editor.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    # -- media contacts ------------------------------------------------------------------------------
    def _fill_contacts(self, contacts: list[MediaContact]) -> None:
        """Cards for the extracted contacts; kept (with their focus) while typing does not change them."""
        signatures = [_signature(c) for c in contacts]
        if signatures == self._signatures and len(self.cards) == len(contacts):
            for card, contact in zip(self.cards, contacts, strict=True):
                card.contact = contact  # the same person; only the spans moved
        else:
            for card in self.cards:
                self._cards_layout.removeWidget(card)
                card.hide()
                card.deleteLater()
            self.cards = []
            self._signatures = signatures
            for index, contact in enumerate(contacts):
                card = ContactCard(contact, self._cards_holder, read_only=self.read_only)
                card.add_button.clicked.connect(lambda _checked=False, c=card: self.add_contact(c))
                card.link_button.clicked.connect(lambda _checked=False, c=card: self.ask_link(c))
                card.show_button.clicked.connect(lambda _checked=False, c=card: self.show_known(c))
                self._cards_layout.insertWidget(index, card)
                card.show()  # now, not when the layout's queued show arrives
                self.cards.append(card)
            self._set_tab_order()
        self.no_contacts.setVisible(not contacts)
        self.no_contacts.setText("No media contacts found yet." if self.check is None else
                                 "No media contacts found: a release usually ends with a “Media contact” block.")
        self._look_up_known()

    def _set_tab_order(self) -> None:
        """Tab goes from the text through each card's buttons to the findings (hidden buttons are skipped)."""
        previous: QWidget = self.editor
        for card in self.cards:
            for button in (card.show_button, card.add_button, card.link_button):
                QWidget.setTabOrder(previous, button)
                previous = button
        QWidget.setTabOrder(previous, self.findings)

    def _look_up_known(self) -> None:
        """Which of the extracted contacts are already stored (off the GUI thread)."""
        self._lookups += 1
        if self.db is None or not self.cards:
            for card in self.cards:
                card.set_known(None)
            return
        number, db = self._lookups, self.db
        contacts = [card.contact for card in self.cards]
        cards = list(self.cards)

        def show(found: list[Known]) -> None:
            if number != self._lookups:
                return  # the text or the contacts changed meanwhile
            for card, known in zip(cards, found, strict=True):
                card.set_known(known)

        run_task(lambda: look_up_known(db, contacts), show)

    def _region(self) -> str | None:
        return self.check.region if self.check is not None else None

    @guarded
    def add_contact(self, card: ContactCard) -> None:
        """"Add to contacts": a new person from the card; Ctrl+Z moves them to the trash."""
        if self.db is None or card.known is not None or self._refused():
            return
        who = who_of(card.contact)
        person = release_import.add_media_contact(self.db, card.contact, self.source or "pasted release",
                                                  self._region(), self.release_id)
        if self.undo_stack is not None:
            self.undo_stack.push(commands.CreateContact(self.db, person, who, self._after_undo_step))
        card.set_known((person, who))
        self.contactsChanged.emit()
        self._look_up_known()
        self.say(f"Added {who} to contacts" + (" — Ctrl+Z moves them to the trash" if self.undo_stack else ""))
        card.show_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _after_undo_step(self) -> None:
        """Called by the undo stack (from C++) after undoing or redoing an Add."""
        try:
            self.contactsChanged.emit()
            self._look_up_known()
        except Exception as error:
            report(error)

    @guarded
    def ask_link(self, card: ContactCard) -> None:
        """"Link to existing…": pick a person; the release's addresses and numbers are added to them."""
        if self.db is None or self._refused():
            return
        contact = card.contact
        query = contact.name or (contact.emails[0].raw if contact.emails else "")
        dialog = PersonPicker(self.db, who_of(contact), query, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(guarded(lambda person: self.link_contact(card, person)))
        self.picker = dialog
        dialog.open()

    @guarded
    def link_contact(self, card: ContactCard, person_id: int) -> None:
        if self.db is None or self._refused():
            return
        who = who_of(card.contact)
        changed = release_import.link_media_contact(self.db, card.contact, person_id,
                                                    self.source or "pasted release", self._region(),
                                                    self.release_id)
        name = contact_service.get_contact(self.db, person_id).display_name
        self.contactsChanged.emit()
        self._look_up_known()
        what = "added the release's details" if changed else "nothing new to add"
        stored = " and to this release" if self.release_id is not None else ""
        self.say(f"Linked {who} to {name}{stored}: {what} (this cannot be undone)")

    @guarded
    def show_known(self, card: ContactCard) -> None:
        if card.known is not None:
            self.showContact.emit(card.known[0])

    # -- files ----------------------------------------------------------------------------------
    @guarded
    def _choose_file(self) -> None:
        dialog = QFileDialog(self, "Open release")
        dialog.setObjectName("openReleaseDialog")
        dialog.setNameFilter("Releases (*.txt *.md *.html *.htm *.docx *.pdf *.eml);;All files (*)")
        dialog.fileSelected.connect(guarded(self.open_file))
        dialog.open()

    @guarded
    def open_file(self, path: str) -> None:
        """Read the file off the GUI thread, then show and check it."""
        self.summary.setText(f"Reading {Path(path).name}…")

        def show(text: str) -> None:
            self._forget_release()
            self.source = Path(path).name
            self.editor.setPlainText(text)
            self.recheck()
            self._update_state()

        run_task(lambda: read_release_text(path), show)
