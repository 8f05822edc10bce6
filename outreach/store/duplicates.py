"""Likely duplicates, and merging two records of one person (undoably).

Candidates, never merged on their own: a shared e-mail address; a shared phone number with a
similar name (a number shared by many -- a switchboard -- proves nothing); similar names at the
same organisation (rapidfuzz token-sort ratio). Pairs a user marked "not a duplicate" are left out.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.domain.identity import name_key
from outreach.store import audit, contacts_write
from outreach.store.errors import NotFoundError
from outreach.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Merge,
    NotDuplicate,
    OutreachEvent,
    ReleaseContact,
    SendListMember,
)
from outreach.store.queries.contacts import get_contact, input_from_detail

NAME_SIMILAR = 88  # token-sort ratio, 0-100
SHARED_BY_MANY = 4  # an address or number on this many people is a role account or a switchboard

SCALARS = ("display_name", "given_name", "family_name", "title", "role", "organization", "country", "time_zone",
           "preferred_channel", "consent_basis", "dnc_reason")


@dataclass(frozen=True, slots=True)
class Candidate:
    first_id: int
    second_id: int
    first_name: str
    second_name: str
    reason: str
    score: int


def _pairs(ids: list[int]) -> list[tuple[int, int]]:
    ordered = sorted(set(ids))
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]


def find_candidates(session: Session, limit: int = 1000) -> list[Candidate]:
    live = Contact.deleted_at.is_(None)
    names: dict[int, str] = {cid: name for cid, name in session.execute(
        select(Contact.id, Contact.display_name).where(live))}
    keys = {cid: name_key(name) for cid, name in names.items()}
    found: dict[tuple[int, int], tuple[str, int]] = {}

    def offer(pair: tuple[int, int], reason: str, score: int) -> None:
        if pair not in found or found[pair][1] < score:
            found[pair] = (reason, score)

    by_email: dict[str, list[int]] = defaultdict(list)
    for key, cid in session.execute(select(ContactEmail.key, ContactEmail.contact_id).where(ContactEmail.key != "")):
        if cid in names:
            by_email[key].append(cid)
    for people in by_email.values():
        if 1 < len(set(people)) < SHARED_BY_MANY:
            for pair in _pairs(people):
                offer(pair, "same e-mail address", 100)

    by_phone: dict[str, list[int]] = defaultdict(list)
    for e164, cid in session.execute(select(ContactPhone.e164, ContactPhone.contact_id).where(ContactPhone.e164 != "")):
        if cid in names:
            by_phone[e164].append(cid)
    for people in by_phone.values():
        if 1 < len(set(people)) < SHARED_BY_MANY:
            for a, b in _pairs(people):
                score = int(fuzz.token_sort_ratio(keys[a], keys[b]))
                if score >= NAME_SIMILAR:
                    offer((a, b), "same phone number and a similar name", score)

    by_org: dict[int, list[int]] = defaultdict(list)
    for cid, org in session.execute(select(Contact.id, Contact.organization_id).where(
            live, Contact.organization_id.is_not(None))):
        if org is not None:
            by_org[org].append(cid)
    for people in by_org.values():
        if len(people) < 2:
            continue
        people.sort()
        choices = [keys[c] for c in people]
        for i, person in enumerate(people[:-1]):
            later = choices[i + 1:]
            for _match, similarity, j in process.extract(choices[i], later, scorer=fuzz.token_sort_ratio,
                                                    score_cutoff=NAME_SIMILAR, limit=None):
                offer((person, people[i + 1 + j]), "similar name at the same organisation", int(similarity))

    refused = {(a, b) for a, b in session.execute(select(NotDuplicate.first_id, NotDuplicate.second_id))}
    ranked = sorted(((pair, why) for pair, why in found.items() if pair not in refused),
                    key=lambda item: (-item[1][1], item[0]))
    return [Candidate(a, b, names[a], names[b], reason, score) for (a, b), (reason, score) in ranked[:limit]]


def mark_not_duplicate(session: Session, a: int, b: int) -> None:
    first, second = sorted((a, b))
    if session.get(NotDuplicate, (first, second)) is None:
        session.add(NotDuplicate(first_id=first, second_id=second))


def merged_input(kept: ContactInput, other: ContactInput, take_other: set[str]) -> ContactInput:
    """The kept person with the chosen fields of the other, and both people's channels and beats.
    Do-not-contact from either side stays: a merge never re-enables contact."""
    result = dataclasses.replace(kept, emails=list(kept.emails), phones=list(kept.phones), tags=list(kept.tags),
                                 socials={**other.socials, **kept.socials})
    for name in SCALARS:
        mine, theirs = getattr(kept, name), getattr(other, name)
        if name in take_other or (not mine and theirs):
            setattr(result, name, theirs)
    if "notes" in take_other:
        result.notes = other.notes
    elif other.notes and other.notes not in kept.notes:
        result.notes = "\n\n".join(n for n in (kept.notes, other.notes) if n)
    result.do_not_contact = kept.do_not_contact or other.do_not_contact
    if result.do_not_contact and not result.dnc_reason:
        result.dnc_reason = kept.dnc_reason or other.dnc_reason
    known = {e.raw.strip().casefold() for e in result.emails}
    result.emails += [EmailInput(e.raw, e.label) for e in other.emails if e.raw.strip().casefold() not in known]
    numbers = {p.raw.strip() for p in result.phones}
    result.phones += [PhoneInput(p.raw, p.label) for p in other.phones if p.raw.strip() not in numbers]
    beats = {t.lower() for t in result.tags}
    result.tags += [t for t in other.tags if t.lower() not in beats]
    return result


def merge(session: Session, kept_id: int, merged_id: int, take_other: set[str], default_region: str) -> int:
    if kept_id == merged_id:
        raise NotFoundError("a person cannot be merged with themselves")
    kept = input_from_detail(get_contact(session, kept_id))
    other = input_from_detail(get_contact(session, merged_id))
    contacts_write.update_contact(session, kept_id, merged_input(kept, other, take_other), default_region)
    events = list(session.scalars(select(OutreachEvent.id).where(OutreachEvent.contact_id == merged_id)))
    session.execute(update(OutreachEvent).where(OutreachEvent.id.in_(events)).values(contact_id=kept_id))
    kept_releases = set(session.scalars(select(ReleaseContact.release_id).where(ReleaseContact.contact_id == kept_id)))
    releases = [r for r in session.scalars(select(ReleaseContact.release_id).where(
        ReleaseContact.contact_id == merged_id)) if r not in kept_releases]
    session.execute(update(ReleaseContact).where(ReleaseContact.contact_id == merged_id,
                                                 ReleaseContact.release_id.in_(releases)).values(contact_id=kept_id))
    kept_lists = set(session.scalars(select(SendListMember.send_list_id).where(SendListMember.contact_id == kept_id)))
    lists = [s for s in session.scalars(select(SendListMember.send_list_id).where(
        SendListMember.contact_id == merged_id)) if s not in kept_lists]
    session.execute(update(SendListMember).where(SendListMember.contact_id == merged_id,
                                                 SendListMember.send_list_id.in_(lists)).values(contact_id=kept_id))
    contacts_write.trash_contacts(session, [merged_id])
    record = Merge(kept_id=kept_id, merged_id=merged_id, undo={
        "kept_before": _plain(kept), "events": events, "releases": releases, "lists": lists})
    session.add(record)
    session.flush()
    audit.record(session, "contact", [kept_id], "merge", {"merged": [None, merged_id]})
    audit.record(session, "contact", [merged_id], "merge", {"merged into": [None, kept_id]})
    return record.id


def undo_merge(session: Session, merge_id: int, default_region: str) -> None:
    record = session.get(Merge, merge_id)
    if record is None or record.undone:
        raise NotFoundError(f"no merge {merge_id} to undo")
    undo = record.undo
    contacts_write.update_contact(session, record.kept_id, _input(undo["kept_before"]), default_region)
    session.execute(update(OutreachEvent).where(OutreachEvent.id.in_(undo["events"]))
                    .values(contact_id=record.merged_id))
    session.execute(update(ReleaseContact).where(ReleaseContact.contact_id == record.kept_id,
                                                 ReleaseContact.release_id.in_(undo["releases"]))
                    .values(contact_id=record.merged_id))
    session.execute(update(SendListMember).where(SendListMember.contact_id == record.kept_id,
                                                 SendListMember.send_list_id.in_(undo["lists"]))
                    .values(contact_id=record.merged_id))
    contacts_write.restore_contacts(session, [record.merged_id])
    record.undone = True
    audit.record(session, "contact", [record.kept_id, record.merged_id], "unmerge")


def forget_not_duplicate(session: Session, a: int, b: int) -> None:
    first, second = sorted((a, b))
    session.execute(delete(NotDuplicate).where(NotDuplicate.first_id == first, NotDuplicate.second_id == second))


def _plain(data: ContactInput) -> dict[str, Any]:
    value = dataclasses.asdict(data)
    for name in ("dnc_date", "last_verified"):
        value[name] = value[name].isoformat() if value[name] else None
    return value


def _input(value: dict[str, Any]) -> ContactInput:
    fields = dict(value)
    fields["emails"] = [EmailInput(**e) for e in fields["emails"]]
    fields["phones"] = [PhoneInput(**p) for p in fields["phones"]]
    for name in ("dnc_date", "last_verified"):
        fields[name] = date.fromisoformat(fields[name]) if fields[name] else None
    return ContactInput(**fields)
