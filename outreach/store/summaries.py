"""Keeping the derived columns of contacts in step with their e-mails, phones, tags and organisation.

Every write path of the store calls :func:`refresh_summaries` for the contacts it touched. The
values are computed in Python so that SQLite and PostgreSQL get exactly the same text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from outreach.store.models import Contact, ContactEmail, ContactPhone, Organization, Tag, contact_tags, table

CHUNK = 5000


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for sorting and searching."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=512)
def _trunk_prefix(country_code: int) -> str:
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    return (metadata.national_prefix or "") if metadata else ""


def _national_forms(e164: str) -> list[str]:
    """The number's digits as dialled at home: with and without the trunk prefix (020 7946 …)."""
    digits = e164.lstrip("+")
    # Country calling codes are prefix-free, so the first match is the code.
    for size in (1, 2, 3):
        code = int(digits[:size] or 0)
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            national = digits[size:]
            return [national, _trunk_prefix(code) + national]
    return [digits]


def _phone_search_forms(e164: str, raw: str) -> list[str]:
    """Digit strings a person may type for this number; substrings of another form are left out
    (the index matches substrings), which keeps the trigram index small."""
    forms = [e164.lstrip("+"), *_national_forms(e164)] if e164 else []
    forms.append(re.sub(r"\D", "", raw))
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    kept: list[str] = []
    for form in forms:
        if not any(form in longer for longer in kept):
            kept.append(form)
    return kept


EmailFacts = tuple[bool, str, str, str]  # is_primary, normalized, raw, status
PhoneFacts = tuple[bool, str, str, str]  # is_primary, e164, raw, status


def summarize(name: str, org: str, title: str, beats: list[str], emails: list[EmailFacts],
              phones: list[PhoneFacts]) -> dict[str, object]:
    """The derived column values of one contact."""
    valid_mails = [m for m in emails if m[3] == "valid"]
    primary_email = next((m[1] for m in valid_mails if m[0]), valid_mails[0][1] if valid_mails else "")
    usable = [p for p in phones if p[3] != "invalid" and p[1]]
    primary_phone = next((p[1] for p in usable if p[0]), usable[0][1] if usable else "")
    beats_text = ", ".join(sorted(beats, key=str.casefold))
    parts = [name, org, title, beats_text]
    parts += [m[1] or m[2] for m in emails]  # normalized address, or the raw text of an invalid one
    parts += [form for p in phones for form in _phone_search_forms(p[1], p[2])]
    return {
        "sort_name": fold(name)[:300],
        "org_name": org[:300],
        "primary_email": primary_email.lower(),
        "primary_phone": primary_phone,
        "beats_text": beats_text[:500],
        "search_text": fold(" ".join(p for p in parts if p)),
        "has_invalid": any(m[3] == "invalid" for m in emails) or any(p[3] == "invalid" for p in phones),
    }


def refresh_summaries(session: Session, contact_ids: Iterable[int]) -> None:
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(session, ids[start:start + CHUNK])


def _refresh_chunk(session: Session, ids: list[int]) -> None:
    session.flush()
    contacts = session.execute(
        select(Contact.id, Contact.display_name, Contact.title, Organization.name)
        .outerjoin(Organization, Organization.id == Contact.organization_id)
        .where(Contact.id.in_(ids))
    ).all()
    emails: dict[int, list[tuple[bool, str, str, str]]] = defaultdict(list)
    for cid, primary, normalized, raw, status in session.execute(
        select(ContactEmail.contact_id, ContactEmail.is_primary, ContactEmail.normalized,
               ContactEmail.raw, ContactEmail.status)
        .where(ContactEmail.contact_id.in_(ids))
        .order_by(ContactEmail.contact_id, ContactEmail.position, ContactEmail.id)
    ):
        emails[cid].append((primary, normalized, raw, status))
    phones: dict[int, list[tuple[bool, str, str, str]]] = defaultdict(list)
    for cid, primary, e164, raw, status in session.execute(
        select(ContactPhone.contact_id, ContactPhone.is_primary, ContactPhone.e164,
               ContactPhone.raw, ContactPhone.status)
        .where(ContactPhone.contact_id.in_(ids))
        .order_by(ContactPhone.contact_id, ContactPhone.position, ContactPhone.id)
    ):
        phones[cid].append((primary, e164, raw, status))
    tags: dict[int, list[str]] = defaultdict(list)
    for cid, name in session.execute(
        select(contact_tags.c.contact_id, Tag.name)
        .join(Tag, Tag.id == contact_tags.c.tag_id)
        .where(contact_tags.c.contact_id.in_(ids))
        .order_by(contact_tags.c.contact_id, Tag.key)
    ):
        tags[cid].append(name)

    rows = [
        {"b_id": cid, **summarize(name, org or "", title, tags.get(cid, []), emails.get(cid, []),
                                  phones.get(cid, []))}
        for cid, name, title, org in contacts
    ]
    if rows:
        session.connection().execute(
            update(table(Contact))
            .where(table(Contact).c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in rows[0] if k != "b_id"}),
            rows,
        )
