"""The audit trail: every change to a person says who, what and when."""

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts, gui_support
from outreach.services.editing import input_from_detail
from outreach.store.database import Database


def test_create_edit_trash_restore_and_bulk_changes_are_recorded(db: Database) -> None:
    ann = contacts.add_contact(db, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
    data = input_from_detail(ann)
    data.title = "Editor"
    data.emails.append(EmailInput("ann.lee@y.example"))
    contacts.edit_contact(db, ann.id, data)
    contacts.trash(db, [ann.id])
    contacts.restore(db, [ann.id])
    gui_support.add_beat(db, [ann.id], "climate")

    rows = contacts.history(db, ann.id)
    assert [r.action for r in rows] == ["bulk", "restore", "trash", "update", "create"]
    update = rows[3]
    assert update.changes["title"] == ["", "Editor"]
    assert update.changes["emails"] == [["ann@x.example"], ["ann@x.example", "ann.lee@y.example"]]
    assert rows[4].changes["display_name"] == [None, "Ann Lee"]
    assert all(r.actor == db.actor for r in rows) and db.actor


def test_saving_without_a_change_records_nothing(db: Database) -> None:
    ann = contacts.add_contact(db, ContactInput(display_name="Ann Lee"))
    contacts.edit_contact(db, ann.id, input_from_detail(ann))
    assert [r.action for r in contacts.history(db, ann.id)] == ["create"]
