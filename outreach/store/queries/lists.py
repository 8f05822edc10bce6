"""Reading send-lists: who is on a list, at which address, and who is excluded and why.

Exclusion is decided when the list is read, never stored: a person marked do-not-contact, an
address that bounces or opts out, a person moved to the trash all leave the list's sendable
members at once, and come back if that changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.store.errors import NotFoundError
from outreach.store.models import Contact, ContactEmail, Release, SendList, SendListMember
from outreach.store.privacy import suppressed_keys

# Reasons, in the order they are checked (the first that applies is shown).
IN_TRASH = "in the trash"
DO_NOT_CONTACT = "do-not-contact"
NO_VALID_EMAIL = "no valid e-mail address"
BOUNCED = "address bounced"
OPTED_OUT = "address opted out"
SUPPRESSED = "address is on the suppression list"


@dataclass(frozen=True, slots=True)
class ListSummary:
    id: int
    name: str
    release_id: int | None
    release_title: str
    query: str
    people: int  # on the list (not removed by hand), excluded ones included


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A person a send goes to, with the one address it goes to."""

    id: int
    name: str
    organization: str
    email: str
    email_id: int
    added_by: str
    time_zone: str
    country: str


@dataclass(frozen=True, slots=True)
class ExcludedContact:
    id: int
    name: str
    organization: str
    email: str  # the address that cannot be used, or "" when there is none


@dataclass(frozen=True, slots=True)
class ExcludedRow:
    contact: ExcludedContact
    reason: str
    added_by: str


@dataclass(frozen=True, slots=True)
class ResolvedList:
    id: int
    name: str
    release_id: int | None
    query: str
    members: list[MemberRow]
    excluded: list[ExcludedRow]


@dataclass(frozen=True, slots=True)
class _Email:
    id: int
    normalized: str
    key: str
    is_primary: bool
    position: int
    valid: bool
    delivery_status: str


def get_list(session: Session, name: str) -> SendList:
    found = session.scalars(select(SendList).where(SendList.name == name)).one_or_none()
    if found is None:
        raise NotFoundError(f"no send-list called {name!r}")
    return found


def list_summaries(session: Session) -> list[ListSummary]:
    people = (select(SendListMember.send_list_id, func.count().label("n"))
              .where(SendListMember.removed.is_(False)).group_by(SendListMember.send_list_id).subquery())
    stmt = (select(SendList.id, SendList.name, SendList.release_id, func.coalesce(Release.title, ""),
                   SendList.query, func.coalesce(people.c.n, 0))
            .outerjoin(Release, Release.id == SendList.release_id)
            .outerjoin(people, people.c.send_list_id == SendList.id)
            .order_by(SendList.name))
    return [ListSummary(*tuple(row)) for row in session.execute(stmt)]


def _emails(session: Session, list_ids: list[int]) -> dict[int, list[_Email]]:
    """The valid addresses of the people on these lists, in their order (invalid ones are never used)."""
    on_list = (select(SendListMember.contact_id)
               .where(SendListMember.send_list_id.in_(list_ids), SendListMember.removed.is_(False)))
    stmt = (select(ContactEmail.contact_id, ContactEmail.id, ContactEmail.normalized, ContactEmail.key,
                   ContactEmail.is_primary, ContactEmail.position, ContactEmail.delivery_status)
            .where(ContactEmail.contact_id.in_(on_list), ContactEmail.status == "valid", ContactEmail.key != "")
            .order_by(ContactEmail.contact_id, ContactEmail.position, ContactEmail.id))
    emails: dict[int, list[_Email]] = {}
    for cid, eid, normalized, key, primary, position, delivery in session.connection().execute(stmt).all():
        found = emails.get(cid)
        if found is None:
            emails[cid] = found = []
        found.append(_Email(eid, normalized, key, primary, position, True, delivery))
    return emails


def _problem(email: _Email, suppressed: set[str]) -> str | None:
    if not email.valid:
        return NO_VALID_EMAIL
    if email.delivery_status == "bounced":
        return BOUNCED
    if email.delivery_status == "opted_out":
        return OPTED_OUT
    if email.key in suppressed:
        return SUPPRESSED
    return None


def choose_address(emails: list[_Email], chosen_id: int | None, suppressed: set[str]) -> tuple[_Email | None, str]:
    """The address to use and "" -- or the unusable address (if any) and the reason."""
    if chosen_id is not None:
        chosen = next((e for e in emails if e.id == chosen_id), None)
        if chosen is not None:
            problem = _problem(chosen, suppressed)
            return chosen, problem or ""
    first_valid: _Email | None = None
    first_usable: _Email | None = None
    for e in emails:  # one pass: the primary usable address, else the first usable one
        if not e.valid:
            continue
        if first_valid is None or (e.is_primary and not first_valid.is_primary):
            first_valid = e
        if _problem(e, suppressed) is None:
            if e.is_primary:
                return e, ""
            if first_usable is None:
                first_usable = e
    if first_usable is not None:
        return first_usable, ""
    if first_valid is None:
        return None, NO_VALID_EMAIL
    return first_valid, _problem(first_valid, suppressed) or NO_VALID_EMAIL


def resolve(session: Session, list_ids: Iterable[int]) -> tuple[list[MemberRow], list[ExcludedRow]]:
    """The sendable members and the excluded people of these lists (each person once)."""
    ids = sorted(set(list_ids))
    if not ids:
        return [], []
    # Core execution (session.connection()): plain rows without the ORM's per-row loading work.
    rows = session.connection().execute(
        select(Contact.id, Contact.display_name, Contact.org_name, Contact.time_zone, Contact.country,
               Contact.do_not_contact, Contact.deleted_at.is_not(None), SendListMember.email_id,
               SendListMember.added_by)
        .join(SendListMember, SendListMember.contact_id == Contact.id)
        .where(SendListMember.send_list_id.in_(ids), SendListMember.removed.is_(False))
        .order_by(Contact.sort_name, Contact.id)).all()
    emails = _emails(session, ids)
    candidates = {e.key for found in emails.values() for e in found if e.valid}
    suppressed = suppressed_keys(session, candidates) if candidates else set()
    members: list[MemberRow] = []
    excluded: list[ExcludedRow] = []
    seen: set[int] = set()
    for cid, name, org, tz, country, dnc, trashed, email_id, added_by in rows:
        if cid in seen:
            continue
        seen.add(cid)
        address, problem = choose_address(emails.get(cid, []), email_id, suppressed)
        shown = address.normalized if address else ""
        if trashed:
            problem = IN_TRASH
        elif dnc:
            problem = DO_NOT_CONTACT
        if problem or address is None:
            excluded.append(ExcludedRow(ExcludedContact(cid, name, org, shown), problem or NO_VALID_EMAIL, added_by))
        else:
            members.append(MemberRow(cid, name, org, address.normalized, address.id, added_by, tz, country))
    return members, excluded


def resolve_list(session: Session, name: str) -> ResolvedList:
    send_list = get_list(session, name)
    members, excluded = resolve(session, [send_list.id])
    return ResolvedList(send_list.id, send_list.name, send_list.release_id, send_list.query, members, excluded)


def release_list_ids(session: Session, release_id: int) -> list[int]:
    return list(session.scalars(select(SendList.id).where(SendList.release_id == release_id).order_by(SendList.id)))
