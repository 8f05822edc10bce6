"""Turning a stored contact back into editable input (used by `contacts edit` and the editor)."""

from __future__ import annotations

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.store.queries.contacts import ContactDetail


def input_from_detail(d: ContactDetail) -> ContactInput:
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
