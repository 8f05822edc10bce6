"""A person's outreach timeline in the contact details (newest first, with release and notes), and the
buttons under the details: Log… for that person, Export everything held… (JSON) and Erase person…

Imports of the pages happen inside methods: detail_view.py imports this module, and the pages
import the contacts page, which imports detail_view.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QWidget,
)

from outreach.gui.errors import guarded
from outreach.gui.worker import run_task
from outreach.services import gui_lists, privacy
from outreach.services import outreach_log as log_service
from outreach.services.outreach_log import EventRow
from outreach.store.database import Database

TIMELINE_SHOWN = 30
READ_ONLY_NOTE = "The database is read-only for you: nothing can be changed"


def kind_text(kind: str) -> str:
    return kind.replace("_", " ")


def when_text(at: datetime | None) -> str:
    """A stored (UTC) time in the computer's local time."""
    if at is None:
        return ""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return f"{aware.astimezone():%Y-%m-%d %H:%M}"


def event_line(e: EventRow) -> str:
    head = f"<b>{escape(when_text(e.occurred_at))}</b> · {escape(kind_text(e.kind))}"
    if e.release_title:
        head += f" · <i>{escape(e.release_title)}</i>"
    if e.send_list:
        head += f" · list {escape(e.send_list)}"
    extra = [escape(x) for x in (e.notes, e.url) if x]
    return head + "".join(f"<br>&nbsp;&nbsp;&nbsp;{x}" for x in extra)


def timeline_html(events: Sequence[EventRow], shown: int = TIMELINE_SHOWN) -> str:
    """The Outreach section of the details: events newest first (as given)."""
    if not events:
        return "<h4>Outreach</h4><p><small><i>Nothing logged yet.</i></small></p>"
    lines = [event_line(e) for e in events[:shown]]
    if len(events) > shown:
        lines.append(f"<i>and {len(events) - shown:,} earlier (Outreach log page)</i>")
    return f"<h4>Outreach ({len(events):,})</h4><p><small>{'<br>'.join(lines)}</small></p>"


class PersonBar(QWidget):
    """Buttons in a strip under a details pane (in its viewport margin), for the person shown."""

    logRequested = Signal(int, str)
    exportRequested = Signal(int, str)
    eraseRequested = Signal(int, str)

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self.setObjectName("personActions")
        self.setAccessibleName("Actions for this person")
        self._area = area
        self.contact_id: int | None = None
        self.contact_name = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 3)
        layout.setSpacing(4)
        self.log_button = self._button("&Log…", "timelineLogButton", "Log a send, reply or coverage for this person",
                                       self.logRequested)
        self.export_button = self._button("E&xport Data…", "exportPersonButton",
                                          "Export everything held about this person (JSON)", self.exportRequested)
        self.erase_button = self._button("Erase…", "erasePersonButton",
                                         "Erase this person for good (a privacy request)", self.eraseRequested)
        layout.addWidget(self.log_button)
        layout.addStretch(1)
        layout.addWidget(self.export_button)
        layout.addWidget(self.erase_button)
        area.installEventFilter(self)
        self.setVisible(False)

    def _button(self, text: str, name: str, tip: str, signal: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(guarded(lambda: self.contact_id is not None
                                       and signal.emit(self.contact_id, self.contact_name)))
        return button

    def show_for(self, contact_id: int | None, name: str = "") -> None:
        self.contact_id, self.contact_name = contact_id, name
        on = contact_id is not None
        self.setVisible(on)
        height = self.sizeHint().height() if on else 0
        self._area.setViewportMargins(0, 0, 0, height)
        self._place()

    def _place(self) -> None:
        rect = self._area.contentsRect()
        height = self.sizeHint().height()
        self.setGeometry(rect.left(), rect.bottom() - height + 1, rect.width(), height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._area and event.type() == QEvent.Type.Resize:
            self._place()
        return False


class PersonActions(QObject):
    """What the person bar's buttons do: log, export everything held, erase (confirmed).

    On a read-only database (the window's team controller, team.py, knows) logging and erasing refuse
    with a line in the status bar, however they are reached; the buttons are greyed out as well.
    """

    def __init__(self, db: Database, parent: QWidget, changed: Callable[[], None],
                 say: Callable[[str], None], undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._window = parent
        self._changed = changed
        self._say = say
        self._undo_stack = undo_stack
        self.dialog: Any = None

    def attach(self, bar: PersonBar) -> None:
        bar.logRequested.connect(self.log_person)
        bar.exportRequested.connect(self.export_person)
        bar.eraseRequested.connect(self.erase_person)

    def events(self, contact_id: int) -> list[EventRow]:
        return log_service.timeline(self.db, contact_id, TIMELINE_SHOWN + 1)

    def _refused(self) -> bool:
        """True (and says so) when the database is read-only: each writing slot checks this first."""
        team = getattr(self._window, "team", None)  # made after the pages: absent while the window is built
        read_only = bool(getattr(team, "read_only", False))
        if read_only:
            self._say(READ_ONLY_NOTE)
        return read_only

    @guarded
    def log_person(self, contact_id: int, name: str = "") -> QWidget | None:
        from outreach.gui.log_page import LogDialog

        if self._refused():
            return None
        dialog = LogDialog(self.db, self._window, contact_id=contact_id, contact_name=name,
                           releases=gui_lists.releases(self.db))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(guarded(lambda text: self._done(f"{text} for {name}")))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _done(self, text: str) -> None:
        self._say(text)
        self._changed()

    @guarded
    def export_person(self, contact_id: int, name: str = "", path: str | None = None) -> None:
        """Everything held about the person as a JSON file (asks where unless `path` is given)."""
        if not path:
            dialog = QFileDialog(self._window, f"Export everything held about {name}",
                                 f"{name or contact_id}.json".replace("/", "-"), "JSON (*.json)")
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setObjectName("exportPersonDialog")
            dialog.fileSelected.connect(guarded(lambda chosen: self.export_person(contact_id, name, chosen)))
            self.dialog = dialog
            dialog.open()
            return
        db, target = self.db, path
        run_task(lambda: privacy.export_person(db, contact_id, target),
                 guarded(lambda _data: self._say(f"Exported everything held about {name} to {Path(target).name}")))

    @guarded
    def erase_person(self, contact_id: int, name: str = "") -> QMessageBox | None:
        if self._refused():
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, "Erase person",
                          f"Erase {name or f'contact {contact_id}'} for good?", QMessageBox.StandardButton.Cancel,
                          self._window)
        box.setObjectName("erasePersonConfirm")
        box.setInformativeText("Their e-mail addresses, phones, outreach history and places on send-lists are "
                               "deleted and their addresses are never added again. This cannot be undone.")
        erase = box.addButton("Erase for good", QMessageBox.ButtonRole.DestructiveRole)
        erase.setObjectName("confirmEraseButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def finished(_result: int) -> None:
            if box.clickedButton() is erase:
                self.confirm_erase(contact_id, name)

        box.finished.connect(guarded(finished))
        self.dialog = box
        box.open()
        return box

    @guarded
    def confirm_erase(self, contact_id: int, name: str = "") -> None:
        if self._refused():
            return
        db = self.db
        self._say(f"Erasing {name}…")

        def done(_count: int) -> None:
            if self._undo_stack is not None:
                self._undo_stack.clear()  # steps may refer to the person
            if shiboken6.isValid(self):
                self._done(f"Erased {name} for good")

        run_task(lambda: privacy.erase(db, contact_id), guarded(done))
