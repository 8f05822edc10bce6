"""`outreach release import`: keep a release and link (or create) the people it lists as media contacts.

Who is who follows the one identity rule (outreach.domain.identity): an e-mail address compared
case-insensitively, else -- only for a contact without e-mail -- phone and name. Importing the same
release again finds it by the hash of its text and duplicates nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput, split_name
from outreach.domain.identity import IdentityKeys
from outreach.domain.release import parse_release
from outreach.domain.release.model import MediaContact, ReleaseCheck
from outreach.io.release_text import read_release_text
from outreach.services.editing import input_from_detail
from outreach.settings import default_region
from outreach.store import contacts_write, releases
from outreach.store.contacts_write import find_or_create_org
from outreach.store.database import Database
from outreach.store.queries.contacts import get_contact

PHONE_LABELS = {"mobile": "mobile", "fax": "fax", "tollfree": "toll-free", "phone": "work"}


@dataclass
class ReleaseImportReport:
    release_id: int = 0
    release_created: bool = False
    title: str = ""
    created: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: int = 0


def body_hash(text: str) -> str:
    normalized = " ".join(text.split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _keys(contact: MediaContact) -> IdentityKeys:
    return IdentityKeys.of(
        emails=[e.normalized for e in contact.emails if e.valid and e.normalized],
        phones=[p.e164 for p in contact.phones if p.valid and p.e164],
        name=contact.name or "",
    )


def _input(contact: MediaContact, source: str) -> ContactInput:
    name = contact.name or ""
    given, family = split_name(name)
    return ContactInput(
        display_name=name, given_name=given, family_name=family, title=contact.title or "",
        role="spokesperson", organization=contact.organization or "", source="release", source_detail=source,
        emails=[EmailInput(e.normalized or e.raw, primary=i == 0) for i, e in enumerate(contact.emails)],
        phones=[PhoneInput(" ".join(p.raw.split()), PHONE_LABELS.get(p.kind, "work"), primary=i == 0)
                for i, p in enumerate(contact.phones)],
    )


def import_release(db: Database, path: str | Path, region: str | None = None) -> ReleaseImportReport:
    text = read_release_text(str(path))
    check = parse_release(text, region=region)
    return store_release(db, text, check, Path(path).name, region)


def store_release(db: Database, text: str, check: ReleaseCheck, source: str,
                  region: str | None = None) -> ReleaseImportReport:
    report = ReleaseImportReport(title=check.title, problems=len(check.scored_problems))
    read_region = check.region or region or default_region()
    with db.session() as session:
        digest = body_hash(text)
        existing = releases.find_release(session, digest)
        if existing is None:
            issuer = check.organizations[0] if check.organizations else next(
                (c.organization for c in check.media_contacts if c.organization), "")
            org = find_or_create_org(session, issuer or "", website=(check.websites[0] if check.websites else ""),
                                     kind="nonprofit")
            report.release_id = releases.create_release(
                session, title=check.title[:500], body=text, dateline_region=(check.dateline_region or "")[:2],
                release_date=date.fromisoformat(check.release_date) if check.release_date else None,
                status="final", organization_id=org.id if org else None, source_file=source[:500],
                body_hash=digest)
            report.release_created = True
        else:
            report.release_id = existing
        for contact in check.media_contacts:
            if not contact.name and not contact.emails and not contact.phones:
                continue
            label = contact.name or (contact.emails[0].raw if contact.emails else contact.phones[0].raw)
            person = releases.find_person(session, _keys(contact))
            if person is None:
                person = contacts_write.create_contact(session, _input(contact, source), read_region)
                report.created.append(label)
            elif releases.is_trashed(session, person):
                report.skipped.append(f"{label}: in the trash")
                continue
            elif _merge(session, person, contact, source, read_region):
                report.updated.append(label)
            if releases.link(session, report.release_id, person):
                report.linked.append(label)
    return report


def _merge(session: Session, person: int, contact: MediaContact, source: str, region: str) -> bool:
    """Add what the release knows and the stored person lacks; never overwrite what a person typed."""
    stored = get_contact(session, person)
    data = input_from_detail(stored)
    incoming = _input(contact, source)
    changed = False
    known_emails = {e.normalized.casefold() for e in stored.emails if e.normalized} | \
                   {e.raw.strip().casefold() for e in stored.emails}
    for email in incoming.emails:
        if email.raw.strip().casefold() not in known_emails:
            data.emails.append(EmailInput(email.raw))
            changed = True
    known_phones = {p.e164 for p in stored.phones if p.e164} | {p.raw.strip() for p in stored.phones}
    for phone, found in zip(incoming.phones, contact.phones, strict=True):
        if (found.e164 or phone.raw.strip()) not in known_phones:
            data.phones.append(PhoneInput(phone.raw, phone.label))
            changed = True
    for attr in ("title", "organization"):
        if not getattr(data, attr) and getattr(incoming, attr):
            setattr(data, attr, getattr(incoming, attr))
            changed = True
    if changed:
        contacts_write.update_contact(session, person, data, region)
    return changed


def list_releases(db: Database, limit: int | None = 500) -> list[releases.ReleaseRow]:
    with db.read() as session:
        return releases.list_releases(session, limit)


def get_release(db: Database, release_id: int) -> releases.ReleaseDetail:
    with db.read() as session:
        return releases.get_release(session, release_id)


def known_person(db: Database, contact: MediaContact) -> int | None:
    """The stored person an extracted contact is, by the identity rule; None when new (or in the trash)."""
    with db.read() as session:
        person = releases.find_person(session, _keys(contact))
        return None if person is None or releases.is_trashed(session, person) else person


def add_media_contact(db: Database, contact: MediaContact, source: str = "",
                      region: str | None = None, release_id: int | None = None) -> int:
    """"Add to contacts": a new person from a release's contact (linked to the release if it is stored)."""
    read_region = region or default_region()

    def work(session: Session) -> int:
        person = contacts_write.create_contact(session, _input(contact, source), read_region)
        if release_id is not None:
            releases.link(session, release_id, person)
        return person

    return db.run(work)


def link_media_contact(db: Database, contact: MediaContact, person_id: int, source: str = "",
                       region: str | None = None, release_id: int | None = None) -> bool:
    """"Link to existing": add what the release knows to that person (never overwriting what was typed)
    and link them to the release if it is stored. Returns True when the person changed."""
    read_region = region or default_region()

    def work(session: Session) -> bool:
        changed = _merge(session, person_id, contact, source, read_region)
        if release_id is not None:
            releases.link(session, release_id, person_id)
        return changed

    return db.run(work)
