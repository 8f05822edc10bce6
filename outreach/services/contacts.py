"""Contact and organisation use cases: each opens its own unit of work and returns plain rows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from outreach.domain.contact import ContactInput
from outreach.domain.query import parse_query
from outreach.settings import default_region
from outreach.store import audit, contacts_write, orgs_write
from outreach.store.audit import AuditRow
from outreach.store.database import Database
from outreach.store.orgs_write import DeletedOrg, OrgFields
from outreach.store.queries import contacts as contact_queries
from outreach.store.queries import orgs as org_queries
from outreach.store.queries.contacts import ContactDetail, ContactRow
from outreach.store.queries.orgs import OrgRow


def add_contact(db: Database, data: ContactInput, region: str | None = None) -> ContactDetail:
    read_region = region or default_region()

    def work(session: Session) -> ContactDetail:
        return contact_queries.get_contact(session, contacts_write.create_contact(session, data, read_region))

    return db.run(work)


def edit_contact(db: Database, contact_id: int, data: ContactInput, expected_version: int | None = None,
                 region: str | None = None) -> ContactDetail:
    read_region = region or default_region()

    def work(session: Session) -> ContactDetail:
        contacts_write.update_contact(session, contact_id, data, read_region, expected_version)
        return contact_queries.get_contact(session, contact_id)

    return db.run(work)


def get_contact(db: Database, contact_id: int) -> ContactDetail:
    with db.read() as session:
        return contact_queries.get_contact(session, contact_id)


def search(db: Database, text: str, *, sort: str = "name", descending: bool = False, offset: int = 0,
           limit: int | None = 200) -> list[ContactRow]:
    with db.read() as session:
        return contact_queries.list_contacts(session, parse_query(text), sort=sort, descending=descending,
                                             offset=offset, limit=limit)


def search_details(db: Database, text: str, limit: int | None = 200) -> list[ContactDetail]:
    with db.read() as session:
        rows = contact_queries.list_contacts(session, parse_query(text), limit=limit)
        return contact_queries.get_contacts(session, [r.id for r in rows])


def history(db: Database, contact_id: int) -> list[AuditRow]:
    """Who changed this person, what and when (newest first)."""
    with db.read() as session:
        contact_queries.get_contact(session, contact_id)  # a clear error for an unknown id
        return audit.history(session, "contact", contact_id)


def count(db: Database, text: str = "") -> int:
    with db.read() as session:
        return contact_queries.count_contacts(session, parse_query(text))


def trash(db: Database, ids: list[int]) -> int:
    return db.run(lambda session: contacts_write.trash_contacts(session, ids))


def restore(db: Database, ids: list[int]) -> int:
    return db.run(lambda session: contacts_write.restore_contacts(session, ids))


def empty_trash(db: Database) -> int:
    with db.session() as session:
        return contacts_write.empty_trash(session)


def add_org(db: Database, name: str, kind: str = "other", website: str = "", country: str = "",
            notes: str = "") -> OrgRow:
    with db.session() as session:
        org_id = contacts_write.create_org(session, name, kind, website, country, notes)
        return org_queries.get_org(session, org_id)


def list_orgs(db: Database, text: str = "", limit: int | None = 500) -> list[OrgRow]:
    with db.read() as session:
        return org_queries.list_orgs(session, text, limit)


def org_with_people(db: Database, org_id: int) -> tuple[OrgRow, list[ContactRow]]:
    with db.read() as session:
        return org_queries.get_org(session, org_id), contact_queries.rows_for_org(session, org_id)


def org_fields(db: Database, org_id: int) -> tuple[OrgFields, int]:
    """An organisation's editable fields and its version (for a save that detects conflicts)."""
    with db.read() as session:
        return orgs_write.fields_of(session, org_id)


def edit_org(db: Database, org_id: int, fields: OrgFields, expected_version: int | None = None) -> OrgRow:
    def work(session: Session) -> OrgRow:
        orgs_write.update_org(session, org_id, fields, expected_version)
        return org_queries.get_org(session, org_id)

    return db.run(work)


def delete_org(db: Database, org_id: int) -> DeletedOrg:
    """Delete an organisation; its people stay (without it). The result undoes it with restore_org."""
    return db.run(lambda session: orgs_write.delete_org(session, org_id))


def restore_org(db: Database, deleted: DeletedOrg) -> None:
    db.run(lambda session: orgs_write.restore_org(session, deleted))
