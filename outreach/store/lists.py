"""Writing send-lists: create, fill from a saved query (in SQL, INSERT … SELECT), hand edits, delete
and undo a delete.

Membership rows remember how a person got on the list (``added_by``: query | hand) and whether
they were taken off by hand (``removed``), so refreshing from the saved query adds new matches,
keeps hand-added people and never brings back someone removed by hand.

Deleting a list returns a :class:`DeletedList`: everything the list held (its fields, every member
row with its chosen address, hand additions and hand removals, and the ids of the events logged
through it, whose link the delete clears). :func:`restore_list` puts it back as it was. A snapshot
rather than a `deleted_at` mark: names stay unique among the lists there are, no query has to skip
deleted lists, and nobody lingers on a hidden list after being erased.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, false, func, insert, literal, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from outreach.domain.emails import email_key
from outreach.domain.query import parse_query
from outreach.errors import UserError
from outreach.store.errors import NotFoundError
from outreach.store.models import Contact, ContactEmail, OutreachEvent, Release, SendList, SendListMember, table
from outreach.store.queries.contact_filter import combined
from outreach.store.queries.lists import get_list

CHUNK = 500


@dataclass(frozen=True, slots=True)
class DeletedMember:
    """One row of a deleted list: a person on it, or taken off it by hand (`removed`)."""

    contact_id: int
    contact_created_at: datetime  # which person it was: ids can come back after an erasure (SQLite)
    email_id: int | None  # the address chosen for this list, or None for the person's primary one
    added_by: str  # query | hand
    removed: bool


@dataclass(frozen=True, slots=True)
class DeletedList:
    """What undoing the deletion of a send-list needs (plain values only)."""

    id: int
    name: str
    release_id: int | None
    query: str
    created_at: datetime
    updated_at: datetime
    members: tuple[DeletedMember, ...]
    events: tuple[tuple[int, int], ...]  # (event id, contact id) of the events logged through the list


@dataclass(frozen=True, slots=True)
class RestoredList:
    id: int
    name: str
    members: int  # member rows back (people removed by hand included)
    skipped: int  # rows of people no longer in the database (erased since): they stay out
    events: int  # events linked to the list again


def create_list(session: Session, name: str, release_id: int | None = None, query: str = "") -> int:
    name = name.strip()
    if not name:
        raise UserError("a send-list needs a name")
    if release_id is not None and session.get(Release, release_id) is None:
        raise NotFoundError(f"no release with id {release_id}")
    if session.scalar(select(SendList.id).where(SendList.name == name)) is not None:
        raise UserError(f"a send-list called {name!r} already exists")
    send_list = SendList(name=name, release_id=release_id, query=query.strip())
    session.add(send_list)
    try:
        session.flush()
    except IntegrityError:
        raise UserError(f"a send-list called {name!r} already exists") from None
    if send_list.query:
        add_query_matches(session, send_list.id, send_list.query)
    return send_list.id


def add_query_matches(session: Session, list_id: int, query_text: str) -> int:
    """Add everyone the query finds who has no row on the list yet (so never one removed by hand)."""
    query = parse_query(query_text)
    if query.is_empty:
        return 0
    already = select(SendListMember.contact_id).where(SendListMember.send_list_id == list_id)
    matches = select(literal(list_id), Contact.id, literal("query"), false()).where(
        combined(session, query), Contact.id.not_in(already)
    )
    before = _count(session, list_id)
    session.execute(
        insert(table(SendListMember)).from_select(["send_list_id", "contact_id", "added_by", "removed"], matches)
    )
    # Counted, not rowcount: some drivers report -1 for INSERT … SELECT.
    return _count(session, list_id) - before


def _count(session: Session, list_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(SendListMember)
                              .where(SendListMember.send_list_id == list_id)) or 0)


def refresh(session: Session, name: str) -> int:
    send_list = get_list(session, name)
    return add_query_matches(session, send_list.id, send_list.query)


def _check_contacts(session: Session, ids: list[int]) -> None:
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        found.update(session.scalars(select(Contact.id).where(Contact.id.in_(ids[start:start + CHUNK]))))
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError("no contact with id " + ", ".join(str(i) for i in missing[:10]))


def _rows(session: Session, list_id: int, ids: list[int]) -> dict[int, bool]:
    """contact id → removed, for the rows these people already have on the list."""
    rows: dict[int, bool] = {}
    for start in range(0, len(ids), CHUNK):
        stmt = select(SendListMember.contact_id, SendListMember.removed).where(
            SendListMember.send_list_id == list_id, SendListMember.contact_id.in_(ids[start:start + CHUNK]))
        rows.update({cid: removed for cid, removed in session.execute(stmt)})
    return rows


def add_by_hand(session: Session, name: str, contact_ids: Iterable[int]) -> int:
    """Put people on the list by hand (also people removed before). Returns how many were not on it."""
    send_list = get_list(session, name)
    ids = sorted(set(contact_ids))
    _check_contacts(session, ids)
    existing = _rows(session, send_list.id, ids)
    new = [i for i in ids if i not in existing]
    back = [i for i in ids if existing.get(i)]
    if new:
        session.execute(insert(table(SendListMember)),
                        [{"send_list_id": send_list.id, "contact_id": i, "added_by": "hand", "removed": False}
                         for i in new])
    for start in range(0, len(back), CHUNK):
        session.execute(update(SendListMember)
                        .where(SendListMember.send_list_id == send_list.id,
                               SendListMember.contact_id.in_(back[start:start + CHUNK]))
                        .values(removed=False, added_by="hand"))
    return len(new) + len(back)


def remove_by_hand(session: Session, name: str, contact_ids: Iterable[int]) -> int:
    """Take people off the list; a refresh will not bring them back. Returns how many were on it."""
    send_list = get_list(session, name)
    ids = sorted(set(contact_ids))
    existing = _rows(session, send_list.id, ids)
    on_list = [i for i in ids if i in existing and not existing[i]]
    for start in range(0, len(on_list), CHUNK):
        session.execute(update(SendListMember)
                        .where(SendListMember.send_list_id == send_list.id,
                               SendListMember.contact_id.in_(on_list[start:start + CHUNK]))
                        .values(removed=True))
    return len(on_list)


def set_address(session: Session, name: str, contact_id: int, address: str) -> None:
    """Send to this one of the person's addresses instead of their primary one."""
    send_list = get_list(session, name)
    email_id = session.scalar(select(ContactEmail.id).where(
        ContactEmail.contact_id == contact_id, ContactEmail.key == email_key(address)))
    if email_id is None:
        raise UserError(f"contact {contact_id} has no address {address!r}")
    on_list = session.scalar(select(SendListMember.contact_id).where(
        SendListMember.send_list_id == send_list.id, SendListMember.contact_id == contact_id,
        SendListMember.removed.is_(False)))
    if on_list is None:
        raise UserError(f"contact {contact_id} is not on {name!r}")
    session.execute(update(SendListMember)
                    .where(SendListMember.send_list_id == send_list.id, SendListMember.contact_id == contact_id)
                    .values(email_id=email_id))


