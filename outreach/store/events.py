"""Writing the outreach log: one event for a person, or one per sendable member of a list (batched).

A `bounced` event marks the address it went to as bounced; `opted_out` marks it opted out and
puts its keyed hash on the suppression list, so the address stays out of lists and imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from outreach.errors import UserError
from outreach.store.errors import NotFoundError
from outreach.store.models import EVENT_KINDS, Contact, ContactEmail, OutreachEvent, Release, table
from outreach.store.privacy import hash_key, secret, suppress_hashes
from outreach.store.queries.lists import ExcludedRow, get_list, resolve
from outreach.store.types import utcnow

BATCH = 1000
DELIVERY_EFFECT = {"bounced": "bounced", "opted_out": "opted_out"}


@dataclass(frozen=True, slots=True)
class ListLogResult:
    logged: int
    skipped: list[ExcludedRow]
    contact_ids: list[int]


def check_kind(kind: str) -> str:
    if kind not in EVENT_KINDS:
        raise UserError(f"--kind: {kind!r} is not one of {', '.join(EVENT_KINDS)}")
    return kind


def check_release(session: Session, release_id: int | None) -> None:
    if release_id is not None and session.get(Release, release_id) is None:
        raise NotFoundError(f"no release with id {release_id}")


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert (Core executemany, a batch at a time). Each row needs contact_id, kind, occurred_at."""
    defaults = {"release_id": None, "send_list_id": None, "channel": "email", "notes": "", "coverage_url": ""}
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table(OutreachEvent)), [{**defaults, **r} for r in rows[start:start + BATCH]])


def _email_for(session: Session, contact_id: int, address: str | None) -> tuple[int, str] | None:
    """(id, key) of the address an event concerns: the one named, or the person's primary valid one."""
    rows = session.execute(
        select(ContactEmail.id, ContactEmail.key, ContactEmail.is_primary, ContactEmail.status)
        .where(ContactEmail.contact_id == contact_id).order_by(ContactEmail.position, ContactEmail.id)).all()
    if address is not None:
        wanted = address.strip().casefold()
        for eid, key, _primary, _status in rows:
            if key == wanted:
                return eid, key
        raise UserError(f"contact {contact_id} has no address {address!r}")
    valid = [(eid, key, primary) for eid, key, primary, status in rows if status == "valid" and key]
    if not valid:
        return None
    eid, key, _ = next((v for v in valid if v[2]), valid[0])
    return eid, key


def apply_delivery(session: Session, kind: str, emails: Iterable[tuple[int, str]]) -> None:
    """Set the delivery status of these addresses (id, key) for a bounced / opted_out event."""
    status = DELIVERY_EFFECT.get(kind)
    pairs = list(emails)
    if status is None or not pairs:
        return
    ids = [eid for eid, _ in pairs]
    for start in range(0, len(ids), BATCH):
        session.execute(update(ContactEmail).where(ContactEmail.id.in_(ids[start:start + BATCH]))
                        .values(delivery_status=status))
    if kind == "opted_out":
        key = secret(session)
        suppress_hashes(session, [hash_key(key, k) for _, k in pairs if k], "opted_out")


def log_event(session: Session, contact_id: int, kind: str, *, release_id: int | None = None,
              notes: str = "", url: str = "", when: datetime | None = None, address: str | None = None,
              send_list_id: int | None = None) -> int:
    check_kind(kind)
    check_release(session, release_id)
    if session.get(Contact, contact_id) is None:
        raise NotFoundError(f"no contact with id {contact_id}")
    result = session.execute(insert(table(OutreachEvent)).values(
        contact_id=contact_id, kind=kind, release_id=release_id, send_list_id=send_list_id, notes=notes,
        coverage_url=url, occurred_at=when or utcnow(), channel="email",
    ).returning(OutreachEvent.id))
    event_id = int(result.scalar_one())
    if kind in DELIVERY_EFFECT:
        email = _email_for(session, contact_id, address)
        if email is not None:
            apply_delivery(session, kind, [email])
    return event_id


def log_for_list(session: Session, name: str, kind: str, *, release_id: int | None = None, notes: str = "",
                 url: str = "", when: datetime | None = None) -> ListLogResult:
    """One event per sendable member of the list; excluded people are skipped (and returned)."""
    check_kind(kind)
    send_list = get_list(session, name)
    release = release_id if release_id is not None else send_list.release_id
    check_release(session, release)
    members, excluded = resolve(session, [send_list.id])
    at = when or utcnow()
    insert_events(session, [
        {"contact_id": m.id, "kind": kind, "release_id": release, "send_list_id": send_list.id, "notes": notes,
         "coverage_url": url, "occurred_at": at}
        for m in members
    ])
    if kind in DELIVERY_EFFECT:
        apply_delivery(session, kind, [(m.email_id, m.email.casefold()) for m in members])
    return ListLogResult(len(members), excluded, [m.id for m in members])
