"""Creating, changing and deleting contacts and organisations.

Values are validated here with the domain rules, so that no path -- CLI, window, import --
can store an address or number without its check result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.domain.emails import EMAIL_VALIDATOR_VERSION, check_email
from outreach.domain.phones import PHONENUMBERS_VERSION, check_phone, time_zone_for
from outreach.errors import UserError
from outreach.store import audit
from outreach.store.errors import ConflictError, NotFoundError
from outreach.store.models import (
    ROLES,
    Contact,
    ContactEmail,
    ContactPhone,
    JobHistory,
    Organization,
    Tag,
    contact_tags,
)
from outreach.store.summaries import refresh_summaries


def _now() -> datetime:
    return datetime.now(UTC)


def find_or_create_org(session: Session, name: str, **fields: str) -> Organization | None:
    name = " ".join(name.split())
    if not name:
        return None
    org = session.scalars(
        select(Organization).where(func.lower(Organization.name) == name.lower()).order_by(Organization.id)
    ).first()
    if org is None:
        org = Organization(name=name, **{k: v for k, v in fields.items() if v})
        session.add(org)
        session.flush()
    return org


def tags_for(session: Session, names: Iterable[str]) -> list[Tag]:
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.split())
        if clean:
            wanted.setdefault(clean.lower(), clean)
    if not wanted:
        return []
    found = {t.key: t for t in session.scalars(select(Tag).where(Tag.key.in_(wanted)))}
    for key, name in wanted.items():
        if key not in found:
            found[key] = Tag(name=name, key=key)
            session.add(found[key])
    session.flush()
    return [found[k] for k in wanted]


def email_row(item: EmailInput, position: int) -> ContactEmail:
    return ContactEmail(**email_values(item, position))


def email_values(item: EmailInput, position: int) -> dict[str, Any]:
    check = check_email(item.raw)
    return dict(
        position=position,
        label=item.label,
        is_primary=item.primary,
        raw=item.raw.strip()[:1000],
        normalized=check.normalized or "",
        key=check.key or "",
        status="valid" if check.valid else "invalid",
        message=check.message,
        suggestion=check.suggestion or "",
        checked_at=_now(),
        checked_with=f"email-validator {EMAIL_VALIDATOR_VERSION}",
    )


def phone_row(item: PhoneInput, position: int, region: str | None, others: tuple[str, ...]) -> ContactPhone:
    return ContactPhone(**phone_values(item, position, region, others))


def phone_values(item: PhoneInput, position: int, region: str | None, others: tuple[str, ...]) -> dict[str, Any]:
    check = check_phone(item.raw, region, others)
    message = "; ".join(m for m in (check.message, *check.warnings) if m)
    return dict(
        position=position,
        label=item.label,
        is_primary=item.primary,
        raw=item.raw.strip()[:200],
        e164=check.e164 or "",
        extension=check.extension or "",
        number_type=check.number_type,
        status=check.status,
        message=message[:500],
        checked_at=_now(),
        checked_with=f"phonenumbers {PHONENUMBERS_VERSION}",
    )


def _validate_fields(data: ContactInput) -> None:
    if not data.name():
        raise UserError("a contact needs a name, an e-mail address or a phone number")
    if data.role not in ROLES:
        raise UserError(f"role: {data.role!r} is not one of {', '.join(ROLES)}")
    if data.country and len(data.country.strip()) != 2:
        raise UserError(f"country: {data.country!r} is not a two-letter code (US, GB, DE…)")


def _apply(session: Session, contact: Contact, data: ContactInput, default_region: str) -> None:
    _validate_fields(data)
    # Look-ups that flush come first, so the contact itself is written once.
    org = find_or_create_org(session, data.organization)
    tags = tags_for(session, data.tags)
    if contact.id is not None and contact.organization_id and org is not None \
            and contact.organization_id != org.id:
        # A journalist moving keeps the earlier job in their history.
        old = session.get(Organization, contact.organization_id)
        contact.jobs.append(JobHistory(organization_name=old.name if old else "", title=contact.title,
                                       ended=_now().date()))
    contact.display_name = data.name()[:300]
    contact.given_name = data.given_name.strip()
    contact.family_name = data.family_name.strip()
    contact.title = data.title.strip()
    contact.role = data.role
    contact.organization = org
    contact.country = data.country.strip().upper()
    contact.preferred_channel = data.preferred_channel
    contact.socials = dict(data.socials)
    contact.notes = data.notes
    if data.do_not_contact and not contact.do_not_contact:
        contact.dnc_date = data.dnc_date or _now().date()
    contact.do_not_contact = data.do_not_contact
    contact.dnc_reason = data.dnc_reason if data.do_not_contact else ""
    if not data.do_not_contact:
        contact.dnc_date = None
    contact.source = data.source
    contact.source_detail = data.source_detail
    contact.consent_basis = data.consent_basis
    contact.last_verified = data.last_verified
    contact.uid = data.uid
    contact.tags = tags

    region = contact.country or default_region
    others = tuple(r for r in ((org.country if org else ""), default_region) if r and r != region)
    # A re-typed address keeps what we learnt about delivering to it (bounced, opted out).
    delivery = {e.key: e.delivery_status for e in contact.emails if e.key}
    contact.emails = [email_row(e, i) for i, e in enumerate(data.emails) if e.raw.strip()]
    for row in contact.emails:
        row.delivery_status = delivery.get(row.key, "ok")
    contact.phones = [phone_row(p, i, region, others) for i, p in enumerate(data.phones) if p.raw.strip()]
    if data.time_zone:
        contact.time_zone, contact.time_zone_inferred = data.time_zone, False
    elif not contact.time_zone or contact.time_zone_inferred:
        zone = next((z for z in (time_zone_for(p.e164) for p in contact.phones if p.status == "valid") if z), None)
        contact.time_zone, contact.time_zone_inferred = (zone or ""), bool(zone)


def create_contact(session: Session, data: ContactInput, default_region: str) -> int:
    contact = Contact(display_name=data.name() or "?")
    _apply(session, contact, data, default_region)
    session.add(contact)
    session.flush()
    refresh_summaries(session, [contact.id])
    audit.record(session, "contact", [contact.id], "create", audit.diff({}, audit.snapshot(contact)))
    return contact.id


def update_contact(
    session: Session, contact_id: int, data: ContactInput, default_region: str,
    expected_version: int | None = None,
) -> int:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"no contact with id {contact_id}")
    if expected_version is not None and contact.version != expected_version:
        raise ConflictError(
            f"contact {contact_id} was changed by someone else since you opened it; reload and try again"
        )
    before = audit.snapshot(contact)
    _apply(session, contact, data, default_region)
    contact.updated_at = _now()
    session.flush()
    refresh_summaries(session, [contact.id])
    changes = audit.diff(before, audit.snapshot(contact))
    if changes:
        audit.record(session, "contact", [contact.id], "update", changes)
    return contact.version


def trash_contacts(session: Session, ids: Iterable[int]) -> int:
    """Move people to the trash (kept until emptied; restorable)."""
    wanted = list(ids)
    moved = list(session.scalars(select(Contact.id).where(Contact.id.in_(wanted), Contact.deleted_at.is_(None))))
    session.execute(
        update(Contact).where(Contact.id.in_(moved))
        .values(deleted_at=_now(), version=Contact.version + 1)
        .execution_options(synchronize_session=False)
    )
    audit.record(session, "contact", moved, "trash")
    return len(moved)


def restore_contacts(session: Session, ids: Iterable[int]) -> int:
    wanted = list(ids)
    back = list(session.scalars(select(Contact.id).where(Contact.id.in_(wanted), Contact.deleted_at.is_not(None))))
    session.execute(
        update(Contact).where(Contact.id.in_(back))
        .values(deleted_at=None, version=Contact.version + 1)
        .execution_options(synchronize_session=False)
    )
    audit.record(session, "contact", back, "restore")
    return len(back)


def empty_trash(session: Session) -> int:
    ids = list(session.scalars(select(Contact.id).where(Contact.deleted_at.is_not(None))))
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        session.execute(delete(contact_tags).where(contact_tags.c.contact_id.in_(chunk)))
        session.execute(delete(Contact).where(Contact.id.in_(chunk)).execution_options(synchronize_session=False))
    return len(ids)


def create_org(session: Session, name: str, kind: str = "other", website: str = "", country: str = "",
               notes: str = "") -> int:
    from outreach.store.orgs_write import OrgFields, checked_fields

    fields = checked_fields(OrgFields(name, kind, website, country, notes))
    org = Organization(name=fields.name, kind=fields.kind, website=fields.website, country=fields.country,
                       notes=fields.notes)
    session.add(org)
    session.flush()
    audit.record(session, "organization", [org.id], "create", {"name": [None, fields.name]})
    return org.id


def _bump(session: Session, ids: list[int]) -> None:
    """Bulk changes bump versions too, so a concurrent editor's save is refused, not lost."""
    for start in range(0, len(ids), 1000):
        session.execute(
            update(Contact).where(Contact.id.in_(ids[start:start + 1000]))
            .values(version=Contact.version + 1, updated_at=_now())
            .execution_options(synchronize_session=False)
        )


