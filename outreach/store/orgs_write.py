"""Changing and deleting organisations (undoably), keeping their people's derived columns in step."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from outreach.errors import UserError
from outreach.store import audit
from outreach.store.errors import ConflictError, NotFoundError
from outreach.store.models import ORG_KINDS, Contact, Organization, table
from outreach.store.summaries import refresh_summaries
from outreach.store.types import utcnow


@dataclass(frozen=True, slots=True)
class OrgFields:
    name: str
    kind: str = "other"
    website: str = ""
    country: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class DeletedOrg:
    """What undoing a deletion needs: the organisation as it was and who worked there."""

    id: int
    fields: OrgFields
    member_ids: tuple[int, ...]


def checked_fields(fields: OrgFields) -> OrgFields:
    name = " ".join(fields.name.split())
    if not name:
        raise UserError("an organisation needs a name")
    if fields.kind not in ORG_KINDS:
        raise UserError(f"kind: {fields.kind!r} is not one of {', '.join(ORG_KINDS)}")
    country = fields.country.strip().upper()
    if country and len(country) != 2:
        raise UserError(f"country: {fields.country!r} is not a two-letter code")
    return OrgFields(name, fields.kind, fields.website.strip(), country, fields.notes)


def fields_of(session: Session, org_id: int) -> tuple[OrgFields, int]:
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFoundError(f"no organisation with id {org_id}")
    return OrgFields(org.name, org.kind, org.website, org.country, org.notes), org.version


def update_org(session: Session, org_id: int, fields: OrgFields, expected_version: int | None = None) -> int:
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFoundError(f"no organisation with id {org_id}")
    if expected_version is not None and org.version != expected_version:
        raise ConflictError("someone else changed this organisation since you opened it; reload and try again")
    clean = checked_fields(fields)
    before = OrgFields(org.name, org.kind, org.website, org.country, org.notes)
    org.name, org.kind, org.website, org.country, org.notes = (
        clean.name, clean.kind, clean.website, clean.country, clean.notes)
    org.updated_at = utcnow()
    session.flush()
    if before.name != clean.name:  # the people's organisation column and search text follow the name
        refresh_summaries(session, session.scalars(select(Contact.id).where(Contact.organization_id == org_id)))
    changes = {k: [getattr(before, k), getattr(clean, k)] for k in OrgFields.__slots__
               if getattr(before, k) != getattr(clean, k)}
    if changes:
        audit.record(session, "organization", [org_id], "update", changes)
    return org.version


def delete_org(session: Session, org_id: int) -> DeletedOrg:
    fields, _version = fields_of(session, org_id)
    members = tuple(session.scalars(select(Contact.id).where(Contact.organization_id == org_id).order_by(Contact.id)))
    session.execute(update(Contact).where(Contact.id.in_(members)).values(organization_id=None,
                                                                            version=Contact.version + 1))
    session.delete(session.get(Organization, org_id))
    session.flush()
    refresh_summaries(session, members)
    audit.record(session, "organization", [org_id], "delete", {"name": [fields.name, None]})
    return DeletedOrg(org_id, fields, members)


def restore_org(session: Session, deleted: DeletedOrg) -> None:
    """Undo a deletion: the organisation comes back with its id, and its people rejoin it."""
    if session.get(Organization, deleted.id) is not None:
        raise ConflictError("that organisation exists again; nothing to restore")
    now = utcnow()
    session.execute(insert(table(Organization)), [{
        "id": deleted.id, "name": deleted.fields.name, "kind": deleted.fields.kind,
        "website": deleted.fields.website, "country": deleted.fields.country, "notes": deleted.fields.notes,
        "version": 1, "created_at": now, "updated_at": now}])
    live = list(session.scalars(select(Contact.id).where(Contact.id.in_(deleted.member_ids),
                                                        Contact.organization_id.is_(None))))
    session.execute(update(Contact).where(Contact.id.in_(live)).values(organization_id=deleted.id,
                                                                         version=Contact.version + 1))
    refresh_summaries(session, live)
    audit.record(session, "organization", [deleted.id], "restore")
