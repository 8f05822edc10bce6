"""SQL for imports and exports: identity look-ups in batches, merge writes, exports streamed in pages."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from outreach.domain.identity import name_key
from outreach.store.bulk import org_ids, tag_ids
from outreach.store.models import Contact, ContactEmail, ContactPhone, Organization, Tag, contact_tags
from outreach.store.queries.contacts import ContactDetail, EmailRow, PhoneRow
from outreach.store.summaries import refresh_summaries

CHUNK = 500
PAGE = 2000
FILLABLE = ("given_name", "family_name", "title", "country", "notes", "time_zone", "preferred_channel",
            "consent_basis", "uid")


@dataclass(slots=True)
class Existing:
    """A stored person an import may match, with what the identity rule and a merge need."""

    id: int
    display_name: str
    uid: str | None
    trashed: bool
    do_not_contact: bool
    organization_id: int | None
    fields: dict[str, Any]
    email_keys: set[str] = field(default_factory=set)
    email_raws: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    phone_raws: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    emails_count: int = 0
    phones_count: int = 0


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def find_existing(session: Session, email_keys: Iterable[str], uids: Iterable[str],
                  phone_names: Iterable[tuple[str, str]], known: Collection[int] = ()) -> dict[int, Existing]:
    """Every stored person (trashed ones too) the identity rule may pair with the batch's records: those
    sharing an e-mail key or UID, and those with an E.164 number *and* name (:func:`name_key`) of
    `phone_names` -- except those in `known` (loaded already, by an earlier slice of an import).

    A number alone finds nobody: a switchboard number is shared by every person of an outlet, and
    loading them all cost a big import more than all its other look-ups.
    """
    ids: set[int] = set()
    pairs = set(phone_names)
    lookups: list[tuple[Any, Any, Iterable[str]]] = [
        (select(ContactEmail.contact_id), ContactEmail.key, email_keys), (select(Contact.id), Contact.uid, uids),
        (select(ContactPhone.contact_id, ContactPhone.e164, Contact.display_name)
         .join(Contact, Contact.id == ContactPhone.contact_id), ContactPhone.e164, {p for p, _ in pairs})]
    for query, column, values in lookups:
        wanted = list(set(values))
        if not wanted:
            continue
        if session.get_bind().dialect.name == "sqlite":
            # One statement with the values as one JSON parameter: a 100k-row file's keys in 500s were
            # 400 statements, most of the time spent binding parameters.
            listed = select(func.json_each(json.dumps(wanted)).table_valued("value").c.value)
            rows = list(session.execute(query.where(column.in_(listed.scalar_subquery()))))
        else:
            rows = [row for chunk in _chunks(sorted(wanted))
                    for row in session.execute(query.where(column.in_(chunk)))]
        if column is ContactPhone.e164:
            ids.update(cid for cid, e164, name in rows if (e164, name_key(name)) in pairs)
        else:
            ids.update(row[0] for row in rows)
    return load_existing(session, sorted(ids.difference(known)))


def load_existing(session: Session, ids: list[int]) -> dict[int, Existing]:
    found: dict[int, Existing] = {}
    cols = [getattr(Contact, name) for name in FILLABLE]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for row in session.execute(
            select(Contact.id, Contact.display_name, Contact.uid, Contact.deleted_at, Contact.do_not_contact,
                   Contact.organization_id, *cols).where(Contact.id.in_(chunk))
        ):
            found[row[0]] = Existing(row[0], row[1], row[2], row[3] is not None, row[4], row[5],
                                     dict(zip(FILLABLE, row[6:], strict=True)))
        for cid, key, raw in session.execute(
            select(ContactEmail.contact_id, ContactEmail.key, ContactEmail.raw)
            .where(ContactEmail.contact_id.in_(chunk))
        ):
            person = found[cid]
            if key:
                person.email_keys.add(key)
            person.email_raws.add(raw.strip().casefold())
            person.emails_count += 1
        for cid, e164, raw in session.execute(
            select(ContactPhone.contact_id, ContactPhone.e164, ContactPhone.raw)
            .where(ContactPhone.contact_id.in_(chunk))
        ):
            person = found[cid]
            if e164:
                person.phones.add(e164)
            person.phone_raws.add(raw.strip())
            person.phones_count += 1
        for cid, key in session.execute(
            select(contact_tags.c.contact_id, Tag.key).join(Tag, Tag.id == contact_tags.c.tag_id)
            .where(contact_tags.c.contact_id.in_(chunk))
        ):
            found[cid].tags.add(key)
    return found


@dataclass(slots=True)
class Merge:
    """What an import adds to one stored person: only additions and empty fields filled."""

    contact_id: int
    emails: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    fills: dict[str, Any] = field(default_factory=dict)
    organization: str = ""
    do_not_contact: tuple[str, Any] | None = None  # (reason, date) when the file says do-not-contact

    @property
    def changes(self) -> bool:
        return bool(self.emails or self.phones or self.tags or self.fills or self.organization
                    or self.do_not_contact)


def apply_merges(session: Session, merges: Sequence[Merge], fresh: Collection[int] = ()) -> dict[int, list[int]]:
    """Write the merges in batches and refresh the derived columns of the people touched.

    `fresh`: people the same import created, whose version stays 1 (nobody has seen them yet, and a
    roll-back tells untouched people by it). Returns the ids of the tags linked, per contact (what
    rolling the import back takes off again).
    """
    merges = [m for m in merges if m.changes]
    if not merges:
        return {}
    emails = [{**e, "contact_id": m.contact_id} for m in merges for e in m.emails]
    phones = [{**p, "contact_id": m.contact_id} for m in merges for p in m.phones]
    if emails:
        session.execute(insert(cast(Table, ContactEmail.__table__)), emails)
    if phones:
        session.execute(insert(cast(Table, ContactPhone.__table__)), phones)
    tags = tag_ids(session, {t for m in merges for t in m.tags})
    links = {(m.contact_id, tags[t.lower()]) for m in merges for t in m.tags if t.lower() in tags}
    if links:
        session.execute(insert(contact_tags), [{"contact_id": c, "tag_id": t} for c, t in sorted(links)])
    linked: dict[int, list[int]] = {}
    for contact_id, tag_id in sorted(links):
        linked.setdefault(contact_id, []).append(tag_id)
    orgs = org_ids(session, {m.organization for m in merges if m.organization})
    now = datetime.now(UTC)
    table = cast(Table, Contact.__table__)
    for m in merges:
        values: dict[str, Any] = dict(m.fills)
        if m.organization:
            values["organization_id"] = orgs[m.organization.lower()]
        if m.do_not_contact:
            values.update(do_not_contact=True, dnc_reason=m.do_not_contact[0], dnc_date=m.do_not_contact[1])
        values["updated_at"] = now
        if m.contact_id not in fresh:
            values["version"] = table.c.version + 1
        session.execute(update(table).where(table.c.id == m.contact_id).values(**values))
    refresh_summaries(session, [m.contact_id for m in merges])
    return linked


# --- export --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExportShape:
    emails: int
    phones: int
    notes_length: int


def export_shape(session: Session) -> ExportShape:
    """Upper bounds over the whole database (cheap): the most e-mails/phones of anyone, the longest notes."""
    most_emails = session.execute(select(func.max(select(func.count()).select_from(ContactEmail)
                                                  .group_by(ContactEmail.contact_id).subquery().c[0]))).scalar()
    most_phones = session.execute(select(func.max(select(func.count()).select_from(ContactPhone)
                                                  .group_by(ContactPhone.contact_id).subquery().c[0]))).scalar()
    longest = session.execute(select(func.max(func.length(Contact.notes)))).scalar()
    return ExportShape(int(most_emails or 0), int(most_phones or 0), int(longest or 0))


_CONTACT_COLUMNS = (
    Contact.id, Contact.display_name, Contact.given_name, Contact.family_name, Contact.title, Contact.role,
    Contact.organization_id, Organization.name, Contact.country, Contact.time_zone, Contact.time_zone_inferred,
    Contact.preferred_channel, Contact.socials, Contact.notes, Contact.do_not_contact, Contact.dnc_reason,
    Contact.dnc_date, Contact.source, Contact.source_detail, Contact.consent_basis, Contact.last_verified,
    Contact.uid, Contact.created_at, Contact.updated_at, Contact.version, Contact.deleted_at,
)


def export_rows(session: Session, ids: Sequence[int], page: int = PAGE) -> Iterator[ContactDetail]:
    """The people with these ids, in this order, read a page at a time (memory stays bounded)."""
    for start in range(0, len(ids), page):
        chunk = list(ids[start:start + page])
        param: Any = bindparam("ids", expanding=True)
        emails: dict[int, list[EmailRow]] = {}
        for row in session.execute(
            select(ContactEmail.contact_id, ContactEmail.id, ContactEmail.raw, ContactEmail.normalized,
                   ContactEmail.label, ContactEmail.is_primary, ContactEmail.status, ContactEmail.message,
                   ContactEmail.suggestion, ContactEmail.delivery_status)
            .where(ContactEmail.contact_id.in_(param)).order_by(ContactEmail.contact_id, ContactEmail.position,
                                                               ContactEmail.id), {"ids": chunk}
        ):
            values: tuple[Any, ...] = tuple(row)
            emails.setdefault(values[0], []).append(EmailRow(*values[1:]))
        phones: dict[int, list[PhoneRow]] = {}
        for prow in session.execute(
            select(ContactPhone.contact_id, ContactPhone.id, ContactPhone.raw, ContactPhone.e164,
                   ContactPhone.extension, ContactPhone.label, ContactPhone.number_type, ContactPhone.is_primary,
                   ContactPhone.status, ContactPhone.message)
            .where(ContactPhone.contact_id.in_(param)).order_by(ContactPhone.contact_id, ContactPhone.position,
                                                               ContactPhone.id), {"ids": chunk}
        ):
            pvalues: tuple[Any, ...] = tuple(prow)
            phones.setdefault(pvalues[0], []).append(PhoneRow(*pvalues[1:]))
        tags: dict[int, list[str]] = {}
        for cid, name in session.execute(
            select(contact_tags.c.contact_id, Tag.name).join(Tag, Tag.id == contact_tags.c.tag_id)
            .where(contact_tags.c.contact_id.in_(param)).order_by(contact_tags.c.contact_id, Tag.key),
            {"ids": chunk},
        ):
            tags.setdefault(cid, []).append(name)
        people: dict[int, ContactDetail] = {}
        detail: Any = ContactDetail
        for crow in session.execute(
            select(*_CONTACT_COLUMNS).outerjoin(Organization, Organization.id == Contact.organization_id)
            .where(Contact.id.in_(param)), {"ids": chunk}
        ):
            row_: tuple[Any, ...] = tuple(crow)
            cid = row_[0]
            people[cid] = detail(
                *row_[:7], row_[7] or "", *row_[8:12], dict(row_[12] or {}), *row_[13:],
                tags=tuple(tags.get(cid, ())), emails=tuple(emails.get(cid, ())), phones=tuple(phones.get(cid, ())),
            )
        for cid in chunk:
            if cid in people:
                yield people[cid]


# --- export, fast path ---------------------------------------------------------------------------
# The writers need plain values, not ORM objects: the pages are read through the DB-API cursor
# (no ORM loading, no per-value type processing) into named tuples, which is several times cheaper
# than building ContactDetail dataclasses. The values are the same as export_rows gives.

class ExportEmail(NamedTuple):
    raw: str
    normalized: str
    label: str
    is_primary: bool
    status: str
    message: str
    delivery_status: str


class ExportPhone(NamedTuple):
    raw: str
    e164: str
    label: str
    is_primary: bool
    status: str
    message: str


class ExportPerson(NamedTuple):
    id: int
    display_name: str
    given_name: str
    family_name: str
    title: str
    role: str
    organization: str
    country: str
    time_zone: str
    time_zone_inferred: bool
    preferred_channel: str
    socials: dict[str, str]
    notes: str
    do_not_contact: bool
    dnc_reason: str
    dnc_date: date | None
    consent_basis: str
    last_verified: date | None
    uid: str | None
    tags: tuple[str, ...]
    emails: tuple[ExportEmail, ...]
    phones: tuple[ExportPhone, ...]


def _id_filter(column: str, chunk: Sequence[int]) -> str:
    """SQL for `column` in these ids; ids are integers, written inline (no parameters to bind).

    A dense page (the usual case: everyone, in id order) is read as a range, which SQLite walks
    much faster than a long IN list; the rows outside the page are dropped by the caller.
    """
    low, high = min(chunk), max(chunk)
    if high - low + 1 <= 2 * len(chunk):
        return f"{column} BETWEEN {int(low)} AND {int(high)}"
    return f"{column} IN ({','.join(str(int(i)) for i in chunk)})"


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_socials(value: Any) -> dict[str, str]:
    if not value or value == "{}":
        return {}
    return dict(json.loads(value) if isinstance(value, str | bytes) else value)


def export_people(session: Session, ids: Sequence[int], page: int = PAGE) -> Iterator[ExportPerson]:
    """As :func:`export_rows` (the people with these ids, in this order, a page at a time), as plain tuples."""
    cursor = session.connection().connection.cursor()  # the DB-API cursor: rows are plain tuples

    def sql(statement: str) -> list[Any]:
        cursor.execute(statement)
        return list(cursor.fetchall())

    email_of = ExportEmail._make
    phone_of: Any = ExportPhone._make
    for start in range(0, len(ids), page):
        chunk = list(ids[start:start + page])
        if not chunk:
            continue
        wanted = set(chunk)
        emails: dict[int, list[ExportEmail]] = {}
        for row in sql(
            "SELECT contact_id, raw, normalized, label, is_primary, status, message, delivery_status "
            f"FROM contact_emails WHERE {_id_filter('contact_id', chunk)} ORDER BY contact_id, position, id"
        ):
            cid = row[0]
            if cid in wanted:
                emails.setdefault(cid, []).append(
                    email_of((row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7])))
        phones: dict[int, list[ExportPhone]] = {}
        for row in sql(
            "SELECT contact_id, raw, e164, label, is_primary, status, message "
            f"FROM contact_phones WHERE {_id_filter('contact_id', chunk)} ORDER BY contact_id, position, id"
        ):
            cid = row[0]
            if cid in wanted:
                phones.setdefault(cid, []).append(phone_of((row[1], row[2], row[3], bool(row[4]), row[5], row[6])))
        tags: dict[int, list[str]] = {}
        for cid, name in sql(
            "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
            f"WHERE {_id_filter('ct.contact_id', chunk)} ORDER BY ct.contact_id, t.key"
        ):
            if cid in wanted:
                tags.setdefault(cid, []).append(name)
        people: dict[int, ExportPerson] = {}
        no_emails: tuple[ExportEmail, ...] = ()
        for r in sql(
            "SELECT c.id, c.display_name, c.given_name, c.family_name, c.title, c.role, o.name, c.country, "
            "c.time_zone, c.time_zone_inferred, c.preferred_channel, c.socials, c.notes, c.do_not_contact, "
            "c.dnc_reason, c.dnc_date, c.consent_basis, c.last_verified, c.uid "
            f"FROM contacts c LEFT OUTER JOIN organizations o ON o.id = c.organization_id "
            f"WHERE {_id_filter('c.id', chunk)}"
        ):
            cid = r[0]
            if cid not in wanted:
                continue
            people[cid] = ExportPerson(
                cid, r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], bool(r[9]), r[10], _as_socials(r[11]),
                r[12], bool(r[13]), r[14], _as_date(r[15]), r[16], _as_date(r[17]), r[18],
                tuple(tags.get(cid, ())), tuple(emails.get(cid, no_emails)), tuple(phones.get(cid, ())),
            )
        for cid in chunk:
            person = people.get(cid)
            if person is not None:
                yield person
