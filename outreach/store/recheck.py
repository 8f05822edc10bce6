"""Re-validating stored values after phonenumbers or email-validator changed. Never deletes."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from outreach.domain.contact import EmailInput, PhoneInput
from outreach.store.contacts_write import email_values, phone_values
from outreach.store.models import Contact, ContactEmail, ContactPhone, Organization
from outreach.store.summaries import refresh_summaries

BATCH = 2000


@dataclass(frozen=True, slots=True)
class Change:
    contact_id: int
    kind: str  # email | phone
    raw: str
    before: str
    after: str
    message: str


@dataclass
class RecheckReport:
    emails_checked: int = 0
    phones_checked: int = 0
    changes: list[Change] = field(default_factory=list)


def recheck(session: Session, default_region: str) -> RecheckReport:
    report = RecheckReport()
    touched: set[int] = set()
    for row in session.execute(select(ContactEmail.id, ContactEmail.contact_id, ContactEmail.raw,
                                      ContactEmail.normalized, ContactEmail.status)).all():
        report.emails_checked += 1
        new = email_values(EmailInput(row.raw), 0)
        if (new["status"], new["normalized"]) != (row.status, row.normalized):
            report.changes.append(Change(row.contact_id, "email", row.raw, f"{row.status} {row.normalized}".strip(),
                                         f"{new['status']} {new['normalized']}".strip(), new["message"]))
            touched.add(row.contact_id)
        session.execute(update(ContactEmail).where(ContactEmail.id == row.id).values(
            {k: new[k] for k in ("normalized", "key", "status", "message", "suggestion", "checked_at",
                                 "checked_with")}))
    regions = select(ContactPhone.id, ContactPhone.contact_id, ContactPhone.raw, ContactPhone.e164,
                     ContactPhone.extension, ContactPhone.status, Contact.country, Organization.country) \
        .join(Contact, Contact.id == ContactPhone.contact_id) \
        .outerjoin(Organization, Organization.id == Contact.organization_id)
    for pid, cid, raw, e164, ext, status, country, org_country in session.execute(regions).all():
        report.phones_checked += 1
        region = country or default_region
        others = tuple(r for r in (org_country, default_region) if r and r != region)
        new = phone_values(PhoneInput(raw), 0, region, others)
        if (new["status"], new["e164"], new["extension"]) != (status, e164, ext):
            report.changes.append(Change(cid, "phone", raw, f"{status} {e164}".strip(),
                                         f"{new['status']} {new['e164']}".strip(), new["message"]))
            touched.add(cid)
        session.execute(update(ContactPhone).where(ContactPhone.id == pid).values(
            {k: new[k] for k in ("e164", "extension", "number_type", "status", "message", "checked_at",
                                 "checked_with")}))
    refresh_summaries(session, touched)
    return report
