"""Reading send-lists: who is on a list, at which address, and who is excluded and why.

Exclusion is decided when the list is read, never stored: a person marked do-not-contact, an
address that bounces or opts out, a person moved to the trash all leave the list's sendable
members at once, and come back if that changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, func, select, text
from sqlalchemy.orm import Session

from outreach.store.errors import NotFoundError
from outreach.store.models import Contact, ContactEmail, Release, SendList, SendListMember
from outreach.store.privacy import suppressed_keys

AnySelect = Select[*tuple[Any, ...]]  # a statement of any columns
AnyRow = Row[*tuple[Any, ...]]

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
class ListOverview:
    """A send-list with how many people can be sent to now and how many are excluded."""

    id: int
    name: str
    release_id: int | None
    release_title: str
    query: str
    members: int  # sendable now
    excluded: int


class _Email(NamedTuple):
    """A valid address of someone on a list (a plain tuple: thousands are made per read)."""

    id: int
    normalized: str
    key: str
    is_primary: bool
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


def list_overviews(session: Session) -> list[ListOverview]:
    """Every send-list with its sendable and excluded counts, without reading names or building member rows.

    The same rules as :func:`resolve` (one light pass over every list's members and their valid
    addresses); only the suppression list needs the addresses' keyed hashes, made in Python.
    """
    lists = session.execute(
        select(SendList.id, SendList.name, SendList.release_id, func.coalesce(Release.title, ""), SendList.query)
        .outerjoin(Release, Release.id == SendList.release_id).order_by(SendList.name)).all()
    if not lists:
        return []
    without_jit(session)
    rows = session.connection().execute(
        select(SendListMember.send_list_id, SendListMember.contact_id, Contact.do_not_contact,
               Contact.deleted_at.is_not(None), SendListMember.email_id)
        .join(Contact, Contact.id == SendListMember.contact_id)
        .where(SendListMember.removed.is_(False))).all()
    emails = _emails(session, select(SendListMember.contact_id).where(SendListMember.removed.is_(False)))
    suppressed = _suppressed(session, emails)
    sendable: dict[tuple[int, int | None], bool] = {}  # (person, chosen address) -> can be sent to
    counts = {list_id: [0, 0] for list_id, *_ in lists}
    for list_id, cid, dnc, trashed, email_id in rows:
        if dnc or trashed:
            ok = False
        else:
            known = sendable.get((cid, email_id))
            if known is None:
                address, problem = choose_address(emails.get(cid, _NO_EMAILS), email_id, suppressed)
                known = sendable[(cid, email_id)] = address is not None and not problem
            ok = known
        counts[list_id][0 if ok else 1] += 1
    return [ListOverview(list_id, name, release_id, title, query, *counts[list_id])
            for list_id, name, release_id, title, query in lists]


_NO_EMAILS: list[_Email] = []


def _emails(session: Session, contact_ids: AnySelect) -> dict[int, list[_Email]]:
    """The valid addresses of these people, in their order (invalid ones are never used)."""
    stmt = (select(ContactEmail.contact_id, ContactEmail.id, ContactEmail.normalized, ContactEmail.key,
                   ContactEmail.is_primary, ContactEmail.delivery_status)
            .where(ContactEmail.contact_id.in_(contact_ids), ContactEmail.status == "valid", ContactEmail.key != "")
            .order_by(ContactEmail.contact_id, ContactEmail.position, ContactEmail.id))
    emails: dict[int, list[_Email]] = {}
    for cid, eid, normalized, key, primary, delivery in session.connection().execute(stmt).all():
        found = emails.get(cid)
        if found is None:
            emails[cid] = found = []
        found.append(_Email(eid, normalized, key, primary, delivery))
    return emails


def _suppressed(session: Session, emails: dict[int, list[_Email]]) -> set[str]:
    candidates = {e.key for found in emails.values() for e in found}
    return suppressed_keys(session, candidates) if candidates else set()


def _problem(email: _Email, suppressed: set[str]) -> str | None:
    if email.delivery_status == "bounced":
        return BOUNCED
    if email.delivery_status == "opted_out":
        return OPTED_OUT
    if email.key in suppressed:
        return SUPPRESSED
    return None


def choose_address(emails: list[_Email], chosen_id: int | None, suppressed: set[str]) -> tuple[_Email | None, str]:
    """The address to use and "" -- or the unusable address (if any) and the reason.

    `emails` are the person's valid addresses in their order.
    """
    if chosen_id is not None:
        for chosen in emails:
            if chosen.id == chosen_id:
                return chosen, _problem(chosen, suppressed) or ""
    if not emails:
        return None, NO_VALID_EMAIL
    first_valid: _Email | None = None
    first_usable: _Email | None = None
    for e in emails:  # one pass: the primary usable address, else the first usable one
        if first_valid is None or (e.is_primary and not first_valid.is_primary):
            first_valid = e
        if _problem(e, suppressed) is None:
            if e.is_primary:
                return e, ""
            if first_usable is None:
                first_usable = e
    if first_usable is not None:
        return first_usable, ""
    assert first_valid is not None
    return first_valid, _problem(first_valid, suppressed) or NO_VALID_EMAIL


def without_jit(session: Session) -> None:
    """PostgreSQL: no JIT compilation for the rest of this transaction.

    Reading a list is a few thousand index probes (some ms), but the planner's estimate grows with
    the table's dead rows: after big lists came and went, a 5,000-member status board was costed at
    200,000 rows and spent 260 ms compiling itself (43 ms without). JIT pays off only for long scans.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def member_select(list_ids: Sequence[int]) -> AnySelect:
    """The people on these lists (not removed by hand) as :func:`judge` reads them, in name order.

    Columns: id, name, organisation, time zone, country, do-not-contact, in the trash, chosen
    address id, added by; callers may add columns after these (and joins for them).
    """
    return (select(Contact.id, Contact.display_name, Contact.org_name, Contact.time_zone, Contact.country,
                   Contact.do_not_contact, Contact.deleted_at.is_not(None), SendListMember.email_id,
                   SendListMember.added_by)
            .select_from(SendListMember).join(Contact, Contact.id == SendListMember.contact_id)
            .where(SendListMember.send_list_id.in_(list_ids), SendListMember.removed.is_(False))
            .order_by(Contact.sort_name, Contact.id, SendListMember.send_list_id))


