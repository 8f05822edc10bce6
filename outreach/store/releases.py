"""Storing releases and the people they list, with the identity rule deciding who is who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.domain.identity import IdentityKeys, name_key
from outreach.store.models import Contact, ContactEmail, ContactPhone, Release, ReleaseContact


@dataclass(frozen=True, slots=True)
class ReleaseRow:
    id: int
    title: str
    release_date: date | None
    dateline_region: str
    status: str
    source_file: str
    contacts: int


@dataclass(frozen=True, slots=True)
class ReleaseDetail:
    id: int
    title: str
    body: str
    release_date: date | None
    dateline_region: str
    status: str
    source_file: str
    organization: str
    contact_ids: tuple[int, ...]


def get_release(session: Session, release_id: int) -> ReleaseDetail:
    from outreach.store.errors import NotFoundError
    from outreach.store.models import Organization

    release = session.get(Release, release_id)
    if release is None:
        raise NotFoundError(f"no release with id {release_id}")
    org = session.get(Organization, release.organization_id) if release.organization_id else None
    return ReleaseDetail(release.id, release.title, release.body, release.release_date, release.dateline_region,
                         release.status, release.source_file, org.name if org else "",
                         tuple(release_contact_ids(session, release_id)))


def find_release(session: Session, body_hash: str) -> int | None:
    return session.scalars(select(Release.id).where(Release.body_hash == body_hash).order_by(Release.id)).first()


def create_release(session: Session, **values: object) -> int:
    release = Release(**values)
    session.add(release)
    session.flush()
    return release.id


def find_person(session: Session, keys: IdentityKeys) -> int | None:
    """The stored person the identity rule says this is (see outreach.domain.identity), or None."""
    if keys.email_keys:
        found = session.scalars(
            select(ContactEmail.contact_id).where(ContactEmail.key.in_(sorted(keys.email_keys)))
            .order_by(ContactEmail.contact_id)
        ).first()
        if found is not None:
            return found
    if keys.uid:
        found = session.scalars(select(Contact.id).where(Contact.uid == keys.uid).order_by(Contact.id)).first()
        if found is not None:
            return found
    pairs = keys.phone_name_keys()
    if not pairs:
        return None
    candidates = session.execute(
        select(Contact.id, Contact.display_name)
        .join(ContactPhone, ContactPhone.contact_id == Contact.id)
        .where(ContactPhone.e164.in_(sorted({p for p, _ in pairs})))
        .order_by(Contact.id)
    ).all()
    return next((cid for cid, name in candidates if name_key(name) == keys.name), None)


def is_trashed(session: Session, contact_id: int) -> bool:
    return session.scalar(select(Contact.deleted_at).where(Contact.id == contact_id)) is not None


def link(session: Session, release_id: int, contact_id: int) -> bool:
    """Link a person to a release; False when they already were."""
    if session.get(ReleaseContact, (release_id, contact_id)) is not None:
        return False
    session.add(ReleaseContact(release_id=release_id, contact_id=contact_id))
    session.flush()
    return True


def list_releases(session: Session, limit: int | None = 500) -> list[ReleaseRow]:
    people = (select(func.count()).where(ReleaseContact.release_id == Release.id)
              .correlate(Release).scalar_subquery())
    stmt = (select(Release.id, Release.title, Release.release_date, Release.dateline_region, Release.status,
                   Release.source_file, people)
            .order_by(Release.release_date.desc(), Release.id.desc()).limit(limit))
    return [ReleaseRow(*tuple(r)) for r in session.execute(stmt)]


def release_contact_ids(session: Session, release_id: int) -> list[int]:
    return list(session.scalars(select(ReleaseContact.contact_id).where(ReleaseContact.release_id == release_id)
                                .order_by(ReleaseContact.contact_id)))
