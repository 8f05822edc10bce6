"""Writing send-lists: create, fill from a saved query (in SQL, INSERT … SELECT), hand edits, delete.

Membership rows remember how a person got on the list (``added_by``: query | hand) and whether
they were taken off by hand (``removed``), so refreshing from the saved query adds new matches,
keeps hand-added people and never brings back someone removed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, false, func, insert, literal, select, update
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


def delete_list(session: Session, name: str) -> None:
    send_list = get_list(session, name)
    session.execute(update(OutreachEvent).where(OutreachEvent.send_list_id == send_list.id)
                    .values(send_list_id=None))
    session.execute(delete(SendListMember).where(SendListMember.send_list_id == send_list.id))
    session.execute(delete(SendList).where(SendList.id == send_list.id))