def judge(session: Session, list_ids: Sequence[int], stmt: AnySelect
          ) -> Iterator[tuple[AnyRow, _Email | None, str]]:
    """Each person of a :func:`member_select` statement once (their first row), with the address a
    send goes to and "" -- or the unusable address (if any) and why they are excluded."""
    without_jit(session)
    # Core execution (session.connection()): plain rows without the ORM's per-row loading work.
    rows = session.connection().execute(stmt).all()
    emails = _emails(session, select(SendListMember.contact_id).where(
        SendListMember.send_list_id.in_(list_ids), SendListMember.removed.is_(False)))
    suppressed = _suppressed(session, emails)
    seen: set[int] = set()
    for row in rows:
        cid = row[0]
        if cid in seen:
            continue
        seen.add(cid)
        address, problem = choose_address(emails.get(cid, _NO_EMAILS), row[7], suppressed)
        if row[6]:
            problem = IN_TRASH
        elif row[5]:
            problem = DO_NOT_CONTACT
        yield row, address, problem


def resolve(session: Session, list_ids: Iterable[int]) -> tuple[list[MemberRow], list[ExcludedRow]]:
    """The sendable members and the excluded people of these lists (each person once)."""
    ids = sorted(set(list_ids))
    if not ids:
        return [], []
    members: list[MemberRow] = []
    excluded: list[ExcludedRow] = []
    for (cid, name, org, tz, country, _dnc, _trashed, _chosen, added_by), address, problem in judge(
            session, ids, member_select(ids)):
        if problem or address is None:
            shown = address.normalized if address is not None else ""
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
