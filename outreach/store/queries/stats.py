"""Counts for `outreach stats` and the status bar."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
    OutreachEvent,
    Release,
    SendList,
)


def counts(session: Session) -> dict[str, int]:
    live = Contact.deleted_at.is_(None)

    def one(stmt: object) -> int:
        return int(session.execute(stmt).scalar_one())  # type: ignore[call-overload]

    return {
        "contacts": one(select(func.count()).select_from(Contact).where(live)),
        "organizations": one(select(func.count()).select_from(Organization)),
        "emails": one(select(func.count()).select_from(ContactEmail).join(Contact).where(live)),
        "phones": one(select(func.count()).select_from(ContactPhone).join(Contact).where(live)),
        "invalid_emails": one(select(func.count()).select_from(ContactEmail).join(Contact)
                              .where(live, ContactEmail.status == "invalid")),
        "invalid_phones": one(select(func.count()).select_from(ContactPhone).join(Contact)
                              .where(live, ContactPhone.status == "invalid")),
        "do_not_contact": one(select(func.count()).select_from(Contact).where(live, Contact.do_not_contact)),
        "trashed": one(select(func.count()).select_from(Contact).where(Contact.deleted_at.is_not(None))),
        "releases": one(select(func.count()).select_from(Release)),
        "send_lists": one(select(func.count()).select_from(SendList)),
        "events": one(select(func.count()).select_from(OutreachEvent)),
    }
