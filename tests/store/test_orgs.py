"""Organisations: renaming follows through to their people; deleting keeps the people and undoes."""

import pytest

from outreach.domain.contact import ContactInput
from outreach.errors import UserError
from outreach.services import contacts
from outreach.store.database import Database
from outreach.store.errors import ConflictError
from outreach.store.orgs_write import OrgFields


def test_renaming_an_organisation_updates_its_people_and_search(db: Database) -> None:
    ann = contacts.add_contact(db, ContactInput(display_name="Ann Lee", organization="Metro Wire"))
    assert ann.organization_id is not None
    fields, version = contacts.org_fields(db, ann.organization_id)
    renamed = contacts.edit_org(db, ann.organization_id, OrgFields("Metro Wire Service", "outlet", "metrowire.example",
                                                                  "us", fields.notes), version)
    assert (renamed.name, renamed.kind, renamed.country) == ("Metro Wire Service", "outlet", "US")
    assert [r.organization for r in contacts.search(db, "wire service")] == ["Metro Wire Service"]
    with pytest.raises(ConflictError):
        contacts.edit_org(db, ann.organization_id, OrgFields("Old"), version)
    with pytest.raises(UserError, match="kind"):
        contacts.edit_org(db, ann.organization_id, OrgFields("X", kind="newspaper"))


def test_deleting_keeps_the_people_and_undo_brings_it_back(db: Database) -> None:
    ann = contacts.add_contact(db, ContactInput(display_name="Ann Lee", organization="Metro Wire"))
    bo = contacts.add_contact(db, ContactInput(display_name="Bo Li", organization="Metro Wire"))
    assert ann.organization_id is not None
    deleted = contacts.delete_org(db, ann.organization_id)
    assert contacts.list_orgs(db) == []
    assert contacts.get_contact(db, bo.id).organization == ""
    assert contacts.search(db, "org:metro") == []
    contacts.restore_org(db, deleted)
    (org,) = contacts.list_orgs(db)
    assert (org.id, org.name, org.people) == (ann.organization_id, "Metro Wire", 2)
    assert [r.name for r in contacts.search(db, "org:metro")] == ["Ann Lee", "Bo Li"]