def delete_list(session: Session, name: str) -> DeletedList:
    """Delete a list; its people and their history stay. The result undoes it with :func:`restore_list`."""
    send_list = get_list(session, name)
    list_id = send_list.id
    members = tuple(
        DeletedMember(cid, created, email_id, added_by, bool(removed))
        for cid, created, email_id, added_by, removed in session.execute(
            select(SendListMember.contact_id, Contact.created_at, SendListMember.email_id, SendListMember.added_by,
                   SendListMember.removed)
            .join(Contact, Contact.id == SendListMember.contact_id)
            .where(SendListMember.send_list_id == list_id).order_by(SendListMember.contact_id)))
    events = tuple((eid, cid) for eid, cid in session.execute(
        select(OutreachEvent.id, OutreachEvent.contact_id).where(OutreachEvent.send_list_id == list_id)
        .order_by(OutreachEvent.id)))
    deleted = DeletedList(list_id, send_list.name, send_list.release_id, send_list.query, send_list.created_at,
                          send_list.updated_at, members, events)
    session.execute(update(OutreachEvent).where(OutreachEvent.send_list_id == list_id).values(send_list_id=None))
    session.execute(delete(SendListMember).where(SendListMember.send_list_id == list_id))
    session.execute(delete(SendList).where(SendList.id == list_id))
    session.expunge(send_list)
    return deleted


