"""Undoable changes to contacts (QUndoStack commands).

Each change is carried out first (so the window can show e.g. a version conflict before anything
is pushed); the command is then pushed already applied, and only later redo() calls repeat it.
Undo of an edit writes the previous ContactInput back; undo of a delete restores from the trash.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from outreach.domain.contact import ContactInput
from outreach.gui.errors import report
from outreach.services import contacts as contact_service
from outreach.services import gui_support
from outreach.store.database import Database

Changed = Callable[[], None]


class _ContactCommand(QUndoCommand):
    def __init__(self, text: str, db: Database, changed: Changed) -> None:
        super().__init__(text)
        self._db = db
        self._changed = changed
        self._applied = True  # the first redo() (from QUndoStack.push) is the change already made

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], None]) -> None:
        # Called from C++ (QUndoStack): an exception here would be printed and lost.
        try:
            step()
        except Exception as error:
            report(error)
        finally:
            self._changed()

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class EditContact(_ContactCommand):
    def __init__(self, db: Database, contact_id: int, before: ContactInput, after: ContactInput,
                 changed: Changed) -> None:
        super().__init__(f"Edit {after.name() or 'contact'}", db, changed)
        self._id, self._before, self._after = contact_id, before, after

    def _do(self) -> None:
        contact_service.edit_contact(self._db, self._id, self._after)

    def _undo(self) -> None:
        contact_service.edit_contact(self._db, self._id, self._before)


class CreateContact(_ContactCommand):
    """Undo moves the new person to the trash; redo brings them back."""

    def __init__(self, db: Database, contact_id: int, name: str, changed: Changed) -> None:
        super().__init__(f"New contact {name}", db, changed)
        self._id = contact_id

    def _do(self) -> None:
        contact_service.restore(self._db, [self._id])

    def _undo(self) -> None:
        contact_service.trash(self._db, [self._id])


class TrashContacts(_ContactCommand):
    def __init__(self, db: Database, ids: list[int], changed: Changed) -> None:
        super().__init__(f"Delete {len(ids)} contact{'s' if len(ids) != 1 else ''}", db, changed)
        self._ids = list(ids)

    def _do(self) -> None:
        contact_service.trash(self._db, self._ids)

    def _undo(self) -> None:
        contact_service.restore(self._db, self._ids)


class RestoreContacts(_ContactCommand):
    def __init__(self, db: Database, ids: list[int], changed: Changed) -> None:
        super().__init__(f"Restore {len(ids)} contact{'s' if len(ids) != 1 else ''}", db, changed)
        self._ids = list(ids)

    def _do(self) -> None:
        contact_service.restore(self._db, self._ids)

    def _undo(self) -> None:
        contact_service.trash(self._db, self._ids)


class BulkChange(_ContactCommand):
    """A bulk action (add a beat, mark do-not-contact), undone for exactly the people it changed."""

    def __init__(self, text: str, db: Database, change: gui_support.BulkChange, changed: Changed) -> None:
        super().__init__(text, db, changed)
        self._change = change

    def _do(self) -> None:
        gui_support.redo(self._db, self._change)

    def _undo(self) -> None:
        gui_support.undo(self._db, self._change)
