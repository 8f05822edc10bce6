"""Undoable changes to contacts and organisations (QUndoStack commands).

Each change is carried out first (so the window can show e.g. a version conflict before anything
is pushed); the command is then pushed already applied, and only later redo() calls repeat it.
Undo of an edit writes the previous ContactInput (or OrgFields) back; undo of a delete restores
from the trash (or, for an organisation, with restore_org: same id, its people rejoin).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from outreach.domain.contact import ContactInput
from outreach.gui.errors import report
from outreach.services import contacts as contact_service
from outreach.services import gui_support
from outreach.store.database import Database
from outreach.store.orgs_write import DeletedOrg, OrgFields

Changed = Callable[[], None]


class ContactCommand(QUndoCommand):
    """Base of the window's commands: subclasses implement `_do` (redo) and `_undo`.

    Errors of either step and of the refresh afterwards (`changed`) are reported, never lost.
    """

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
            self._refresh()

    def _refresh(self) -> None:
        try:
            self._changed()
        except Exception as error:  # a failing refresh is reported like a failing step
            report(error)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


_ContactCommand = ContactCommand  # the old name (duplicates_dialog.py subclasses it)


class EditContact(ContactCommand):
    def __init__(self, db: Database, contact_id: int, before: ContactInput, after: ContactInput,
                 changed: Changed) -> None:
        super().__init__(f"Edit {after.name() or 'contact'}", db, changed)
        self._id, self._before, self._after = contact_id, before, after

    def _do(self) -> None:
        contact_service.edit_contact(self._db, self._id, self._after)

    def _undo(self) -> None:
        contact_service.edit_contact(self._db, self._id, self._before)


class CreateContact(ContactCommand):
    """Undo moves the new person to the trash; redo brings them back."""

    def __init__(self, db: Database, contact_id: int, name: str, changed: Changed) -> None:
        super().__init__(f"New contact {name}", db, changed)
        self._id = contact_id

    def _do(self) -> None:
        contact_service.restore(self._db, [self._id])

    def _undo(self) -> None:
        contact_service.trash(self._db, [self._id])


class TrashContacts(ContactCommand):
    def __init__(self, db: Database, ids: list[int], changed: Changed) -> None:
        super().__init__(f"Delete {len(ids)} contact{'s' if len(ids) != 1 else ''}", db, changed)
        self._ids = list(ids)

    def _do(self) -> None:
        contact_service.trash(self._db, self._ids)

    def _undo(self) -> None:
        contact_service.restore(self._db, self._ids)


class RestoreContacts(ContactCommand):
    def __init__(self, db: Database, ids: list[int], changed: Changed) -> None:
        super().__init__(f"Restore {len(ids)} contact{'s' if len(ids) != 1 else ''}", db, changed)
        self._ids = list(ids)

    def _do(self) -> None:
        contact_service.restore(self._db, self._ids)

    def _undo(self) -> None:
        contact_service.trash(self._db, self._ids)


class BulkChange(ContactCommand):
    """A bulk action (add a beat, mark do-not-contact), undone for exactly the people it changed."""

    def __init__(self, text: str, db: Database, change: gui_support.BulkChange, changed: Changed) -> None:
        super().__init__(text, db, changed)
        self._change = change

    def _do(self) -> None:
        gui_support.redo(self._db, self._change)

    def _undo(self) -> None:
        gui_support.undo(self._db, self._change)


# -- organisations ---------------------------------------------------------------------------------

class CreateOrg(ContactCommand):
    """Undo deletes the new organisation; redo brings it back with the same id."""

    def __init__(self, db: Database, org_id: int, name: str, changed: Changed) -> None:
        super().__init__(f"New organisation {name}", db, changed)
        self._id = org_id
        self._deleted: DeletedOrg | None = None

    def _do(self) -> None:
        if self._deleted is not None:
            contact_service.restore_org(self._db, self._deleted)
            self._deleted = None

    def _undo(self) -> None:
        self._deleted = contact_service.delete_org(self._db, self._id)


class EditOrg(ContactCommand):
    """Undo writes the fields as they were before the edit back; redo the edited ones."""

    def __init__(self, db: Database, org_id: int, before: OrgFields, after: OrgFields, changed: Changed) -> None:
        super().__init__(f"Edit organisation {after.name}", db, changed)
        self._id, self._before, self._after = org_id, before, after

    def _do(self) -> None:
        contact_service.edit_org(self._db, self._id, self._after)

    def _undo(self) -> None:
        contact_service.edit_org(self._db, self._id, self._before)


class DeleteOrg(ContactCommand):
    """Undo restores the organisation (same id, its people rejoin); redo deletes it again."""

    def __init__(self, db: Database, deleted: DeletedOrg, changed: Changed) -> None:
        super().__init__(f"Delete organisation {deleted.fields.name}", db, changed)
        self._deleted = deleted

    def _do(self) -> None:
        self._deleted = contact_service.delete_org(self._db, self._deleted.id)

    def _undo(self) -> None:
        contact_service.restore_org(self._db, self._deleted)