def add_tag(session: Session, ids: Iterable[int], name: str) -> list[int]:
    """Give a beat to many people at once; returns those who did not have it yet."""
    (tag,) = tags_for(session, [name]) or (None,)
    if tag is None:
        return []
    wanted = sorted(set(ids))
    having: set[int] = set()
    for start in range(0, len(wanted), 1000):
        having.update(session.scalars(select(contact_tags.c.contact_id).where(
            contact_tags.c.tag_id == tag.id, contact_tags.c.contact_id.in_(wanted[start:start + 1000]))))
    live = set(session.scalars(select(Contact.id).where(Contact.id.in_(wanted)))) if len(wanted) < 30000 else None
    changed = [i for i in wanted if i not in having and (live is None or i in live)]
    if changed:
        session.execute(contact_tags.insert(), [{"contact_id": i, "tag_id": tag.id} for i in changed])
        _bump(session, changed)
        refresh_summaries(session, changed)
        audit.record(session, "contact", changed, "bulk", {"beats": [None, f"+{tag.name}"]})
    return changed


def remove_tag(session: Session, ids: Iterable[int], name: str) -> list[int]:
    key = " ".join(name.split()).lower()
    tag_id = session.scalar(select(Tag.id).where(Tag.key == key))
    wanted = sorted(set(ids))
    if tag_id is None or not wanted:
        return []
    changed: list[int] = []
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start:start + 1000]
        changed += session.scalars(select(contact_tags.c.contact_id).where(
            contact_tags.c.tag_id == tag_id, contact_tags.c.contact_id.in_(chunk)))
        session.execute(delete(contact_tags).where(contact_tags.c.tag_id == tag_id,
                                                   contact_tags.c.contact_id.in_(chunk)))
    if changed:
        _bump(session, changed)
        refresh_summaries(session, changed)
        audit.record(session, "contact", changed, "bulk", {"beats": [None, f"-{name.strip()}"]})
    return changed


