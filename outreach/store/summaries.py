"""Keeping the derived columns of contacts in step with their e-mails, phones, tags and organisation.

Every write path of the store calls :func:`refresh_summaries` for the contacts it touched. The
values are computed in Python so that SQLite and PostgreSQL get exactly the same text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from outreach.domain.accents import strip_accents
from outreach.store.models import Contact, ContactEmail, ContactPhone, Organization, Tag, contact_tags, table

CHUNK = 5000


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for sorting and searching."""
    if text.isascii():
        return text.lower()
    return strip_accents(text).casefold()


_fold_repeated = lru_cache(maxsize=8192)(fold)


@lru_cache(maxsize=4096)
def _country_code(head: str) -> tuple[int, str]:
    """(length of the country calling code, the country's trunk prefix) for a number's first 3 digits;
    (0, "") when they start no known code. Codes are prefix-free, so the first match is the code."""
    for size in (1, 2, 3):
        code = int(head[:size] or 0)
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            region = phonenumbers.region_code_for_country_code(code)
            metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
            return size, (metadata.national_prefix or "") if metadata else ""
    return 0, ""


def _national_forms(e164: str) -> tuple[str, str] | tuple[str]:
    """The number's digits as dialled at home: with and without the trunk prefix (020 7946 …)."""
    digits = e164.lstrip("+")
    size, trunk = _country_code(digits[:3])
    if not size:
        return (digits,)
    national = digits[size:]
    return national, trunk + national


_NOT_DIGIT = re.compile(r"\D")


def _phone_search_forms(e164: str, raw: str) -> list[str]:
    """Digit strings a person may type for this number; substrings of another form are left out
    (the index matches substrings), which keeps the trigram index small."""
    typed = _NOT_DIGIT.sub("", raw)
    if not e164:
        return [typed] if typed else []
    digits = e164.lstrip("+")
    if typed in digits:  # the common case: typed as stored, or as dialled at home without a trunk prefix
        national = _national_forms(digits)
        if len(national) == 1 or national[1] in digits:  # no trunk prefix, or one that repeats the code (+1)
            return [digits] if digits else []
    forms = {digits, *_national_forms(e164), typed}
    forms.discard("")
    if len(forms) == 1:
        return list(forms)
    kept: list[str] = []
    for form in sorted(forms, key=len, reverse=True):
        for longer in kept:
            if form in longer:
                break
        else:
            kept.append(form)
    return kept


EmailFacts = tuple[bool, str, str, str]  # is_primary, normalized, raw, status
PhoneFacts = tuple[bool, str, str, str]  # is_primary, e164, raw, status


def summarize(name: str, org: str, title: str, beats: list[str], emails: list[EmailFacts],
              phones: list[PhoneFacts]) -> dict[str, object]:
    """The derived column values of one contact.

    The primary e-mail is the first valid one marked primary, else the first valid one; the primary
    phone likewise among the numbers that are not invalid and have an E.164 form. (One pass: an
    import computes this for every new person.)
    """
    beats_text = ", ".join(sorted(beats, key=str.casefold))
    values: list[str] = []  # addresses and phone forms, after name, outlet, title and beats in the search text
    has_invalid = False
    first_email = marked_email = None
    for primary, normalized, raw, status in emails:
        if status == "valid":
            if first_email is None:
                first_email = normalized
            if primary and marked_email is None:
                marked_email = normalized
        elif status == "invalid":
            has_invalid = True
        values.append(normalized or raw)  # the normalized address, or the raw text of an invalid one
    first_phone = marked_phone = None
    for primary, e164, raw, status in phones:
        if status == "invalid":
            has_invalid = True
        elif e164:
            if first_phone is None:
                first_phone = e164
            if primary and marked_phone is None:
                marked_phone = e164
        values.extend(_phone_search_forms(e164, raw))
    primary_email = marked_email if marked_email is not None else first_email or ""
    # Folded a part at a time (the same text as folding them joined: NFKD and casefold work character by
    # character): outlet, title and beats repeat from person to person, and only text with accents needs
    # the slow path.
    folded_name = fold(name)
    folded = [folded_name] if name else []
    folded += [_fold_repeated(p) for p in (org, title, beats_text) if p]
    folded += [fold(p) for p in values if p]
    return {
        "sort_name": folded_name[:300],
        "org_name": org[:300],
        "primary_email": primary_email.lower(),
        "primary_phone": marked_phone if marked_phone is not None else first_phone or "",
        "beats_text": beats_text[:500],
        "search_text": " ".join(folded),
        "has_invalid": has_invalid,
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
