"""The audit trail: who changed what and when, written by every write path of the store.

The actor is put on the session by :meth:`outreach.store.database.Database.session` (the OS user,
and on a server the database role), so write functions need no extra argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from outreach.store.models import AuditEntry, Contact, table
from outreach.store.types import utcnow

AUDITED_FIELDS = ("display_name", "title", "role", "organization", "country", "time_zone", "preferred_channel",
                  "notes", "do_not_contact", "dnc_reason", "consent_basis", "emails", "phones", "beats")


def snapshot(contact: Contact) -> dict[str, Any]:
    """The fields a person would recognise, as plain values."""
    return {
        "display_name": contact.display_name,
        "title": contact.title,
        "role": contact.role,
        "organization": contact.organization.name if contact.organization else "",
        "country": contact.country,
        "time_zone": "" if contact.time_zone_inferred else contact.time_zone,
        "preferred_channel": contact.preferred_channel,
        "notes": contact.notes,
        "do_not_contact": contact.do_not_contact,
        "dnc_reason": contact.dnc_reason,
        "consent_basis": contact.consent_basis,
        "emails": [e.raw for e in contact.emails],
        "phones": [p.raw for p in contact.phones],
        "beats": sorted(t.name for t in contact.tags),
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: [before.get(k), after.get(k)] for k in AUDITED_FIELDS if before.get(k) != after.get(k)}


def actor_of(session: Session) -> str:
    return str(session.info.get("actor", ""))


def record(session: Session, entity: str, ids: Iterable[int], action: str,
           changes: dict[str, Any] | None = None) -> None:
    rows = [{"at": utcnow(), "actor": actor_of(session), "entity": entity, "entity_id": i, "action": action,
             "changes": changes or {}} for i in ids]
    if rows:
        session.execute(insert(table(AuditEntry)), rows)


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    changes: dict[str, Any]


def history(session: Session, entity: str, entity_id: int, limit: int = 500) -> list[AuditRow]:
    stmt = (select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.changes)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return [AuditRow(*tuple(r)) for r in session.execute(stmt)]