def restore_list(session: Session, deleted: DeletedList, name: str | None = None) -> RestoredList:
    """Undo a deletion: the list comes back with its id (when still free), name (or `name`), release,
    query and dates, every member row as it was (chosen address, hand additions, hand removals), and
    the events logged through it point at it again. People erased since stay out (counted as skipped);
    an address deleted since falls back to the person's primary one; a deleted release is left off."""
    name = (deleted.name if name is None else name).strip()
    if not name:
        raise UserError("a send-list needs a name")
    if session.scalar(select(SendList.id).where(SendList.name == name)) is not None:
        raise UserError(f"a send-list called {name!r} exists again; restore it under another name")
    release_id = deleted.release_id
    if release_id is not None and session.get(Release, release_id) is None:
        release_id = None
    values = {"name": name, "release_id": release_id, "query": deleted.query,
              "created_at": deleted.created_at, "updated_at": deleted.updated_at}
    id_free = session.get(SendList, deleted.id) is None
    if id_free:
        values["id"] = deleted.id
    list_id = int(session.execute(insert(table(SendList)).values(**values).returning(SendList.id)).scalar_one())
    if id_free:
        _sequence_past(session, list_id)

    people = _same_people(session, deleted.members)
    kept = [m for m in deleted.members if m.contact_id in people]
    addresses = _addresses_of(session, [m for m in kept if m.email_id is not None])
    if kept:
        session.execute(insert(table(SendListMember)), [
            {"send_list_id": list_id, "contact_id": m.contact_id, "added_by": m.added_by, "removed": m.removed,
             "email_id": m.email_id if addresses.get(m.email_id or 0) == m.contact_id else None}
            for m in kept])
    relinked = _relink_events(session, list_id, [(e, c) for e, c in deleted.events if c in people])
    return RestoredList(list_id, name, len(kept), len(deleted.members) - len(kept), relinked)


def _same_people(session: Session, members: Iterable[DeletedMember]) -> set[int]:
    """The ids of these members that are still the same people (same id and creation time)."""
    created = {m.contact_id: m.contact_created_at for m in members}
    ids = sorted(created)
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        for cid, at in session.execute(select(Contact.id, Contact.created_at)
                                       .where(Contact.id.in_(ids[start:start + CHUNK]))):
            if at == created[cid]:
                found.add(cid)
    return found


def _addresses_of(session: Session, members: list[DeletedMember]) -> dict[int, int]:
    """address id -> its person, for the chosen addresses that still exist."""
    ids = sorted({m.email_id for m in members if m.email_id is not None})
    owners: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        owners.update({eid: cid for eid, cid in session.execute(
            select(ContactEmail.id, ContactEmail.contact_id).where(ContactEmail.id.in_(ids[start:start + CHUNK])))})
    return owners


def _relink_events(session: Session, list_id: int, events: list[tuple[int, int]]) -> int:
    """Point these events (id, person) at the list again, if they are still there and linked to no list."""
    wanted = dict(events)
    ids = sorted(wanted)
    linked = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        same = [eid for eid, cid in session.execute(
            select(OutreachEvent.id, OutreachEvent.contact_id)
            .where(OutreachEvent.id.in_(chunk), OutreachEvent.send_list_id.is_(None))) if wanted[eid] == cid]
        if same:
            session.execute(update(OutreachEvent).where(OutreachEvent.id.in_(same)).values(send_list_id=list_id))
        linked += len(same)
    return linked


def _sequence_past(session: Session, list_id: int) -> None:
    """PostgreSQL: after an insert with an explicit id, new lists must still get ids after it."""
    if session.get_bind().dialect.name != "postgresql":
        return
    sequence = session.scalar(text("SELECT pg_get_serial_sequence('send_lists', 'id')"))
    if sequence is None:
        return
    session.execute(text("SELECT setval(CAST(:sequence AS regclass), :id) WHERE :id > "
                         "(SELECT last_value FROM " + str(sequence) + ")"), {"sequence": sequence, "id": list_id})
