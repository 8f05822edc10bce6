"""Undoable changes to contacts, organisations and send-lists (QUndoStack commands).

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
from outreach.services import lists as list_service
from outreach.services.lists import DeletedList, RestoredList
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


# -- send-lists ------------------------------------------------------------------------------------

class DeleteSendList(ContactCommand):
    """Undo brings a deleted send-list back (services.lists.restore: same id and name, release, search,
    members with their chosen addresses and hand removals, the events logged through it linked again;
    people erased since stay out); redo deletes it again.

    The page deletes the list (off the GUI thread) and pushes this command when that is done. Undo and
    redo run on the GUI thread like every step of the stack, so steps undone in a row stay in order
    (e.g. this one, then a hand removal from the same list before it). `changed` gets the name of the
    list to show (None after a redo); `say` gets a line for the status bar. When a list of the same name
    was made meanwhile, undo restores this one as "NAME (restored)" rather than failing.
    """

    def __init__(self, db: Database, deleted: DeletedList, changed: Callable[[str | None], None],
                 say: Callable[[str], None]) -> None:
        super().__init__(f"Delete send-list {deleted.name}", db,
                         lambda: changed(None if self._deleted is not None else self._name))
        self._deleted: DeletedList | None = deleted  # None while the list is there (after an undo)
        self._name = deleted.name
        self._say = say

    @staticmethod
    def deleted_text(name: str, undoable: bool = True) -> str:
        return f"Deleted send-list “{name}”" + (" — Undo with Ctrl+Z" if undoable else "")

    @staticmethod
    def restored_text(old_name: str, restored: RestoredList) -> str:
        text = f"Restored send-list “{restored.name}”"
        if restored.name != old_name:
            text += f" (a list called “{old_name}” was made meanwhile)"
        if restored.skipped:
            one = restored.skipped == 1
            text += (f" — {restored.skipped:,} {'person' if one else 'people'} erased since "
                     f"{'was' if one else 'were'} left out")
        return text

    def _free_name(self, name: str) -> str:
        taken = {s.name for s in list_service.summaries(self._db)}
        if name not in taken:
            return name
        candidates = (f"{name} (restored{'' if n == 1 else f' {n}'})" for n in range(1, len(taken) + 2))
        return next(c for c in candidates if c not in taken)

    def _undo(self) -> None:
        deleted = self._deleted
        if deleted is None:  # a failed redo left the list where it was
            return
        restored = list_service.restore(self._db, deleted, self._free_name(deleted.name))
        self._deleted, self._name = None, restored.name
        self._say(self.restored_text(deleted.name, restored))

    def _do(self) -> None:
        if self._deleted is not None:  # a failed undo left the list deleted
            return
        self._deleted = list_service.delete(self._db, self._name)
        self._say(self.deleted_text(self._name))
