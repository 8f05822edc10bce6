"""Contact rows for lists, detail views and scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.domain.query import SearchQuery
from outreach.store.errors import NotFoundError
from outreach.store.models import Contact, ContactEmail
from outreach.store.queries.contact_filter import SORT_COLUMNS, combined


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One line of the contacts list."""

    id: int
    name: str
    organization: str
    title: str
    beats: str
    primary_email: str
    primary_phone: str
    time_zone: str
    country: str
    role: str
    do_not_contact: bool
    has_invalid: bool


_ROW_COLUMNS = (
    Contact.id, Contact.display_name, Contact.org_name, Contact.title, Contact.beats_text,
    Contact.primary_email, Contact.primary_phone, Contact.time_zone, Contact.country, Contact.role,
    Contact.do_not_contact, Contact.has_invalid,
)


def list_contacts(
    session: Session,
    query: SearchQuery | None = None,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = 200,
) -> list[ContactRow]:
    column = SORT_COLUMNS.get(sort)
    if column is None:
        raise ValueError(f"unknown sort column {sort!r}")
    order = (column.desc(), Contact.id.desc()) if descending else (column.asc(), Contact.id.asc())
    stmt = select(*_ROW_COLUMNS).where(combined(session, query or SearchQuery())).order_by(*order)
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [ContactRow(*tuple(row)) for row in session.execute(stmt)]


def count_contacts(session: Session, query: SearchQuery | None = None) -> int:
    stmt = select(func.count()).select_from(Contact).where(combined(session, query or SearchQuery()))
    return int(session.execute(stmt).scalar_one())


def rows_for_org(session: Session, org_id: int) -> list[ContactRow]:
    stmt = (select(*_ROW_COLUMNS)
            .where(Contact.organization_id == org_id, Contact.deleted_at.is_(None))
            .order_by(Contact.sort_name, Contact.id))
    return [ContactRow(*tuple(row)) for row in session.execute(stmt)]


def emails_by_domain(session: Session, query: SearchQuery) -> dict[str, list[tuple[int, str]]]:
    """Valid addresses of the matching people, grouped by domain."""
    stmt = (select(ContactEmail.contact_id, ContactEmail.normalized)
            .join(Contact, Contact.id == ContactEmail.contact_id)
            .where(combined(session, query), ContactEmail.status == "valid")
            .order_by(ContactEmail.contact_id, ContactEmail.position))
    grouped: dict[str, list[tuple[int, str]]] = {}
    for contact_id, address in session.execute(stmt):
        grouped.setdefault(address.rpartition("@")[2].lower(), []).append((contact_id, address))
    return grouped


def matching_ids(session: Session, query: SearchQuery) -> list[int]:
    return list(session.scalars(select(Contact.id).where(combined(session, query)).order_by(Contact.id)))


@dataclass(frozen=True, slots=True)
class EmailRow:
    id: int
    raw: str
    normalized: str
    label: str
    is_primary: bool
    status: str
    message: str
    suggestion: str
    delivery_status: str


@dataclass(frozen=True, slots=True)
class PhoneRow:
    id: int
    raw: str
    e164: str
    extension: str
    label: str
    number_type: str
    is_primary: bool
    status: str
    message: str


@dataclass(frozen=True, slots=True)
class JobRow:
    organization: str
    title: str
    started: date | None
    ended: date | None


@dataclass(frozen=True, slots=True)
class ContactDetail:
    id: int
    display_name: str
    given_name: str
    family_name: str
    title: str
    role: str
    organization_id: int | None
    organization: str
    country: str
    time_zone: str
    time_zone_inferred: bool
    preferred_channel: str
    socials: dict[str, str]
    notes: str
    do_not_contact: bool
    dnc_reason: str
    dnc_date: date | None
    source: str
    source_detail: str
    consent_basis: str
    last_verified: date | None
    uid: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    deleted_at: datetime | None
    tags: tuple[str, ...] = ()
    emails: tuple[EmailRow, ...] = ()
    phones: tuple[PhoneRow, ...] = ()
    jobs: tuple[JobRow, ...] = field(default_factory=tuple)


def detail_of(contact: Contact) -> ContactDetail:
    return ContactDetail(
        id=contact.id,
        display_name=contact.display_name,
        given_name=contact.given_name,
        family_name=contact.family_name,
        title=contact.title,
        role=contact.role,
        organization_id=contact.organization_id,
        organization=contact.organization.name if contact.organization else "",
        country=contact.country,
        time_zone=contact.time_zone,
        time_zone_inferred=contact.time_zone_inferred,
        preferred_channel=contact.preferred_channel,
        socials=dict(contact.socials or {}),
        notes=contact.notes,
        do_not_contact=contact.do_not_contact,
        dnc_reason=contact.dnc_reason,
        dnc_date=contact.dnc_date,
        source=contact.source,
        source_detail=contact.source_detail,
        consent_basis=contact.consent_basis,
        last_verified=contact.last_verified,
        uid=contact.uid,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
        version=contact.version,
        deleted_at=contact.deleted_at,
        tags=tuple(t.name for t in contact.tags),
        emails=tuple(
            EmailRow(e.id, e.raw, e.normalized, e.label, e.is_primary, e.status, e.message,
                     e.suggestion, e.delivery_status)
            for e in contact.emails
        ),
        phones=tuple(
            PhoneRow(p.id, p.raw, p.e164, p.extension, p.label, p.number_type, p.is_primary,
                     p.status, p.message)
            for p in contact.phones
        ),
        jobs=tuple(JobRow(j.organization_name, j.title, j.started, j.ended) for j in contact.jobs),
    )


def _load_options() -> list[object]:
    return [
        selectinload(Contact.emails), selectinload(Contact.phones), selectinload(Contact.tags),
        selectinload(Contact.jobs), selectinload(Contact.organization),
    ]


def get_contact(session: Session, contact_id: int) -> ContactDetail:
    contact = session.scalars(
        select(Contact).where(Contact.id == contact_id).options(*_load_options())  # type: ignore[arg-type]
    ).one_or_none()
    if contact is None:
        raise NotFoundError(f"no contact with id {contact_id}")
    return detail_of(contact)


def get_contacts(session: Session, ids: list[int]) -> list[ContactDetail]:
    found = session.scalars(
        select(Contact).where(Contact.id.in_(ids)).options(*_load_options())  # type: ignore[arg-type]
    ).all()
    by_id = {c.id: c for c in found}
    return [detail_of(by_id[i]) for i in ids if i in by_id]


def input_from_detail(d: ContactDetail) -> ContactInput:
    """A stored contact as editable input (what an edit, an undo or a merge starts from)."""
    return ContactInput(
        display_name=d.display_name, given_name=d.given_name, family_name=d.family_name, title=d.title,
        role=d.role, organization=d.organization, country=d.country,
        time_zone="" if d.time_zone_inferred else d.time_zone, preferred_channel=d.preferred_channel,
        socials=dict(d.socials), notes=d.notes, do_not_contact=d.do_not_contact, dnc_reason=d.dnc_reason,
        dnc_date=d.dnc_date, source=d.source, source_detail=d.source_detail, consent_basis=d.consent_basis,
        last_verified=d.last_verified, uid=d.uid, tags=list(d.tags),
        emails=[EmailInput(e.raw, e.label, e.is_primary) for e in d.emails],
        phones=[PhoneInput(p.raw, p.label, p.is_primary) for p in d.phones],
    )
