"""Use cases the desktop window needs beyond :mod:`outreach.services.contacts`.

Each function opens its own unit of work and returns plain values; the GUI never sees a Session.
Bulk changes run in one transaction and return what each contact looked like before, so the
window can undo them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from outreach.domain.contact import ContactInput
from outreach.services.editing import input_from_detail
from outreach.settings import default_region
from outreach.store import contacts_write
from outreach.store.database import Database
from outreach.store.models import ROLES
from outreach.store.queries import contacts as contact_queries
from outreach.store.queries import orgs as org_queries

Snapshot = dict[int, ContactInput]

__all__ = ["ROLES", "Snapshot", "add_beat", "changed_inputs", "mark_do_not_contact", "org_names", "put_back"]


def org_names(db: Database) -> list[str]:
    """All organisation names, for the editor's completer."""
    with db.read() as session:
        return [o.name for o in org_queries.list_orgs(session, "", None)]


def _change_each(db: Database, ids: Iterable[int], change: Callable[[ContactInput], bool]) -> Snapshot:
    """Apply `change` to each contact's input; returns the inputs before, for those it changed."""
    before: Snapshot = {}
    region = default_region()
    with db.session() as session:
        for contact_id in ids:
            data = input_from_detail(contact_queries.get_contact(session, contact_id))
            original = input_from_detail(contact_queries.get_contact(session, contact_id))
            if change(data):
                contacts_write.update_contact(session, contact_id, data, region)
                before[contact_id] = original
    return before


def add_beat(db: Database, ids: Iterable[int], beat: str) -> Snapshot:
    beat = " ".join(beat.split())

    def change(data: ContactInput) -> bool:
        if not beat or beat.lower() in (t.lower() for t in data.tags):
            return False
        data.tags.append(beat)
        return True

    return _change_each(db, ids, change)


def mark_do_not_contact(db: Database, ids: Iterable[int], reason: str = "") -> Snapshot:
    def change(data: ContactInput) -> bool:
        if data.do_not_contact:
            return False
        data.do_not_contact, data.dnc_reason = True, reason
        return True

    return _change_each(db, ids, change)


def put_back(db: Database, snapshot: Snapshot) -> None:
    """Write the given inputs back (undo of a bulk change), in one transaction."""
    region = default_region()
    with db.session() as session:
        for contact_id, data in snapshot.items():
            contacts_write.update_contact(session, contact_id, data, region)


def changed_inputs(db: Database, ids: Iterable[int]) -> Snapshot:
    """The current inputs of some contacts (redo of a bulk change re-applies these)."""
    with db.read() as session:
        return {i: input_from_detail(contact_queries.get_contact(session, i)) for i in ids}