def set_do_not_contact(session: Session, ids: Iterable[int], reason: str) -> list[int]:
    """Mark many people do-not-contact; returns those who were not already."""
    wanted = sorted(set(ids))
    changed: list[int] = []
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start:start + 1000]
        changed += session.scalars(select(Contact.id).where(Contact.id.in_(chunk), Contact.do_not_contact.is_(False)))
    for start in range(0, len(changed), 1000):
        session.execute(
            update(Contact).where(Contact.id.in_(changed[start:start + 1000]))
            .values(do_not_contact=True, dnc_reason=reason, dnc_date=_now().date(),
                    version=Contact.version + 1, updated_at=_now())
            .execution_options(synchronize_session=False))
    audit.record(session, "contact", changed, "bulk", {"do_not_contact": [False, True], "dnc_reason": ["", reason]})
    return changed


def clear_do_not_contact(session: Session, ids: Iterable[int]) -> list[int]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 1000):
        session.execute(
            update(Contact).where(Contact.id.in_(wanted[start:start + 1000]))
            .values(do_not_contact=False, dnc_reason="", dnc_date=None,
                    version=Contact.version + 1, updated_at=_now())
            .execution_options(synchronize_session=False))
    audit.record(session, "contact", wanted, "bulk", {"do_not_contact": [True, False]})
    return wanted
